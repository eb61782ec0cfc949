package io.middlemile.dedupe;

import org.junit.jupiter.api.Test;

import java.util.Locale;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

class MergePlanCsvTest {

    @Test
    void rowsAreWrittenAsTheGuardedPrinterWritesThemWhateverTheCells() throws Exception {
        java.util.List<String> cells = new java.util.ArrayList<>(java.util.List.of("hu-17", "a.b_c-9", "0031", "", " lead", "trail ",
                "a,b", "say \"hi\"", "two\nlines", "cr\rhere", "=HYPERLINK(\"x\")", "+1 555", "-5", "@sum", "'quoted", "#hash",
                "Zoë", "名前", "tab\there", "\tlead", "a b", "x;y", "1.0000", "duplicate"));
        SplittableRandom random = new SplittableRandom(11);
        String alphabet = "aZ09.-_ ,\"'=+@#\t\n\r;ë名";
        for (int i = 0; i < 5_000; i++) {
            StringBuilder cell = new StringBuilder();
            for (int c = random.nextInt(6); c > 0; c--) {
                cell.append(alphabet.charAt(random.nextInt(alphabet.length())));
            }
            cells.add(cell.toString());
        }
        java.io.StringWriter ours = new java.io.StringWriter();
        java.io.StringWriter printed = new java.io.StringWriter();
        MergePlanCsv.Row row = new MergePlanCsv.Row(ours);
        try (org.apache.commons.csv.CSVPrinter printer = new org.apache.commons.csv.CSVPrinter(printed,
                org.apache.commons.csv.CSVFormat.DEFAULT.builder().setRecordSeparator('\n').get())) {
            for (int i = 0; i + 5 <= cells.size(); i++) {
                Object[] record = cells.subList(i, i + 5).toArray();
                row.cells(record);
                printer.printRecord(io.middlemile.connector.csv.CsvFormulaGuard.neutralizeAll(record));
            }
        }
        assertThat(ours.toString()).isEqualTo(printed.toString());
        assertThat(MergePlanCsv.Row.plain("hu-17")).isTrue();
        assertThat(MergePlanCsv.Row.plain("-5")).isFalse();
    }

    @Test
    void anExportThatCannotBePutInPlaceLeavesWhatWasThereAndNoPartialFile(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws Exception {
        java.util.List<io.middlemile.model.CanonicalRecord> records = java.util.List.of(
                TestRecords.person("legacy", "L1", java.time.Instant.parse("2024-06-01T00:00:00Z"), "firstName", "Anna", "lastName", "Berg",
                        "email", "anna@acme.com"),
                TestRecords.person("hubspot", "H1", java.time.Instant.parse("2023-01-01T00:00:00Z"), "firstName", "Anna", "lastName", "Berg",
                        "email", "anna@acme.com"));
        DedupeResult result = new DedupeEngine(TestRecords.contactRules()).run(records.iterator());
        java.nio.file.Path export = dir.resolve("clusters.csv");

        MergePlanCsv.write(result, export);

        assertThat(java.nio.file.Files.readAllLines(export)).hasSize(3).first().isEqualTo("cluster_id,source,record_id,role,score");
        assertThat(dir.resolve("clusters.csv.partial")).doesNotExist();
        // a folder where the export goes: the finished export cannot replace it, and nothing half-written is left beside it
        java.nio.file.Path occupied = java.nio.file.Files.createDirectories(dir.resolve("taken.csv"));
        java.nio.file.Files.writeString(occupied.resolve("keep.txt"), "kept");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> MergePlanCsv.write(result, occupied))
                .isInstanceOf(java.io.IOException.class);
        assertThat(occupied.resolve("keep.txt")).hasContent("kept");
        assertThat(dir.resolve("taken.csv.partial")).doesNotExist();
    }

    @Test
    void scoresAreWrittenAsFormatWritesThemTiesIncluded() {
        SplittableRandom random = new SplittableRandom(3);
        for (int i = 0; i < 200_000; i++) {
            double p = i % 2 == 0 ? random.nextDouble() : random.nextInt(100_000) / 100_000.0; // ties: a 5 in the fifth place
            assertThat(MergePlanCsv.fourDecimals(p)).as("%s", p).isEqualTo(String.format(Locale.ROOT, "%.4f", p));
        }
        for (int k = 0; k < 10_000; k += 7) { // the doubles either side of a tie, which the tie's own text does not round
            double tie = (k + 0.5) / 10_000;
            for (double p : new double[] {Math.nextDown(tie), tie, Math.nextUp(tie), Math.nextUp(Math.nextUp(tie))}) {
                assertThat(MergePlanCsv.fourDecimals(p)).as("%s", p)
                        .isEqualTo(java.math.BigDecimal.valueOf(p).setScale(4, java.math.RoundingMode.HALF_UP).toPlainString());
            }
        }
        for (double p : new double[] {0, 1, 0.99995, 0.00005, 0.12345, 0.5, 1e-9, 0.9999999, 0.99994999, Double.MIN_VALUE}) {
            assertThat(MergePlanCsv.fourDecimals(p)).as("%s", p).isEqualTo(String.format(Locale.ROOT, "%.4f", p));
        }
    }
}
