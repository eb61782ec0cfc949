package io.middlemile.web;

import io.middlemile.store.RetryQueue;
import io.middlemile.store.RunStore;
import org.springframework.stereotype.Component;

import java.util.List;

/**
 * "Retry failed" for the REST API and the console: what `middlemile job retry-failed NAME` does, started in this engine.
 * Rows the source's reader could not parse are not retried (reading them again gives the same bytes), so a queue
 * that holds only such rows starts nothing and says how to fix them.
 */
@Component
public class FailedRecordsRetry {

    private final JobBoard board;
    private final RunStore runs;
    private final JobTriggers triggers;

    public FailedRecordsRetry(JobBoard board, RunStore runs, JobTriggers triggers) {
        this.board = board;
        this.runs = runs;
        this.triggers = triggers;
    }

    /** What asking for a retry did. */
    public enum Status {
        /** a retry run was started; it shows among the job's runs (kind retry) when it ends */
        STARTED,
        /** nothing waits that a retry could help with */
        NOTHING_TO_RETRY,
        /** the job's route is not started in this engine ({@code autoStartup: false}): only the CLI retries it */
        NOT_STARTED
    }

    /**
     * @param pending    the job's failed records waiting in its retry queue
     * @param unreadable those of them the source's reader could not parse: not retried
     * @param message    what happened and what to do next, for the operator
     */
    public record Answer(String job, Status status, int pending, int unreadable, String message) {
    }

    public Answer retry(String job) {
        board.route(job);
        List<RetryQueue.Entry> pending = runs.pendingRetries(job);
        int unreadable = (int) pending.stream().filter(RetryQueue.Entry::unreadable).count();
        String parseNote = unreadable == 0 ? "" : " " + unreadable + " of them could not be parsed by the source's reader and are"
                + " not retried: reading them again gives the same input. Fix them at the source, then run the job again.";
        if (pending.isEmpty()) {
            return new Answer(job, Status.NOTHING_TO_RETRY, 0, 0, "Job " + job + " has no failed records waiting to be retried."
                    + " Nothing to do.");
        }
        if (unreadable == pending.size()) {
            return new Answer(job, Status.NOTHING_TO_RETRY, pending.size(), unreadable, "Nothing was retried for job " + job + ": "
                    + pending.size() + (pending.size() == 1 ? " record waits" : " records wait") + "." + parseNote);
        }
        if (!triggers.retry(job)) {
            return new Answer(job, Status.NOT_STARTED, pending.size(), unreadable, JobTriggers.notStarted(job, "job retry-failed"));
        }
        int retried = pending.size() - unreadable;
        return new Answer(job, Status.STARTED, pending.size(), unreadable, "Retrying " + retried + " failed "
                + (retried == 1 ? "record" : "records") + " of job " + job + " now; the retry shows among the job's runs when it"
                + " ends." + parseNote);
    }
}
