package io.middlemile.cluster;

import io.middlemile.store.ClusterNode;
import io.middlemile.store.JobRun;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A silent node's jobs as the cluster's status shows them: compared with what became of their runs in the run store and
 * with the other nodes' heartbeats, not as its last beat left them.
 */
class ClusterStatusTest {

    private static final Instant STARTED = Instant.parse("2026-12-03T12:00:00Z");
    private static final String JOB = "import-contacts";

    @Test
    void aDeadNodesRunTakenOverAndFinishedByAnotherNodeIsNoLongerListedNorPromisedToAnotherNode() {
        // node-a was killed running the job; node-b resumed the run, finished it, and has stopped since: no node runs
        ClusterNode a = silent("node-a", List.of(JOB));
        ClusterNode b = new ClusterNode("node-b", "web-2", 2, STARTED, Duration.ofMinutes(1), Duration.ofSeconds(5), List.of(),
                Instant.now());

        NodeStatus status = status("node-a", List.of(b, a), newest(JOB, JobRun.Status.SUCCEEDED));

        assertThat(status.jobs()).isEmpty();
        assertThat(status.note()).doesNotContain(JOB).doesNotContain("another node")
                .endsWith("it is dead or cannot reach the database. Its schedules fire again once a node runs.");
    }

    @Test
    void aDeadNodesRunThatEndedOtherwiseOrNeverStartedIsNotListed() {
        for (JobRun.Status ended : List.of(JobRun.Status.FAILED, JobRun.Status.PAUSED, JobRun.Status.HALTED)) {
            assertThat(status("node-a", List.of(beating("node-b", List.of()), silent("node-a", List.of(JOB))), newest(JOB, ended)).jobs())
                    .as(ended.name()).isEmpty();
        }
        // the node held the job's lock without a run (settling its journal): nothing to resume
        assertThat(status("node-a", List.of(silent("node-a", List.of(JOB))), job -> Optional.empty()).jobs()).isEmpty();
    }

    @Test
    void aRunTakenOverAndStillRunningNamesTheNodeThatHasIt() {
        List<ClusterNode> nodes = List.of(beating("node-b", List.of(JOB)), silent("node-a", List.of(JOB)));

        NodeStatus status = status("node-a", nodes, newest(JOB, JobRun.Status.RUNNING));

        assertThat(status.jobs()).containsExactly(JOB);
        assertThat(status.note()).contains("node-b has taken over import-contacts and is running it now.")
                .doesNotContain("resume from their checkpoints").endsWith("Its schedules fire on the other nodes.");
    }

    @Test
    void aRunNoNodeResumedYetWaitsForANodeToStartWhenNoneRuns() {
        ClusterNode a = silent("node-a", List.of(JOB));
        Function<String, Optional<JobRun>> running = newest(JOB, JobRun.Status.RUNNING);

        NodeStatus alone = status("node-a", List.of(a), running);
        assertThat(alone.jobs()).containsExactly(JOB);
        assertThat(alone.note()).contains("The jobs it was running (import-contacts) wait: no node is running. Start one with"
                + " MIDDLEMILE_CLUSTER_ENABLED=true middlemile run and they resume there from their checkpoints.")
                .doesNotContain("another node").doesNotContain("other nodes");

        // a beating node, not yet holding the job (Quartz fails the dead node over after about three check-ins)
        NodeStatus withAnother = status("node-a", List.of(beating("node-b", List.of()), a), running);
        assertThat(withAnother.note()).contains("The jobs it was running (import-contacts) resume from their checkpoints on another"
                + " node.").endsWith("Its schedules fire on the other nodes.");
    }

    @Test
    void aRunThatANodeWhichFellSilentLaterHadIsThatNodesToReport() {
        ClusterNode first = silent("node-a", List.of(JOB));
        ClusterNode later = new ClusterNode("node-b", "web-2", 2, STARTED, Duration.ofMinutes(1), Duration.ofSeconds(5), List.of(JOB),
                null);
        List<ClusterNode> nodes = List.of(first, later);

        assertThat(status("node-a", nodes, newest(JOB, JobRun.Status.RUNNING)).jobs()).isEmpty();
        NodeStatus holder = status("node-b", nodes, newest(JOB, JobRun.Status.RUNNING));
        assertThat(holder.jobs()).containsExactly(JOB);
        assertThat(holder.note()).contains("(import-contacts) wait: no node is running.");
    }

    @Test
    void aBeatingNodesJobsAreAsItReportsThem() {
        // the run store is not asked: a beating node's heartbeat is current
        NodeStatus status = status("node-b", List.of(beating("node-b", List.of(JOB))), job -> {
            throw new AssertionError("asked the run store about " + job);
        });
        assertThat(status.jobs()).containsExactly(JOB);
        assertThat(status.note()).isNull();
    }

    private static NodeStatus status(String id, List<ClusterNode> nodes, Function<String, Optional<JobRun>> newestRunOf) {
        return ClusterStatus.statuses(nodes, newestRunOf, node -> null).stream().filter(node -> node.id().equals(id)).findFirst()
                .orElseThrow();
    }

    private static ClusterNode silent(String id, List<String> jobs) {
        return new ClusterNode(id, "web-1", 1, STARTED, Duration.ofMinutes(5), Duration.ofSeconds(5), jobs, null);
    }

    private static ClusterNode beating(String id, List<String> jobs) {
        return new ClusterNode(id, "web-2", 2, STARTED, Duration.ofSeconds(2), Duration.ofSeconds(5), jobs, null);
    }

    private static Function<String, Optional<JobRun>> newest(String job, JobRun.Status status) {
        Instant ended = status == JobRun.Status.RUNNING ? null : STARTED.plusSeconds(60);
        JobRun run = new JobRun(7, job, "csv", "contacts", status, STARTED, ended, 100, 100, 0, 0, 1, 2, null, null);
        return name -> name.equals(job) ? Optional.of(run) : Optional.empty();
    }
}
