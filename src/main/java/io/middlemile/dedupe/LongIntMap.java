package io.middlemile.dedupe;

import java.util.Arrays;

/**
 * Open-addressing map from a 64-bit key (a block-key hash or a comparison pattern) to an int, without boxing.
 * Key 0 is reserved as the empty marker and is stored remapped. Not thread-safe.
 */
final class LongIntMap {
    static final int MISSING = Integer.MIN_VALUE;

    private long[] keys;
    private int[] values;
    private int size;
    private int mask;

    LongIntMap(int expected) {
        int cap = Integer.highestOneBit(Math.max(4, expected * 2 - 1)) << 1;
        keys = new long[cap];
        values = new int[cap];
        mask = cap - 1;
    }

    private static long fix(long key) {
        return key == 0 ? 0x9E3779B97F4A7C15L : key;
    }

    private static int slot(long key, int mask) {
        long h = key * 0x9E3779B97F4A7C15L;
        return (int) (h ^ (h >>> 32)) & mask;
    }

    int get(long key) {
        long k = fix(key);
        int i = slot(k, mask);
        while (true) {
            long kk = keys[i];
            if (kk == k) {
                return values[i];
            }
            if (kk == 0) {
                return MISSING;
            }
            i = (i + 1) & mask;
        }
    }

    /** Returns the existing value, or stores {@code value} and returns MISSING. */
    int putIfAbsent(long key, int value) {
        long k = fix(key);
        int i = slot(k, mask);
        while (true) {
            long kk = keys[i];
            if (kk == k) {
                return values[i];
            }
            if (kk == 0) {
                keys[i] = k;
                values[i] = value;
                if (++size * 2 > keys.length) {
                    grow();
                }
                return MISSING;
            }
            i = (i + 1) & mask;
        }
    }

    void add(long key, int delta) {
        long k = fix(key);
        int i = slot(k, mask);
        while (true) {
            long kk = keys[i];
            if (kk == k) {
                values[i] += delta;
                return;
            }
            if (kk == 0) {
                keys[i] = k;
                values[i] = delta;
                if (++size * 2 > keys.length) {
                    grow();
                }
                return;
            }
            i = (i + 1) & mask;
        }
    }

    int size() {
        return size;
    }

    /** Calls {@code action} for every entry; keys are reported as stored (0 never occurs in the engine's use). */
    void forEach(Entry action) {
        for (int i = 0; i < keys.length; i++) {
            if (keys[i] != 0) {
                action.accept(keys[i] == 0x9E3779B97F4A7C15L ? 0 : keys[i], values[i]);
            }
        }
    }

    interface Entry {
        void accept(long key, int value);
    }

    private void grow() {
        long[] oldKeys = keys;
        int[] oldValues = values;
        keys = new long[oldKeys.length * 2];
        values = new int[oldKeys.length * 2];
        mask = keys.length - 1;
        Arrays.fill(values, 0);
        for (int i = 0; i < oldKeys.length; i++) {
            long k = oldKeys[i];
            if (k != 0) {
                int j = slot(k, mask);
                while (keys[j] != 0) {
                    j = (j + 1) & mask;
                }
                keys[j] = k;
                values[j] = oldValues[i];
            }
        }
    }
}
