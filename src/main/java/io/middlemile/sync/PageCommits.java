package io.middlemile.sync;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Commits a run's pages in order. A page is committed on the run's thread as soon as its route returns, unless a step
 * left outcomes of it still coming ({@link Batch#settleWhen}: an outreach step's sends in flight): then it is committed on
 * a thread of its own once they came, while the run goes on with the next pages' routes. That overlap is what lets an
 * enrolment job keep up with the provider's rate limit although each call takes a round trip (OutreachBenchmark).
 *
 * <p>Either way a page's commit waits for the previous page's, so checkpoints only move forward, and a crash meanwhile
 * resumes from the last page committed, as it would from any other point of a page. A page that failed stops the run at
 * the next page's commit, and the pages after it are not committed: they are read again on resume.
 */
final class PageCommits implements AutoCloseable {

    /**
     * Pages whose commit may wait at once. Instantly's 100 requests a second, at half a second a round trip, need about 50
     * calls in flight; a run with that many waiting reads no further until the oldest is committed.
     */
    static final int MOST_WAITING = 64;

    private static final Logger LOG = LoggerFactory.getLogger(PageCommits.class);

    private final int mostWaiting;
    private ExecutorService thread;
    /** The commits still to happen, oldest first; the last waits for all before it. */
    private final Deque<CompletableFuture<Void>> waiting = new ArrayDeque<>();

    PageCommits() {
        this(MOST_WAITING);
    }

    PageCommits(int mostWaiting) {
        this.mostWaiting = mostWaiting;
    }

    /** Commits a page once the previous page's commit is done and what it is {@code waitingFor} has come. */
    void commit(List<CompletableFuture<?>> waitingFor, Runnable commit) {
        throwIfFailed();
        if (waitingFor.stream().allMatch(CompletableFuture::isDone)) {
            // nothing (or nothing any more) to wait for: committed here, after the pages before it
            awaitLate();
            waitingFor.forEach(PageCommits::join);
            commit.run();
            return;
        }
        while (waiting.size() >= mostWaiting) {
            join(waiting.peekFirst());
            waiting.pollFirst();
        }
        CompletableFuture<Void> previous = waiting.isEmpty() ? CompletableFuture.completedFuture(null) : waiting.peekLast();
        Map<String, String> logContext = MDC.getCopyOfContextMap(); // the run's id and job, on the commit's lines too
        CompletableFuture<?>[] all = waitingFor.toArray(CompletableFuture[]::new);
        waiting.addLast(CompletableFuture.allOf(previous, CompletableFuture.allOf(all)).thenRunAsync(() -> {
            if (logContext != null) {
                MDC.setContextMap(logContext);
            }
            try {
                commit.run();
            } finally {
                MDC.clear();
            }
        }, thread()));
    }

    /**
     * Waits for every page committed late, and for what each waited for, even after one failed (the run is not finished
     * while a send is in flight); then throws the first failure as it was.
     */
    void awaitLate() {
        RuntimeException failed = null;
        Error broke = null;
        while (!waiting.isEmpty()) {
            try {
                join(waiting.pollFirst());
            } catch (RuntimeException e) {
                failed = failed == null ? e : failed;
            } catch (Error e) {
                broke = broke == null ? e : broke;
            }
        }
        if (broke != null) {
            throw broke;
        }
        if (failed != null) {
            throw failed;
        }
    }

    /**
     * After the run failed elsewhere: waits for the pages committed late, so the run is finished with them counted. Their
     * own failure is logged, not thrown: the run ends as its first failure says, and resumes from the last page committed.
     */
    void awaitLateQuietly() {
        try {
            awaitLate();
        } catch (RuntimeException | Error e) {
            LOG.warn("A page before the one that failed could not be committed either ({}); the run resumes before it", e.getMessage());
        }
    }

    /**
     * A page committed late that failed (or whose outcomes failed to come) stops the run now, not once every page after it
     * came: those are not committed anyway. What they still have in flight is awaited by {@link #awaitLateQuietly}.
     */
    private void throwIfFailed() {
        while (!waiting.isEmpty() && waiting.peekFirst().isDone()) {
            join(waiting.pollFirst());
        }
    }

    private static void join(CompletableFuture<?> commit) {
        try {
            commit.join();
        } catch (CompletionException e) {
            Throwable cause = e;
            while (cause instanceof CompletionException && cause.getCause() != null) {
                cause = cause.getCause();
            }
            if (cause instanceof RuntimeException failure) {
                throw failure;
            }
            if (cause instanceof Error error) {
                throw error;
            }
            throw e;
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
