package io.middlemile.store;

import java.time.Duration;
import java.time.Instant;

/** One run of a job as the store keeps it. Counts cover committed pages only. */
public record JobRun(long id, String job, String sourceConnection, String sourceObject, Status status,
                     Instant startedAt, Instant endedAt, long read, long written, long skipped, long rejected,
                     long pages, int attempts, String workspaceVersion, String error) {

    public enum Status { RUNNING, SUCCEEDED, FAILED, PAUSED, HALTED, PLANNED;

        public String db() {
            return name().toLowerCase();
        }
    }

    public Duration duration() {
        return Duration.between(startedAt, endedAt != null ? endedAt : Instant.now());
    }

    /** Every record read is accounted for exactly once. */
    public boolean balanced() {
        return read == written + skipped + rejected;
    }
}
