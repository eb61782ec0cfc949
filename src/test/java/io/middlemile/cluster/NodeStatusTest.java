package io.middlemile.cluster;

import io.middlemile.store.ClusterNode;
import io.middlemile.store.JobRun;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** A node as the console and the API show it: dead ones marked and explained, a stopped one holding nothing. */
class NodeStatusTest {

    private static final Instant STARTED = Instant.parse("2026-12-03T12:00:00Z");

    @Test
    void aSilentNodeIsDeadAndSaysWhatHappensToItsJobs() {
        ClusterNode silent = new ClusterNode("web-3-9", "web-3", 9, STARTED, Duration.ofSeconds(185), Duration.ofSeconds(5),
                List.of("sync-companies-to-salesforce"), null);

        NodeStatus status = NodeStatus.of(silent, null, List.of(new NodeStatus.LeftJob("sync-companies-to-salesforce", null)), true);

        assertThat(status.dead()).isTrue();
        assertThat(status.running()).isFalse();
        assertThat(status.state()).isEqualTo("silent");
        assertThat(status.jobs()).containsExactly("sync-companies-to-salesforce");
        assertThat(status.lastRun()).isNull();
        assertThat(status.note()).isEqualTo("web-3-9 has not beaten for 3 min (it beats every 5 s): it is dead or cannot reach the"
                + " database. The jobs it was running (sync-companies-to-salesforce) resume from their checkpoints on another node."
                + " Its schedules fire on the other nodes.");
    }

    @Test
    void aBeatingNodeShowsItsLatestRunAndNeedsNoNote() {
        ClusterNode busy = new ClusterNode("web-1-4242", "web-1", 4242, STARTED, Duration.ofSeconds(2), Duration.ofSeconds(5),
                List.of("sync-contacts-to-salesforce"), null);
        JobRun run = new JobRun(17, "sync-contacts-to-salesforce", "hubspot", "contacts", JobRun.Status.RUNNING, STARTED, null,
                10, 10, 0, 0, 1, 1, null, null);

        NodeStatus status = NodeStatus.of(busy, run, List.of(), true);

        assertThat(status.dead()).isFalse();
        assertThat(status.running()).isTrue();
        assertThat(status.heartbeatAgeSeconds()).isEqualTo(2);
        assertThat(status.note()).isNull();
        assertThat(status.lastRun()).isEqualTo(new NodeStatus.LastRun(17, "sync-contacts-to-salesforce", "running", STARTED, null));
    }

    @Test
    void aStoppedNodeHoldsNoJobAndIsNotDead() {
        ClusterNode stopped = new ClusterNode("web-2-77", "web-2", 77, STARTED, Duration.ofHours(3), Duration.ofSeconds(5),
                List.of("left-over"), Instant.now());

        NodeStatus status = NodeStatus.of(stopped, null, List.of(), true);

        assertThat(status.state()).isEqualTo("stopped");
        assertThat(status.dead()).isFalse();
        assertThat(status.jobs()).isEmpty();
        assertThat(status.note()).isNull();
    }

    @Test
    void withNoNodeRunningASilentNodesJobsWaitForOneToStartAndTheNoteSaysHowToStartIt() {
        ClusterNode silent = new ClusterNode("node-a", "web-3", 9, STARTED, Duration.ofMinutes(10), Duration.ofSeconds(5),
                List.of("import-contacts"), null);

        NodeStatus status = NodeStatus.of(silent, null, List.of(new NodeStatus.LeftJob("import-contacts", null)), false);

        assertThat(status.jobs()).containsExactly("import-contacts");
        assertThat(status.note()).isEqualTo("node-a has not beaten for 10 min (it beats every 5 s): it is dead or cannot reach the"
                + " database. The jobs it was running (import-contacts) wait: no node is running. Start one with"
                + " MIDDLEMILE_CLUSTER_ENABLED=true middlemile run and they resume there from their checkpoints."
                + " Its schedules fire again once a node runs.");
    }

    @Test
    void aSilentNodesJobTakenOverByAnotherNodeNamesThatNode() {
        ClusterNode silent = new ClusterNode("node-a", "web-3", 9, STARTED, Duration.ofMinutes(1), Duration.ofSeconds(5),
                List.of("import-contacts", "sync-companies-to-salesforce"), null);

        NodeStatus status = NodeStatus.of(silent, null, List.of(new NodeStatus.LeftJob("import-contacts", "node-b"),
                new NodeStatus.LeftJob("sync-companies-to-salesforce", null)), true);

        assertThat(status.jobs()).containsExactly("import-contacts", "sync-companies-to-salesforce");
        assertThat(status.note()).isEqualTo("node-a has not beaten for 60 s (it beats every 5 s): it is dead or cannot reach the"
                + " database. The jobs it was running (sync-companies-to-salesforce) resume from their checkpoints on another node."
                + " node-b has taken over import-contacts and is running it now. Its schedules fire on the other nodes.");
    }

    @Test
    void aSilentNodeWhoseJobsAllEndedSinceListsNoneAndPromisesNothing() {
        ClusterNode silent = new ClusterNode("node-a", "web-3", 9, STARTED, Duration.ofMinutes(10), Duration.ofSeconds(5),
                List.of("import-contacts"), null);

        NodeStatus status = NodeStatus.of(silent, null, List.of(), false);

        assertThat(status.jobs()).isEmpty();
        assertThat(status.note()).isEqualTo("node-a has not beaten for 10 min (it beats every 5 s): it is dead or cannot reach the"
                + " database. Its schedules fire again once a node runs.");
    }
}
