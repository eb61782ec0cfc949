package io.middlemile.govern;

import io.middlemile.store.JobRun;

/**
 * A write-path command (plan apply, review approval, rollback, merge) stopped for a known reason: a
 * halt, a spent provider quota, a provider failure. Its run is recorded with the {@link RunOutcome}
 * this carries, the same a job run stopped by the same failure gets; the message says what to do.
 * Unexpected failures (bugs) are thrown as they are.
 */
public class RunStoppedException extends RuntimeException {

    private final long runId;
    private final transient RunOutcome outcome;

    public RunStoppedException(String job, long runId, RunOutcome outcome, Throwable cause) {
        super(job + " (run " + runId + ") " + verb(outcome.status()) + ": " + outcome.message(), cause);
        this.runId = runId;
        this.outcome = outcome;
    }

    private static String verb(JobRun.Status status) {
        return switch (status) {
            case PAUSED -> "is paused";
            case HALTED -> "was halted";
            default -> "failed";
        };
    }

    public long runId() {
        return runId;
    }

    public RunOutcome outcome() {
        return outcome;
    }
}
