package io.middlemile.govern;

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

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The run of an agent's call or a rollback counts and lists its records as a job run does: its page (and
 * {@code GET /api/runs/{id}}) shows what it wrote, and a conflict it left as a rejected record the run's error names.
 */
class ActionRunRecordsTest {

    @RegisterExtension
    static final TestEngine engine = new TestEngine();

    private final MemoryTarget target = new MemoryTarget();
    private final GovernedActions actions = actions(List.of());

    /** Agents write here at once (a rule says so), under {@code caps}. */
    private GovernedActions actions(List<PolicyConfig.Cap> caps) {
        PolicyConfig agentsMayWrite = new PolicyConfig("auto",
                List.of(new PolicyConfig.Rule("agent:*", null, null, null, null, null, null, "auto")), caps);
        return new GovernedActions(TestGovernance.over(engine, new ConnectorConfig("memory", "memory", null, null, null, null,
                Map.of("contacts", new ObjectConfig("id", null, List.of("id", "stage"))), agentsMayWrite)), name -> target);
    }

    @Test
    void anAgentsProposalRunCountsAndListsTheRecordItWrote() {
        target.rows.put("p-1", new LinkedHashMap<>(Map.of("id", "p-1", "stage", "lead")));

        GovernedActions.ProposalReport report = actions.propose(Actor.agent("hygiene-bot"), "memory", "contacts",
                List.of(new GovernedActions.FieldProposal("p-1", Map.of("stage", "mql"))), "the form says so");

        RunStore runs = engine.bean(RunStore.class);
        JobRun run = runs.find(report.runId()).orElseThrow();
        assertThat(run.status()).isEqualTo(JobRun.Status.SUCCEEDED);
        assertThat(List.of(run.read(), run.written(), run.skipped(), run.rejected())).containsExactly(1L, 1L, 0L, 0L);
        assertThat(run.error()).isNull();
        assertThat(runs.outcomes(run.id(), RecordOutcome.Outcome.WRITTEN)).singleElement().satisfies(outcome -> {
            assertThat(outcome.ref().sourceId()).isEqualTo("p-1");
            assertThat(outcome.location()).isEqualTo("memory/contacts/p-1");
        });
    }

    @Test
    void writesRolledBackStillCountAgainstTheDailyCapTheyWereMadeUnder() {
        // an agent at its daily cap whose work an operator undid does not get a fresh cap the same day: its writes were made
        GovernedActions capped = actions(List.of(new PolicyConfig.Cap("agent:*", "update", null, 2)));
        for (String id : List.of("d-1", "d-2", "d-3")) {
            target.rows.put(id, new LinkedHashMap<>(Map.of("id", id, "stage", "lead")));
        }
        GovernedActions.ProposalReport made = capped.propose(Actor.agent("cap-bot"), "memory", "contacts", List.of(
                new GovernedActions.FieldProposal("d-1", Map.of("stage", "mql")),
                new GovernedActions.FieldProposal("d-2", Map.of("stage", "mql"))), "two of two");
        capped.rollback(made.runId(), "ops");

        assertThatThrownBy(() -> capped.propose(Actor.agent("cap-bot"), "memory", "contacts",
                List.of(new GovernedActions.FieldProposal("d-3", Map.of("stage", "mql"))), "one more"))
                .hasMessageContaining("perDay 2");
        assertThat(target.rows.get("d-3").get("stage")).isEqualTo("lead");
    }

    @Test
    void aRollbackThatMeetsAConflictListsItAsARejectedRecordAndSaysSo() {
        target.rows.put("c-1", new LinkedHashMap<>(Map.of("id", "c-1", "stage", "lead")));
        target.rows.put("c-2", new LinkedHashMap<>(Map.of("id", "c-2", "stage", "lead")));
        GovernedActions.ProposalReport proposal = actions.propose(Actor.agent("hygiene-bot"), "memory", "contacts", List.of(
                new GovernedActions.FieldProposal("c-1", Map.of("stage", "mql")),
                new GovernedActions.FieldProposal("c-2", Map.of("stage", "mql"))), "the form says so");
        target.rows.get("c-2").put("stage", "customer"); // a person changed it since

        ActionReport rollback = actions.rollback(proposal.runId(), "ops");

        assertThat(rollback.conflicts()).hasSize(1);
        RunStore runs = engine.bean(RunStore.class);
        JobRun run = runs.find(rollback.runId()).orElseThrow();
        assertThat(List.of(run.read(), run.written(), run.skipped(), run.rejected())).containsExactly(2L, 1L, 0L, 1L);
        assertThat(run.balanced()).isTrue();
        // the rest was undone, as a job run with rejected records succeeds; its error says what was left
        assertThat(run.status()).isEqualTo(JobRun.Status.SUCCEEDED);
        assertThat(run.error()).isEqualTo("1 conflict, 0 refused: see the run's rejected records, each with why it was not written");
        assertThat(runs.outcomes(run.id(), RecordOutcome.Outcome.WRITTEN)).extracting(outcome -> outcome.ref().sourceId())
                .containsExactly("c-1");
        assertThat(runs.outcomes(run.id(), RecordOutcome.Outcome.REJECTED)).singleElement().satisfies(outcome -> {
            assertThat(outcome.ref().sourceId()).isEqualTo("c-2");
            assertThat(outcome.location()).isEqualTo("memory/contacts/c-2");
            assertThat(outcome.reason()).isEqualTo("conflict: changed by someone since the run: stage (now \"customer\", the run wrote \"mql\")");
        });
    }
}
