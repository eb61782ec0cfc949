package io.middlemile.store;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Watches the embedded server's log while it starts. The library waits for the server by connecting to it until a
 * deadline, whether or not the server is still there: a server that exited at once (damaged files, a port or folder it
 * cannot have) kept a command waiting the whole deadline and then failed with "Connection refused". A server replaying
 * what it had not yet written after a crash of the machine may take minutes on a large store; the deadline is long for
 * it, and this watch ends the wait as soon as {@code pg_ctl} reports the server gone, and says so when a start is slow.
 * The wait, interrupted, returns as if the server were up: the caller asks {@link #serverExited()}.
 */
final class ServerStartWatch implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedDatabase.class);

    /** What {@code pg_ctl start -w} prints when the server it started exited before accepting connections. */
    private static final String SERVER_EXITED = "pg_ctl: could not start server";
    /** A start taking longer than this is reported: a recovery after a crash, not a normal start. */
    private static final long SLOW_START_MILLIS = 10_000;
    private static final long POLL_MILLIS = 50;

    /** The server's and its tools' lines that say what went wrong (PostgreSQL's severities, initdb's "error:"). */
    private static final Pattern TELLING = Pattern.compile("\\b(PANIC|FATAL|ERROR|DETAIL|HINT):|\\berror: ");
    /** What the library's own connection attempts make the server say while it starts: not a reason. */
    private static final Pattern ASKED_TOO_EARLY = Pattern.compile("the database system is (starting up|not yet accepting connections)");
    /**
     * The server's line prefix (time, zone, process) as its default log_line_prefix writes it, with what pg_ctl wrote
     * before it on the same line ("waiting for server to start....", which ends without a line break).
     */
    private static final Pattern PREFIX = Pattern.compile("^.*?\\d{4}-\\d{2}-\\d{2} [0-9:.]+ \\S+ \\[\\d+\\] ");

    private final Path dataDirectory;
    private final Path log;
    private final long slowStartMillis;
    private final long from;
    // where the watch's next look at the log begins: after the last whole line it read
    private long scanned;
    private final Thread starting = Thread.currentThread();
    private final Thread watcher;
    private volatile boolean done;
    private volatile boolean exited;

    /**
     * Starts watching the log of the server of {@code dataDirectory} ({@link EmbeddedDatabase#serverLog}) from its current
     * end, on behalf of the calling thread, which starts the server; a start taking longer than {@code slowStartMillis}
     * is told.
     */
    ServerStartWatch(Path dataDirectory, long slowStartMillis) {
        this.dataDirectory = dataDirectory;
        this.log = EmbeddedDatabase.serverLog(dataDirectory);
        this.slowStartMillis = slowStartMillis;
        this.from = size(log);
        this.scanned = from;
        this.watcher = new Thread(this::watch, "embedded-postgres-start-watch");
        watcher.setDaemon(true);
        watcher.start();
    }

    ServerStartWatch(Path dataDirectory) {
        this(dataDirectory, SLOW_START_MILLIS);
    }

    private void watch() {
        long started = System.currentTimeMillis();
        boolean told = false;
        while (!done) {
            if (newLines().contains(SERVER_EXITED)) {
                exited = true;
                starting.interrupt(); // the library's wait ends at its next pause (and returns as if the server were up)
                return;
            }
            if (!told && System.currentTimeMillis() - started > slowStartMillis) {
                told = true;
                LOG.warn("The embedded PostgreSQL (data in {}) is still starting after {} s: after a crash of the machine it"
                        + " first replays what it had not yet written to its tables, which can take minutes on a large store."
                        + " Nothing is lost by waiting; its log: {}", dataDirectory, slowStartMillis / 1000.0, log);
            }
            try {
                Thread.sleep(POLL_MILLIS);
            } catch (InterruptedException e) {
                return; // closed
            }
        }
    }

    /** True when the server exited while it started (the start failed for a reason in its log, not a deadline). */
    boolean serverExited() {
        return exited;
    }

    /** What the server and its tools said went wrong since the watch began, a line each, without their prefixes. */
    List<String> reasons() {
        return written().lines()
                .filter(line -> TELLING.matcher(line).find() && !ASKED_TOO_EARLY.matcher(line).find())
                .map(line -> PREFIX.matcher(line).replaceFirst("").replaceAll("\\s+", " ").trim())
                .distinct()
                .limit(8)
                .toList();
    }

    /**
     * Stops watching; clears the interrupt this watch gave the starting thread, which is the caller. The join goes on
     * through interrupts: the watch's own interrupt may still be pending when the library's start returned or threw
     * without a pause that took it, and a join would throw at once on it and leave it set for the caller.
     */
    @Override
    public void close() {
        done = true;
        watcher.interrupt();
        boolean interrupted = false;
        while (true) {
            try {
                watcher.join();
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (exited) {
            Thread.interrupted(); // ours: the watch interrupted this thread only after it saw the server exit
        } else if (interrupted) {
            Thread.currentThread().interrupt(); // someone else's: kept for the caller
        }
    }

    /** The start's output so far: at most its last megabyte (a long recovery logs ten lines a second), where pg_ctl's last word is. */
    private String written() {
        long length = size(log);
        return text(Math.max(from, length - (1 << 20)), length);
    }

    /** The whole lines written since the last look; a line still being written waits for the next one. */
    private String newLines() {
        String fresh = text(scanned, size(log));
        String whole = fresh.substring(0, fresh.lastIndexOf('\n') + 1);
        scanned += whole.getBytes(StandardCharsets.UTF_8).length;
        return whole;
    }

    private String text(long start, long end) {
        if (end <= start) {
            return "";
        }
        try (RandomAccessFile file = new RandomAccessFile(log.toFile(), "r")) {
            byte[] bytes = new byte[(int) Math.min(end - start, 1 << 20)];
            file.seek(start);
            file.readFully(bytes);
            return new String(bytes, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }

    private static long size(Path file) {
        try {
            return Files.exists(file) ? Files.size(file) : 0;
        } catch (IOException e) {
            return 0;
        }
    }
}
