package io.middlemile.sync;

import io.middlemile.store.JobRun;

/** Hears how a run progresses, for progress bars and log lines. Called on the run's thread. */
public interface ProgressListener {

    ProgressListener NONE = new ProgressListener() { };

    default void started(JobRun run, boolean resumed) {
    }

    /** After each committed page, with the counts so far and the fraction read (or -1). */
    default void page(JobRun run, long read, long written, long skipped, long rejected, double progress) {
    }

    default void finished(JobRun run) {
    }

    /** Both listeners, {@code first} told first. */
    static ProgressListener both(ProgressListener first, ProgressListener second) {
        return new ProgressListener() {
            @Override
            public void started(JobRun run, boolean resumed) {
                first.started(run, resumed);
                second.started(run, resumed);
            }

            @Override
            public void page(JobRun run, long read, long written, long skipped, long rejected, double progress) {
                first.page(run, read, written, skipped, rejected, progress);
                second.page(run, read, written, skipped, rejected, progress);
            }

            @Override
            public void finished(JobRun run) {
                first.finished(run);
                second.finished(run);
            }
        };
    }
}
