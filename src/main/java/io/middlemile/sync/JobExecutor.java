package io.middlemile.sync;

import io.middlemile.connector.ChangeSource;
import io.middlemile.connector.Connector;
import io.middlemile.connector.Cursor;
import io.middlemile.connector.SourcePage;
import io.middlemile.govern.Governance;
import io.middlemile.govern.GovernedWrites;
import io.middlemile.govern.PlanFile;
import io.middlemile.govern.RunOutcome;
import io.middlemile.store.Checkpoint;
import io.middlemile.store.CursorStore;
import io.middlemile.store.InProgress;
import io.middlemile.store.JobLock;
import io.middlemile.store.JobRun;
import io.middlemile.store.JournalStore;
import io.middlemile.store.RecordOutcome;
import io.middlemile.store.RunStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.UnaryOperator;

/**
 * Runs one job: reads pages from the source, hands each page to the route, and commits the page's
 * outcomes, counts, write results and resume checkpoint in one transaction only after the route
 * returned (so after its writes are durable), or, for a page with outcomes still coming (sends in
 * flight), once they came ({@link PageCommits}). At-least-once with idempotent or checkpointed sinks:
 * a crash at any point resumes from the last committed page without losing or duplicating records.
 * With a plan file, the same run computes every write through the policy and makes none.
 */
public class JobExecutor implements AutoCloseable {

    /** How long closing waits for the runs in progress to end; a page taking longer is cut off and rolled back. */
    static final java.time.Duration CLOSING_PATIENCE = java.time.Duration.ofSeconds(15);

    private static final Logger LOG = LoggerFactory.getLogger(JobExecutor.class);

    /** The reason a retry settles a record the source no longer has as skipped. */
    public static final String GONE_REASON = RetrySource.GONE_REASON;

    /** The reason a retry settles a row queued by its line ({@code line-29}) as skipped when the line no longer holds it. */
    public static final String LINE_GONE_REASON = RetrySource.LINE_GONE_REASON;

    private final RunStore runs;
    private final CursorStore cursors;
    private final Function<String, Connector> opener;
    private final Governance governance;
    private final RejectsFile rejectsFile;
    private final ProgressListener observer;
    private final InProgress inProgress = new InProgress();

    public JobExecutor(RunStore runs, CursorStore cursors, Function<String, Connector> opener, Governance governance,
                       RejectsFile rejectsFile) {
        this(runs, cursors, opener, governance, rejectsFile, ProgressListener.NONE);
    }

    /** @param observer told of every run besides the caller's listener (the engine's metrics) */
    public JobExecutor(RunStore runs, CursorStore cursors, Function<String, Connector> opener, Governance governance,
                       RejectsFile rejectsFile, ProgressListener observer) {
        this.observer = observer;
        this.runs = runs;
        this.cursors = cursors;
        this.opener = opener;
        this.governance = governance;
        this.rejectsFile = rejectsFile;
    }

    /**
     * Runs the job to the end of its source and returns the finished run (succeeded, failed, paused,
     * halted or planned; a failure ends it as {@link RunOutcome} says, as it would any other kind of
     * run). Throws only {@link JobBusyException} when another process holds the job.
     *
     * @param route the route's processing of one page; returns the page after all its writes
     */
    public JobRun run(JobRequest request, UnaryOperator<Batch> route, ProgressListener caller) {
        inProgress.begin();
        try {
            return runHeld(request, route, caller);
        } finally {
            inProgress.end();
        }
    }

    /**
     * Waits for the runs in progress to end, at most {@link #CLOSING_PATIENCE}: the engine closing (Ctrl-C, SIGTERM) has
     * stopped their routes, so each ends paused at its next page, and its last page and its end are written while the
     * store is still open (the store closes after this, as it is closed after what uses it). A run on the command's own
     * thread (`job run`) was cut off by the closing store instead, its summary never printed.
     */
    @Override
    public void close() {
        int running = inProgress.awaitNone(CLOSING_PATIENCE);
        if (running > 0) {
            LOG.warn("{} job run(s) still in progress {} s after the engine began to close: their page in progress is rolled"
                    + " back and their next run continues from the last page committed", running, CLOSING_PATIENCE.toSeconds());
        }
    }

