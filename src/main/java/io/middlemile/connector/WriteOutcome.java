package io.middlemile.connector;

import io.middlemile.model.SourceRef;

/**
 * What happened to one record of a batch write. One bad record does not sink its batch: sinks
 * report per record.
 */
public record WriteOutcome(SourceRef origin, String targetId, Status status, String reason) {
    public enum Status { WRITTEN, SKIPPED, REJECTED }

    public static WriteOutcome written(SourceRef origin, String targetId) {
        return new WriteOutcome(origin, targetId, Status.WRITTEN, null);
    }

    public static WriteOutcome rejected(SourceRef origin, String reason) {
        return new WriteOutcome(origin, null, Status.REJECTED, reason);
    }
}
