package io.middlemile.govern;

import io.middlemile.connector.TargetRecord;
import io.middlemile.connector.WriteOutcome;
import io.middlemile.model.SourceRef;
import io.middlemile.store.JobRun;
import io.middlemile.store.JournalEntry;
import io.middlemile.store.JournalStore;
import io.middlemile.store.RunStore;
import io.middlemile.testing.TestEngine;
import io.middlemile.workspace.ConnectorConfig;
import io.middlemile.workspace.ObjectConfig;
import io.middlemile.workspace.PolicyConfig;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The write path's guarantees under concurrency and crashes, against an in-memory target and the real store. */
class GovernedWritesTest {

    @RegisterExtension
    static final TestEngine engine = new TestEngine();

    private static final AtomicInteger JOBS = new AtomicInteger();

    private MemoryTarget target;
    private Governance governance;
    private RunStore runs;
    private JournalStore journal;

    @BeforeEach
    void setUp() {
        target = new MemoryTarget();
        runs = engine.bean(RunStore.class);
        journal = engine.bean(JournalStore.class);
        governance = governance(PolicyConfig.allowAll(), "memory");
    }

    private Governance governance(PolicyConfig policy, String connection) {
        ConnectorConfig memory = new ConnectorConfig(connection, "memory", null, null, null, null,
                Map.of("contacts", new ObjectConfig("id", null, List.of("id", "stage"))), policy);
        return TestGovernance.over(engine, memory);
    }

    private GovernedWrites writer(String job) {
        JobRun run = runs.start(job, "test", "test", "test");
        return governance.open(run, name -> target, GovernedWrites.Mode.EXECUTE, false);
    }

    private static TargetRecord record(String key, String stage) {
        return new TargetRecord("contacts", key, Map.of("id", key, "stage", stage), new SourceRef("test", "contacts", key));
    }

    private List<JournalEntry> jdbcEntries(String key) {
        return new org.springframework.jdbc.core.JdbcTemplate(engine.bean(javax.sql.DataSource.class))
                .queryForList("select id from journal where connection = 'memory' and record_key = ? order by id", Long.class, key)
                .stream().map(id -> journal.ofRun(runOf(id)).stream().filter(e -> e.id() == id).findFirst().orElseThrow()).toList();
    }

    private long runOf(long entryId) {
        Long run = new org.springframework.jdbc.core.JdbcTemplate(engine.bean(javax.sql.DataSource.class))
                .queryForObject("select run_id from journal where id = ?", Long.class, entryId);
        return run == null ? 0 : run;
    }

    @Test
    void concurrentRunsWritingTheSameRecordJournalAChainOfBeforeImages() throws Exception {
        String key = "shared-" + JOBS.incrementAndGet();
        target.rows.put(key, new java.util.LinkedHashMap<>(Map.of("id", key, "stage", "lead")));
        target.writeDelayMillis = 300;
        GovernedWrites first = writer("job-a-" + key);
        GovernedWrites second = writer("job-b-" + key);

        CompletableFuture<List<WriteOutcome>> a = CompletableFuture.supplyAsync(() -> first.write("memory", "contacts",
                List.of(record(key, "mql"))));
        CompletableFuture<List<WriteOutcome>> b = CompletableFuture.supplyAsync(() -> second.write("memory", "contacts",
                List.of(record(key, "customer"))));
        a.get(30, TimeUnit.SECONDS);
        b.get(30, TimeUnit.SECONDS);

        List<JournalEntry> written = jdbcEntries(key);
        assertThat(written).hasSize(2).allMatch(entry -> entry.result() == JournalEntry.Result.APPLIED);
        // serialized on the record: the second write's before-image is the first write's after-image
        assertThat(written.get(0).before()).containsEntry("stage", "lead");
        assertThat(written.get(1).before()).isEqualTo(written.get(0).after());
        assertThat(target.rows.get(key).get("stage")).isEqualTo(written.get(1).after().get("stage"));
    }

