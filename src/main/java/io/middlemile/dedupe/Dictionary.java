package io.middlemile.dedupe;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * Dictionary encoding of one column: each distinct string gets a dense id, so records hold ints, equality is an int
 * compare, per-value work (phonetic codes, nickname groups) is done once per distinct value, and the count of each
 * value gives its term frequency. Writes are single-threaded; reads after the last write are safe from any thread.
 */
final class Dictionary {
    private final Map<String, Integer> ids;
    private String[] values;
    private int[] counts;
    private int size;
    private long total;

    Dictionary(int expected) {
        ids = new HashMap<>(Math.max(16, expected * 4 / 3));
        values = new String[Math.max(16, expected)];
        counts = new int[values.length];
    }

    /** Id of {@code value} (added when new) and one more occurrence counted; -1 for null. */
    int intern(String value) {
        if (value == null) {
            return -1;
        }
        Integer id = ids.get(value);
        if (id == null) {
            if (size == values.length) {
                values = Arrays.copyOf(values, size * 2);
                counts = Arrays.copyOf(counts, size * 2);
            }
            id = size++;
            ids.put(value, id);
            values[id] = value;
        }
        counts[id]++;
        total++;
        return id;
    }

    /** One occurrence fewer, for a record replaced in an incremental index. */
    void release(int id) {
        if (id >= 0 && counts[id] > 0) {
            counts[id]--;
            total--;
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