    private JobRun runHeld(JobRequest request, UnaryOperator<Batch> route, ProgressListener caller) {
        ProgressListener listener = ProgressListener.both(caller, observer);
        Optional<JobLock> lock = runs.tryLock(request.job());
        if (lock.isEmpty()) {
            throw new JobBusyException("Job " + request.job() + " is already running in another engine process;"
                    + " wait for it to finish (middlemile jobs shows its last runs)");
        }
        try (JobLock held = lock.get()) {
            // a retry or a reassign is a run of its own: it neither resumes nor is resumed by the job's regular runs
            Optional<JobRun> unfinished = request.planOnly() || request.chosenRecords() ? Optional.empty() : runs.unfinished(request.job());
            JobRun run;
            Checkpoint checkpoint;
            if (unfinished.isPresent()) {
                run = runs.resume(unfinished.get().id());
                // a run stopped before its first page was committed has no checkpoint: it starts where the job's cursor
                // stands, as it did the first time (from the start, every record of an incremental source was read again)
                checkpoint = runs.checkpoint(run.id()).orElse(null);
                LOG.info("Resuming run {} of job {} ({} records already committed)", run.id(), run.job(), run.read());
            } else {
                // a retry's plan is a retry that only plans (kind retry, status planned), a regular run's is of kind plan:
                // applying either settles the queued records it read as that run would have (RetryQueue.settlePlan)
                run = runs.start(request.job(), request.connection(), request.object(), governance.workspaceVersion(),
                        request.retry() ? "retry" : request.planOnly() ? "plan" : request.reassign() != null ? "reassign" : "run");
                checkpoint = null;
            }
            // every log line of the run carries its id and job (JSON logs show them as fields)
            MDC.put("run", Long.toString(run.id()));
            MDC.put("job", run.job());
            listener.started(run, unfinished.isPresent());
            try (RunContext context = new RunContext(run, opener)) {
                GovernedWrites writes = governance.open(run, context::connector,
                        request.planOnly() ? GovernedWrites.Mode.PLAN : GovernedWrites.Mode.EXECUTE, true);
                context.writes(writes);
                context.reassignment(request.reassign());
                return execute(request, route, listener, run, checkpoint, context, writes);
            } finally {
                MDC.remove("run");
                MDC.remove("job");
            }
        }
    }

    private JobRun execute(JobRequest request, UnaryOperator<Batch> route, ProgressListener listener, JobRun run,
                           Checkpoint checkpoint, RunContext context, GovernedWrites writes) {
        PageCommits commits = new PageCommits();
        TakeBacks takeBacks = new TakeBacks();
        try (ReadAhead.Scope scope = ReadAhead.scope()) {
            Connector connector = context.connector(request.connection());
            ChangeSource source = connector.capability(ChangeSource.class)
                    .orElseThrow(() -> new IllegalStateException("Connection " + request.connection() + " cannot be read from"));
            RetrySource retry = null;
            if (request.retry()) {
                // a row the reader could not parse is read again only to see whether the file still holds it (RetrySource.fate)
                retry = new RetrySource(connector, source, runs.pendingRetries(request.job()).stream()
                        .map(entry -> new RetrySource.Wanted(entry.ref(), "retry of " + entry.location(), entry.unreadable(),
                                RetryLifecycle.read(entry.lifecycle())))
                        .toList(), request.checked());
                source = retry;
            } else if (request.reassign() != null) {
                retry = new RetrySource(connector, source, request.reassign().wanted());
                source = retry;
            }
            Cursor cursor = startCursor(request, source, checkpoint);
            // GovernedWrites.enlist still takes {connection, object} arrays; it can take Target once govern is split
            List<String[]> sinks = request.sinks().stream().map(sink -> new String[] {sink.connection(), sink.object()}).toList();
            writes.enlist(sinks, checkpoint == null ? Map.of() : checkpoint.sinkStates());
            takeBacks.sinks(request.sinks(), context);
            Tally tally = new Tally(run);
            // a retry settles its records in the queue when it has finished, not page by page: it is never resumed, so what it
            // committed before a stop (a halt, a spent quota) may never reach a file target, published when the run ends
            List<RecordOutcome> retried = new java.util.ArrayList<>();
            boolean last = false;
            ReadAhead pages = scope.reader(source, request.object(), request.pageSize());
            pages.start(cursor);
            while (!last) {
                SourcePage page = pages.take();
                Batch batch = new Batch(context, page);
                if (retry != null) {
                    settleGone(batch, retry);
                }
                takeBacks.routing(batch);
                Batch routed = route.apply(batch);
                Map<String, String> sinkStates = writes.flush();
                Checkpoint reached = new Checkpoint(page.next().value(), sinkStates);
                List<JournalStore.EntryResult> results = writes.drainResults();
                // closed where it is committed: a page with outcomes still coming is closed once they came
                commits.commit(routed.coming(), () -> {
                    List<RecordOutcome> outcomes = routed.close();
                    if (outcomes.size() != page.size()) {
                        throw new IllegalStateException("Page accounting broke: read " + page.size() + " records but settled "
                                + outcomes.size() + "; the route must not drop or add records");
                    }
                    tally.add(outcomes);
                    if (request.retry()) {
                        retried.addAll(outcomes);
                    }
                    runs.commitPage(run.id(), request.planOnly() || request.retry() ? null : request.job(), outcomes, reached, results);
                    takeBacks.committed(batch);
                    listener.page(run, tally.read, tally.written, tally.skipped, tally.rejected, page.progress());
                });
                cursor = page.next();
                last = page.last();
            }
            commits.awaitLate();
            if (request.planOnly()) {
                PlanFile.write(request.planFile(), writes.plan());
                return finish(run, JobRun.Status.PLANNED, null, listener);
            }
            writes.complete();
            takeBacks.published();
            if (request.retry()) {
                runs.settleRetry(request.job(), run.id(), retried);
            }
            if (source.incremental()) {
                cursors.put(request.job(), request.connection(), request.object(), cursor.value(), run.id());
            }
            return finish(run, JobRun.Status.SUCCEEDED, null, listener);
        } catch (RuntimeException e) {
            commits.awaitLateQuietly(); // the page before the failure may still be committing: the run is finished with it
            // the one mapping every kind of run uses: a spent quota pauses, a halt halts, whatever path it took here
            RunOutcome outcome = RunOutcome.of(e);
            if (RunOutcome.classified(e) == null) {
                LOG.error("Run {} of job {} failed", run.id(), run.job(), e);
            } else {
                LOG.warn("Run {} of job {} ended {}: {}", run.id(), run.job(), outcome.status().db(), outcome.message());
            }
            // pages whose writes failed after their route returned (a flush, the commit) and files never published: TakeBacks
            boolean resumed = outcome.resumable() && !request.chosenRecords();
            String message = takeBacks.stopped(context, resumed, outcome.message());
            if (!resumed && !request.planOnly()) {
                message = withdrawUnpublished(run, request.retry() ? "retry" : request.reassign() != null ? "reassign" : "run",
                        writes, message);
            }
            return finish(run, outcome.status(), message, listener);
        } finally {
            commits.close();
        }
    }

