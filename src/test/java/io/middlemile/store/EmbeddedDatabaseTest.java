package io.middlemile.store;

import io.middlemile.testing.DamagedStore;
import io.middlemile.testing.TestDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/** The embedded state store's server: how it keeps commits, and what a server that will not start says. */
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
}
