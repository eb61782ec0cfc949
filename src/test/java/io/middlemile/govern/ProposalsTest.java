package io.middlemile.govern;

import io.middlemile.connector.WriteOutcome;
import io.middlemile.store.JournalEntry;
import io.middlemile.store.JournalStore;
import io.middlemile.testing.TestEngine;
import io.middlemile.workspace.ConnectorConfig;
import io.middlemile.workspace.ObjectConfig;
import io.middlemile.workspace.PolicyConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** An agent's proposal updates records that exist, never creates one, and reads the target once to know which. */
class ProposalsTest {

    /** An agent acts at once only where a rule says so (a policy's auto default is a person's decision for agents). */
    private static final PolicyConfig AGENTS_MAY_WRITE = new PolicyConfig("auto",
            List.of(new PolicyConfig.Rule("agent:*", null, null, null, null, null, null, "auto")), List.of());

    @RegisterExtension
    static final TestEngine engine = new TestEngine();

    @Test
    void aProposalWritesTheRecordsThatExistRefusesTheOthersAndReadsTheTargetOnce() {
        MemoryTarget target = new MemoryTarget();
        target.rows.put("p-1", new LinkedHashMap<>(Map.of("id", "p-1", "stage", "lead")));
        ConnectorConfig memory = new ConnectorConfig("memory", "memory", null, null, null, null,
                Map.of("contacts", new ObjectConfig("id", null, List.of("id", "stage"))), AGENTS_MAY_WRITE);
        GovernedActions actions = new GovernedActions(TestGovernance.over(engine, memory), name -> target);

        GovernedActions.ProposalReport report = actions.propose(Actor.agent("hygiene-bot"), "memory", "contacts", List.of(
                new GovernedActions.FieldProposal("p-1", Map.of("stage", "mql")),
                new GovernedActions.FieldProposal("p-404", Map.of("stage", "mql"))), "the form says so");

        assertThat(report.outcomes()).extracting(WriteOutcome::status)
                .containsExactly(WriteOutcome.Status.WRITTEN, WriteOutcome.Status.REJECTED);
        assertThat(report.outcomes().get(1).reason())
                .isEqualTo("not written: memory/contacts holds no record p-404 (a proposal updates existing records, it never creates one)");
        assertThat(target.rows.get("p-1")).containsEntry("stage", "mql");
        assertThat(target.rows).doesNotContainKey("p-404");
        assertThat(target.reads).as("one read-back: the write's own, under the records' locks").hasValue(1);
        assertThat(engine.bean(JournalStore.class).ofRun(report.runId())).singleElement()
                .satisfies(entry -> assertThat(entry.actor()).isEqualTo("agent:hygiene-bot"))
                .extracting(JournalEntry::recordKey).isEqualTo("p-1");
    }

    @Test
    void aProposalThatWouldChangeWhichRecordIsWrittenIsRefusedWholeAndTheOthersAreWritten() {
        MemoryTarget target = new MemoryTarget();
        target.addressing = java.util.Set.of("crm_id");
        target.rows.put("p-1", new LinkedHashMap<>(Map.of("id", "p-1", "crm_id", "11", "stage", "lead")));
        target.rows.put("p-2", new LinkedHashMap<>(Map.of("id", "p-2", "crm_id", "12", "stage", "lead")));
        target.rows.put("p-3", new LinkedHashMap<>(Map.of("id", "p-3", "crm_id", "13", "stage", "lead")));
        ConnectorConfig memory = new ConnectorConfig("memory", "memory", null, null, null, null,
                Map.of("contacts", new ObjectConfig("id", null, List.of("id", "crm_id", "stage"))), AGENTS_MAY_WRITE);
        GovernedActions actions = new GovernedActions(TestGovernance.over(engine, memory), name -> target);

        GovernedActions.ProposalReport report = actions.propose(Actor.agent("hygiene-bot"), "memory", "contacts", List.of(
                // the object's id field, and the target's own record id, each naming another record
                new GovernedActions.FieldProposal("p-1", Map.of("id", "p-2", "stage", "mql")),
                new GovernedActions.FieldProposal("p-2", Map.of("crm_id", "13", "stage", "mql")),
                // its own values (as a job's record carries them) address nothing else
                new GovernedActions.FieldProposal("p-3", Map.of("id", "p-3", "crm_id", "13", "stage", "mql"))), "the form says so");

        assertThat(report.outcomes()).extracting(WriteOutcome::status)
                .containsExactly(WriteOutcome.Status.REJECTED, WriteOutcome.Status.REJECTED, WriteOutcome.Status.WRITTEN);
        assertThat(report.outcomes().get(0).reason()).isEqualTo("not written: id says which contacts record is written, and this write"
                + " for record p-1 would change it to \"p-2\", so it would land on another record than the one read, decided and"
                + " journaled. Nothing of record p-1 was written; leave id out of the fields to change, and write another record under"
                + " its own key");
        assertThat(report.outcomes().get(1).reason()).startsWith("not written: crm_id says which contacts record is written, and"
                + " this write for record p-2 would change it to \"13\"");
        assertThat(target.rows.get("p-1")).containsEntry("stage", "lead");
        assertThat(target.rows.get("p-2")).containsEntry("stage", "lead").containsEntry("crm_id", "12");
        assertThat(target.rows.get("p-3")).containsEntry("stage", "mql");
        assertThat(engine.bean(JournalStore.class).ofRun(report.runId())).extracting(JournalEntry::recordKey).containsExactly("p-3");
    }
}
