package io.middlemile.cli;

import io.middlemile.govern.PlanFile;
import io.middlemile.govern.PlannedWrite;
import io.middlemile.govern.PolicyVerdict;
import io.middlemile.govern.WritePlan;
import io.middlemile.model.SourceRef;
import io.middlemile.store.RecordOutcome;
import io.middlemile.store.RetryQueue;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Which of a plan's queued records an apply did not write: by the apply run's rejected records, through the source record
 * each planned write names. A plan saved before writes named it still reads, and keeps the old all-or-nothing settling.
 */
class ApplyNotWrittenTest {

    private static final SourceRef BOB = new SourceRef("hubspot", "contacts", "1001");
    private static final SourceRef LIZ = new SourceRef("hubspot", "contacts", "1002");

    @Test
    void onlyTheRecordWhoseWriteWasRejectedIsNotWritten() {
        WritePlan plan = plan(write("003A", BOB), write("003B", LIZ));

        RetryQueue.NotWritten notWritten = ApplyCommand.notWritten(plan, 7, List.of(rejected("003B", "conflict: changed since")));

        assertThat(notWritten.unknown()).isFalse();
        assertThat(notWritten.records()).containsOnlyKeys(LIZ);
        assertThat(notWritten.records().get(LIZ))
                .isEqualTo("not written by apply run 7 of the plan of run 2, salesforce/Contact/003B: conflict: changed since");
    }

    @Test
    void aRecordWithAPartForReviewOrDeniedIsNotWrittenAloneWhenItsWriteIsRejected() {
        // Bob's stage waits for review and his owner was denied, each part naming him as his written part does
        WritePlan plan = plan(write("003A", BOB), part("003A", PolicyVerdict.Kind.REVIEW, BOB), part("003A", PolicyVerdict.Kind.DENY, BOB),
                write("003B", LIZ));

        RetryQueue.NotWritten notWritten = ApplyCommand.notWritten(plan, 7, List.of(rejected("003A", "conflict: changed since")));

        assertThat(notWritten.unknown()).isFalse();
        assertThat(notWritten.records()).containsOnlyKeys(BOB);
    }

    @Test
    void anArchiveRejectedUnderItsRecordsKeyIsThatRecordsAlone() {
        WritePlan plan = plan(write("003A", BOB), new PlannedWrite("salesforce", "Contact", "003C", "archive", Map.of("Phone", "2"),
                Map.of(), PolicyVerdict.Kind.AUTO, "policy.default auto", "job sync", null, null, LIZ));

        RetryQueue.NotWritten notWritten = ApplyCommand.notWritten(plan, 7,
                List.of(rejected("003C", "archive of 003C not allowed: policy.rules[0] deny")));

        assertThat(notWritten.unknown()).isFalse();
        assertThat(notWritten.records()).containsOnlyKeys(LIZ);
        assertThat(notWritten.records().get(LIZ)).endsWith("salesforce/Contact/003C: archive of 003C not allowed: policy.rules[0] deny");
    }

    @Test
    void aRejectedWriteWithoutItsSourceRecordLeavesItUnknown(@TempDir Path dir) throws Exception {
        // as saved before plans named each write's source record: no "origin"
        Path file = dir.resolve("old-plan.json");
        Files.writeString(file, """
                {"job": "sync", "planRunId": 2, "writes": [
                  {"connection": "salesforce", "object": "Contact", "key": "003A", "action": "update", "before": {},
                   "after": {"Phone": "1"}, "decision": "auto"}]}
                """);
        WritePlan old = PlanFile.read(file);
        assertThat(old.writes()).singleElement().extracting(PlannedWrite::origin).isNull();

        assertThat(ApplyCommand.notWritten(old, 7, List.of(rejected("003A", "refused")))).isEqualTo(RetryQueue.NotWritten.UNKNOWN);
        assertThat(ApplyCommand.notWritten(old, 7, List.of()).records()).isEmpty();
    }

    @Test
    void aPlanFileKeepsEachWritesSourceRecord(@TempDir Path dir) {
        Path file = dir.resolve("plan.json");
        PlanFile.write(file, plan(write("003A", BOB)));

        assertThat(PlanFile.read(file).writes()).singleElement().extracting(PlannedWrite::origin).isEqualTo(BOB);
    }

    private static WritePlan plan(PlannedWrite... writes) {
        return new WritePlan("sync", 2, "v1", Instant.parse("2025-01-01T00:00:00Z"), List.of(writes), Map.of());
    }

    private static PlannedWrite write(String key, SourceRef origin) {
        return new PlannedWrite("salesforce", "Contact", key, "update", Map.of(), Map.of("Phone", "1"), PolicyVerdict.Kind.AUTO,
                "policy.default auto", "job sync", null, null, origin);
    }

    private static PlannedWrite part(String key, PolicyVerdict.Kind decision, SourceRef origin) {
        return new PlannedWrite("salesforce", "Contact", key, "update", Map.of(), Map.of("OwnerId", "005B"), decision,
                "policy.rules[0] " + decision.id(), "job sync", null, null, origin);
    }

    private static RecordOutcome rejected(String key, String why) {
        return new RecordOutcome(new SourceRef("salesforce", "Contact", key), "salesforce/Contact/" + key, RecordOutcome.Outcome.REJECTED,
                why, null);
    }
}
