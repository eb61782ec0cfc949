package io.middlemile.dedupe;

import io.middlemile.connector.WholeFile;
import io.middlemile.connector.csv.CsvFormulaGuard;
import org.apache.commons.csv.CSVFormat;

import java.io.IOException;
import java.io.Writer;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * The {@code --export FILE.csv} format: one row per input record, singletons included,
 * {@code cluster_id,source,record_id,role,score}. Rows are grouped by cluster (clusters in order of their first
 * record in the input), master first, then duplicates in input order. {@code source} is the connection id,
 * {@code role} is {@code master} or {@code duplicate}, {@code score} the duplicate's match probability against the
 * master with four decimals (1.0000 for masters, including singletons). Line ends are {@code \n}.
 *
 * <p>The file is meant to be opened in a spreadsheet and record ids come from the sources, so every cell
 * is neutralized ({@link CsvFormulaGuard}): an id such as {@code =HYPERLINK(...)} is written {@code '=HYPERLINK(...)}.
 */
public final class MergePlanCsv {

    public static final String HEADER = "cluster_id,source,record_id,role,score";

    private MergePlanCsv() {
    }

    /** Writes the export to {@code file} whole or not at all ({@link WholeFile}), making its folder when missing. */
    public static void write(DedupeResult result, Path file) throws IOException {
        try (WholeFile whole = WholeFile.create(file)) {
            Writer out = new java.io.BufferedWriter(new java.io.OutputStreamWriter(whole.out(), StandardCharsets.UTF_8));
            write(result, out);
            out.flush();
            whole.finish();
        }
    }

    public static void write(DedupeResult result, Writer out) throws IOException {
        int n = result.size();
        int k = result.clusters();
        int[] start = new int[k + 1];
        for (int row = 0; row < n; row++) {
            start[result.cluster(row) + 1]++;
        }
        for (int c = 0; c < k; c++) {
            start[c + 1] += start[c];
        }
        int[] rows = new int[n];
        int[] fill = Arrays.copyOf(start, k);
        for (int row = 0; row < n; row++) {
            rows[fill[result.cluster(row)]++] = row;
        }
        MatchRecords records = result.records();
        Row row = new Row(out);
        row.cells((Object[]) HEADER.split(","));
        for (int c = 0; c < k; c++) {
            String id = Integer.toString(c + 1);
            int master = result.masterRow(c);
            row.cells(id, records.connection(master), records.recordId(master), "master", "1.0000");
            for (int q = start[c]; q < start[c + 1]; q++) {
                int member = rows[q];
                if (member != master) {
                    row.cells(id, records.connection(member), records.recordId(member), "duplicate", fourDecimals(result.score(member)));
                }
            }
        }
        out.flush();
    }

    /**
     * Writes rows as commons-csv's default format does, a million of them: cells that need nothing (a letter or digit,
     * then letters, digits, dots, dashes and underscores: cluster numbers, connection ids, most record ids) as they are,
     * any other through the formula guard and the format's own quoting. The printer did every cell that way, which
     * was most of the export's time, the last thing a large run waits for.
     */
    static final class Row {
        private static final CSVFormat FORMAT = CSVFormat.DEFAULT.builder().setRecordSeparator('\n').get();
        private final Writer out;

        Row(Writer out) {
            this.out = out;
        }

        void cells(Object... values) throws IOException {
            for (int i = 0; i < values.length; i++) {
                String value = values[i] == null ? null : values[i].toString();
                if (value != null && plain(value)) {
                    if (i > 0) {
                        out.write(',');
                    }
                    out.write(value);
                } else {
                    FORMAT.print(CsvFormulaGuard.neutralize(value), out, i == 0);
                }
            }
            out.write('\n');
        }

        /** Written alike quoted or not, and never taken for a formula: nothing to quote or guard. */
        static boolean plain(String value) {
            int n = value.length();
            if (n == 0 || !Character.isLetterOrDigit(value.charAt(0)) || value.charAt(0) >= 128) {
                return false;
            }
            for (int i = 1; i < n; i++) {
                char c = value.charAt(i);
                if (!(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '.' || c == '-' || c == '_')) {
                    return false;
                }
            }
            return true;
        }
    }

    /**
     * {@code String.format(Locale.ROOT, "%.4f", p)}, which rounds the same shortest decimal half up, at a tenth of its
     * cost: it was half of writing a million contacts' export.
     */
    static String fourDecimals(double p) {
        // a score is from 0 to 1: scaled, it rounds the same way as its decimal text does unless it lies within a
        // hair of a half, which is left to BigDecimal (a million rows through it were its dtoa and its compilation)
        double scaled = p * 10_000;
        double whole = Math.floor(scaled);
        if (!(p > 0 && p <= 1) || Math.abs(scaled - whole - 0.5) < 1e-6) {
            return BigDecimal.valueOf(p).setScale(4, RoundingMode.HALF_UP).toPlainString();
        }
        int tenThousandths = (int) (scaled - whole < 0.5 ? whole : whole + 1);
        String fraction = Integer.toString(10_000 + tenThousandths % 10_000).substring(1);
        return (tenThousandths / 10_000) + "." + fraction;
    }
}
