package io.middlemile.connector;

import io.middlemile.model.SourceRef;

import java.util.Set;

/**
 * What happened to one record of a batch write. One bad record does not sink its batch: sinks
 * report per record.
 *
 * @param held fields of the record the target does not hold after this write although the record
 *             asked for them: kept back by a write rule ({@code if-empty}, {@code prefer-newest}),
 *             denied by policy or waiting for review. A sync uses it to know which values both sides
 *             now agree on. Empty for a rejected record, whose fields are all unwritten.
 */
public record WriteOutcome(SourceRef origin, String targetId, Status status, String reason, Set<String> held) {
    public enum Status { WRITTEN, SKIPPED, REJECTED }

    public WriteOutcome {
        held = held == null ? Set.of() : Set.copyOf(held);
    }

    public WriteOutcome(SourceRef origin, String targetId, Status status, String reason) {
        this(origin, targetId, status, reason, Set.of());
    }

    public WriteOutcome withHeld(Set<String> fields) {
        return new WriteOutcome(origin, targetId, status, reason, fields);
    }

    public static WriteOutcome written(SourceRef origin, String targetId) {
        return new WriteOutcome(origin, targetId, Status.WRITTEN, null);
    }

    public static WriteOutcome rejected(SourceRef origin, String reason) {
        return new WriteOutcome(origin, null, Status.REJECTED, reason);
    }
}
