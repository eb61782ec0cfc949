package io.middlemile.govern;

import io.middlemile.connector.ConnectorException;
import io.middlemile.connector.ConnectorException.Kind;
import io.middlemile.connector.TargetRecord;
import io.middlemile.model.SourceRef;
import io.middlemile.model.Target;
import io.middlemile.store.CursorStore;
import io.middlemile.store.JobRun;
import io.middlemile.store.ReviewItem;
import io.middlemile.store.ReviewStore;
import io.middlemile.store.RunStore;
import io.middlemile.sync.Batch;
import io.middlemile.sync.JobExecutor;
import io.middlemile.sync.JobRequest;
import io.middlemile.sync.ProgressListener;
import io.middlemile.sync.RejectsFile;
import io.middlemile.testing.PagedSource;
import io.middlemile.testing.TestEngine;
import io.middlemile.workspace.ConnectorConfig;
import io.middlemile.workspace.ObjectConfig;
import io.middlemile.workspace.PolicyConfig;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * Issue #10, one error contract: the same failure from a target ends a job run, a plan apply, a review
 * approval and a rollback the same way (status, resume time, message), as {@link RunOutcome} says.
 */
class SameFailureSameOutcomeTest {

    private static final Instant RESET = Instant.now().plus(1, ChronoUnit.DAYS).truncatedTo(ChronoUnit.DAYS);

    @RegisterExtension
    static final TestEngine engine = new TestEngine();

    private static final AtomicInteger JOBS = new AtomicInteger();

    private MemoryTarget target;
    private RunStore runs;

    @BeforeEach
    void setUp() {
        target = new MemoryTarget();
        runs = engine.bean(RunStore.class);
    }

    static Stream<Arguments> failures() {
        return Stream.of(
                Arguments.of(JobRun.Status.PAUSED, RESET, (Supplier<RuntimeException>) () -> new ConnectorException(Kind.QUOTA_EXHAUSTED,
                        "memory connection, upsert: the account's daily API quota is used up.", null, RESET, null)),
                Arguments.of(JobRun.Status.HALTED, null, (Supplier<RuntimeException>) () -> new WritesHaltedException(
                        "No write was made: the kill switch was turned on. Turn it off with `middlemile kill-switch off`.")),
                Arguments.of(JobRun.Status.FAILED, null, (Supplier<RuntimeException>) () -> new ConnectorException(Kind.AUTH,
                        "memory connection: the token was refused; check MEMORY_TOKEN.")));
    }

    @Test
    void aDailyQuotaPausesEveryKindOfRunUntilTheResetAndSaysWhatToDo() {
        ConnectorException quota = new ConnectorException(Kind.QUOTA_EXHAUSTED, "memory connection, upsert: HTTP 429: daily quota"
                + " used up.", null, RESET, null);
        target.failWritesWith = quota;

        List<RunOutcome> outcomes = List.of(jobRun(), apply(), approve(), rollback());

        assertThat(outcomes).allSatisfy(outcome -> {
            assertThat(outcome.status()).isEqualTo(JobRun.Status.PAUSED);
            assertThat(outcome.resumeAt()).isEqualTo(RESET);
            assertThat(outcome.message()).startsWith(quota.getMessage()).contains("Paused until " + RESET)
                    .contains("run it again after then");
        });
        assertThat(outcomes).containsOnly(RunOutcome.of(quota));
    }

    @ParameterizedTest
    @MethodSource("failures")
    void theSameFailureEndsAJobRunAnApplyAnApprovalAndARollbackAlike(JobRun.Status status, Instant resumeAt,
                                                                     Supplier<RuntimeException> failure) {
        RuntimeException thrown = failure.get();
        target.failWritesWith = thrown;

        RunOutcome job = jobRun();
        RunOutcome applied = apply();
        RunOutcome approved = approve();
        RunOutcome rolledBack = rollback();

        assertThat(job.status()).isEqualTo(status);
        assertThat(job.resumeAt()).isEqualTo(resumeAt);
        assertThat(job.message()).contains(thrown.getMessage());
        assertThat(List.of(applied, approved, rolledBack)).containsOnly(job);
    }

