package io.middlemile.connector;

import io.middlemile.model.SourceRef;

import java.util.Map;

/**
 * A record shaped for a target object, ready to be written.
 *
 * @param object the target object
 * @param key    the idempotency key the sink upserts by (provider id or external id value)
 * @param fields target field name to value
 * @param origin the source record it was made from, for outcomes and the journal
 */
public record TargetRecord(String object, String key, Map<String, Object> fields, SourceRef origin) {
}
