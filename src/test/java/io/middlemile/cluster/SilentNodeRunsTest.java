package io.middlemile.cluster;

import io.middlemile.store.JobLock;
import io.middlemile.store.JobRun;
import io.middlemile.store.JournalStore;
import io.middlemile.store.NodeStore;
import io.middlemile.store.RetryQueue;
import io.middlemile.store.RunStore;
import io.middlemile.testing.TestDatabase;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import javax.sql.DataSource;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * node-a died in the middle of a retry, a plan and a regular run. The regular run is another node's to resume; the retry
 * and the plan are never resumed, so the nodes still beating end them as failed, naming node-a, and the retry's records stay
 * queued. A command-line retry whose process was killed is ended the same way once its job's lock is free. A command-line
 * `job run` that took a job over shows as such in the cluster's status.
 */
class SilentNodeRunsTest {

    private static final String NODE_A = RunStore.process("web-a", 101);

    private JdbcTemplate jdbc;
    private NodeStore nodes;
    private RunStore runs;
    /** Another engine process on the same store (its own job locks): a command-line `job run`, or node-a frozen, not dead. */
    private RunStore otherProcess;

    @BeforeEach
    void migrate() {
        jdbc = TestDatabase.jdbc(TestDatabase.fresh());
        Flyway.configure().dataSource(jdbc.getDataSource()).locations("classpath:db/migration").load().migrate();
        nodes = new NodeStore(jdbc);
        runs = runStore(jdbc);
        otherProcess = runStore(jdbc);
        nodes.register("node-a", "web-a", 101, Instant.now(), Duration.ofSeconds(5));
        nodes.register("node-b", "web-b", 202, Instant.now(), Duration.ofSeconds(5));
    }

    @Test
    void aSilentNodesRetryAndPlanRunsEndFailedNamingItWhileItsRegularRunWaitsToBeResumedAndTheQueueKeepsItsRecords() {
        long retry = runOfNodeA("retry-job", "retry");
        long plan = runOfNodeA("plan-job", "plan");
        long regular = runOfNodeA("import-contacts", "run");
        long failedBefore = runs.start("retry-job", "contacts-csv", "contacts", null).id();
        runs.finish(failedBefore, JobRun.Status.FAILED, "2 records rejected");
        jdbc.update("insert into retry_queue (job, connection, object, source_id, location, first_failed_run, last_run, last_reason)"
                + " values ('retry-job', 'contacts-csv', 'contacts', 'c-1', 'line-2', ?, ?, 'no email'),"
                + " ('retry-job', 'contacts-csv', 'contacts', 'c-2', 'line-3', ?, ?, 'no email')",
                failedBefore, failedBefore, failedBefore, failedBefore);
        nodes.beat("node-a", List.of("retry-job", "plan-job", "import-contacts"));
        SilentNodeRuns sweep = new SilentNodeRuns(nodes, runs);
        Heartbeat nodeB = new Heartbeat(nodes, NodeIdentity.current("node-b"), Set::of, Duration.ofHours(1), sweep::end);

        // node-a only late: nothing is ended
        jdbc.update("update cluster_nodes set last_heartbeat = now() - interval '12 seconds' where node_id = 'node-a'");
        nodeB.beat();
        assertThat(status(retry)).isEqualTo(JobRun.Status.RUNNING);

        // node-a is killed: node-b's next beat ends what nothing resumes
        jdbc.update("update cluster_nodes set last_heartbeat = now() - interval '2 minutes' where node_id = 'node-a'");
        nodeB.beat();

        JobRun endedRetry = runs.find(retry).orElseThrow();
        assertThat(endedRetry.status()).isEqualTo(JobRun.Status.FAILED);
        assertThat(endedRetry.endedAt()).isNotNull();
        assertThat(endedRetry.error()).isEqualTo("interrupted: cluster node node-a (web-a pid 101) went silent (dead or cut off from the"
                + " database) during this retry run, and nothing resumes a retry run; run `middlemile job retry-failed retry-job` again"
                + " (the records it was retrying are still queued)");
        assertThat(runs.find(plan).orElseThrow().status()).isEqualTo(JobRun.Status.FAILED);
        assertThat(runs.find(plan).orElseThrow().error()).contains("cluster node node-a")
                .contains("run `middlemile job run plan-job --plan FILE` again");
        assertThat(status(regular)).as("another node resumes it").isEqualTo(JobRun.Status.RUNNING);
        assertThat(runs.recent(JobRun.Status.RUNNING, null, 10)).extracting(JobRun::id).containsExactly(regular);
        assertThat(runs.pendingRetries("retry-job")).extracting(entry -> entry.ref().sourceId()).containsExactly("c-1", "c-2");
        assertThat(runs.pendingRetries("retry-job")).allSatisfy(entry -> assertThat(entry.attempts()).isEqualTo(1));

        // the cluster's status no longer lists them; ended once, whichever node beats next
        String note = new ClusterStatus(nodes, runs).nodes().stream().filter(node -> node.id().equals("node-a")).findFirst()
                .orElseThrow().note();
        assertThat(note).doesNotContain("retry-job").doesNotContain("plan-job").contains("(import-contacts) resume from their checkpoints");
        assertThat(sweep.end()).isEmpty();
    }

