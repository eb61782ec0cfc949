package io.middlemile.store;

import io.middlemile.connector.FileErrors;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import io.zonky.test.db.postgres.util.LinuxUtils;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.SpringApplication;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
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
 * <p>Every engine process of a workspace shares one server: the first one starts it, the next ones join it, and each
 * is its user until it ends ({@link ServerUsers}). The server outlives the process that started it while others still
 * use it (a `job run` ending under a `middlemile run` or a `kill-switch on` beside it): the last user to leave stops
 * it, whichever started it. A server that stops under its users anyway (killed, crashed) is started again on its port
 * by the first of them to notice, and their pools reconnect. A server left running with no user at all (every user was
 * killed) is stopped and started again by the next process, so a crash never blocks the next run.
 *
 * <p>A workspace's server keeps what it commits as any PostgreSQL does ({@link Durability#DURABLE}); the library
 * starts it without either by default, which the test database alone keeps ({@link Durability#THROWAWAY}).
 */
public final class EmbeddedDatabase implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedDatabase.class);

    /**
     * Where a Middlemile of before {@link ServerUsers} wrote the process that started the server. A server it names
     * a live process for is in use: stopped as an orphan here, it would fail that process's commands (an engine of the
     * earlier build still running beside one of this build).
     */
    private static final String OWNER_FILE = "middlemile-owner.pid";

    /** This JVM's use of each server, by data directory, shared by every Spring context in the JVM. */
    private static final java.util.Map<Path, EmbeddedDatabase> OPEN = new java.util.HashMap<>();

    /**
     * How often a user looks whether its server still runs. A server gone under its users fails every statement until it
     * is back; looking costs the read of a small file.
     */
    private static final Duration KEEPER_PERIOD = Duration.ofSeconds(2);

    /** How long a user waits after a start that failed before it tries again: each attempt writes to the server's log. */
    private static final Duration KEEPER_RETRY = Duration.ofSeconds(30);

    private final Path dataDirectory;
    private final int port;
    /** What a server started again by this user is started with: what this user asked for. */
    private final int maxConnections;
    private final Durability durability;
    private final ServerUsers.Lease lease;
    /** The Spring contexts of this JVM using this instance; guarded by the class. */
    private int users = 1;
    private volatile boolean left;
    /**
     * Leaves the server at exit, once the engines are closed: Spring Boot runs its shutdown handlers after the contexts
     * it started. The library's own hook ran at the same time as the engines' close (the JVM starts every hook at once)
     * and stopped PostgreSQL under a job still committing its page, which then failed instead of pausing.
     */
    private final Runnable leaveAtExit = this::leave;

    private EmbeddedDatabase(Path dataDirectory, int port, int maxConnections, Durability durability, ServerUsers.Lease lease) {
        this.dataDirectory = dataDirectory;
        this.port = port;
        this.maxConnections = maxConnections;
        this.durability = durability;
        this.lease = lease;
        SpringApplication.getShutdownHandlers().add(leaveAtExit);
        Thread keeper = new Thread(this::keep, "embedded-postgres-keeper");
        keeper.setDaemon(true);
        keeper.start();
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
        if (OPEN.containsKey(directory) || AHEAD.containsKey(directory)) {
            return;
        }
        CompletableFuture<EmbeddedDatabase> starting = new CompletableFuture<>();
        AHEAD.put(directory, starting);
        Thread thread = new Thread(() -> {
            try {
                starting.complete(open(directory, DEFAULT_MAX_CONNECTIONS, Durability.DURABLE));
            } catch (Throwable failure) {
                starting.completeExceptionally(failure);
            }
        }, "embedded-postgres-start");
        thread.setDaemon(true);
        thread.start();
    }

    /** Gives back a server started ahead that no {@link #start} took (the engine failed to start before it needed it). */
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
        EmbeddedDatabase mine = OPEN.get(dataDirectory);
        if (mine != null) {
            mine.users++;
            return mine;
        }
        CompletableFuture<EmbeddedDatabase> ahead = AHEAD.remove(dataDirectory);
        EmbeddedDatabase database;
        if (ahead == null) {
            database = open(dataDirectory, maxConnections, durability);
        } else {
            try {
                database = ahead.join();
            } catch (CompletionException e) {
                throw e.getCause() instanceof RuntimeException failure ? failure : e;
            }
        }
        OPEN.put(dataDirectory, database);
        return database;
    }

    /**
     * A use of the server of {@code dataDirectory} of its own, not shared with this JVM's other users: as another engine
     * process on the same workspace would hold. For tests of the sharing between processes.
     */
    static EmbeddedDatabase startApart(Path dataDirectory, Durability durability) {
        return open(key(dataDirectory), DEFAULT_MAX_CONNECTIONS, durability);
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
            return absolute; // open reports the folder that cannot be made
        }
    }

    /** Joins the server running on {@code dataDirectory} for another engine process, or starts it. */
    private static EmbeddedDatabase open(Path dataDirectory, int maxConnections, Durability durability) {
        try {
            Files.createDirectories(dataDirectory);
            return ServerUsers.exclusively(dataDirectory, () -> {
                Optional<ProcessHandle> running = postmaster(dataDirectory);
                int port;
                if (running.isPresent() && (ServerUsers.count(dataDirectory) > 0 || startedByAnEarlierBuild(dataDirectory))) {
                    port = runningPort(dataDirectory);
                    LOG.info("Using the embedded PostgreSQL already running for this workspace on port {} (it runs until the"
                            + " last process using it ends)", port);
                } else {
                    if (running.isPresent()) {
                        LOG.warn("Stopping an embedded PostgreSQL (pid {}) left running by engine processes that all ended"
                                + " without shutting it down (probably killed); it will be started again", running.get().pid());
                        stopServer(dataDirectory, running.get());
                    }
                    port = startServer(dataDirectory, 0, maxConnections, durability);
                }
                return new EmbeddedDatabase(dataDirectory, port, maxConnections, durability, ServerUsers.take(dataDirectory));
            });
        } catch (IOException e) {
            throw notStarted(dataDirectory, serverLog(dataDirectory), List.of(), FileErrors.describe(e), e);
        }
    }

    /**
     * Starts the server on {@code dataDirectory}, on {@code port} (any free one for 0), and returns its port. Under
     * {@link ServerUsers#exclusively}.
     */
    private static int startServer(Path dataDirectory, int port, int maxConnections, Durability durability) throws IOException {
        Path log = serverLog(dataDirectory);
        keepShort(log);
        EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
                .setDataDirectory(dataDirectory)
                .setCleanDataDirectory(false)
                .setPort(port)
                // stopped by its last user (leave)
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
        // The library holds a lock on this file of the data folder until this process ends, and refuses to start a server
        // on a folder whose file another process holds. The server is shared, and ServerUsers decides who starts it: a
        // user of a server stopped under it (killed) must be able to start it again while its starter still runs. Deleted,
        // the library's lock stays on a file no one opens again. (Windows refuses to delete an open file: there only
        // the starter itself can start it again.)
        try {
            Files.deleteIfExists(dataDirectory.resolve("epg-lock"));
        } catch (IOException e) {
            LOG.debug("The embedded PostgreSQL's lock file stays: {}", e.getMessage());
        }
        Files.deleteIfExists(dataDirectory.resolve(OWNER_FILE));
        LOG.info("Started embedded PostgreSQL on port {} with data in {}", server.getPort(), dataDirectory);
        return server.getPort();
    }

    /** How long a start may take: a server recovering from a crash of the machine replays up to a gigabyte of its log. */
    private static final Duration STARTUP_WAIT = Duration.ofMinutes(10);

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
            if (--users > 0) {
                return;
            }
        }
        if (ProcessExit.underway()) {
            // leaveAtExit leaves once every engine has closed: here, inside an engine's close, the command's own close of
            // that engine racing the exit's interrupted the server's stop
            return;
        }
        leave();
    }

    /**
     * Ends this process's use of the server: stops it if no other process uses it, else leaves it running for them (the
     * last of them stops it).
     */
    private void leave() {
        synchronized (EmbeddedDatabase.class) {
            if (left) {
                return;
            }
            left = true;
            OPEN.remove(dataDirectory, this);
        }
        try {
            SpringApplication.getShutdownHandlers().remove(leaveAtExit);
        } catch (IllegalStateException exiting) {
            // the JVM is exiting: the handlers are running, this one among them
        }
        try {
            ServerUsers.exclusively(dataDirectory, () -> {
                lease.close();
                int others = ServerUsers.count(dataDirectory);
                Optional<ProcessHandle> running = postmaster(dataDirectory);
                if (others > 0 || startedByAnEarlierBuild(dataDirectory)) {
                    LOG.info("Left the embedded PostgreSQL running for the other Middlemile processes of this workspace using"
                            + " it ({}); the last of them stops it", others);
                } else if (running.isPresent()) {
                    stopServer(dataDirectory, running.get());
                }
                return null;
            });
        } catch (IOException e) {
            LOG.warn("Embedded PostgreSQL did not stop cleanly: {}", e.getMessage());
        }
    }

    /**
     * Looks, while this process uses the server, whether it still runs, and starts it again on its port when it is gone:
     * this process's pools then reconnect to it, as do the other users'. Nobody stops a server that has users, so one gone
     * was killed or crashed, and waiting for another user (or a restart of this command) would leave every statement
     * failing meanwhile: a `middlemile run` answered 500 to every request until restarted.
     */
    private void keep() {
        String failure = null;
        while (!left) {
            try {
                Thread.sleep((failure == null ? KEEPER_PERIOD : KEEPER_RETRY).toMillis());
                if (left || postmaster(dataDirectory).isPresent()) {
                    failure = null;
                    continue;
                }
                ServerUsers.exclusively(dataDirectory, () -> {
                    // another user may have started it meanwhile; one leaving or exiting does not
                    if (!left && postmaster(dataDirectory).isEmpty() && !ProcessExit.underway()) {
                        LOG.warn("The embedded PostgreSQL with data in {} stopped while this process used it (killed or"
                                + " crashed; see {}); starting it again on port {}", dataDirectory, serverLog(dataDirectory), port);
                        startServer(dataDirectory, port, maxConnections, durability);
                    }
                    return null;
                });
                failure = null;
            } catch (InterruptedException e) {
                return;
            } catch (IOException | RuntimeException e) {
                String message = e instanceof IOException ? FileErrors.describe((IOException) e) : String.valueOf(e.getMessage());
                if (!message.equals(failure)) {
                    LOG.error("The embedded PostgreSQL of this workspace stopped while this process used it, and could not"
                            + " be started again on port {} (tried again every {} s); stop this command and run it"
                            + " again. {}", port, KEEPER_RETRY.toSeconds(), message);
                }
                failure = message;
            }
        }
    }

    /**
     * The server running on {@code dataDirectory}, from the process id PostgreSQL writes in {@code postmaster.pid} and
     * deletes when it stops; after a crash the file stays and its id may be another program's by then, which is not
     * taken for the server.
     */
    private static Optional<ProcessHandle> postmaster(Path dataDirectory) throws IOException {
        List<String> lines;
        try {
            lines = Files.readAllLines(dataDirectory.resolve("postmaster.pid"), StandardCharsets.UTF_8);
        } catch (java.nio.file.NoSuchFileException stopped) {
            return Optional.empty();
        }
        if (lines.size() < 4 || !lines.get(0).trim().matches("\\d+")) {
            return Optional.empty(); // being written by a server starting, or damaged
        }
        return ProcessHandle.of(Long.parseLong(lines.get(0).trim())).filter(ProcessHandle::isAlive)
                .filter(process -> process.info().command().map(command -> Path.of(command).getFileName().toString()
                        .startsWith("postgres")).orElse(true));
    }

    private static int runningPort(Path dataDirectory) throws IOException {
        return Integer.parseInt(Files.readAllLines(dataDirectory.resolve("postmaster.pid"), StandardCharsets.UTF_8).get(3).trim());
    }

    /** Whether a Middlemile of before {@link ServerUsers} started the server, and still runs ({@link #OWNER_FILE}). */
    private static boolean startedByAnEarlierBuild(Path dataDirectory) throws IOException {
        Path owner = dataDirectory.resolve(OWNER_FILE);
        if (!Files.exists(owner)) {
            return false;
        }
        String pid = Files.readString(owner).trim();
        return pid.matches("\\d+") && Long.parseLong(pid) != ProcessHandle.current().pid()
                && ProcessHandle.of(Long.parseLong(pid)).filter(ProcessHandle::isAlive).isPresent();
    }

    /**
     * Stops the server as pg_ctl's fast mode does (sessions ended, what they committed written out), with the pg_ctl
     * beside the server's own program: the process stopping it is the last user, not necessarily the one that started
     * it. Without that program (not known on this system), a SIGTERM: PostgreSQL's smart shutdown.
     */
    private static void stopServer(Path dataDirectory, ProcessHandle postmaster) throws IOException {
        Optional<Path> pgCtl = postmaster.info().command().map(Path::of)
                .map(command -> command.resolveSibling(command.getFileName().toString().replace("postgres", "pg_ctl")))
                .filter(Files::isExecutable);
        try {
            if (pgCtl.isPresent()) {
                List<String> command = new java.util.ArrayList<>();
                if (LinuxUtils.isUnshareAvailable()) {
                    // as the library runs the server's programs for root, which pg_ctl refuses to run as
                    command.addAll(List.of("unshare", "-U"));
                }
                command.addAll(List.of(pgCtl.get().toString(), "-D", dataDirectory.toString(), "stop", "-m", "fast", "-w", "-t", "60"));
                Process stop = new ProcessBuilder(command).redirectErrorStream(true)
                        .redirectOutput(ProcessBuilder.Redirect.appendTo(serverLog(dataDirectory).toFile())).start();
                if (stop.waitFor(70, TimeUnit.SECONDS) && stop.exitValue() == 0) {
                    LOG.info("Stopped the embedded PostgreSQL with data in {}", dataDirectory);
                    Files.deleteIfExists(dataDirectory.resolve(OWNER_FILE));
                    return;
                }
                stop.destroyForcibly();
            }
            postmaster.destroy();
            try {
                postmaster.onExit().get(15, TimeUnit.SECONDS);
            } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
                postmaster.destroyForcibly();
            }
            Files.deleteIfExists(dataDirectory.resolve(OWNER_FILE));
        } catch (InterruptedException e) {
            // the JVM exiting under the stop: the server goes on stopping, told already
            Thread.currentThread().interrupt();
        }
    }
}
