package io.middlemile.sync;

import io.middlemile.model.SourceRef;
import io.middlemile.store.JobRun;
import io.middlemile.store.RecordOutcome;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The rejects file is opened in a spreadsheet, and holds input nobody checked: no cell may run as a formula. */
class RejectsFileTest {

    @TempDir
    Path directory;

    @Test
    void everyCellThatASpreadsheetWouldRunGetsALeadingQuote() throws Exception {
        JobRun run = new JobRun(7, "import-contacts", "legacy-crm-export", "contacts", JobRun.Status.SUCCEEDED,
                Instant.EPOCH, Instant.EPOCH, 3, 0, 0, 3, 1, 1, "test", null);
        RejectsFile rejects = new RejectsFile(directory);

        rejects.write(run, List.of(
                rejected("=HYPERLINK(\"https://evil.example\",\"Click\")", "samples/contacts.csv:28",
                        "=HYPERLINK(\"https://evil.example\",\"Click\"),Bob,extra"),
                rejected("@SUM(A1)", "samples/contacts.csv:29", "-2+3,\"Ann"),
                rejected("-12", "samples/contacts.csv:30", "+14155550100")));

        assertThat(Files.readAllLines(rejects.pathFor(run))).containsExactly(
                "location,source_id,reason,raw",
                "samples/contacts.csv:28,\"'=HYPERLINK(\"\"https://evil.example\"\",\"\"Click\"\")\",bad row,"
                        + "\"'=HYPERLINK(\"\"https://evil.example\"\",\"\"Click\"\"),Bob,extra\"",
                "samples/contacts.csv:29,'@SUM(A1),bad row,\"'-2+3,\"\"Ann\"",
                // plain numbers cannot run: left as they are
                "samples/contacts.csv:30,-12,bad row,+14155550100");
    }

    @Test
    void aWriteThatFailsPartWayLeavesNoFileThatWouldReadAsTheWholeList() throws Exception {
        JobRun run = new JobRun(8, "import-contacts", "legacy-crm-export", "contacts", JobRun.Status.SUCCEEDED,
                Instant.EPOCH, Instant.EPOCH, 2, 0, 0, 2, 1, 1, "test", null);
        RejectsFile rejects = new RejectsFile(directory);
        RecordOutcome broken = new RecordOutcome(null, "samples/contacts.csv:31", RecordOutcome.Outcome.REJECTED, "bad row",
                "x", true);

        assertThatThrownBy(() -> rejects.write(run, List.of(rejected("a-1", "samples/contacts.csv:30", "a-1"), broken)))
                .isInstanceOf(NullPointerException.class);

        assertThat(rejects.pathFor(run)).doesNotExist();
        try (var left = Files.list(directory)) {
            assertThat(left).as("no partial file either").isEmpty();
        }
    }

    private static RecordOutcome rejected(String sourceId, String location, String raw) {
        return new RecordOutcome(new SourceRef("legacy-crm-export", "contacts", sourceId), location,
                RecordOutcome.Outcome.REJECTED, "bad row", raw, true);
    }
}
