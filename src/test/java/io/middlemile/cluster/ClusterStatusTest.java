package io.middlemile.cluster;

import io.middlemile.store.ClusterNode;
import io.middlemile.store.JobRun;
import io.middlemile.store.RunStore;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Predicate;

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
        Function<String, Optional<RunStore.RunBy>> running = newest(JOB, JobRun.Status.RUNNING);

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

    @Test
    void aRunTakenOverByACommandLineJobRunSaysSoWithItsRunAndStartInsteadOfWaiting() {
        // node-a died running the job; `middlemile job run` (a one-off process, no heartbeat) resumed the run and runs it
        ClusterNode a = silent("node-a", List.of(JOB));
        Function<String, Optional<RunStore.RunBy>> byTheCli = newest(JOB, JobRun.Status.RUNNING, "run", RunStore.process("ops-box", 4711));

        NodeStatus alone = status("node-a", List.of(a), byTheCli, job -> true);
        assertThat(alone.jobs()).containsExactly(JOB);
        assertThat(alone.note()).contains("import-contacts is being run from the command line (`middlemile job run import-contacts`"
                + " on ops-box pid 4711, not a node): run 7, started 2026-12-03T12:00:00Z.").doesNotContain("wait");
        assertThat(status("node-a", List.of(beating("node-b", List.of()), a), byTheCli, job -> true).note())
                .doesNotContain("resume from their checkpoints");

        // the command line's process stopped too (its lock went with it): the run waits to be resumed like the node's
        assertThat(status("node-a", List.of(a), byTheCli, job -> false).note())
                .contains("(import-contacts) wait: no node is running.").doesNotContain("command line");
    }

    @Test
    void aDeadNodesRetryOrPlanRunIsNotPromisedToResumeButToBeStartedAgain() {
        ClusterNode a = silent("node-a", List.of(JOB));
        String nodeA = RunStore.process("web-1", 1);

        NodeStatus retry = status("node-a", List.of(beating("node-b", List.of()), a), newest(JOB, JobRun.Status.RUNNING, "retry", nodeA),
                job -> false);
        assertThat(retry.jobs()).containsExactly(JOB);
        assertThat(retry.note()).contains("The retry run 7 of import-contacts stopped when node-a went silent; nothing resumes it:"
                + " run `middlemile job retry-failed import-contacts` again (the records it was retrying are still queued).")
                .doesNotContain("resume from their checkpoints");

        NodeStatus plan = status("node-a", List.of(a), newest(JOB, JobRun.Status.RUNNING, "plan", nodeA), job -> false);
        assertThat(plan.note()).contains("The plan run 7 of import-contacts stopped when node-a went silent; nothing resumes it:"
                + " run `middlemile job run import-contacts --plan FILE` again.").doesNotContain("wait");
    }

    private static NodeStatus status(String id, List<ClusterNode> nodes, Function<String, Optional<RunStore.RunBy>> newestRunOf) {
        return status(id, nodes, newestRunOf, job -> false);
    }

    private static NodeStatus status(String id, List<ClusterNode> nodes, Function<String, Optional<RunStore.RunBy>> newestRunOf,
                                     Predicate<String> lockHeld) {
        return ClusterStatus.statuses(nodes, newestRunOf, lockHeld, node -> null).stream().filter(node -> node.id().equals(id))
                .findFirst().orElseThrow();
    }

    private static ClusterNode silent(String id, List<String> jobs) {
        return new ClusterNode(id, "web-1", 1, STARTED, Duration.ofMinutes(5), Duration.ofSeconds(5), jobs, null);
    }

    private static ClusterNode beating(String id, List<String> jobs) {
        return new ClusterNode(id, "web-2", 2, STARTED, Duration.ofSeconds(2), Duration.ofSeconds(5), jobs, null);
    }

    /** The job's newest run: a regular one by node-a's process (web-1 pid 1). */
    private static Function<String, Optional<RunStore.RunBy>> newest(String job, JobRun.Status status) {
        return newest(job, status, "run", RunStore.process("web-1", 1));
    }

    private static Function<String, Optional<RunStore.RunBy>> newest(String job, JobRun.Status status, String kind, String process) {
        Instant ended = status == JobRun.Status.RUNNING ? null : STARTED.plusSeconds(60);
        JobRun run = new JobRun(7, job, "csv", "contacts", status, STARTED, ended, 100, 100, 0, 0, 1, 2, null, null);
        RunStore.RunBy by = new RunStore.RunBy(run, kind, process);
        return name -> name.equals(job) ? Optional.of(by) : Optional.empty();
    }
}
