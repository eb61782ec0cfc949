package io.middlemile.sync;

import io.middlemile.connector.ChangeSource;
import io.middlemile.connector.Cursor;
import io.middlemile.connector.SourcePage;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * Reads the next page while the current one is mapped and written, so a sync spends the source's
 * rate budget back to back instead of idling while the target writes. Reading has no side effects,
 * so a page read ahead and never processed (a crash, a failed page) is simply read again on resume:
 * cursors are still committed only after a page's writes. One read is in flight at a time, on one
 * thread, so a connector is never read concurrently.
 */
final class ReadAhead {

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

    private final ExecutorService thread;
    private final ChangeSource source;
    private final String object;
    private final int pageSize;
    private Future<SourcePage> next;

    private ReadAhead(ExecutorService thread, ChangeSource source, String object, int pageSize) {
        this.thread = thread;
        this.source = source;
        this.object = object;
        this.pageSize = pageSize;
    }

    void fetch(Cursor cursor) {
        next = thread.submit(() -> source.readChanges(object, cursor, pageSize));
    }

    /** The page fetched last; a failure reading it is thrown as it was thrown by the connector. */
    SourcePage take() {
        try {
            return next.get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new IllegalStateException("Reading the next page failed: " + e.getCause(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while reading the next page", e);
        }
    }
}
