package io.middlemile.govern;

import io.middlemile.connector.AnswerReader;
import io.middlemile.connector.ConnectorException;
import io.middlemile.store.JobRun;

import java.time.Clock;
import java.time.Instant;

/**
 * How a run ends, decided from what stopped it: the one mapping from a failure to a run's status used
 * by every kind of run (job runs, plan applies, review approvals, rollbacks, merges), so the same
 * failure ends every run the same way.
 *
 * <table>
 *   <caption>What stopped the run → how it ends</caption>
 *   <tr><th>failure</th><th>status</th><th>resumeAt</th></tr>
 *   <tr><td>nothing</td><td>SUCCEEDED</td><td>-</td></tr>
 *   <tr><td>{@link WritesHaltedException} (kill switch, cap)</td><td>HALTED</td><td>-</td></tr>
 *   <tr><td>QUOTA_EXHAUSTED</td><td>PAUSED</td><td>the provider's reset, when known</td></tr>
 *   <tr><td>{@link EngineStopping} (the engine shut down mid-run)</td><td>PAUSED</td><td>-</td></tr>
 *   <tr><td>RATE_LIMITED, RETRIABLE (retries spent)</td><td>FAILED</td><td>-</td></tr>
 *   <tr><td>AUTH, INVALID_REQUEST, NOT_FOUND, FATAL</td><td>FAILED</td><td>-</td></tr>
 *   <tr><td>an answer that could not be read, whatever its kind</td><td>FAILED</td><td>-</td></tr>
 *   <tr><td>anything else (a bug, a route's own failure)</td><td>FAILED</td><td>-</td></tr>
 * </table>
 * The failure is looked for along the cause chain, so a failure wrapped by Camel or a reader thread
 * ends the run as the failure itself would. Paused and halted runs of a job are resumed by its next
 * run from the last committed page; a failed one is not.
 *
 * @param status   SUCCEEDED, PAUSED, HALTED or FAILED
 * @param resumeAt for PAUSED: the earliest time running again is worth it, or null when unknown
 * @param message  for the run's error column and the operator: what happened and what to do; null when succeeded
 */
public record RunOutcome(JobRun.Status status, Instant resumeAt, String message) {

    private static final RunOutcome SUCCEEDED = new RunOutcome(JobRun.Status.SUCCEEDED, null, null);

    public static RunOutcome succeeded() {
        return SUCCEEDED;
    }

    /** How a run stopped by {@code failure} ends; {@code null} means it was not stopped. */
    public static RunOutcome of(Throwable failure) {
        return of(failure, Clock.systemUTC());
    }

    static RunOutcome of(Throwable failure, Clock clock) {
        if (failure == null) {
            return SUCCEEDED;
        }
        Throwable known = classified(failure);
        if (known instanceof WritesHaltedException halted) {
            return new RunOutcome(JobRun.Status.HALTED, null, halted.getMessage());
        }
        if (known instanceof EngineStopping stopping) {
            return new RunOutcome(JobRun.Status.PAUSED, null, stopping.getMessage());
        }
        if (known instanceof ConnectorException connector && !AnswerReader.unreadable(connector)) {
            switch (connector.kind()) {
                case QUOTA_EXHAUSTED -> {
                    Instant at = connector.resumeAt();
                    return new RunOutcome(JobRun.Status.PAUSED, at, connector.getMessage() + " " + (at == null
                            ? "Paused: the provider did not say when the quota comes back; run it again later (in an hour or"
                                    + " so, or once the provider's usage page shows room) and it continues where it stopped."
                            : "Paused until " + at + ": run it again after then and it continues where it stopped.")
                            + " Writes already made are kept.");
                }
                case RATE_LIMITED, RETRIABLE -> {
                    // DESIGN.md section 3: only a spent daily quota pauses; a provider still failing after the
                    // connection's retries is an outage or a budget set too high, which a person should look at
                    Instant at = connector.retryAfter() == null ? null : clock.instant().plus(connector.retryAfter());
                    return new RunOutcome(JobRun.Status.FAILED, null, connector.getMessage() + " Failed after the connection's"
                            + " retries ran out" + (at == null ? "" : " (the provider asked to wait until " + at + ")")
                            + ": run it again in a few minutes; records already written are kept.");
                }
                default -> {
                    return new RunOutcome(JobRun.Status.FAILED, null, connector.getMessage());
                }
            }
        }
        if (known != null) {
            return new RunOutcome(JobRun.Status.FAILED, null, known.getMessage());
        }
        return new RunOutcome(JobRun.Status.FAILED, null, String.valueOf(failure.getMessage()));
    }

    /**
     * The failure along {@code failure}'s cause chain that says how the run ends (a halt or a
     * classified connector failure), or null when there is none: the failure is then unexpected.
     */
    public static Throwable classified(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof WritesHaltedException || t instanceof ConnectorException || t instanceof EngineStopping) {
                return t;
            }
        }
        return null;
    }

    /** Whether running again later continues the run: it was paused or halted, not failed. */
    public boolean resumable() {
        return status == JobRun.Status.PAUSED || status == JobRun.Status.HALTED;
    }
}
