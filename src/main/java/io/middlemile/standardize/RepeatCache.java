package io.middlemile.standardize;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.function.Function;

/**
 * Remembers the results of a pure function of a text for values that repeat across a large batch (a company's name,
 * its domain, a country, a job title, a first name: a million contacts hold a few ten thousand of each), so each is
 * worked out once instead of once per record. Bounded: once {@code capacity} values are remembered, further new
 * values are worked out every time and not kept, so a column of unique values (addresses, phone numbers) costs one
 * look-up each and a fixed amount of memory. The results are those of the function either way. Thread-safe.
 *
 * <p>An open-addressing table, not a {@code ConcurrentHashMap}: a million contacts make a dozen of these caches of
 * up to 65,536 values each, far more than the processor's caches hold, so each look-up's memory reads are misses. A
 * slot holds the value's hash beside its position, so a probe passing other values reads none of them, and a hit
 * reads the key it compares and the result, not a map entry object in between: a map's look-ups were a quarter of
 * the CPU mapping and standardizing a large export took. Readers take no lock: remembered values are only added (under
 * a lock, published by a release store of their slot) and the table is replaced whole when it grows.
 *
 * @param <V> the function's result; must be immutable, as one instance is handed to every caller
 */
public final class RepeatCache<V> {

    /**
     * Values remembered per cache: most distinct first names, titles, countries and company names of a million
     * contacts, in about ten megabytes (the caches of a match index live as long as the engine).
     */
    public static final int DEFAULT_CAPACITY = 1 << 16;

    private static final VarHandle SLOT = MethodHandles.arrayElementVarHandle(long[].class);

    /** One generation of the table: slots at most half full, the values in the order they were remembered. */
    private static final class Table {
        // the value's spread hash in the high half, its position + 1 in the low half; 0 for an empty slot
        final long[] slots;
        final String[] keys;
        final Object[] values;

        Table(int slots, int values) {
            this.slots = new long[slots];
            this.keys = new String[values];
            this.values = new Object[values];
        }
    }

    private final int capacity;
    private volatile Table table = new Table(64, 32);
    private int size; // guarded by this
    // written when warm's reads add up to an impossible sum, i.e. never: the reads decide a branch, so the compiler
    // keeps them, and the threads warming one cache do not write to the line its table sits on
    @SuppressWarnings("unused")
    private int warmed;

    public RepeatCache(int capacity) {
        this.capacity = capacity;
    }

    public RepeatCache() {
        this(DEFAULT_CAPACITY);
    }

    private static int spread(int h) {
        return (h ^ (h >>> 16)) * 0x9E3779B1;
    }

    /** {@code compute(key)}, remembered under {@code key} while there is room. A null result is not remembered. */
    public V get(String key, Function<String, V> compute) {
        int hash = spread(key.hashCode());
        V known = find(table, key, hash);
        if (known != null) {
            return known;
        }
        V value = compute.apply(key);
        if (value != null && size < capacity) { // the unguarded size only skips the lock once the cache is full
            remember(key, hash, value);
        }
        return value;
    }

    /**
     * Reads ahead what looking each of {@code keys} up will read first (its slot, and the key and result a matching
     * slot holds), in loops whose reads do not wait for one another, so that the look-ups that follow find them in the
     * processor's caches instead of each waiting for its own misses in turn. A hint: results are the same without it.
     * Null keys are skipped.
     */
    public void warm(String[] keys) {
        Table t = table;
        long[] slots = t.slots;
        int mask = slots.length - 1;
        int[] hashes = new int[keys.length];
        long[] entries = new long[keys.length];
        for (int i = 0; i < keys.length; i++) {
            if (keys[i] != null) {
                hashes[i] = spread(keys[i].hashCode());
                entries[i] = slots[hashes[i] & mask];
            }
        }
        int read = 0;
        for (int i = 0; i < keys.length; i++) {
            long entry = entries[i];
            if (entry != 0 && (int) (entry >>> 32) == hashes[i]) {
                // a plain read may see a slot before its key and value: then there is nothing to read ahead
                String key = t.keys[(int) entry - 1];
                Object value = t.values[(int) entry - 1];
                if (key != null && value != null) {
                    read += key.length() + (value.getClass() == Object.class ? 1 : 0);
                }
            }
        }
        if (read == Integer.MIN_VALUE) {
            warmed = read;
        }
    }

    @SuppressWarnings("unchecked")
    private static <V> V find(Table t, String key, int hash) {
        long[] slots = t.slots;
        int mask = slots.length - 1;
        for (int s = hash & mask; ; s = (s + 1) & mask) {
            long entry = (long) SLOT.getAcquire(slots, s);
            if (entry == 0) {
                return null;
            }
            if ((int) (entry >>> 32) == hash) {
                int at = (int) entry - 1;
                String known = t.keys[at];
                if (known == key || known.equals(key)) {
                    return (V) t.values[at];
                }
            }
        }
    }

    private synchronized void remember(String key, int hash, V value) {
        Table t = table;
        if (size >= capacity || find(t, key, hash) != null) {
            return; // full, or another thread remembered it meanwhile
        }
        if (size == t.keys.length || (size + 1) * 2 > t.slots.length) {
            t = grown(t);
        }
        t.keys[size] = key;
        t.values[size] = value;
        long[] slots = t.slots;
        int mask = slots.length - 1;
        int s = hash & mask;
        while (slots[s] != 0) {
            s = (s + 1) & mask;
        }
        // readers that see the slot see the key and value written before it
        SLOT.setRelease(slots, s, (long) hash << 32 | (size + 1L));
        size++;
    }

    /** A table twice the size holding what {@code t} holds, published for readers before it is added to. */
    private Table grown(Table t) {
        Table bigger = new Table(t.slots.length * 2, t.keys.length * 2);
        System.arraycopy(t.keys, 0, bigger.keys, 0, size);
        System.arraycopy(t.values, 0, bigger.values, 0, size);
        int mask = bigger.slots.length - 1;
        for (long entry : t.slots) {
            if (entry != 0) {
                int s = (int) (entry >>> 32) & mask;
                while (bigger.slots[s] != 0) {
                    s = (s + 1) & mask;
                }
                bigger.slots[s] = entry;
            }
        }
        // the volatile write publishes the whole table; readers still on the old one find what it held
        table = bigger;
        return bigger;
    }

    /** Values remembered now (for tests). */
    synchronized int size() {
        return size;
    }
}
