package io.middlemile.cli;

import io.middlemile.testing.TestDatabase;
import io.middlemile.testing.TestWorkspaces;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** In `run` mode a route's own schedule starts job runs, again and again, without the CLI asking. */
class ScheduledRunTest {

    @TempDir
    Path workspace;

    @Test
    void routeRunsOnItsScheduleInRunMode() throws Exception {
        TestWorkspaces.copyBundled(workspace);
        Path route = workspace.resolve("routes/import-contacts.camel.yaml");
        Files.writeString(route, Files.readString(route).replace("delay: 3600000", "delay: 300\n        initialDelay: 0"));
        String database = TestDatabase.fresh();
        System.setProperty("server.port", "0");
        JdbcTemplate jdbc = TestDatabase.jdbc(database);

        try (ConfigurableApplicationContext engine = EngineLauncher.start(workspace, false, false, true)) {
            long deadline = System.nanoTime() + 30_000_000_000L;
            while (succeededRuns(jdbc) < 2 && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }
        } finally {
            // left set, it would move the port of every engine the later tests start in this JVM
            System.clearProperty("server.port");
        }

        assertThat(succeededRuns(jdbc)).isGreaterThanOrEqualTo(2);
        assertThat(jdbc.queryForList("select distinct read_count from job_runs where status = 'succeeded'", Long.class))
                .containsExactly(28L);
        assertThat(Files.exists(workspace.resolve("out/contacts-clean.csv"))).isTrue();
    }

    private static long succeededRuns(JdbcTemplate jdbc) {
        Long count = jdbc.queryForObject("select count(*) from job_runs where status = 'succeeded'", Long.class);
        return count == null ? 0 : count;
    }
}
