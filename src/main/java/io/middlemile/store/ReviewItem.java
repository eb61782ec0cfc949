package io.middlemile.store;

import java.time.Instant;
import java.util.Map;

/** A write a policy parked for a person to approve or reject. */
public record ReviewItem(long id, long runId, String job, String connection, String object, String recordKey, String action,
                         Map<String, Object> before, Map<String, Object> after, String rule, String status, Instant createdAt,
                         Instant expiresAt, Instant decidedAt, String decidedBy, String note) {
}
