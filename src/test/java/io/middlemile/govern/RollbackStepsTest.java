package io.middlemile.govern;

import io.middlemile.store.JournalEntry;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** What undoing a journaled write means, and when a planned write conflicts: plain Java, no database. */
class RollbackStepsTest {

    private static JournalEntry entry(String action, Map<String, Object> before, Map<String, Object> after) {
        return new JournalEntry(1, 7, "job", "crm", "contacts", "c-1", action, before, after, "auto", "policy.default auto", "test",
                JournalEntry.Result.APPLIED, Instant.now());
    }

    @Test
    void aMergedAwayRecordIsReCreatedWithoutTheFieldsTheConnectorSaysTheProviderSets() {
        Map<String, Object> snapshot = new LinkedHashMap<>();
        snapshot.put("record_id", "c-1");
        snapshot.put("email", "ann@acme.com");
        snapshot.put("note", " ");
        JournalEntry merge = entry("merge", Map.of("record", snapshot), Map.of("mergedInto", "c-9", "confidence", 0.99));

        GovernedActions.RollbackStep step = RollbackSteps.step(merge, null, true, field -> field.equals("record_id"));

        assertThat(step.action()).isEqualTo(GovernedActions.RollbackStep.Action.RECREATE);
        assertThat(step.restore()).containsExactly(Map.entry("email", "ann@acme.com"));
        assertThat(step.problem()).contains("gets a new id").contains("moved onto c-9 stay there");
    }

    @Test
    void updatesGoBackUnlessChangedSinceAndCreatesAreArchivedUnlessChangedSince() {
        JournalEntry update = entry("update", Map.of("phone", "+1", "title", "VP"), Map.of("phone", "+2", "title", "CRO"));
        GovernedActions.RollbackStep step = RollbackSteps.step(update, Map.of("phone", "+2", "title", "CEO"), true, field -> false);

        assertThat(step.action()).isEqualTo(GovernedActions.RollbackStep.Action.UPDATE);
        assertThat(step.restore()).containsExactly(Map.entry("phone", "+1"));
        assertThat(step.problem()).isEqualTo("conflict: changed by someone since the run: title (now \"CEO\", the run wrote \"CRO\")");

        JournalEntry create = entry("create", Map.of(), Map.of("email", "a@b.co"));
        assertThat(RollbackSteps.step(create, Map.of("email", "a@b.co"), true, field -> false).action()).isEqualTo(GovernedActions.RollbackStep.Action.ARCHIVE);
        assertThat(RollbackSteps.step(create, Map.of("email", "x@b.co"), true, field -> false).problem())
                .startsWith("conflict: changed since the run created it");
        assertThat(RollbackSteps.step(entry("archive", Map.of(), null), null, true, field -> false).problem())
                .startsWith("an archived record is not brought back by a rollback; restore it in ");
        assertThat(RollbackSteps.step(entry("spend", Map.of(), Map.of("credits", 10)), null, false, field -> false).problem())
                .startsWith("credits spent at ").endsWith(" are not given back by a rollback");
    }

    @Test
    void aPlannedWriteConflictsWhenTheTargetChangedSince() {
        assertThat(Conflicts.of("update", Map.of("title", "VP"), Map.of("title", "CRO"), Map.of("title", "Head"), true))
                .hasValue("changed since it was planned (title is now \"Head\", was \"VP\"); not overwritten");
        assertThat(Conflicts.of("update", Map.of("title", "VP"), Map.of("title", "CRO"), Map.of("title", "CRO"), true)).isEmpty();
        assertThat(Conflicts.of("update", Map.of("title", "VP"), Map.of("title", "CRO"), Map.of("title", "Head"), false)).isEmpty();
        // an archive of a record changed since would lose that change; one already gone is simply nothing to do
        assertThat(Conflicts.of("archive", Map.of("title", "VP"), Map.of(), Map.of("title", "Head"), true)).isPresent();
        assertThat(Conflicts.of("archive", Map.of("title", "VP"), Map.of(), null, true)).isEmpty();
    }
}
