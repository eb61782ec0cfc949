package io.middlemile.connector;

import io.middlemile.model.SourceRef;

import java.util.Map;

/**
 * A record shaped for a target object, ready to be written.
 *
 * @param object the target object
 * @param key    the idempotency key the sink upserts by (provider id or external id value), or for a record the
 *               target does not have yet a placeholder {@code new:<canonical id>} ({@link #placeholder}): the sink
 *               creates it and answers with the id it got
 * @param fields target field name to value; a field absent here is left as it is in the target
 * @param origin the source record it was made from, for outcomes and the journal
 * @param writes per-field write rules; a field without an entry is written always
 * @param matchOn for a record to create, the target field whose value finds the same record should someone create it
 *                first (a sync's {@code matchOn}, e.g. Email); applying a saved plan looks it up again. Null otherwise.
 */
public record TargetRecord(String object, String key, Map<String, Object> fields, SourceRef origin, Map<String, FieldWrite> writes,
                           String matchOn) {

    /** How the key of a record to create starts. */
    public static final String NEW = "new:";

    public TargetRecord {
        writes = writes == null ? Map.of() : Map.copyOf(writes);
    }

    public TargetRecord(String object, String key, Map<String, Object> fields, SourceRef origin, Map<String, FieldWrite> writes) {
        this(object, key, fields, origin, writes, null);
    }

    public TargetRecord(String object, String key, Map<String, Object> fields, SourceRef origin) {
        this(object, key, fields, origin, Map.of());
    }

    /** The key of a record the target does not have yet, so it is created and gets its real id from the provider. */
    public static String placeholder(java.util.UUID canonicalId) {
        return NEW + canonicalId;
    }

    /** The canonical record a {@link #placeholder} key names; empty for any other key. */
    public static java.util.Optional<java.util.UUID> canonicalIdOf(String key) {
        if (!isPlaceholder(key)) {
            return java.util.Optional.empty();
        }
        try {
            return java.util.Optional.of(java.util.UUID.fromString(key.substring(NEW.length())));
        } catch (IllegalArgumentException notAUuid) {
            return java.util.Optional.empty(); // a key that only looks like ours
        }
    }

    /** True for a {@link #placeholder} key. */
    public static boolean isPlaceholder(String key) {
        return key != null && key.startsWith(NEW);
    }

    public FieldWrite write(String field) {
        return writes.getOrDefault(field, FieldWrite.ALWAYS);
    }
}
