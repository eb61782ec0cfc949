package io.middlemile.cli;

import io.middlemile.cluster.ClusterStatus;
import io.middlemile.cluster.NodeStatus;
import io.middlemile.store.ClusterNode;
import io.middlemile.store.JobRun;
import io.middlemile.store.JournalStore;
import io.middlemile.store.NodeStore;
import io.middlemile.store.RetryQueue;
import io.middlemile.store.RunStore;
import io.middlemile.testing.TestDatabase;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** What `middlemile cluster status` prints for the nodes the registry holds. */
class ClusterStatusReportTest {

    @Test
    void noNodeSaysSoAndWhereToLook() {
        String report = ClusterCommand.report(List.of());
        assertThat(report).contains("No engine node has reported").contains("MIDDLEMILE_CLUSTER_ENABLED=true")
                .contains("SPRING_DATASOURCE_URL");
    }

    @Test
    void eachNodeShowsItsJobsAndHeartbeatAgeAndASilentOneIsExplained() {
        ClusterNode busy = new ClusterNode("web-1-4242", "web-1", 4242, Instant.parse("2026-12-03T12:00:00Z"), Duration.ofSeconds(2),
                Duration.ofSeconds(5), List.of("sync-contacts-to-salesforce"), null);
        ClusterNode idle = new ClusterNode("web-2-77", "web-2", 77, Instant.parse("2026-12-03T12:00:00Z"), Duration.ofSeconds(4),
                Duration.ofSeconds(5), List.of(), null);
        ClusterNode dead = new ClusterNode("web-3-9", "web-3", 9, Instant.parse("2026-12-03T11:00:00Z"), Duration.ofSeconds(185),
                Duration.ofSeconds(5), List.of("sync-companies-to-salesforce"), null);

        String report = ClusterCommand.report(List.of(status(busy), status(idle),
                NodeStatus.of(dead, null, List.of(new NodeStatus.LeftJob("sync-companies-to-salesforce", null)), true)));

        assertThat(report.lines().filter(line -> line.startsWith("web-1-4242  "))).singleElement().asString()
                .contains("2 s ago").contains("running").contains("sync-contacts-to-salesforce");
        assertThat(report.lines().filter(line -> line.startsWith("web-2-77  "))).singleElement().asString()
                .contains("4 s ago").contains("running").endsWith("-");
        assertThat(report.lines().filter(line -> line.startsWith("web-3-9  "))).singleElement().asString()
                .contains("3 min ago").contains("silent");
        assertThat(report).contains("2 nodes running.")
                .contains("web-3-9 has not beaten for 3 min (it beats every 5 s): it is dead or cannot reach the database."
                        + " The jobs it was running (sync-companies-to-salesforce) resume from their checkpoints on another node.");
    }

    @Test
    void withEveryNodeStoppedNoScheduleFires() {
        ClusterNode stopped = new ClusterNode("web-1-4242", "web-1", 4242, Instant.now(), Duration.ofMinutes(10), Duration.ofSeconds(5),
                List.of(), Instant.now());
        assertThat(ClusterCommand.report(List.of(status(stopped)))).contains("stopped")
                .contains("0 nodes running. No schedule fires until a node runs");
    }

    /**
     * Two nodes on one store: node-a was killed running import-contacts, node-b resumed that run, finished it and stopped.
     * The registry still holds import-contacts as node-a's job at its last beat; the run store says the run is over.
     */
    @Test
    void aDeadNodesRunFinishedByAnotherNodeIsNotListedAndNoOtherNodeIsPromised() {
        JdbcTemplate jdbc = TestDatabase.jdbc(TestDatabase.fresh());
        Flyway.configure().dataSource(jdbc.getDataSource()).locations("classpath:db/migration").load().migrate();
        NodeStore nodes = new NodeStore(jdbc);
        javax.sql.DataSource dataSource = jdbc.getDataSource();
        RunStore runs = new RunStore(dataSource, jdbc, new TransactionTemplate(new DataSourceTransactionManager(dataSource)),
                new JournalStore(dataSource, jdbc), new RetryQueue(jdbc));
        nodes.register("node-a", "web-a", 101, Instant.now(), Duration.ofSeconds(5));
        nodes.register("node-b", "web-b", 202, Instant.now(), Duration.ofSeconds(5));
        long run = runs.start("import-contacts", "contacts-csv", "contacts", null).id();
        jdbc.update("update job_runs set host = ? where id = ?", RunStore.process("web-a", 101), run);
        nodes.beat("node-a", List.of("import-contacts"));
        // node-a is SIGKILLed: it stops beating with the job in its row
        jdbc.update("update cluster_nodes set last_heartbeat = now() - interval '2 minutes' where node_id = 'node-a'");
        ClusterStatus cluster = new ClusterStatus(nodes, runs);

        String waiting = ClusterCommand.report(cluster.nodes());
        assertThat(waiting.lines().filter(line -> line.startsWith("node-a  "))).singleElement().asString()
                .contains("silent").endsWith("import-contacts");
        assertThat(waiting).contains("1 node running.").contains("The jobs it was running (import-contacts) resume from their"
                + " checkpoints on another node.");

        // node-b takes the run over (as JobExecutor resumes it), reports it, finishes it and stops
        jdbc.update("update job_runs set host = ?, attempts = attempts + 1 where id = ?", RunStore.process("web-b", 202), run);
        nodes.beat("node-b", List.of("import-contacts"));
        assertThat(ClusterCommand.report(cluster.nodes())).contains("node-b has taken over import-contacts and is running it now.")
                .doesNotContain("resume from their checkpoints");
        runs.finish(run, JobRun.Status.SUCCEEDED, null);
        nodes.stopped("node-b");

        String report = ClusterCommand.report(cluster.nodes());
        assertThat(report.lines().filter(line -> line.startsWith("node-a  "))).singleElement().asString()
                .contains("silent").endsWith("-");
        assertThat(report).contains("0 nodes running.").doesNotContain("another node").doesNotContain("import-contacts")
                .contains("node-a has not beaten for 2 min (it beats every 5 s): it is dead or cannot reach the database."
                        + " Its schedules fire again once a node runs.");
    }

    private static NodeStatus status(ClusterNode node) {
        return NodeStatus.of(node, null, List.of(), true);
    }
}
