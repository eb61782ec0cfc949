package io.middlemile.store;

import io.middlemile.connector.FileErrors;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.SpringApplication;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;

/**
 * The embedded PostgreSQL used when no {@code spring.datasource.url} is configured: a real server
 * (binaries from the {@code io.zonky.test} Maven artifacts) whose data lives in the workspace's
 * {@code .middlemile/pg}, kept between runs.
 *
 * <p>Two engine processes on one workspace share the server: the second one connects to the
 * running server instead of starting another. A server left behind by a process that was killed
 * (its owner is gone) is stopped and started again, so a crash never blocks the next run.
 *
 * <p>A workspace's server keeps what it commits as any PostgreSQL does ({@link Durability#DURABLE}); the library
 * starts it without either by default, which the test database alone keeps ({@link Durability#THROWAWAY}).
 */
public final class EmbeddedDatabase implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedDatabase.class);
    private static final String OWNER_FILE = "middlemile-owner.pid";

    /** Servers this process started, by data directory, shared by every Spring context in the JVM. */
    private static final java.util.Map<Path, EmbeddedDatabase> STARTED = new java.util.HashMap<>();

    private final EmbeddedPostgres server;
    private final int port;
    private final Path dataDirectory;
    private int users = 1;
    private boolean stopped;
    /**
     * Stops the server at exit, whoever still uses it, once the engines are closed: Spring Boot runs its shutdown handlers
     * after the contexts it started. The library's own hook ran at the same time as the engines' close (the JVM starts
     * every hook at once) and stopped PostgreSQL under a job still committing its page, which then failed instead of
     * pausing.
     */
    private final Runnable stopAtExit = this::stop;

    private EmbeddedDatabase(EmbeddedPostgres server, int port, Path dataDirectory) {
        this.server = server;
        this.port = port;
        this.dataDirectory = dataDirectory;
        if (server != null) {
            SpringApplication.getShutdownHandlers().add(stopAtExit);
        }
    }

    /** What a commit on the server has reached when it returns. */
    public enum Durability {
        /**
         * On disk: {@code fsync} and {@code synchronous_commit} on, PostgreSQL's own defaults. The journal entry for a
         * write must outlive a power cut once the write has gone to the provider, or rollback cannot undo it; and
         * without {@code fsync} such a cut can leave the store damaged, not only behind. Measured: a million-contact
         * dedupe 0.2 s longer (the server's stop), within the run's noise otherwise.
         */
        DURABLE,
        /**
         * In the operating system's memory: the embedded library's defaults (the server started with {@code -F} and
         * {@code synchronous_commit} off). A killed process loses nothing; a crash of the machine may lose or damage
         * anything. For the test database only, whose every database is thrown away after the build.
         */
        THROWAWAY
    }

    /** Sessions the server takes unless a caller asks for more: plenty for one engine. */
    static final int DEFAULT_MAX_CONNECTIONS = 50;

    /** Servers being started ahead of the engine's Spring context ({@link #startAhead}), by data directory. */
    private static final java.util.Map<Path, CompletableFuture<EmbeddedDatabase>> AHEAD = new java.util.HashMap<>();

    /**
     * Starts the server for {@code dataDirectory} on a thread of its own, so that the engine's Spring context is built
     * meanwhile (the server takes a few hundred milliseconds to accept connections, StartupBenchmark); the next
     * {@link #start} of that directory takes it. A server nobody takes is given back with {@link #abandonAhead}.
     */
    public static synchronized void startAhead(Path dataDirectory) {
        Path directory = key(dataDirectory);
        if (STARTED.containsKey(directory) || AHEAD.containsKey(directory)) {
            return;
        }
        CompletableFuture<EmbeddedDatabase> starting = new CompletableFuture<>();
        AHEAD.put(directory, starting);
        Thread thread = new Thread(() -> {
            try {
                starting.complete(launch(directory, DEFAULT_MAX_CONNECTIONS, Durability.DURABLE));
            } catch (Throwable failure) {
                starting.completeExceptionally(failure);
            }
        }, "embedded-postgres-start");
        thread.setDaemon(true);
        thread.start();
    }

    /** Stops a server started ahead that no {@link #start} took (the engine failed to start before it needed it). */
    public static synchronized void abandonAhead(Path dataDirectory) {
        CompletableFuture<EmbeddedDatabase> starting = AHEAD.remove(key(dataDirectory));
        if (starting != null) {
            starting.thenAccept(EmbeddedDatabase::close);
        }
    }

    /** Starts (or joins) the server whose data lives in {@code dataDirectory}. */
    public static synchronized EmbeddedDatabase start(Path dataDirectory) {
        return start(dataDirectory, DEFAULT_MAX_CONNECTIONS, Durability.DURABLE);
    }

    /**
     * As {@link #start(Path)}, taking up to {@code maxConnections} sessions and keeping commits as {@code durability}
     * says when this call starts the server (50 is plenty for one engine; the cluster tests and benchmark run several
     * engines on one server). A call that joins a running server gets it as it was started.
     */
    public static synchronized EmbeddedDatabase start(Path dataDirectory, int maxConnections, Durability durability) {
        dataDirectory = key(dataDirectory);
        EmbeddedDatabase mine = STARTED.get(dataDirectory);
        if (mine != null) {
            mine.users++;
            return mine;
        }
        CompletableFuture<EmbeddedDatabase> ahead = AHEAD.remove(dataDirectory);
        EmbeddedDatabase database;
        if (ahead == null) {
            database = launch(dataDirectory, maxConnections, durability);
        } else {
            try {
                database = ahead.join();
            } catch (CompletionException e) {
                throw e.getCause() instanceof RuntimeException failure ? failure : e;
            }
        }
        if (database.server != null) {
            STARTED.put(dataDirectory, database);
        }
        return database;
    }

    /**
     * One key per data directory however it was named (relative, through a symbolic link): two keys for one directory
     * would start a second server on it, which would stop the first as if a crash had left it behind.
     */
    private static Path key(Path dataDirectory) {
        Path absolute = dataDirectory.toAbsolutePath().normalize();
        try {
            Files.createDirectories(absolute);
            return absolute.toRealPath();
        } catch (IOException e) {
            return absolute; // launch reports the folder that cannot be made
        }
    }

    /** Starts the server on {@code dataDirectory}, or joins the one another engine process runs there. */
    private static EmbeddedDatabase launch(Path dataDirectory, int maxConnections, Durability durability) {
        try {
            Files.createDirectories(dataDirectory);
            Optional<Integer> running = runningServerPort(dataDirectory);
            if (running.isPresent()) {
                LOG.info("Using the embedded PostgreSQL already running for this workspace on port {}", running.get());
                return new EmbeddedDatabase(null, running.get(), dataDirectory);
            }
            Path log = serverLog(dataDirectory);
            keepShort(log);
            EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
                    .setDataDirectory(dataDirectory)
                    .setCleanDataDirectory(false)
                    // stopped at exit after the engines (stopAtExit)
                    .setRegisterShutdownHook(false)
                    // a start after a crash of the machine replays what the server had not yet written (ServerStartWatch)
                    .setPGStartupWait(STARTUP_WAIT)
                    // the server's own words (and initdb's, pg_ctl's) where an operator finds them, also after this process
                    .setOutputRedirector(ProcessBuilder.Redirect.appendTo(log.toFile()))
                    .setErrorRedirector(ProcessBuilder.Redirect.appendTo(log.toFile()))
                    .setServerConfig("max_connections", String.valueOf(maxConnections));
            if (durability == Durability.DURABLE) {
                // given after the library's -F on the server's command line, so they win over it
                builder.setServerConfig("fsync", "on").setServerConfig("synchronous_commit", "on");
            }
            EmbeddedPostgres server;
            try (ServerStartWatch watch = new ServerStartWatch(dataDirectory)) {
                try {
                    server = builder.start();
                } catch (IOException e) {
                    throw notStarted(dataDirectory, log, watch.reasons(), e.getMessage(), e);
                }
                if (watch.serverExited()) {
                    // the library's wait, ended by the watch, returns as if the server were up. Not closed: its close
                    // would run pg_ctl stop on a server that is gone and log that as an error with a trace; the lock
                    // file it holds is let go with this process
                    throw notStarted(dataDirectory, log, watch.reasons(), "pg_ctl: could not start server", null);
                }
            }
            Files.writeString(dataDirectory.resolve(OWNER_FILE), String.valueOf(ProcessHandle.current().pid()));
            LOG.info("Started embedded PostgreSQL on port {} with data in {}", server.getPort(), dataDirectory);
            return new EmbeddedDatabase(server, server.getPort(), dataDirectory);
        } catch (IOException e) {
            throw notStarted(dataDirectory, serverLog(dataDirectory), List.of(), FileErrors.describe(e), e);
        }
    }

    /** How long a start may take: a server recovering from a crash of the machine replays up to a gigabyte of its log. */
    private static final java.time.Duration STARTUP_WAIT = java.time.Duration.ofMinutes(10);

    /** A log longer than this is moved to {@code .old} when the next server starts, so the two stay a few megabytes. */
    private static final long LOG_KEPT_BYTES = 10L << 20;

    /** The server's log, beside its data folder ({@code .middlemile/pg.log}): initdb wants the folder itself empty. */
    static Path serverLog(Path dataDirectory) {
        return dataDirectory.resolveSibling(dataDirectory.getFileName() + ".log");
    }

    private static void keepShort(Path log) throws IOException {
        if (Files.exists(log) && Files.size(log) > LOG_KEPT_BYTES) {
            Files.move(log, log.resolveSibling(log.getFileName() + ".old"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
    }

    private static StoreStartException notStarted(Path dataDirectory, Path log, List<String> said, String failure, Throwable cause) {
        String what = said.isEmpty() ? ": " + failure + "." : ". It said:\n  " + String.join("\n  ", said);
        return new StoreStartException("The embedded PostgreSQL with data in " + dataDirectory + " would not start" + what
                + "\nIts whole log: " + log + "\nCheck that the folder is writable and the disk not full. If the store's files"
                + " are damaged, restore the folder from a backup, or move it aside and run again to start an empty store (job"
                + " cursors, the crosswalk, the journal and dedupe runs then start over). Or set SPRING_DATASOURCE_URL to use"
                + " another PostgreSQL.", cause);
    }

    public String jdbcUrl() {
        return jdbcUrl("postgres");
    }

    public String jdbcUrl(String database) {
        return "jdbc:postgresql://localhost:" + port + "/" + database + "?user=postgres";
    }

    /** Creates a database on this server unless it exists (used to keep test workspaces apart). */
    public void ensureDatabase(String database) {
        if (!database.matches("[a-z_][a-z0-9_]*")) {
            throw new IllegalArgumentException("database name must be lowercase letters, digits and _: " + database);
        }
        try (java.sql.Connection connection = java.sql.DriverManager.getConnection(jdbcUrl());
             java.sql.Statement statement = connection.createStatement()) {
            try (java.sql.ResultSet exists = statement.executeQuery("select 1 from pg_database where datname = '" + database + "'")) {
                if (exists.next()) {
                    return;
                }
            }
            statement.execute("create database " + database);
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException("Could not create database " + database + " on the embedded PostgreSQL: " + e.getMessage(), e);
        }
    }

    public int port() {
        return port;
    }

    @Override
    public void close() {
        synchronized (EmbeddedDatabase.class) {
            if (server == null || --users > 0) {
                return;
            }
        }
        if (ProcessExit.underway()) {
            // stopAtExit stops it once every engine has closed: here, inside an engine's close, the command's own close of
            // that engine racing the exit's interrupted the server's stop ("Could not stop postmaster")
            return;
        }
        stop();
    }

    /** Stops the server now, however many users it has left (the last user's close, or the exit). */
    private void stop() {
        synchronized (EmbeddedDatabase.class) {
            if (stopped) {
                return;
            }
            stopped = true;
            STARTED.remove(dataDirectory, this);
        }
        try {
            SpringApplication.getShutdownHandlers().remove(stopAtExit);
        } catch (IllegalStateException exiting) {
            // the JVM is exiting: the handlers are running, this one among them (it finds the server stopped)
        }
        try {
            server.close();
            Files.deleteIfExists(dataDirectory.resolve(OWNER_FILE));
        } catch (IOException e) {
            LOG.warn("Embedded PostgreSQL did not stop cleanly: {}", e.getMessage());
        }
    }

    /**
     * The port of a live server on this data directory whose owning engine process is alive. A live
     * server whose owner died is an orphan of a crash: it is stopped here and empty is returned.
     */
    private static Optional<Integer> runningServerPort(Path dataDirectory) throws IOException {
        Path pidFile = dataDirectory.resolve("postmaster.pid");
        if (!Files.exists(pidFile)) {
            return Optional.empty();
        }
        List<String> lines = Files.readAllLines(pidFile, StandardCharsets.UTF_8);
        if (lines.size() < 4) {
            return Optional.empty();
        }
        long postmasterPid = Long.parseLong(lines.get(0).trim());
        Optional<ProcessHandle> postmaster = ProcessHandle.of(postmasterPid).filter(ProcessHandle::isAlive);
        if (postmaster.isEmpty()) {
            return Optional.empty();
        }
        Path ownerFile = dataDirectory.resolve(OWNER_FILE);
        Optional<ProcessHandle> owner = Files.exists(ownerFile)
                ? ProcessHandle.of(Long.parseLong(Files.readString(ownerFile).trim())).filter(ProcessHandle::isAlive)
                : Optional.empty();
        if (owner.isPresent() && owner.get().pid() != ProcessHandle.current().pid()) {
            return Optional.of(Integer.parseInt(lines.get(3).trim()));
        }
        LOG.warn("Stopping an embedded PostgreSQL (pid {}) left running by an engine process that ended without"
                + " shutting it down (probably killed); it will be started again", postmasterPid);
        postmaster.get().destroy();
        try {
            postmaster.get().onExit().get(15, TimeUnit.SECONDS);
        } catch (Exception e) {
            postmaster.get().destroyForcibly();
        }
        return Optional.empty();
    }
}