    @Test
    void aCrashBeforeTheWriteIsJournaledAsNotAppliedAndTheRerunWritesOnce() {
        String key = "crash-before-" + JOBS.incrementAndGet();
        String job = "job-" + key;
        target.failure = MemoryTarget.Failure.BEFORE_WRITE;
        assertThatThrownBy(() -> writer(job).write("memory", "contacts", List.of(record(key, "mql"))))
                .hasMessageContaining("simulated crash");
        assertThat(jdbcEntries(key)).singleElement().satisfies(entry -> assertThat(entry.result()).isEqualTo(JournalEntry.Result.INTENT));

        target.failure = MemoryTarget.Failure.NONE;
        List<WriteOutcome> rerun = writer(job).write("memory", "contacts", List.of(record(key, "mql")));

        assertThat(rerun).singleElement().satisfies(outcome -> assertThat(outcome.status()).isEqualTo(WriteOutcome.Status.WRITTEN));
        assertThat(jdbcEntries(key)).extracting(JournalEntry::result).containsExactly(JournalEntry.Result.NOT_APPLIED, JournalEntry.Result.APPLIED);
        assertThat(target.writes.get()).isEqualTo(1);
    }

    @Test
    void aCrashAfterTheWriteIsConfirmedAsAppliedAndTheRerunDoesNotWriteAgain() {
        String key = "crash-after-" + JOBS.incrementAndGet();
        String job = "job-" + key;
        target.failure = MemoryTarget.Failure.AFTER_WRITE;
        assertThatThrownBy(() -> writer(job).write("memory", "contacts", List.of(record(key, "mql"))))
                .hasMessageContaining("simulated crash");

        target.failure = MemoryTarget.Failure.NONE;
        List<WriteOutcome> rerun = writer(job).write("memory", "contacts", List.of(record(key, "mql")));

        assertThat(rerun).singleElement().satisfies(outcome -> {
            assertThat(outcome.status()).isEqualTo(WriteOutcome.Status.SKIPPED);
            assertThat(outcome.reason()).startsWith("unchanged");
        });
        assertThat(jdbcEntries(key)).singleElement().satisfies(entry -> assertThat(entry.result()).isEqualTo(JournalEntry.Result.APPLIED));
        assertThat(target.writes.get()).isEqualTo(1);
    }

    @Test
    void aDailyCapCountsWritesOfEveryRunThatDay() {
        String connection = "capped-" + JOBS.incrementAndGet();
        governance = governance(new PolicyConfig("auto", List.of(), List.of(new PolicyConfig.Cap("create", null, 2))), connection);

        List<WriteOutcome> first = writer("job-" + connection).write(connection, "contacts",
                List.of(record("c1", "lead"), record("c2", "lead")));

        assertThat(first).extracting(WriteOutcome::status).containsOnly(WriteOutcome.Status.WRITTEN);
        assertThatThrownBy(() -> writer("other-job-" + connection).write(connection, "contacts", List.of(record("c3", "lead"))))
                .isInstanceOf(WritesHaltedException.class)
                .hasMessageStartingWith("Daily cap reached at " + connection + ": 2 create writes today and the next page has 1 more,"
                        + " over perDay 2");
        assertThat(target.rows).containsOnlyKeys("c1", "c2");
    }

    @Test
    void aTodayOverRuleSendsWritesToReviewOnceTheDayIsBusy() {
        String connection = "busy-" + JOBS.incrementAndGet();
        governance = governance(new PolicyConfig("auto", List.of(new PolicyConfig.Rule(null, null, "create", null, 2, null, "review")),
                List.of()), connection);
        writer("job-" + connection).write(connection, "contacts", List.of(record("t1", "lead"), record("t2", "lead")));

        List<WriteOutcome> third = writer("later-" + connection).write(connection, "contacts", List.of(record("t3", "lead")));

        assertThat(third).singleElement().satisfies(outcome -> {
            assertThat(outcome.status()).isEqualTo(WriteOutcome.Status.SKIPPED);
            assertThat(outcome.reason()).contains("waiting for review").contains("todayOver=2");
        });
        assertThat(target.rows).containsOnlyKeys("t1", "t2");
    }

    @Test
    void theJournalIsAppendOnly() {
        String key = "append-only-" + JOBS.incrementAndGet();
        writer("job-" + key).write("memory", "contacts", List.of(record(key, "mql")));
        org.springframework.jdbc.core.JdbcTemplate jdbc = new org.springframework.jdbc.core.JdbcTemplate(
                engine.bean(javax.sql.DataSource.class));

        assertThatThrownBy(() -> jdbc.update("update journal set after = '{}' where record_key = ?", key))
                .hasMessageContaining("the journal is append-only");
        assertThatThrownBy(() -> jdbc.update("delete from journal_results"))
                .hasMessageContaining("the journal is append-only");
    }

