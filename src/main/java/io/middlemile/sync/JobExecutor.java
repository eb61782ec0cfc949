package io.middlemile.sync;

import io.middlemile.connector.ChangeSource;
import io.middlemile.connector.Connector;
import io.middlemile.connector.ConnectorException;
import io.middlemile.connector.Cursor;
import io.middlemile.connector.SourcePage;
import io.middlemile.store.Checkpoint;
import io.middlemile.store.CursorStore;
import io.middlemile.store.JobLock;
import io.middlemile.store.JobRun;
import io.middlemile.store.RecordOutcome;
import io.middlemile.store.RunStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.UnaryOperator;

/**
 * Runs one job: reads pages from the source, hands each page to the route, and commits the page's
 * outcomes, counts and resume checkpoint in one transaction only after the route returned (so after
 * its writes are durable). At-least-once with idempotent or checkpointed sinks: a crash at any
 * point resumes from the last committed page without losing or duplicating records.
 */
public class JobExecutor {

    private static final Logger LOG = LoggerFactory.getLogger(JobExecutor.class);

    private final RunStore runs;
    private final CursorStore cursors;
    private final Function<String, Connector> opener;
    private final String workspaceVersion;
    private final RejectsFile rejectsFile;

    public JobExecutor(RunStore runs, CursorStore cursors, Function<String, Connector> opener, String workspaceVersion,
                       RejectsFile rejectsFile) {
        this.runs = runs;
        this.cursors = cursors;
        this.opener = opener;
        this.workspaceVersion = workspaceVersion;
        this.rejectsFile = rejectsFile;
    }

    /**
     * Runs the job to the end of its source and returns the finished run (succeeded, failed or
     * paused). Throws only {@link JobBusyException} when another process holds the job.
     *
     * @param route the route's processing of one page; returns the page after all its writes
     */
    public JobRun run(JobRequest request, UnaryOperator<Batch> route, ProgressListener listener) {
        Optional<JobLock> lock = runs.tryLock(request.job());
        if (lock.isEmpty()) {
            throw new JobBusyException("Job " + request.job() + " is already running in another engine process;"
                    + " wait for it to finish (middlemile jobs shows its last runs)");
        }
        try (JobLock held = lock.get()) {
            Optional<JobRun> unfinished = runs.unfinished(request.job());
            JobRun run;
            Checkpoint checkpoint;
            if (unfinished.isPresent()) {
                run = runs.resume(unfinished.get().id());
                checkpoint = runs.checkpoint(run.id()).orElse(new Checkpoint(Cursor.START.value(), Map.of()));
                LOG.info("Resuming run {} of job {} after an interruption ({} records already committed)", run.id(), run.job(),
                        run.read());
            } else {
                run = runs.start(request.job(), request.connection(), request.object(), workspaceVersion);
                checkpoint = null;
            }
            listener.started(run, unfinished.isPresent());
            try (RunContext context = new RunContext(run, opener, checkpoint == null ? Map.of() : checkpoint.sinkStates())) {
                return execute(request, route, listener, run, checkpoint, context);
            }
        }
    }

    private JobRun execute(JobRequest request, UnaryOperator<Batch> route, ProgressListener listener, JobRun run,
                           Checkpoint checkpoint, RunContext context) {
        try {
            ChangeSource source = context.connector(request.connection()).capability(ChangeSource.class)
                    .orElseThrow(() -> new IllegalStateException("Connection " + request.connection() + " cannot be read from"));
            Cursor cursor = startCursor(request, source, checkpoint);
            context.enlistSinks(request.sinks());
            long read = run.read();
            long written = run.written();
            long skipped = run.skipped();
            long rejected = run.rejected();
            boolean last = false;
            while (!last) {
                SourcePage page = source.readChanges(request.object(), cursor, request.pageSize());
                Batch batch = route.apply(new Batch(context, page));
                List<RecordOutcome> outcomes = batch.close();
                if (outcomes.size() != page.size()) {
                    throw new IllegalStateException("Page accounting broke: read " + page.size() + " records but settled "
                            + outcomes.size() + "; the route must not drop or add records");
                }
                Map<String, String> sinkStates = context.flushSinks();
                runs.commitPage(run.id(), outcomes, new Checkpoint(page.next().value(), sinkStates));
                for (RecordOutcome outcome : outcomes) {
                    switch (outcome.outcome()) {
                        case WRITTEN -> written++;
                        case SKIPPED -> skipped++;
                        case REJECTED -> rejected++;
                    }
                }
                read += outcomes.size();
                listener.page(run, read, written, skipped, rejected, page.progress());
                cursor = page.next();
                last = page.last();
            }
            context.completeSinks();
            if (source.incremental()) {
                cursors.put(request.job(), request.connection(), request.object(), cursor.value(), run.id());
            }
            return finish(run, JobRun.Status.SUCCEEDED, null, listener);
        } catch (ConnectorException e) {
            JobRun.Status status = e.kind() == ConnectorException.Kind.QUOTA_EXHAUSTED ? JobRun.Status.PAUSED : JobRun.Status.FAILED;
            return finish(run, status, e.getMessage(), listener);
        } catch (RuntimeException e) {
            LOG.error("Run {} of job {} failed", run.id(), run.job(), e);
            return finish(run, JobRun.Status.FAILED, String.valueOf(e.getMessage()), listener);
        }
    }

    private Cursor startCursor(JobRequest request, ChangeSource source, Checkpoint checkpoint) {
        if (checkpoint != null) {
            return new Cursor(checkpoint.cursor());
        }
        if (!source.incremental() || request.fromStart()) {
            return Cursor.START;
        }
        return cursors.get(request.job(), request.connection(), request.object()).map(Cursor::new).orElse(Cursor.START);
    }

    private JobRun finish(JobRun run, JobRun.Status status, String error, ProgressListener listener) {
        JobRun finished = runs.finish(run.id(), status, error);
        if (finished.rejected() > 0) {
            rejectsFile.write(finished, runs.outcomes(finished.id(), RecordOutcome.Outcome.REJECTED));
        }
        listener.finished(finished);
        return finished;
    }
}
