package io.middlemile.store;

import io.middlemile.testing.DamagedStore;
import io.middlemile.testing.TestDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

import java.io.BufferedReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/**
 * The embedded state store's server: how it keeps commits, what a server that will not start says, and how the engine
 * processes of a workspace share it.
 */
class EmbeddedDatabaseTest {

    /*
     * Asked of the running server, not of the settings handed to the library: the library puts -F on the server's
     * command line, and only a setting given after it turns fsync back on.
     */
    @Test
    void aWorkspaceServerWaitsForTheDiskBeforeACommitReturns(@TempDir Path workspace) {
        try (EmbeddedDatabase server = EmbeddedDatabase.start(workspace.resolve(".middlemile/pg"))) {
            JdbcTemplate jdbc = new JdbcTemplate(new DriverManagerDataSource(server.jdbcUrl()));

            assertThat(jdbc.queryForObject("show fsync", String.class)).isEqualTo("on");
            assertThat(jdbc.queryForObject("show synchronous_commit", String.class)).isEqualTo("on");
            assertThat(jdbc.queryForObject("show full_page_writes", String.class)).isEqualTo("on");
        }
        assertThat(workspace.resolve(".middlemile/pg.log")).as("the server's log, beside its data folder")
                .content().contains("database system is ready to accept connections");
    }

    @Test
    void theTestDatabaseAloneRunsWithoutIt() {
        JdbcTemplate jdbc = TestDatabase.jdbc(TestDatabase.fresh());

        assertThat(jdbc.queryForObject("show fsync", String.class)).isEqualTo("off");
        assertThat(jdbc.queryForObject("show synchronous_commit", String.class)).isEqualTo("off");
    }

    @Test
    void aFileWhereTheDataFolderGoesIsNamed(@TempDir Path workspace) throws Exception {
        Path data = Files.createDirectories(workspace.resolve(".middlemile")).resolve("pg");
        Files.writeString(data, "not a folder");

        assertThat(catchThrowable(() -> EmbeddedDatabase.start(data))).isInstanceOf(StoreStartException.class)
                .hasMessageContaining("would not start: a file, not a folder, is at " + data.toRealPath());
    }

    /*
     * The library waits for a server by connecting to it until a deadline, long for a recovery after a crash (minutes):
     * a server that exited at once must end the wait at once, with its own words, not "Connection refused" after it.
     */
    @Test
    void aServerThatExitsWhileStartingIsToldInItsOwnWordsWithoutWaitingForTheDeadline(@TempDir Path workspace) throws Exception {
        Path data = DamagedStore.make(workspace.resolve(".middlemile/pg")).toRealPath();

        Throwable failure = assertTimeoutPreemptively(Duration.ofSeconds(60), () -> {
            Throwable thrown = catchThrowable(() -> EmbeddedDatabase.start(data));
            assertThat(Thread.currentThread().isInterrupted()).as("the interrupt that ended the wait is cleared").isFalse();
            return thrown;
        });

        assertThat(failure).isInstanceOf(StoreStartException.class)
                .hasMessageContaining("The embedded PostgreSQL with data in " + data + " would not start. It said:\n  "
                        + DamagedStore.SERVER_SAYS)
                .hasMessageContaining("DETAIL: The database cluster was initialized with PG_CONTROL_VERSION")
                .hasMessageContaining("Its whole log: " + data.resolveSibling("pg.log"))
                .hasMessageContaining("restore the folder from a backup");
        assertThat(failure.getMessage()).as("the server's lines without their time and process")
                .doesNotContainPattern("\n  \\d{4}-\\d{2}-\\d{2} ").doesNotContain("starting up");
        assertThat(Files.readString(data.resolveSibling("pg.log"))).contains(DamagedStore.SERVER_SAYS.substring(7));
    }