    @Test
    void aPlanRunPlansArchivesInsteadOfMakingThemAndAnArchivedRecordIsNothingToDo() {
        target.rows.put("c-1", new java.util.LinkedHashMap<>(Map.of("id", "c-1", "stage", "lead")));
        JobRun run = runs.start("plan-archive-" + JOBS.incrementAndGet(), "test", "test", "test");
        GovernedWrites planning = governance.open(run, name -> target, GovernedWrites.Mode.PLAN, false);
        SourceRef origin = new SourceRef("test", "contacts", "c-1");

        List<WriteOutcome> planned = planning.archive("memory", "contacts", List.of("c-1"), origin);

        assertThat(planned).singleElement().satisfies(outcome -> assertThat(outcome.reason()).isEqualTo("would archive contacts c-1"));
        assertThat(planning.plan().writes()).singleElement().satisfies(write -> assertThat(write.action()).isEqualTo("archive"));
        assertThat(target.rows).containsKey("c-1");
        assertThat(target.writes).hasValue(0);

        GovernedWrites executing = writer("archive-" + JOBS.incrementAndGet());
        assertThat(executing.archive("memory", "contacts", List.of("c-1"), origin)).singleElement()
                .satisfies(outcome -> assertThat(outcome.status()).isEqualTo(WriteOutcome.Status.WRITTEN));
        assertThat(executing.archive("memory", "contacts", List.of("c-1"), origin)).singleElement().satisfies(outcome -> {
            assertThat(outcome.status()).isEqualTo(WriteOutcome.Status.SKIPPED);
            assertThat(outcome.reason()).startsWith("nothing to do: memory does not hold contacts c-1");
        });
        assertThat(target.rows).doesNotContainKey("c-1");
    }

    @Test
    void aKeyTheTargetCannotBeAskedAboutRejectsItsRecordAndTheBatchGoesOn() {
        String bad = "unreadable-" + JOBS.incrementAndGet();
        String good = "readable-" + JOBS.get();
        target.unreadable.put(bad, "the key is too long to look up; correct it in the source");
        target.rows.put(good, new java.util.LinkedHashMap<>(Map.of("id", good, "stage", "lead")));
        GovernedWrites writes = writer("unreadable-" + JOBS.get());

        List<WriteOutcome> outcomes = writes.write("memory", "contacts", List.of(record(bad, "mql"), record(good, "mql")));

        assertThat(outcomes).extracting(WriteOutcome::status).containsExactly(WriteOutcome.Status.REJECTED, WriteOutcome.Status.WRITTEN);
        assertThat(outcomes.get(0).reason()).isEqualTo("the key is too long to look up; correct it in the source");
        assertThat(outcomes.get(0).origin()).isEqualTo(new SourceRef("test", "contacts", bad));
        assertThat(target.rows).doesNotContainKey(bad);
        assertThat(target.rows.get(good)).containsEntry("stage", "mql");
        assertThat(jdbcEntries(bad)).as("nothing was intended for it").isEmpty();

        List<WriteOutcome> archived = writer("unreadable-archive-" + JOBS.get()).archive("memory", "contacts", List.of(bad),
                new SourceRef("test", "contacts", bad));
        assertThat(archived).singleElement().satisfies(outcome -> {
            assertThat(outcome.status()).isEqualTo(WriteOutcome.Status.REJECTED);
            assertThat(outcome.reason()).isEqualTo("the key is too long to look up; correct it in the source");
        });
    }

