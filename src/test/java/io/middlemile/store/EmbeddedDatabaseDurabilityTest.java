package io.middlemile.store;

import io.middlemile.testing.TestDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A workspace's embedded server keeps its commits on disk, as the journal's promise needs; only the test database runs
 * without. Asked of the running server, not of the settings handed to the library: the library puts {@code -F} on the
 * server's command line, and only a setting given after it turns {@code fsync} back on.
 */
class EmbeddedDatabaseDurabilityTest {

    @Test
    void aWorkspaceServerWaitsForTheDiskBeforeACommitReturns(@TempDir Path workspace) {
        try (EmbeddedDatabase server = EmbeddedDatabase.start(workspace.resolve(".middlemile/pg"))) {
            JdbcTemplate jdbc = new JdbcTemplate(new DriverManagerDataSource(server.jdbcUrl()));

            assertThat(jdbc.queryForObject("show fsync", String.class)).isEqualTo("on");
            assertThat(jdbc.queryForObject("show synchronous_commit", String.class)).isEqualTo("on");
            assertThat(jdbc.queryForObject("show full_page_writes", String.class)).isEqualTo("on");
        }
    }

    @Test
    void theTestDatabaseAloneRunsWithoutIt() {
        JdbcTemplate jdbc = TestDatabase.jdbc(TestDatabase.fresh());

        assertThat(jdbc.queryForObject("show fsync", String.class)).isEqualTo("off");
        assertThat(jdbc.queryForObject("show synchronous_commit", String.class)).isEqualTo("off");
    }
}