    /*
     * E8: a `job run` started the server, a `middlemile run` (or a `kill-switch on`) joined it, and the job ended: it
     * stopped the server under the other, which then failed every request until restarted. Here the first process is
     * another JVM, as in use: its lease on the server is a lock the operating system holds for it.
     */
    @Test
    void aServerOutlivesTheProcessThatStartedItWhileAnotherUsesItAndTheLastToLeaveStopsIt(@TempDir Path workspace)
            throws Exception {
        Path data = workspace.resolve(".middlemile/pg");
        Process starter = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-cp", System.getProperty("java.class.path"),
                OtherProcess.class.getName(), data.toString()).redirectErrorStream(true).start();
        try {
            BufferedReader said = starter.inputReader();
            String line = said.readLine();
            while (line != null && !line.startsWith("port ")) {
                line = said.readLine();
            }
            assertThat(line).as("the other process started the server").isNotNull();
            long postmaster;
            try (EmbeddedDatabase joined = EmbeddedDatabase.startApart(data, EmbeddedDatabase.Durability.THROWAWAY)) {
                assertThat(joined.port()).as("joined, not started again").isEqualTo(Integer.parseInt(line.substring(5)));
                postmaster = postmaster(data);

                starter.getOutputStream().close(); // the other process leaves the server and ends
                assertThat(starter.waitFor(60, TimeUnit.SECONDS)).isTrue();
                assertThat(starter.exitValue()).isZero();

                JdbcTemplate jdbc = new JdbcTemplate(new DriverManagerDataSource(joined.jdbcUrl()));
                assertThat(jdbc.queryForObject("select 1", Integer.class)).as("its server runs on for this process").isEqualTo(1);
                assertThat(postmaster(data)).as("the same server, never stopped").isEqualTo(postmaster);
            }
            assertThat(data.resolve("postmaster.pid")).as("stopped by the last process to leave it").doesNotExist();
        } finally {
            starter.destroyForcibly();
        }
    }

    /*
     * A server gone under its users (killed, crashed) is started again on its port by one of them, without waiting for a
     * restart of the command: their pools reconnect to it.
     */
    @Test
    void aServerKilledUnderItsUsersIsStartedAgainOnItsPort(@TempDir Path workspace) throws Exception {
        Path data = workspace.resolve(".middlemile/pg");
        try (EmbeddedDatabase user = EmbeddedDatabase.startApart(data, EmbeddedDatabase.Durability.THROWAWAY)) {
            JdbcTemplate jdbc = new JdbcTemplate(new DriverManagerDataSource(user.jdbcUrl()));
            ProcessHandle killed = ProcessHandle.of(postmaster(data)).orElseThrow();
            killed.destroyForcibly();
            killed.onExit().get(30, TimeUnit.SECONDS);

            Integer answer = assertTimeoutPreemptively(Duration.ofSeconds(60), () -> {
                while (true) {
                    try {
                        return jdbc.queryForObject("select 1", Integer.class);
                    } catch (org.springframework.dao.DataAccessException stillDown) {
                        Thread.sleep(200);
                    }
                }
            });
            assertThat(answer).isEqualTo(1);
            assertThat(postmaster(data)).as("another server, on the same port").isNotEqualTo(killed.pid());
        }
        assertThat(data.resolve("postmaster.pid")).doesNotExist();
    }

    private static long postmaster(Path data) throws Exception {
        return Long.parseLong(Files.readAllLines(data.resolve("postmaster.pid")).get(0).trim());
    }

    /** Another engine process of the workspace: starts its server, says on which port, and leaves it as its stdin closes. */
    public static final class OtherProcess {
        public static void main(String[] args) throws Exception {
            EmbeddedDatabase database = EmbeddedDatabase.start(Path.of(args[0]), EmbeddedDatabase.DEFAULT_MAX_CONNECTIONS,
                    EmbeddedDatabase.Durability.THROWAWAY);
            System.out.println("port " + database.port());
            System.out.flush();
            while (System.in.read() >= 0) {
                // until the test closes it
            }
            database.close();
        }
    }
}
