package io.middlemile.outreach;

import org.slf4j.MDC;

import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * A page's work that need not wait for the page's other work: the ledger's look-ups before the sends, made on a second
 * connection; Instantly's add-leads calls, in flight while the next pages run ({@link OutreachRun#enrolPage}); the
 * journal's results and the ledger's rows after them. The look-ups are joined before the sends; the rest by the page's
 * commit, and by {@link OutreachRun#enrol} before it returns. The caller's log context (run, job) goes along.
 */
final class SideBySide {

    private static final AtomicInteger THREADS = new AtomicInteger();
    private static final ExecutorService STORE = Executors.newCachedThreadPool(work -> {
        Thread thread = new Thread(work, "outreach-side-" + THREADS.incrementAndGet());
        thread.setDaemon(true);
        return thread;
    });

    private SideBySide() {
    }

    /** Starts {@code work} beside the caller's; {@link #joined} it before the page ends. */
    static <T> CompletableFuture<T> start(Supplier<T> work) {
        Map<String, String> logContext = MDC.getCopyOfContextMap();
        return CompletableFuture.supplyAsync(() -> {
            if (logContext != null) {
                MDC.setContextMap(logContext);
            }
            try {
                return work.get();
            } finally {
                MDC.clear();
            }
        }, STORE);
    }

    /** Starts {@code work}, which answers nothing, beside the caller's; {@link #joined} it before the page ends. */
    static CompletableFuture<Void> run(Runnable work) {
        return start(() -> {
            work.run();
            return null;
        });
    }

    /** The work's result once done, or its failure as it was thrown. */
    static <T> T joined(CompletableFuture<T> work) {
        try {
            return work.join();
        } catch (CompletionException e) {
            Throwable cause = cause(e);
            if (cause instanceof RuntimeException failure) {
                throw failure;
            }
            if (cause instanceof Error error) {
                throw error;
            }
            throw e;
        }
    }

    /** The failure as the work threw it, without the wrapping of a future it passed through. */
    static Throwable cause(Throwable failure) {
        Throwable cause = failure;
        while (cause instanceof CompletionException && cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause;
    }
}
