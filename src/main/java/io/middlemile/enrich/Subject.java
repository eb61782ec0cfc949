package io.middlemile.enrich;

import io.middlemile.model.Entity;
import io.middlemile.model.SourceRef;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One record as the waterfall sees it: its key within the run and its canonical values.
 *
 * @param key      unique within one call of the runner (the record's source id)
 * @param values   canonical field values; blank ones count as missing
 * @param origin   where the job read it, so that a provider's late answer can have it read again; or null
 * @param location where in the source, for messages; or null
 */
public record Subject(String key, Map<String, Object> values, SourceRef origin, String location) {

    public Subject {
        values = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(values));
    }

    /** A record that is not read again when a late answer comes (a benchmark's, a test's). */
    public Subject(String key, Map<String, Object> values) {
        this(key, values, null, null);
    }

    boolean has(String field) {
        Object value = values.get(field);
        return value != null && !value.toString().isBlank();
    }

    /** The identifying inputs a provider may be given, as text. */
    Map<String, String> inputs(Entity entity) {
        Map<String, String> inputs = new LinkedHashMap<>();
        List<String> names = Waterfall.INPUTS.get(entity);
        for (String name : names) {
            if (has(name)) {
                inputs.put(name, values.get(name).toString().strip());
            }
        }
        return inputs;
    }

    /** The fields of {@code fields} this record lacks. */
    Set<String> missing(List<String> fields) {
        Set<String> missing = new java.util.LinkedHashSet<>();
        for (String field : fields) {
            if (!has(field)) {
                missing.add(field);
            }
        }
        return missing;
    }
}
