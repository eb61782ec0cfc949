package io.middlemile.govern;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Plan decisions and rollback step actions keep exactly the words plan files, the journal and the CLI use. */
class PlanAndRollbackWireTest {

    @Test
    void policyDecisionsRoundTripThroughTheirIds() {
        assertThat(PolicyVerdict.Kind.values()).extracting(PolicyVerdict.Kind::id).containsExactly("auto", "review", "deny");
        for (PolicyVerdict.Kind kind : PolicyVerdict.Kind.values()) {
            assertThat(PolicyVerdict.Kind.of(kind.id())).isSameAs(kind);
        }
        assertThat(PolicyVerdict.Kind.of("Review")).as("workspace files were always read in any case").isSameAs(PolicyVerdict.Kind.REVIEW);
        assertThat(new PolicyVerdict(PolicyVerdict.Kind.DENY, "r").id()).isEqualTo("deny");
        assertThatThrownBy(() -> PolicyVerdict.Kind.of("maybe")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("\"maybe\"").hasMessageContaining("auto, review, deny");
    }

    @Test
    void aPlanFileKeepsTheDecisionWords(@TempDir Path dir) throws Exception {
        WritePlan plan = new WritePlan("job", 4, "v1", Instant.parse("2026-01-01T00:00:00Z"), List.of(
                new PlannedWrite("crm", "contacts", "c-1", "update", Map.of("stage", "lead"), Map.of("stage", "mql"),
                        PolicyVerdict.Kind.REVIEW, "policy.rules[0]", "run")), Map.of("crm", 2L));
        Path file = dir.resolve("plan.json");
        PlanFile.write(file, plan);
        assertThat(Files.readString(file)).contains("\"decision\" : \"review\"");
        assertThat(PlanFile.read(file)).isEqualTo(plan);
        assertThat(PlanFile.read(file).count(PolicyVerdict.Kind.REVIEW, "update")).isEqualTo(1);

        Files.writeString(file, Files.readString(file).replace("\"review\"", "\"sometimes\""));
        assertThatThrownBy(() -> PlanFile.read(file)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Unknown policy decision \"sometimes\"");
    }

    @Test
    void aFileThatIsNotAWholePlanIsRefusedWithWhereAndWhy(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("plan.json");

        Files.writeString(file, "root:x:0:0:root:/root:/bin/bash\n");
        assertThatThrownBy(() -> PlanFile.read(file)).isInstanceOf(PlanFile.Unreadable.class)
                .hasMessageStartingWith("Could not read the plan " + file + " line 1, column 6: Unrecognized token 'root'")
                .hasMessageNotContaining("Source:");
        Files.writeString(file, "{\"job\": \"j\",\n \"writes\": [");
        assertThatThrownBy(() -> PlanFile.read(file)).hasMessageContaining(" line 2, column 13: Unexpected end-of-input")
                .hasMessageContaining("(start marker at line 2, column 12)").hasMessageNotContaining("Source:");
        Files.writeString(file, "{\"job\": \"j\", \"writes\": [{\"connection\": \"crm\", \"colour\": \"red\"}]}");
        assertThatThrownBy(() -> PlanFile.read(file)).hasMessageStartingWith("Could not read the plan " + file
                + " at writes[0].colour: Unrecognized field \"colour\"");
        Files.writeString(file, "{\"job\": \"j\", \"writes\": [{\"connection\": \"crm\", \"action\": \"update\"}]}");
        assertThatThrownBy(() -> PlanFile.read(file)).hasMessage("Could not read the plan " + file
                + " at writes[0]: decision, key, object are missing; a saved plan has them on every write.");
        Files.writeString(file, "{\"job\": \"j\", \"writes\": [{\"connection\": \"crm\", \"object\": \"contacts\","
                + " \"key\": \"1\", \"action\": \"upsert\", \"decision\": \"auto\"}]}");
        assertThatThrownBy(() -> PlanFile.read(file)).hasMessage("Could not read the plan " + file
                + " at writes[0]: action \"upsert\" is not one of [create, update, merge, archive, send, spend].");
        assertThatThrownBy(() -> PlanFile.read(dir)).hasMessageStartingWith(dir + " is a folder, not a plan file.");
    }

    @Test
    void rollbackStepActionsRoundTripThroughTheirWords() throws Exception {
        assertThat(GovernedActions.RollbackStep.Action.values()).extracting(GovernedActions.RollbackStep.Action::wire)
                .containsExactly("update", "archive", "recreate", "none");
        for (GovernedActions.RollbackStep.Action action : GovernedActions.RollbackStep.Action.values()) {
            assertThat(GovernedActions.RollbackStep.Action.fromWire(action.wire())).isSameAs(action);
        }
        ObjectMapper json = new ObjectMapper();
        GovernedActions.RollbackStep step = new GovernedActions.RollbackStep("crm", "contacts", "c-1",
                GovernedActions.RollbackStep.Action.ARCHIVE, Map.of(), null);
        String text = json.writeValueAsString(step);
        assertThat(text).contains("\"action\":\"archive\"");
        assertThat(json.readValue(text, GovernedActions.RollbackStep.class)).isEqualTo(step);
        assertThatThrownBy(() -> json.readValue(text.replace("archive", "erase"), GovernedActions.RollbackStep.class))
                .isInstanceOf(ValueInstantiationException.class).hasMessageContaining("Unknown rollback step action \"erase\"");
    }
}
