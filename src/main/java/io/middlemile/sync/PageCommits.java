package io.middlemile.sync;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Commits a run's pages in order. A page is committed on the run's thread as soon as its route returns, unless a step
 * left work for it in flight ({@link Batch#commitAfter}, an outreach step recording its sends): then it is committed on a
 * thread of its own once that work is done, while the run goes on with the next page's route. That overlap is what lets
 * an enrolment job keep up with the provider's rate limit (OutreachBenchmark). Either way a page's commit waits for the
 * previous page's, so checkpoints only move forward and at most one page is ever committed late; a crash meanwhile
 * resumes from the last page committed, as it would from any other point of a page.
 */
final class PageCommits implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(PageCommits.class);

    private ExecutorService thread;
    private CompletableFuture<Void> late = CompletableFuture.completedFuture(null);

    /** Commits a page once the previous page's commit and the page's own {@code recording} are done. */
    void commit(List<CompletableFuture<?>> recording, Runnable commit) {
        awaitLate();
        if (recording.isEmpty()) {
            commit.run();
            return;
        }
        Map<String, String> logContext = MDC.getCopyOfContextMap(); // the run's id and job, on the commit's lines too
        late = CompletableFuture.allOf(recording.toArray(CompletableFuture[]::new)).thenRunAsync(() -> {
            if (logContext != null) {
                MDC.setContextMap(logContext);
            }
            try {
                commit.run();
            } finally {
                MDC.clear();
            }
        }, thread());
    }

    /** Waits for the page committed late, if any; its failure (or its recording's) is thrown as it was. */
    void awaitLate() {
        CompletableFuture<Void> waiting = late;
        late = CompletableFuture.completedFuture(null);
        try {
            waiting.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException failure) {
                throw failure;
            }
            if (e.getCause() instanceof Error error) {
                throw error;
            }
            throw e;
        }
    }

    /**
     * After the run failed elsewhere: waits for the page committed late, so the run is finished with it counted. Its own
     * failure is logged, not thrown: the run ends as its first failure says, and resumes from the last page committed.
     */
    void awaitLateQuietly() {
        try {
            awaitLate();
        } catch (RuntimeException | Error e) {
            LOG.warn("The page before the one that failed could not be committed either ({}); the run resumes before it", e.getMessage());
        }
    }

    private ExecutorService thread() {
        if (thread == null) {
            thread = Executors.newSingleThreadExecutor(runnable -> {
                Thread committer = new Thread(runnable, "middlemile-page-commit");
                committer.setDaemon(true);
                return committer;
            });
        }
        return thread;
    }

    @Override
    public void close() {
        if (thread != null) {
            thread.shutdown();
        }
    }
}