    /**
     * A job lock another command holds is no failure of the target, and ends no run: a command of the same job waits for it
     * and goes on once it is free; past its wait it is refused as busy (the REST API's 409), having recorded no run.
     */
    @Test
    void aCommandWaitsForItsJobsLockAndPastTheWaitIsRefusedAsBusyWithoutARun() throws Exception {
        ActionSessions sessions = new ActionSessions(governance(PolicyConfig.allowAll()), name -> target, java.time.Duration.ofMillis(300));
        String job = "busy-" + JOBS.incrementAndGet();

        LockHeldException busy;
        try (io.middlemile.store.JobLock held = runs.tryLock(job).orElseThrow()) {
            busy = catchThrowableOfType(() -> sessions.run(job, "apply", "test", null, (session, tally) -> { }), LockHeldException.class);
        }
        assertThat(busy).as("refused, not an IllegalStateException of no kind").isNotNull();
        assertThat(busy.job()).isEqualTo(job);
        assertThat(busy.getMessage()).startsWith(job + " is already running").contains("Nothing was done; try again in a moment");
        assertThat(runs.history(job, 10)).isEmpty();

        io.middlemile.store.JobLock held = runs.tryLock(job).orElseThrow();
        java.util.concurrent.CompletableFuture.runAsync(() -> {
            sleep(100);
            held.close();
        });
        ActionReport waited = new ActionSessions(governance(PolicyConfig.allowAll()), name -> target, java.time.Duration.ofSeconds(10))
                .run(job, "apply", "test", null, (session, tally) -> { });
        assertThat(runs.find(waited.runId()).orElseThrow().status()).isEqualTo(JobRun.Status.SUCCEEDED);
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    // ---- the four paths; each returns the outcome as recorded on its run ----

    /** A job run whose route writes one page to the target. */
    private RunOutcome jobRun() {
        String job = "job-" + JOBS.incrementAndGet();
        Governance governance = governance(PolicyConfig.allowAll());
        JobExecutor executor = new JobExecutor(runs, engine.bean(CursorStore.class),
                name -> name.equals("source") ? new PagedSource(job + "-", 1) : target, governance,
                new RejectsFile(engine.workspace().resolve("rejects")));
        JobRequest request = new JobRequest(job, "source", "contacts", 10, List.of(new Target("memory", "contacts")), false, null);

        JobRun run = executor.run(request, SameFailureSameOutcomeTest::writeAll, ProgressListener.NONE);

        return recorded(run.id(), null);
    }

    private RunOutcome apply() {
        Governance governance = governance(PolicyConfig.allowAll());
        JobRun planRun = runs.start("plan-" + JOBS.incrementAndGet(), "test", "test", "test");
        GovernedWrites planning = governance.open(planRun, name -> target, GovernedWrites.Mode.PLAN, false);
        String key = "apply-" + JOBS.get();
        planning.write("memory", "contacts", List.of(record(key, "mql")));

        RunStoppedException stopped = catchThrowableOfType(() -> new GovernedActions(governance, name -> target)
                .apply(planning.plan(), "plan.json"), RunStoppedException.class);

        assertThat(target.rows).doesNotContainKey(key);
        return recorded(stopped.runId(), stopped);
    }

    private RunOutcome approve() {
        Governance reviewed = governance(new PolicyConfig("review", List.of(), List.of()));
        String job = "reviewed-" + JOBS.incrementAndGet();
        String key = "review-" + JOBS.get();
        RuntimeException failure = target.failWritesWith;
        target.failWritesWith = null;
        reviewed.open(runs.start(job, "test", "test", "test"), name -> target, GovernedWrites.Mode.EXECUTE, false)
                .write("memory", "contacts", List.of(record(key, "mql")));
        target.failWritesWith = failure;
        ReviewItem parked = engine.bean(ReviewStore.class).list(ReviewItem.Status.PENDING).stream()
                .filter(item -> item.job().equals(job)).findFirst().orElseThrow();

        RunStoppedException stopped = catchThrowableOfType(() -> new GovernedActions(reviewed, name -> target)
                .approve(parked.id(), "ops", null), RunStoppedException.class);

        assertThat(engine.bean(ReviewStore.class).find(parked.id()).orElseThrow().status())
                .as("still pending: approving it again once the cause is gone makes the write").isEqualTo(ReviewItem.Status.PENDING);
        return recorded(stopped.runId(), stopped);
    }

    private RunOutcome rollback() {
        Governance governance = governance(PolicyConfig.allowAll());
        String key = "rollback-" + JOBS.incrementAndGet();
        target.rows.put(key, new LinkedHashMap<>(Map.of("id", key, "stage", "lead")));
        RuntimeException failure = target.failWritesWith;
        target.failWritesWith = null;
        JobRun written = runs.start("written-" + JOBS.get(), "test", "test", "test");
        governance.open(written, name -> target, GovernedWrites.Mode.EXECUTE, false)
                .write("memory", "contacts", List.of(record(key, "customer")));
        target.failWritesWith = failure;

        RunStoppedException stopped = catchThrowableOfType(() -> new GovernedActions(governance, name -> target)
                .rollback(written.id()), RunStoppedException.class);

        assertThat(target.rows.get(key)).containsEntry("stage", "customer");
        return recorded(stopped.runId(), stopped);
    }

    /** The outcome as the run's record holds it; the thrown exception carries the same. */
    private RunOutcome recorded(long runId, RunStoppedException stopped) {
        JobRun run = runs.find(runId).orElseThrow();
        if (stopped != null) {
            assertThat(stopped.outcome().status()).isEqualTo(run.status());
            assertThat(stopped.outcome().message()).isEqualTo(run.error());
            assertThat(stopped.getMessage()).contains(run.error());
            return stopped.outcome();
        }
        RunOutcome expected = RunOutcome.of(target.failWritesWith);
        assertThat(run.status()).isEqualTo(expected.status());
        assertThat(run.error()).isEqualTo(expected.message());
        return new RunOutcome(run.status(), expected.resumeAt(), run.error());
    }

    private Governance governance(PolicyConfig policy) {
        ConnectorConfig memory = new ConnectorConfig("memory", "memory", null, null, null, null,
                Map.of("contacts", new ObjectConfig("id", null, List.of("id", "stage"))), policy);
        return TestGovernance.over(engine, memory);
    }

    private static TargetRecord record(String key, String stage) {
        return new TargetRecord("contacts", key, Map.of("id", key, "stage", stage), new SourceRef("test", "contacts", key));
    }

    /** The route of the job path: every record of the page to the target, through the run's governed writes. */
    private static Batch writeAll(Batch batch) {
        List<TargetRecord> records = new ArrayList<>();
        for (Batch.Item item : batch.items()) {
            records.add(record(item.ref().sourceId(), "mql"));
        }
        batch.run().writes().write("memory", "contacts", records);
        batch.items().forEach(item -> batch.written(item, null));
        batch.retain(List.of());
        return batch;
    }
}
