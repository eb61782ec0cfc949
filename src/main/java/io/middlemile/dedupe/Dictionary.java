package io.middlemile.dedupe;

import java.util.Arrays;

/**
 * Dictionary encoding of one column: each distinct string gets a dense id, so records hold ints, equality is an int
 * compare, per-value work (phonetic codes, nickname groups) is done once per distinct value, and the count of each
 * value gives its term frequency. The hash table is open addressing over ids (no boxed entries), which for a million
 * distinct e-mail addresses is the difference between 8 MB and 60 MB of overhead. Writes are single-threaded; reads
 * after the last write are safe from any thread.
 */
final class Dictionary {
    private String[] values;
    private int[] counts;
    private int[] table; // slot -> id + 1, 0 = empty
    private int mask;
    private int size;
    private long total;

    Dictionary(int expected) {
        int capacity = Math.max(16, expected);
        values = new String[capacity];
        counts = new int[capacity];
        int slots = Integer.highestOneBit(Math.max(32, capacity * 2 - 1)) << 1;
        table = new int[slots];
        mask = slots - 1;
    }

    private static int spread(int h) {
        return (h ^ (h >>> 16)) * 0x9E3779B1;
    }

    /** Id of {@code value} (added when new) and one more occurrence counted; -1 for null. */
    int intern(String value) {
        if (value == null) {
            return -1;
        }
        int slot = spread(value.hashCode()) & mask;
        while (true) {
            int entry = table[slot];
            if (entry == 0) {
                break;
            }
            if (values[entry - 1].equals(value)) {
                counts[entry - 1]++;
                total++;
                return entry - 1;
            }
            slot = (slot + 1) & mask;
        }
        if (size == values.length) {
            values = Arrays.copyOf(values, size * 2);
            counts = Arrays.copyOf(counts, size * 2);
        }
        int id = size++;
        values[id] = value;
        counts[id] = 1;
        total++;
        table[slot] = id + 1;
        if (size * 2 > table.length) {
            rehash();
        }
        return id;
    }

    private void rehash() {
        table = new int[table.length * 2];
        mask = table.length - 1;
        for (int id = 0; id < size; id++) {
            int slot = spread(values[id].hashCode()) & mask;
            while (table[slot] != 0) {
                slot = (slot + 1) & mask;
            }
            table[slot] = id + 1;
        }
    }

    /** One occurrence fewer, for a record replaced in an incremental index. */
    void release(int id) {
        if (id >= 0 && counts[id] > 0) {
            counts[id]--;
            total--;
        }
    }

    /**
     * Forgets every value interned since the dictionary had {@code keep} values: what a lookup (a record matched but
     * not kept) brought in, so a stream of lookups with ever new values does not grow the dictionary without bound.
     * Entries leave the open-addressing table by backward shift, so the values that stay are found as before.
     */
    void truncate(int keep) {
        while (size > keep) {
            int id = --size;
            int hole = spread(values[id].hashCode()) & mask;
            while (table[hole] != id + 1) {
                hole = (hole + 1) & mask;
            }
            // shift back each later entry of the probe run that may sit in the hole (its home is not after the hole)
            for (int next = (hole + 1) & mask; table[next] != 0; next = (next + 1) & mask) {
                int home = spread(values[table[next] - 1].hashCode()) & mask;
                if (((next - home) & mask) >= ((next - hole) & mask)) {
                    table[hole] = table[next];
                    hole = next;
                }
            }
            table[hole] = 0;
            total -= counts[id];
            counts[id] = 0;
            values[id] = null;
        }
    }

    String value(int id) {
        return id < 0 ? null : values[id];
    }

    int count(int id) {
        return id < 0 ? 0 : counts[id];
    }

    int size() {
        return size;
    }

    /** Number of non-null values interned, the denominator of term frequencies. */
    long total() {
        return total;
    }
}
