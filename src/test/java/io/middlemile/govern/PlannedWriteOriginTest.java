package io.middlemile.govern;

import io.middlemile.connector.TargetRecord;
import io.middlemile.model.SourceRef;
import io.middlemile.store.JobRun;
import io.middlemile.store.RecordOutcome;
import io.middlemile.store.RunStore;
import io.middlemile.testing.TestEngine;
import io.middlemile.workspace.ConnectorConfig;
import io.middlemile.workspace.ObjectConfig;
import io.middlemile.workspace.PolicyConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What lets applying a plan settle each queued record by its own writes ({@code ApplyCommand.notWritten}): every write of a
 * record names the record's source, whatever the policy decided for it, and an archive the apply could not make is
 * recorded under the archived record, as the plan's write for it is keyed.
 */
class PlannedWriteOriginTest {

    @RegisterExtension
    static final TestEngine engine = new TestEngine();

    private static final AtomicInteger JOBS = new AtomicInteger();

    private final MemoryTarget target = new MemoryTarget();

    private Governance governance(PolicyConfig policy) {
        ConnectorConfig memory = new ConnectorConfig("memory", "memory", null, null, null, null,
                Map.of("contacts", new ObjectConfig("id", null, List.of("id", "stage", "owner", "email"))), policy);
        return TestGovernance.over(engine, memory);
    }

    private GovernedWrites planning(Governance governance) {
        JobRun run = engine.bean(RunStore.class).start("plan-origin-" + JOBS.incrementAndGet(), "test", "test", "test");
        return governance.open(run, name -> target, GovernedWrites.Mode.PLAN, false);
    }

    @Test
    void aRecordsWritesForReviewAndDeniedNameItsSourceRecordAsItsWrittenPartDoes() {
        // stage waits for review, owner is denied, email is written
        Governance governance = governance(new PolicyConfig("auto", List.of(
                new PolicyConfig.Rule(null, "stage", null, null, null, null, "review"),
                new PolicyConfig.Rule(null, "owner", null, null, null, null, "deny")), List.of()));
        target.rows.put("c-1", new LinkedHashMap<>(Map.of("id", "c-1", "stage", "lead", "owner", "ann", "email", "a@x.io")));
        SourceRef bob = new SourceRef("hubspot", "contacts", "1001");
        SourceRef liz = new SourceRef("hubspot", "contacts", "1002");
        GovernedWrites planning = planning(governance);

        planning.write("memory", "contacts", List.of(
                new TargetRecord("contacts", "c-1", Map.of("id", "c-1", "stage", "mql", "owner", "bea", "email", "b@x.io"), bob),
                // a create with a field under review is parked whole
                new TargetRecord("contacts", TargetRecord.NEW + "liz", Map.of("stage", "lead", "email", "l@x.io"), liz)));

        assertThat(planning.plan().writes()).extracting(PlannedWrite::decision, PlannedWrite::key, PlannedWrite::origin)
                .containsExactlyInAnyOrder(
                        org.assertj.core.groups.Tuple.tuple(PolicyVerdict.Kind.AUTO, "c-1", bob),
                        org.assertj.core.groups.Tuple.tuple(PolicyVerdict.Kind.REVIEW, "c-1", bob),
                        org.assertj.core.groups.Tuple.tuple(PolicyVerdict.Kind.DENY, "c-1", bob),
                        org.assertj.core.groups.Tuple.tuple(PolicyVerdict.Kind.REVIEW, TargetRecord.NEW + "liz", liz));
    }

    @Test
    void anArchiveThePolicyRefusesAtApplyIsRecordedUnderTheArchivedRecord() {
        target.rows.put("c-3", new LinkedHashMap<>(Map.of("id", "c-3", "stage", "lead")));
        target.rows.put("c-4", new LinkedHashMap<>(Map.of("id", "c-4", "stage", "lead")));
        GovernedWrites planning = planning(governance(PolicyConfig.allowAll()));
        planning.archive("memory", "contacts", List.of("c-3", "c-4"), new SourceRef("hubspot", "contacts", "deleted"));
        // archives are denied by the time the plan is applied
        Governance now = governance(new PolicyConfig("auto", List.of(
                new PolicyConfig.Rule(null, null, "archive", null, null, null, "deny")), List.of()));

        ActionReport applied = new GovernedActions(now, name -> target).apply(planning.plan(), "plan.json");

        assertThat(target.rows).containsKeys("c-3", "c-4");
        assertThat(engine.bean(RunStore.class).outcomes(applied.runId(), RecordOutcome.Outcome.REJECTED))
                .extracting(RecordOutcome::ref, RecordOutcome::reason)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(new SourceRef("memory", "contacts", "c-3"),
                                "archive of c-3 not allowed: policy.rules[0] (action=archive → deny)"),
                        org.assertj.core.groups.Tuple.tuple(new SourceRef("memory", "contacts", "c-4"),
                                "archive of c-4 not allowed: policy.rules[0] (action=archive → deny)"));
    }
}
