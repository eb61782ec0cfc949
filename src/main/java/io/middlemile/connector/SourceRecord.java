package io.middlemile.connector;

import io.middlemile.model.SourceRef;

import java.time.Instant;
import java.util.Map;

/**
 * A record as the provider shaped it.
 *
 * @param ref        connection, object and provider id
 * @param fields     provider field name to value (strings for files; JSON types for APIs)
 * @param modifiedAt when the provider last changed it; null if unknown
 * @param location   where it was read, for messages: {@code contacts.csv:42} or an API page
 */
public record SourceRecord(SourceRef ref, Map<String, Object> fields, Instant modifiedAt, String location) {
}
