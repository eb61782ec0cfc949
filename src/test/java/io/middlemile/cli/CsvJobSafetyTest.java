package io.middlemile.cli;

import io.middlemile.testing.Cli;
import io.middlemile.testing.ContactCsv;
import io.middlemile.testing.TestDatabase;
import io.middlemile.testing.TestWorkspaces;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.JdbcTemplate;

import java.io.BufferedOutputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The sample job over hostile CSV input, end to end: a line longer than 16 MiB, and cells a spreadsheet
 * would run as formulas. Nothing else may be lost, and nothing the hub writes for people may run.
 */
class CsvJobSafetyTest {

    private static final String ROW = ",Ann,Lee,ann.lee@acme.com,(415) 555-0134,Acme Inc.,acme.com,Account Executive,USA,"
            + "2024-03-05T14:07:00Z";

    @TempDir
    Path workspace;

    @Test
    void anOverlongLineIsOneRejectedRowAndTheRowsAroundItAreWritten() throws Exception {
        TestWorkspaces.copyBundled(workspace);
        String database = TestDatabase.fresh();
        int longValue = 17 * 1024 * 1024;
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(workspace.resolve("samples/contacts.csv")))) {
            String before = ContactCsv.HEADER + "\n2001" + ROW + "\n2002" + ROW + "\n2003" + ROW + "\n";
            out.write(before.getBytes(StandardCharsets.UTF_8));
            out.write("2004,Huge,Row,huge@acme.com,,Acme Inc.,acme.com,Notes,USA,".getBytes(StandardCharsets.UTF_8));
            byte[] chunk = new byte[1024 * 1024];
            Arrays.fill(chunk, (byte) 'z');
            for (int i = 0; i < longValue / chunk.length; i++) {
                out.write(chunk);
            }
            out.write(("\n2005" + ROW + "\n2006" + ROW + "\n2007" + ROW + "\n").getBytes(StandardCharsets.UTF_8));
        }

        Cli.Result result = Cli.run("job", "run", "import-contacts", "--workspace", workspace.toString());

        assertThat(result.exitCode()).as(result.out() + result.err()).isZero();
        assertThat(result.out())
                .contains("Job import-contacts, run 1: SUCCEEDED")
                .containsPattern("read\\s+7\\s+from legacy-crm-export/contacts")
                .containsPattern("written\\s+6\\s+to clean-contacts/contacts")
                .containsPattern("rejected\\s+1")
                .contains("samples/contacts.csv:5  line 5 is ")
                .contains("more than the 16 MiB a CSV row may have");
        List<String> output = Files.readAllLines(workspace.resolve("out/contacts-clean.csv"));
        assertThat(output.subList(1, output.size())).extracting(line -> line.substring(0, line.indexOf(',')))
                .containsExactly("2001", "2002", "2003", "2005", "2006", "2007");

        Path rejects = workspace.resolve(".middlemile/rejects/import-contacts-run-1.csv");
        assertThat(Files.size(rejects)).as("the reject keeps a prefix of the line, not 17 MiB").isLessThan(10_000);
        assertThat(Files.readString(rejects)).contains("samples/contacts.csv:5,line-5,").contains("2004,Huge,Row,");
        JdbcTemplate jdbc = TestDatabase.jdbc(database);
        assertThat(jdbc.queryForObject("select length(raw) from record_outcomes where outcome = 'rejected'", Integer.class))
                .isEqualTo(2_000);
    }

    @Test
    void aMissingExportFailsTheRunWithWhereAndWhatToDo() throws Exception {
        TestWorkspaces.copyBundled(workspace);
        TestDatabase.fresh();
        Files.delete(workspace.resolve("samples/contacts.csv"));

        Cli.Result result = Cli.run("job", "run", "import-contacts", "--workspace", workspace.toString());

        assertThat(result.exitCode()).isEqualTo(1);
        String reason = "CSV file " + workspace.toRealPath().resolve("samples/contacts.csv") + " does not exist. Put the"
                + " export there, or fix csv.file in the connector file of 'legacy-crm-export'.";
        assertThat(result.out()).contains("Job import-contacts, run 1: FAILED").contains("Error: " + reason)
                .contains("fix the cause and run the job again");
        assertThat(result.err()).doesNotContain("this is a bug", "\tat ");
    }

    @Test
    void formulaCellsAreNeutralizedInTheTargetAndTheRejectsFileAndPhonesStayAsTheyAre() throws Exception {
        TestWorkspaces.copyBundled(workspace);
        TestDatabase.fresh();
        Files.writeString(workspace.resolve("samples/contacts.csv"), ContactCsv.HEADER + "\n"
                + "3001,Ann,Lee,ann.lee@acme.com,(415) 555-0134,\"=HYPERLINK(\"\"https://evil.example\"\",\"\"Click\"\")\","
                + "acme.com,@SUM(A1),USA,2024-03-05T14:07:00Z\n"
                + "=cmd|' /C calc'!A0,Bob,Ray,bob@acme.com,,Acme Inc.,acme.com,CEO,USA,2024-03-05T14:07:00Z,EXTRA\n"
                + "3003" + ROW + "\n", StandardCharsets.UTF_8);

        Cli.Result result = Cli.run("job", "run", "import-contacts", "--workspace", workspace.toString());

        assertThat(result.exitCode()).as(result.out() + result.err()).isZero();
        assertThat(result.out()).containsPattern("written\\s+2").containsPattern("rejected\\s+1");
        String output = Files.readString(workspace.resolve("out/contacts-clean.csv"));
        assertThat(output).contains("3001,ann.lee@acme.com,Ann,Lee,+14155550134,")
                .contains("3003,ann.lee@acme.com,Ann,Lee,+14155550134,");
        assertThat(output.lines().filter(line -> line.startsWith("3001,")).findFirst().orElseThrow())
                .contains(",\"'=HYPERLINK(")
                .contains(",'@SUM(A1),");
        assertNoCellStartsAFormula(output);

        String rejects = Files.readString(workspace.resolve(".middlemile/rejects/import-contacts-run-1.csv"));
        assertThat(rejects).contains("samples/contacts.csv:3,'=cmd|' /C calc'!A0,").contains(",\"'=cmd|' /C calc'!A0,Bob,");
        assertNoCellStartsAFormula(rejects);
    }

    /** Good enough for these files: no value begins with a formula character after a delimiter or an opening quote. */
    private static void assertNoCellStartsAFormula(String csv) {
        for (String line : csv.lines().toList()) {
            assertThat(line).as(line).doesNotContainPattern("(^|,)\"?[=@]");
        }
    }
}
