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
    // slot -> the value's spread hash in the high half, id + 1 in the low half; 0 = empty. A probe that meets another
    // value's slot is told apart by the hash in the same slot, without reading that value: at a million distinct
    // addresses each string read is a cache miss, and most interns of a near-unique column probe past other values
    private long[] table;
    private int mask;
    private int size;
    private long total;
    // what internAll's early reads add up to, kept so the compiler does not leave those reads out
    @SuppressWarnings("unused")
    private int touched;

    Dictionary(int expected) {
        int capacity = Math.max(16, expected);
        values = new String[capacity];
        counts = new int[capacity];
        int slots = Integer.highestOneBit(Math.max(32, capacity * 2 - 1)) << 1;
        table = new long[slots];
        mask = slots - 1;
    }

    private static int spread(int h) {
        return (h ^ (h >>> 16)) * 0x9E3779B1;
    }

    private static long entry(int hash, int id) {
        return (long) hash << 32 | (id + 1L);
    }

    private static int hashOf(long entry) {
        return (int) (entry >>> 32);
    }

    private static int idOf(long entry) {
        return (int) entry - 1;
    }

    /** Id of {@code value} (added when new) and one more occurrence counted; -1 for null. */
    int intern(String value) {
        return value == null ? -1 : intern(value, spread(value.hashCode()));
    }

    /**
     * As {@link #intern(String)} for each of {@code batch}, each id written to {@code ids[at + i]}. The batch's slots and
     * the values they hold are read first, in loops whose reads do not wait for one another: at a million values a
     * look-up is a few cache misses (the string's bytes for its hash, the slot, the value a slot holds), and one at a
     * time each miss waited for the one before.
     */
    void internAll(String[] batch, int[] ids, int at) {
        int n = batch.length;
        int[] hashes = new int[n];
        long[] entries = new long[n];
        for (int i = 0; i < n; i++) {
            String value = batch[i];
            if (value != null) {
                hashes[i] = spread(value.hashCode());
                entries[i] = table[hashes[i] & mask];
            }
        }
        int lengths = 0;
        for (int i = 0; i < n; i++) {
            long entry = entries[i];
            if (entry != 0 && hashOf(entry) == hashes[i]) {
                lengths += values[idOf(entry)].length(); // brings the value held in, for intern's equals
            }
        }
        touched = lengths;
        for (int i = 0; i < n; i++) {
            ids[at + i] = batch[i] == null ? -1 : intern(batch[i], hashes[i]);
        }
    }

    private int intern(String value, int hash) {
        int slot = hash & mask;
        while (true) {
            long entry = table[slot];
            if (entry == 0) {
                break;
            }
            if (hashOf(entry) == hash && values[idOf(entry)].equals(value)) {
                int id = idOf(entry);
                counts[id]++;
                total++;
                return id;
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
        table[slot] = entry(hash, id);
        if (size * 2 > table.length) {
            rehash();
        }
        return id;
    }

    private void rehash() {
        long[] old = table;
        table = new long[old.length * 2];
        mask = table.length - 1;
        for (long entry : old) {
            if (entry != 0) {
                int slot = hashOf(entry) & mask;
                while (table[slot] != 0) {
                    slot = (slot + 1) & mask;
                }
                table[slot] = entry;
            }
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
            while (idOf(table[hole]) != id) {
                hole = (hole + 1) & mask;
            }
            // shift back each later entry of the probe run that may sit in the hole (its home is not after the hole)
            for (int next = (hole + 1) & mask; table[next] != 0; next = (next + 1) & mask) {
                int home = hashOf(table[next]) & mask;
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
