package io.middlemile.cli;

import io.middlemile.store.JobRun;
import io.middlemile.sync.ProgressListener;

import java.io.PrintStream;

/**
 * Shows a run's progress: a redrawn bar on a terminal, a line every few seconds otherwise (CI logs,
 * cron mail), so long runs are never silent.
 */
final class ProgressPrinter implements ProgressListener {

    private static final long LOG_EVERY_NANOS = 5_000_000_000L;
    private static final int WIDTH = 30;

    private final PrintStream out;
    private final boolean terminal;
    private final long started = System.nanoTime();
    private long lastPrinted = System.nanoTime();
    private boolean drewBar;

    ProgressPrinter(PrintStream out, boolean terminal) {
        this.out = out;
        this.terminal = terminal;
    }

    @Override
    public void started(JobRun run, boolean resumed) {
        if (resumed) {
            // halted by the kill switch or a cap, paused, or cut off by a crash: all stop a run before its end alike
            out.printf("Resuming run %d of %s, which stopped before its end; %,d records were already committed.%n", run.id(),
                    run.job(), run.read());
        }
    }

    @Override
    public void page(JobRun run, long read, long written, long skipped, long rejected, double progress) {
        long now = System.nanoTime();
        double seconds = (now - started) / 1e9;
        long rate = seconds > 0 ? Math.round(read / seconds) : 0;
        if (terminal) {
            int filled = progress < 0 ? 0 : (int) Math.round(Math.min(1, progress) * WIDTH);
            out.printf("\r[%s%s] %3s %,d read, %,d written, %,d rejected, %,d/s   ", "#".repeat(filled), ".".repeat(WIDTH - filled),
                    progress < 0 ? "" : Math.round(progress * 100) + "%", read, written, rejected, rate);
            out.flush();
            drewBar = true;
        } else if (now - lastPrinted >= LOG_EVERY_NANOS) {
            out.printf("  ... %s%,d read, %,d written, %,d rejected (%,d records/s)%n",
                    progress < 0 ? "" : Math.round(progress * 100) + "%: ", read, written, rejected, rate);
            lastPrinted = now;
        }
    }

    @Override
    public void finished(JobRun run) {
        if (drewBar) {
            out.println();
        }
    }
}