    @Test
    void aRetryWhoseJobLockAnotherProcessHoldsIsLeftUntilTheLockIsFreeOrThisNodeHoldsIt() throws Exception {
        long retry = runOfNodeA("retry-job", "retry");
        long plan = runOfNodeA("plan-job", "plan");
        jdbc.update("update cluster_nodes set last_heartbeat = now() - interval '2 minutes' where node_id = 'node-a'");
        SilentNodeRuns sweep = new SilentNodeRuns(nodes, runs);

        try (JobLock frozen = otherProcess.tryLock("retry-job").orElseThrow();
             JobLock mine = runs.tryLock("plan-job").orElseThrow()) {
            // another process holds retry-job (node-a frozen, not dead, perhaps): left; this node holds plan-job: node-a does not
            assertThat(sweep.end()).containsExactly(plan);
            assertThat(status(retry)).isEqualTo(JobRun.Status.RUNNING);
        }
        assertThat(sweep.end()).containsExactly(retry);
    }

    @Test
    void aCommandLineRetryWhoseProcessIsGoneEndsFailedNamingItWhileOneWhoseJobLockIsHeldAndRegularAndNodeRunsAreLeft()
            throws Exception {
        long gone = runOf("retry-job", "retry", RunStore.process("ops-box", 4711));
        long going = runOf("other-retry-job", "retry", RunStore.process("ops-box", 4712));
        long regular = runOf("import-contacts", "run", RunStore.process("ops-box", 4713));
        long nodeB = runOf("node-b-job", "retry", RunStore.process("web-b", 202));
        long failedBefore = runs.start("retry-job", "contacts-csv", "contacts", null).id();
        runs.finish(failedBefore, JobRun.Status.FAILED, "1 record rejected");
        jdbc.update("insert into retry_queue (job, connection, object, source_id, location, first_failed_run, last_run, last_reason)"
                + " values ('retry-job', 'contacts-csv', 'contacts', 'c-1', 'line-2', ?, ?, 'no email')", failedBefore, failedBefore);
        Heartbeat nodeA = new Heartbeat(nodes, NodeIdentity.current("node-a"), Set::of, Duration.ofHours(1),
                new SilentNodeRuns(nodes, runs)::end);

        try (JobLock cli = otherProcess.tryLock("other-retry-job").orElseThrow()) {
            // ops-box pid 4711 was killed mid-retry (its lock went with its session); pid 4712's retry still runs
            nodeA.beat();

            JobRun ended = runs.find(gone).orElseThrow();
            assertThat(ended.status()).isEqualTo(JobRun.Status.FAILED);
            assertThat(ended.endedAt()).isNotNull();
            assertThat(ended.error()).isEqualTo("interrupted: the command-line process ops-box pid 4711 that ran this retry run"
                    + " (no cluster node) stopped without ending it (killed, or its machine lost), and nothing resumes a retry run;"
                    + " run `middlemile job retry-failed retry-job` again (the records it was retrying are still queued)");
            assertThat(status(going)).as("its process holds the job's lock").isEqualTo(JobRun.Status.RUNNING);
            assertThat(status(regular)).as("the job's next run resumes it").isEqualTo(JobRun.Status.RUNNING);
            assertThat(status(nodeB)).as("a beating node's own run").isEqualTo(JobRun.Status.RUNNING);
            assertThat(runs.pendingRetries("retry-job")).extracting(entry -> entry.ref().sourceId()).containsExactly("c-1");
            assertThat(runs.pendingRetries("retry-job")).allSatisfy(entry -> assertThat(entry.attempts()).isEqualTo(1));
        }
        // pid 4712 dies too
        assertThat(new SilentNodeRuns(nodes, runs).end()).containsExactly(going);
    }

