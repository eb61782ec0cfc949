package io.middlemile.standardize;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * Remembers the results of a pure function of a text for values that repeat across a large batch (a company's name,
 * its domain, a country, a job title, a first name: a million contacts hold a few ten thousand of each), so each is
 * worked out once instead of once per record. Bounded: once {@code capacity} values are remembered, further new
 * values are worked out every time and not kept, so a column of unique values (addresses, phone numbers) costs one
 * look-up each and a fixed amount of memory. The results are those of the function either way. Thread-safe.
 *
 * @param <V> the function's result; must be immutable, as one instance is handed to every caller
 */
public final class RepeatCache<V> {

    /**
     * Values remembered per cache: most distinct first names, titles, countries and company names of a million
     * contacts, in about ten megabytes (the caches of a match index live as long as the engine).
     */
    public static final int DEFAULT_CAPACITY = 1 << 16;

    private final Map<String, V> remembered = new ConcurrentHashMap<>();
    private final int capacity;

    public RepeatCache(int capacity) {
        this.capacity = capacity;
    }

    public RepeatCache() {
        this(DEFAULT_CAPACITY);
    }

    /** {@code compute(key)}, remembered under {@code key} while there is room. A null result is not remembered. */
    public V get(String key, Function<String, V> compute) {
        V known = remembered.get(key);
        if (known != null) {
            return known;
        }
        V value = compute.apply(key);
        // the size check races with other threads: the bound is approximate by a few entries, never unbounded
        if (value != null && remembered.size() < capacity) {
            remembered.putIfAbsent(key, value);
        }
        return value;
    }

    /** Values remembered now (for tests). */
    int size() {
        return remembered.size();
    }
}
