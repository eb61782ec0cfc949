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
 * @param denied a rejected write refused by a decision: the policy's {@code deny} rule, or a target that cannot make such a
 *               write at all. Trying it again does not change that until the configuration does, unlike a target's
 *               refusal of this record (a locked record) or a failed call
 */
public record WriteOutcome(SourceRef origin, String targetId, Status status, String reason, Set<String> held, boolean denied) {
    public enum Status { WRITTEN, SKIPPED, REJECTED }

    public WriteOutcome {
        held = held == null ? Set.of() : Set.copyOf(held);
    }

    public WriteOutcome(SourceRef origin, String targetId, Status status, String reason, Set<String> held) {
        this(origin, targetId, status, reason, held, false);
    }

    public WriteOutcome(SourceRef origin, String targetId, Status status, String reason) {
        this(origin, targetId, status, reason, Set.of());
    }

    public WriteOutcome withHeld(Set<String> fields) {
        return new WriteOutcome(origin, targetId, status, reason, fields, denied);
    }

    /** This outcome under another source record (a batch call answers under one origin; each key has its own). */
    public WriteOutcome withOrigin(SourceRef other) {
        return new WriteOutcome(other, targetId, status, reason, held, denied);
    }

    public static WriteOutcome written(SourceRef origin, String targetId) {
        return new WriteOutcome(origin, targetId, Status.WRITTEN, null);
    }

    public static WriteOutcome rejected(SourceRef origin, String reason) {
        return new WriteOutcome(origin, null, Status.REJECTED, reason);
    }

    /** A write of {@code targetId} refused by a decision ({@link #denied}). */
    public static WriteOutcome denied(SourceRef origin, String targetId, String reason) {
        return new WriteOutcome(origin, targetId, Status.REJECTED, reason, Set.of(), true);
    }
}