    @Test
    void aJobACommandLineJobRunTookOverShowsAsRunByItNotAsWaiting() throws Exception {
        long run = runOfNodeA("import-contacts", "run");
        nodes.beat("node-a", List.of("import-contacts"));
        jdbc.update("update cluster_nodes set last_heartbeat = now() - interval '2 minutes' where node_id = 'node-a'");
        nodes.stopped("node-b");
        ClusterStatus cluster = new ClusterStatus(nodes, runs);

        try (JobLock cli = otherProcess.tryLock("import-contacts").orElseThrow()) {
            // `middlemile job run import-contacts` on ops-box resumes the run (as RunStore.resume rewrites its process)
            jdbc.update("update job_runs set host = ?, attempts = attempts + 1 where id = ?", RunStore.process("ops-box", 4711), run);
            Instant started = runs.find(run).orElseThrow().startedAt();

            NodeStatus a = cluster.nodes().stream().filter(node -> node.id().equals("node-a")).findFirst().orElseThrow();
            assertThat(a.jobs()).containsExactly("import-contacts");
            assertThat(a.note()).contains("import-contacts is being run from the command line (`middlemile job run import-contacts` on"
                    + " ops-box pid 4711, not a node): run " + run + ", started " + started + ".").doesNotContain("wait");
        }
        // the command line's process ended without finishing the run: it waits to be resumed again
        assertThat(cluster.nodes().stream().filter(node -> node.id().equals("node-a")).findFirst().orElseThrow().note())
                .contains("(import-contacts) wait: no node is running.");
    }

    @Test
    void aRetryANodeLeftRunningWhenItStoppedCleanlyEndsFailedOnceItsLockIsFreeWhileItsRegularRunWaitsToBeResumed()
            throws Exception {
        long retry = runOfNodeA("retry-job", "retry");
        long regular = runOfNodeA("import-contacts", "run");
        SilentNodeRuns sweep = new SilentNodeRuns(nodes, runs);
        Heartbeat nodeB = new Heartbeat(nodes, NodeIdentity.current("node-b"), Set::of, Duration.ofHours(1), sweep::end);
        nodes.stopped("node-a");

        try (JobLock stillEnding = otherProcess.tryLock("retry-job").orElseThrow()) {
            // node-a marked itself stopped while its shutdown still ends the retry: the lock it holds says so
            nodeB.beat();
            assertThat(status(retry)).isEqualTo(JobRun.Status.RUNNING);
        }
        nodeB.beat();

        JobRun ended = runs.find(retry).orElseThrow();
        assertThat(ended.status()).isEqualTo(JobRun.Status.FAILED);
        assertThat(ended.error()).isEqualTo("interrupted: cluster node node-a (web-a pid 101) stopped (shut down before this run ended)"
                + " during this retry run, and nothing resumes a retry run; run `middlemile job retry-failed retry-job` again"
                + " (the records it was retrying are still queued)");
        assertThat(status(regular)).as("another node resumes it").isEqualTo(JobRun.Status.RUNNING);
        assertThat(sweep.end()).isEmpty();
    }

    private long runOfNodeA(String job, String kind) {
        long id = runs.start(job, "contacts-csv", "contacts", null, kind).id();
        jdbc.update("update job_runs set host = ? where id = ?", NODE_A, id);
        return id;
    }

    private long runOf(String job, String kind, String process) {
        long id = runs.start(job, "contacts-csv", "contacts", null, kind).id();
        jdbc.update("update job_runs set host = ? where id = ?", process, id);
        return id;
    }

    private JobRun.Status status(long run) {
        return runs.find(run).orElseThrow().status();
    }

    private static RunStore runStore(JdbcTemplate jdbc) {
        DataSource dataSource = jdbc.getDataSource();
        return new RunStore(dataSource, jdbc, new TransactionTemplate(new DataSourceTransactionManager(dataSource)),
                new JournalStore(dataSource, jdbc), new RetryQueue(jdbc));
    }
}
