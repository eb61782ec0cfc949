package io.middlemile.web;

import io.middlemile.connector.ConnectorFactory;
import io.middlemile.store.RetryQueue;
import io.middlemile.store.RunStore;
import io.middlemile.sync.UnreadableRows;
import org.springframework.stereotype.Component;

import java.util.List;
import java.util.stream.Collectors;

/**
 * "Retry failed" for the REST API and the console: what `middlemile job retry-failed NAME` does, started in this engine.
 * The queue is checked against the job's source first, as the CLI does ({@link UnreadableRows#check}, the read the retry
 * then reuses): a row the source's reader could not parse is not retried while the file still holds it (reading it again
 * gives the same bytes), one deleted from the file is settled by the retry as skipped, one fixed under its id is retried. A
 * queue that holds only rows still unparseable starts nothing and says where they are now and how to fix them.
 */
@Component
public class FailedRecordsRetry {

    private final JobBoard board;
    private final RunStore runs;
    private final JobTriggers triggers;
    private final ConnectorFactory connectors;

    public FailedRecordsRetry(JobBoard board, RunStore runs, JobTriggers triggers, ConnectorFactory connectors) {
        this.board = board;
        this.runs = runs;
        this.triggers = triggers;
        this.connectors = connectors;
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
     * @param pending         the job's failed records waiting in its retry queue
     * @param unreadable      those of them the file still holds as rows its reader cannot parse: not retried
     * @param gone            rows the reader could not parse that are no longer in the file: the retry settles them as skipped
     * @param message         what happened and what to do next, for the operator
     * @param stillUnreadable the {@code unreadable} rows, where they are in the file now and why they cannot be parsed
     */
    public record Answer(String job, Status status, int pending, int unreadable, int gone, String message,
                         List<Row> stillUnreadable) {
    }

    /** A queued row the file still holds unparseable, where it is now (not where it was when queued) and why. */
    public record Row(String sourceId, String location, String reason) {
    }

    public Answer retry(String job) {
        board.route(job);
        List<RetryQueue.Entry> pending = runs.pendingRetries(job);
        if (pending.isEmpty()) {
            return new Answer(job, Status.NOTHING_TO_RETRY, 0, 0, 0, "Job " + job + " has no failed records waiting to be retried."
                    + " Nothing to do.", List.of());
        }
        // the same check as `job retry-failed`: its read of the file is the retry's
        UnreadableRows checked = UnreadableRows.check(connectors, pending);
        int unreadable = checked.still().size();
        List<Row> rows = checked.still().stream()
                .map(row -> new Row(row.entry().ref().sourceId(), row.location(), row.reason())).toList();
        String parseNote = unreadable == 0 ? "" : " " + unreadable + " of them could not be parsed by the source's reader and"
                + " are not retried: reading them again gives the same input. Fix them at the source, then run the job again"
                + " (a row deleted from the file leaves the queue at the next retry): "
                + rows.stream().limit(3).map(row -> row.location() + " " + row.reason()).collect(Collectors.joining("; "))
                + (unreadable > 3 ? "; and " + (unreadable - 3) + " more" : "") + ".";
        if (checked.toRetry() == 0) {
            return new Answer(job, Status.NOTHING_TO_RETRY, pending.size(), unreadable, 0, "Nothing was retried for job " + job
                    + ": " + pending.size() + (pending.size() == 1 ? " record waits" : " records wait") + "." + parseNote, rows);
        }
        if (!triggers.retry(job, checked)) {
            return new Answer(job, Status.NOT_STARTED, pending.size(), unreadable, checked.gone(),
                    JobTriggers.notStarted(job, "job retry-failed"), rows);
        }
        int retried = checked.toRetry();
        String goneNote = checked.gone() == 0 ? "" : " " + checked.gone() + " of them " + (checked.gone() == 1 ? "is a row" : "are rows")
                + " the reader could not parse that the file no longer holds: the retry settles "
                + (checked.gone() == 1 ? "it" : "them") + " as skipped, off the queue.";
        return new Answer(job, Status.STARTED, pending.size(), unreadable, checked.gone(), "Retrying " + retried + " failed "
                + (retried == 1 ? "record" : "records") + " of job " + job + " now; the retry shows among the job's runs when it"
                + " ends." + goneNote + parseNote, rows);
    }
}
