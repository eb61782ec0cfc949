package io.middlemile.sync;

import io.middlemile.connector.ChangeSource;
import io.middlemile.connector.Cursor;
import io.middlemile.connector.SourcePage;
import io.middlemile.govern.EngineStopping;
import org.slf4j.MDC;

import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * Reads pages ahead of the ones being mapped and written, so a sync spends the source's rate budget
 * back to back instead of idling while the target writes, and keeps spending it while the engine is
 * momentarily slower (warming up, a slow commit): the pages it banks are processed quickly once the
 * engine catches up. Reading has no side effects, so pages read ahead and never processed (a crash,
 * a failed page) are simply read again on resume: cursors are still committed only after a page's
 * writes. One read is in flight at a time, on one thread, so a connector is never read concurrently;
 * at most {@link #DEPTH} pages wait to be processed.
 */
final class ReadAhead {

    /** Pages read ahead at most: 5,000 records at 200 a page, about 5 s of HubSpot's search budget. */
    static final int DEPTH = 25;

    /** Owns the read-ahead thread of one run; closing it stops any read still in flight. */
    static final class Scope implements AutoCloseable {
        private final ExecutorService thread = Executors.newSingleThreadExecutor(runnable -> {
            Thread reader = new Thread(runnable, "middlemile-read-ahead");
            reader.setDaemon(true);
            return reader;
        });

        ReadAhead reader(ChangeSource source, String object, int pageSize) {
            return new ReadAhead(thread, source, object, pageSize);
        }

        @Override
        public void close() {
            thread.shutdownNow();
            try {
                thread.awaitTermination(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    static Scope scope() {
        return new Scope();
    }

    /** A read that failed, handed over in its page's turn. */
    private record Failed(Throwable error) {
    }

    private final ExecutorService thread;
    private final ChangeSource source;
    private final String object;
    private final int pageSize;
    private final BlockingQueue<Object> ready = new ArrayBlockingQueue<>(DEPTH);

    private ReadAhead(ExecutorService thread, ChangeSource source, String object, int pageSize) {
        this.thread = thread;
        this.source = source;
        this.object = object;
        this.pageSize = pageSize;
    }

    /** Starts reading from {@code cursor}, page after page, until the last page, a failure or the scope closes. */
    void start(Cursor cursor) {
        Map<String, String> logContext = MDC.getCopyOfContextMap(); // the run's id and job, on the reader's lines too
        thread.submit(() -> {
            if (logContext != null) {
                MDC.setContextMap(logContext);
            }
            Cursor at = cursor;
            try {
                while (true) {
                    Object next;
                    try {
                        SourcePage page = source.readChanges(object, at, pageSize);
                        next = page;
                        at = page.last() ? null : page.next();
                    } catch (RuntimeException | Error e) {
                        next = new Failed(e);
                        at = null;
                    }
                    ready.put(next);
                    if (at == null) {
                        return;
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt(); // the run is over
            }
        });
    }

    /** The next page in order; a failure reading it is thrown as it was thrown by the connector. */
    SourcePage take() {
        Object next;
        try {
            next = ready.take();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            // only a shutdown interrupts a job's thread (Camel forcing its routes to stop): the run pauses, to be continued
            throw new EngineStopping("Stopped while waiting for the next page: the engine is shutting down. Paused; the job's"
                    + " next run continues it from the last page committed.", e);
        }
        if (next instanceof Failed failed) {
            if (failed.error() instanceof RuntimeException runtime) {
                throw runtime;
            }
            if (failed.error() instanceof Error error) {
                throw error;
            }
            throw new IllegalStateException("Reading the next page failed: " + failed.error(), failed.error());
        }
        return (SourcePage) next;
    }
}