    /** The run's counts as its pages are committed, in order, on one thread at a time ({@link PageCommits}). */
    private static final class Tally {
        long read;
        long written;
        long skipped;
        long rejected;

        Tally(JobRun run) {
            read = run.read();
            written = run.written();
            skipped = run.skipped();
            rejected = run.rejected();
        }

        void add(List<RecordOutcome> outcomes) {
            for (RecordOutcome outcome : outcomes) {
                switch (outcome.outcome()) {
                    case WRITTEN -> written++;
                    case SKIPPED -> skipped++;
                    case REJECTED -> rejected++;
                }
            }
            read += outcomes.size();
        }
    }

    /**
     * A run that failed, and a retry or a reassign that stopped, is not resumed, and a file target takes a run's writes only
     * when the run ends: what the run's committed pages wrote to a file never reached it. The journal says so (not
     * applied, why), so a rollback does not try to undo them, and the run's message names the files. The stop itself is the
     * run's outcome either way.
     */
    private static String withdrawUnpublished(JobRun run, String kind, GovernedWrites writes, String message) {
        String again = kind.equals("run") ? "running the job again" : "running the " + kind + " again";
        Map<String, Integer> withdrawn;
        try {
            withdrawn = writes.withdrawUnpublished("Run " + run.id() + " (a " + kind + ") stopped before its end and is not"
                    + " resumed, so the file never took this write; " + again + " writes the record");
        } catch (RuntimeException e) {
            LOG.warn("Run {} stopped before publishing its file targets, and the journal could not be told that their writes"
                    + " did not happen ({}); `middlemile rollback {}` may report conflicts for them", run.id(), e.getMessage(), run.id());
            return message;
        }
        if (withdrawn.isEmpty()) {
            return message;
        }
        String files = withdrawn.entrySet().stream()
                .map(e -> e.getKey() + " (" + e.getValue() + (e.getValue() == 1 ? " write)" : " writes)"))
                .collect(java.util.stream.Collectors.joining(" and "));
        return (message == null ? "" : message + " ") + "Nothing this " + kind + " wrote reached " + files + ": a file takes a"
                + " run's writes when the run ends, and a " + (kind.equals("run") ? "run that failed" : kind + " that stopped")
                + " is not resumed. The journal records them as not applied; " + again + " once the cause is fixed writes them.";
    }

    /** Records a retry finds gone from the source are settled as skipped before the route sees the page. */
    private static void settleGone(Batch batch, RetrySource retry) {
        List<Batch.Item> present = new java.util.ArrayList<>();
        for (Batch.Item item : batch.items()) {
            if (retry.gone(item.ref())) {
                batch.skipped(item, retry.goneReason(item.ref()));
            } else {
                present.add(item);
            }
        }
        batch.retain(present);
    }

    private Cursor startCursor(JobRequest request, ChangeSource source, Checkpoint checkpoint) {
        if (checkpoint != null) {
            return new Cursor(checkpoint.cursor());
        }
        if (request.chosenRecords()) {
            return Cursor.START;
        }
        if (!source.incremental() || request.fromStart()) {
            return Cursor.START;
        }
        return cursors.get(request.job(), request.connection(), request.object()).map(Cursor::new).orElse(Cursor.START);
    }

    private JobRun finish(JobRun run, JobRun.Status status, String error, ProgressListener listener) {
        JobRun finished = runs.finish(run.id(), status, error);
        if (finished.rejected() > 0) {
            try {
                rejectsFile.write(finished, runs.outcomes(finished.id(), RecordOutcome.Outcome.REJECTED));
            } catch (RuntimeException e) {
                LOG.warn("{}; the rejected records are still in the store (record_outcomes of run {})", e.getMessage(), run.id());
            }
        }
        listener.finished(finished);
        return finished;
    }
}
