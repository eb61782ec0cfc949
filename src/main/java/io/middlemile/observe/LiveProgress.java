package io.middlemile.observe;

import io.middlemile.store.JobRun;
import io.middlemile.sync.ProgressListener;

import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * How far each run in progress in this process has got, for the console's progress bar and {@code GET
 * /api/runs/{id}/progress}: fed by the executor after every committed page, as {@link RunMetrics} is. The committed
 * counts are in the store for every process's runs too; what only this listener knows is the fraction of the source read,
 * which the source reports with each page (or -1 when it cannot know its total). Thread-safe: runs of different jobs report
 * at once.
 */
public final class LiveProgress implements ProgressListener {

    /**
     * A run's counts after its last committed page.
     *
     * @param fraction the fraction of the source read, 0..1, or -1 when the source does not know its total
     */
    public record Progress(long run, String job, long read, long written, long skipped, long rejected, double fraction,
                           Instant updatedAt) {

        /** Percent read, 0 to 100, or null when the source does not know its total. */
        public Integer percent() {
            return fraction < 0 ? null : (int) Math.floor(100 * Math.min(1, fraction));
        }
    }

    private final Map<Long, Progress> running = new ConcurrentHashMap<>();
    private final Clock clock;

    public LiveProgress(Clock clock) {
        this.clock = clock;
    }

    @Override
    public void started(JobRun run, boolean resumed) {
        // a resumed run starts from what the process that died committed; how much of the source that was is not known yet
        running.put(run.id(), new Progress(run.id(), run.job(), run.read(), run.written(), run.skipped(), run.rejected(), -1,
                clock.instant()));
    }

    @Override
    public void page(JobRun run, long read, long written, long skipped, long rejected, double progress) {
        running.put(run.id(), new Progress(run.id(), run.job(), read, written, skipped, rejected, progress, clock.instant()));
    }

    @Override
    public void finished(JobRun run) {
        running.remove(run.id());
    }

    /** The run's progress when it runs in this process; empty when it ended or runs in another engine process. */
    public Optional<Progress> of(long run) {
        return Optional.ofNullable(running.get(run));
    }
}