    @Test
    void fieldsAWriteRuleKeepsBackAreReportedAsHeld() {
        target.rows.put("c-2", new java.util.LinkedHashMap<>(Map.of("id", "c-2", "stage", "customer")));
        TargetRecord keepStage = new TargetRecord("contacts", "c-2", Map.of("id", "c-2", "stage", "lead"),
                new SourceRef("test", "contacts", "c-2"), Map.of("stage", new io.middlemile.connector.FieldWrite("if-empty", null, null)));

        WriteOutcome outcome = writer("held-" + JOBS.incrementAndGet()).write("memory", "contacts", List.of(keepStage)).get(0);

        assertThat(outcome.status()).isEqualTo(WriteOutcome.Status.SKIPPED);
        assertThat(outcome.held()).containsExactly("stage");
        assertThat(outcome.reason()).contains("keeps its own stage");
        assertThat(target.rows.get("c-2")).containsEntry("stage", "customer");
    }
    @Test
    void anArchiveTheRuleSendsToReviewIsParkedAndApprovingItArchivesTheRecord() {
        String connection = "archive-review-" + JOBS.incrementAndGet();
        governance = governance(new PolicyConfig("auto", List.of(new PolicyConfig.Rule(null, null, "archive", null, null, null, "review")),
                List.of()), connection);
        target.rows.put("c-4", new java.util.LinkedHashMap<>(Map.of("id", "c-4", "stage", "lead")));

        List<WriteOutcome> parked = writer("job-" + connection).archive(connection, "contacts", List.of("c-4"),
                new SourceRef("test", "contacts", "deleted"));

        assertThat(parked).singleElement().satisfies(outcome -> {
            assertThat(outcome.status()).isEqualTo(WriteOutcome.Status.SKIPPED);
            assertThat(outcome.reason()).startsWith("waiting for review #").contains("to archive contacts c-4");
        });
        assertThat(target.rows).containsKey("c-4");
        io.middlemile.store.ReviewItem item = engine.bean(io.middlemile.store.ReviewStore.class).list(io.middlemile.store.ReviewItem.Status.PENDING)
                .stream().filter(review -> review.connection().equals(connection)).findFirst().orElseThrow();
        assertThat(item.action()).isEqualTo("archive");
        assertThat(item.before()).containsEntry("stage", "lead");

        ActionReport approved = new GovernedActions(governance, name -> target).approve(item.id(), "ops", null);

        assertThat(approved.written()).isEqualTo(1);
        assertThat(target.rows).doesNotContainKey("c-4");
        assertThat(journal.ofRun(approved.runId())).singleElement().satisfies(entry -> {
            assertThat(entry.action()).isEqualTo("archive");
            assertThat(entry.result()).isEqualTo(JournalEntry.Result.APPLIED);
        });
    }

    @Test
    void aPlannedArchiveIsAppliedAsAnArchive() {
        target.rows.put("c-3", new java.util.LinkedHashMap<>(Map.of("id", "c-3", "stage", "lead")));
        JobRun run = runs.start("plan-then-apply-" + JOBS.incrementAndGet(), "test", "test", "test");
        GovernedWrites planning = governance.open(run, name -> target, GovernedWrites.Mode.PLAN, false);
        planning.archive("memory", "contacts", List.of("c-3"), new SourceRef("test", "contacts", "c-3"));

        ActionReport applied = new GovernedActions(governance, name -> target).apply(planning.plan(), "plan.json");

        assertThat(applied.written()).isEqualTo(1);
        assertThat(target.rows).doesNotContainKey("c-3");
        assertThat(journal.ofRun(applied.runId())).singleElement().satisfies(entry -> {
            assertThat(entry.action()).isEqualTo("archive");
            assertThat(entry.result()).isEqualTo(JournalEntry.Result.APPLIED);
        });
    }

    @Test
    void aPlanRunShowsAMergeForReviewWithoutParkingIt() {
        governance = governance(new PolicyConfig("auto", List.of(new PolicyConfig.Rule(null, null, "merge", null, null, 0.98, "review")),
                List.of()), "memory");
        target.rows.put("m-1", new java.util.LinkedHashMap<>(Map.of("id", "m-1", "stage", "lead")));
        target.rows.put("m-2", new java.util.LinkedHashMap<>(Map.of("id", "m-2", "stage", "lead")));
        JobRun run = runs.start("plan-merge-" + JOBS.incrementAndGet(), "test", "test", "test");
        GovernedWrites planning = governance.open(run, name -> target, GovernedWrites.Mode.PLAN, false);

        List<WriteOutcome> planned = planning.merge("memory", "contacts", "m-1", List.of("m-2"), 0.9);

        assertThat(planned).singleElement().satisfies(outcome -> {
            assertThat(outcome.status()).isEqualTo(WriteOutcome.Status.SKIPPED);
            assertThat(outcome.reason()).startsWith("would wait for review: merge into m-1 (policy.rules[0]");
        });
        assertThat(planning.plan().writes()).singleElement().satisfies(write -> {
            assertThat(write.action()).isEqualTo("merge");
            assertThat(write.decision()).isEqualTo(PolicyVerdict.Kind.REVIEW);
        });
        assertThat(engine.bean(io.middlemile.store.ReviewStore.class).list(null))
                .noneMatch(item -> item.job().equals(run.job()));
        assertThat(target.rows).containsKeys("m-1", "m-2");
    }
}
