package io.middlemile.store;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A record's values as a jsonb column keeps them: text, numbers, true/false and lists of those, anything else as its
 * text. For what the store keeps of a record to act on it later (a parked send, a held-back lookup).
 */
public final class StorableValues {

    private StorableValues() {
    }

    /** The non-null values of {@code values}, each made storable. */
    public static Map<String, Object> of(Map<String, Object> values) {
        Map<String, Object> kept = new LinkedHashMap<>();
        values.forEach((field, value) -> {
            if (value != null) {
                kept.put(field, storable(value));
            }
        });
        return kept;
    }

    private static Object storable(Object value) {
        if (value instanceof String || value instanceof Number || value instanceof Boolean) {
            return value;
        }
        if (value instanceof java.util.Collection<?> list) {
            return list.stream().filter(java.util.Objects::nonNull).map(StorableValues::storable).toList();
        }
        return value.toString();
    }
}
