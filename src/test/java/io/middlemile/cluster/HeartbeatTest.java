package io.middlemile.cluster;

import io.middlemile.store.ClusterNode;
import io.middlemile.store.NodeStore;
import io.middlemile.testing.TestDatabase;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

/** A node registers, reports the jobs it runs with each beat, and marks itself stopped when it stops. */
class HeartbeatTest {

    private NodeStore nodes;

    @BeforeEach
    void migrate() {
        JdbcTemplate jdbc = TestDatabase.jdbc(TestDatabase.fresh());
        Flyway.configure().dataSource(jdbc.getDataSource()).locations("classpath:db/migration").load().migrate();
        nodes = new NodeStore(jdbc);
    }

    @Test
    void aNodeReportsItsJobsUntilItStops() {
        AtomicReference<Set<String>> running = new AtomicReference<>(Set.of());
        NodeIdentity node = NodeIdentity.current("web-1-42");
        // a long interval: the test beats by hand, so nothing races it
        Heartbeat heartbeat = new Heartbeat(nodes, node, running::get, Duration.ofHours(1));
        heartbeat.start();

        ClusterNode registered = single();
        assertThat(registered.id()).isEqualTo("web-1-42");
        assertThat(registered.pid()).isEqualTo(ProcessHandle.current().pid());
        assertThat(registered.jobs()).isEmpty();
        assertThat(registered.heartbeatEvery()).isEqualTo(Duration.ofHours(1));
        assertThat(NodeHealth.of(registered)).isEqualTo(NodeHealth.RUNNING);

        running.set(Set.of("sync-contacts-to-salesforce", "import-contacts"));
        heartbeat.beat();
        assertThat(single().jobs()).containsExactly("import-contacts", "sync-contacts-to-salesforce");

        heartbeat.close();
        ClusterNode stopped = single();
        assertThat(stopped.stoppedAt()).isNotNull();
        assertThat(stopped.jobs()).isEmpty();
        assertThat(NodeHealth.of(stopped)).isEqualTo(NodeHealth.STOPPED);
    }

    private ClusterNode single() {
        return nodes.nodes(Duration.ofHours(24)).stream().filter(n -> n.id().equals("web-1-42")).findFirst().orElseThrow();
    }
}
