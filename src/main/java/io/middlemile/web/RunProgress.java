package io.middlemile.web;

import io.middlemile.observe.LiveProgress;
import org.springframework.stereotype.Component;

import java.time.Instant;
import java.util.Optional;

/**
 * How far a run has got, for the console's progress bar and {@code GET /api/runs/{id}/progress}: its counts as of its last
 * committed page (the store's, every engine process's), and, for a run in this process whose source knows its total, the
 * percentage of the source read ({@link LiveProgress}).
 */
@Component
public class RunProgress {

    /**
     * A run's progress.
     *
     * @param percent      percent of the source read, 0 to 100; null when the run ended, the source does not know its total,
     *                     or the run is in another engine process
     * @param inThisEngine true when this process runs it (and so knows the percentage, where the source has one)
     * @param updatedAt    when its last page committed in this process, or null
     * @param message      the same, in words for a person
     */
    public record Progress(long run, String job, String status, boolean running, long read, long written, long skipped,
                           long rejected, Integer percent, boolean inThisEngine, Instant updatedAt, String message) {
    }

    private final JobBoard board;
    private final LiveProgress live;

    public RunProgress(JobBoard board, LiveProgress live) {
        this.board = board;
        this.live = live;
    }

    public Optional<Progress> of(long id) {
        return board.run(id).map(this::of);
    }

    public Progress of(JobBoard.Run run) {
        boolean running = "running".equals(run.status());
        LiveProgress.Progress here = running ? live.of(run.id()).orElse(null) : null;
        if (here == null) {
            String message = running
                    ? "Running in another engine process, or starting: " + counts(run.read(), run.written(), run.skipped(), run.rejected())
                    + " as of its last committed page. The share of the source read is known only to the process that runs it."
                    : "Ended " + run.status() + ": " + counts(run.read(), run.written(), run.skipped(), run.rejected()) + ".";
            return new Progress(run.id(), run.job(), run.status(), running, run.read(), run.written(), run.skipped(), run.rejected(),
                    null, false, null, message);
        }
        Integer percent = here.percent();
        String message = "Running: " + (percent == null ? "" : percent + " % of the source read, ")
                + counts(here.read(), here.written(), here.skipped(), here.rejected()) + " so far"
                + (percent == null ? "; the source does not say how many records it holds, so there is no percentage." : ".");
        return new Progress(run.id(), run.job(), run.status(), true, here.read(), here.written(), here.skipped(), here.rejected(), percent,
                true, here.updatedAt(), message);
    }

    private static String counts(long read, long written, long skipped, long rejected) {
        return String.format("%,d records read (%,d written, %,d skipped, %,d rejected)", read, written, skipped, rejected);
    }
}
