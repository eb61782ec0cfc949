package io.middlemile.connector;

import io.middlemile.model.SourceRef;

import java.util.Map;

/**
 * A record shaped for a target object, ready to be written.
 *
 * @param object the target object
 * @param key    the idempotency key the sink upserts by (provider id or external id value)
 * @param fields target field name to value; a field absent here is left as it is in the target
 * @param origin the source record it was made from, for outcomes and the journal
 * @param writes per-field write rules; a field without an entry is written always
 */
public record TargetRecord(String object, String key, Map<String, Object> fields, SourceRef origin, Map<String, FieldWrite> writes) {

    public TargetRecord {
        writes = writes == null ? Map.of() : Map.copyOf(writes);
    }

    public TargetRecord(String object, String key, Map<String, Object> fields, SourceRef origin) {
        this(object, key, fields, origin, Map.of());
    }

    public FieldWrite write(String field) {
        return writes.getOrDefault(field, FieldWrite.ALWAYS);
    }
}
