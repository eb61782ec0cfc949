package io.middlemile.store;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The watch over a starting server's log, against a log written here as pg_ctl and the server write it, on a thread that
 * waits as the library does (pausing until interrupted).
 */
class ServerStartWatchTest {

    @TempDir
    Path folder;

    /** What the watch found, as the starting thread saw it. */
    record Outcome(boolean interrupted, boolean exited, List<String> reasons) {
    }

    @Test
    void aServerThatExitsEndsTheWaitWithItsOwnLinesAndNotAnEarlierStartsOnes() throws Exception {
        Path log = folder.resolve("pg.log");
        // an earlier start that failed, then one that worked: neither is this start's reason
        Files.writeString(log, "2026-12-01 10:00:00.000 UTC [11] FATAL:  lock file \"postmaster.pid\" already exists\n"
                + "pg_ctl: could not start server\nserver started\n");

        CompletableFuture<Outcome> outcome = startWatching(log, 60_000, watch -> append(log,
                "waiting for server to start....2026-12-06 02:55:36.761 UTC [9089] FATAL:  database files are incompatible with server\n"
                        + "2026-12-06 02:55:36.761 UTC [9089] DETAIL:  The database cluster was initialized with PG_CONTROL_VERSION -1.\n"
                        + "2026-12-06 02:55:36.762 UTC [9090] FATAL:  the database system is starting up\n"
                        + "2026-12-06 02:55:36.762 UTC [9089] LOG:  database system is shut down\n"
                        + " stopped waiting\npg_ctl: could not start server\nExamine the log output.\n"));

        Outcome seen = outcome.get(30, TimeUnit.SECONDS);
        assertThat(seen.interrupted()).as("the wait ended").isTrue();
        assertThat(seen.exited()).isTrue();
        assertThat(seen.reasons()).containsExactly("FATAL: database files are incompatible with server",
                "DETAIL: The database cluster was initialized with PG_CONTROL_VERSION -1.");
    }

    /*
     * The library's start may return or throw (it saw the server's exit itself) while the watch's interrupt is still
     * pending, not taken by a pause: closing the watch then must still clear it (CI failed once on the join that threw).
     */
    @Test
    void anInterruptNoPauseTookIsClearedWhenTheWatchCloses() throws Exception {
        Path log = folder.resolve("pg.log");
        Files.writeString(log, "");
        CompletableFuture<Boolean> leftInterrupted = new CompletableFuture<>();
        Thread starting = new Thread(() -> {
            try {
                try (ServerStartWatch watch = new ServerStartWatch(log.resolveSibling("pg"), 60_000)) {
                    append(log, "waiting for server to start.... stopped waiting\npg_ctl: could not start server\n");
                    long deadline = System.currentTimeMillis() + 20_000;
                    // busy, as a start between its pauses: the interrupt stays pending
                    while (!Thread.currentThread().isInterrupted() && System.currentTimeMillis() < deadline) {
                        Thread.onSpinWait();
                    }
                    assertThat(watch.serverExited()).isTrue();
                }
                leftInterrupted.complete(Thread.currentThread().isInterrupted());
            } catch (Throwable t) {
                leftInterrupted.completeExceptionally(t);
            }
        }, "starting");
        starting.start();

        assertThat(leftInterrupted.get(30, TimeUnit.SECONDS)).as("the watch's interrupt is cleared").isFalse();
    }

    @Test
    void aSlowStartIsToldAndNotEnded() throws Exception {
        Path log = folder.resolve("pg.log");
        Files.writeString(log, "");
        Logger logger = (Logger) LoggerFactory.getLogger(EmbeddedDatabase.class);
        ListAppender<ILoggingEvent> warnings = new ListAppender<>();
        warnings.start();
        logger.addAppender(warnings);
        try {
            CompletableFuture<Outcome> outcome = startWatching(log, 200, watch -> {
                append(log, "2026-12-06 03:13:40.100 UTC [7] LOG:  database system was interrupted; last known up at 03:13:20\n"
                        + "2026-12-06 03:13:40.200 UTC [7] LOG:  redo starts at 0/1A2B3C4\n");
                long deadline = System.currentTimeMillis() + 20_000;
                while (warnings.list.isEmpty() && System.currentTimeMillis() < deadline) {
                    pause(20);
                }
                append(log, "2026-12-06 03:13:49.000 UTC [6] LOG:  database system is ready to accept connections\n"
                        + " done\nserver started\n");
            });

            Outcome seen = outcome.get(30, TimeUnit.SECONDS);
            assertThat(seen.interrupted()).as("a server still starting is waited for").isFalse();
            assertThat(seen.exited()).isFalse();
            assertThat(warnings.list).singleElement().satisfies(warning -> assertThat(warning.getFormattedMessage())
                    .contains("is still starting after 0.2 s", "replays what it had not yet written", "Nothing is lost by waiting",
                            log.toString()));
        } finally {
            logger.detachAppender(warnings);
        }
    }

    /**
     * On a thread of its own, as the library's start: watches {@code log}, hands the watch to {@code meanwhile} on another
     * thread, and pauses (as the library's wait does) until interrupted or half a second after {@code meanwhile} is done.
     */
    private static CompletableFuture<Outcome> startWatching(Path log, long slowAfterMillis, Consumer<ServerStartWatch> meanwhile) {
        CompletableFuture<Outcome> outcome = new CompletableFuture<>();
        Thread starting = new Thread(() -> {
            // the log of a server whose data is in "pg" beside it
            try (ServerStartWatch watch = new ServerStartWatch(log.resolveSibling("pg"), slowAfterMillis)) {
                CompletableFuture<Void> writing = CompletableFuture.runAsync(() -> meanwhile.accept(watch));
                boolean interrupted = false;
                // the watch reads the log every 50 ms: half a second after the last line, it has read it
                long doneAt = 0;
                while (doneAt == 0 || System.currentTimeMillis() < doneAt + 500) {
                    try {
                        Thread.sleep(100);
                    } catch (InterruptedException e) {
                        interrupted = true;
                        break;
                    }
                    if (doneAt == 0 && writing.isDone()) {
                        doneAt = System.currentTimeMillis();
                    }
                }
                writing.join();
                // as EmbeddedDatabase does, before the watch is closed
                outcome.complete(new Outcome(interrupted, watch.serverExited(), watch.reasons()));
            } catch (Throwable t) {
                outcome.completeExceptionally(t);
            }
        }, "starting");
        starting.start();
        return outcome;
    }

    private static void append(Path log, String text) {
        try {
            Files.writeString(log, text, StandardOpenOption.APPEND);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
