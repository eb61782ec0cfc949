package io.middlemile.connector.csv;

import io.middlemile.connector.ConnectorException;
import io.middlemile.connector.ConnectorException.Kind;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The published contents of a CSV target, keyed by its id column: what the target holds now, for
 * before-images, and the rows a run keeps when it does not rewrite them. Loaded once, on first use.
 *
 * <p>Each row is also kept as the text it is in the file (with its line end), so a run that writes a few records leaves
 * every other row byte for byte as it was: parsed and printed again, a hand-edited or exported file changed rows nobody
 * wrote (a value quoted, a formula guard added, a row with a value too many cut), and neither the journal nor a rollback
 * knew of it.
 */
final class CsvTable {

    /** One row of the file: its key (blank when it has none), its values by column, and its text as in the file. */
    record Row(String key, Map<String, Object> values, String text) {
    }

    private final List<String> header;
    private final List<Row> inOrder;
    private final Map<String, Map<String, Object>> rows;
    private final String lineEnd;

    private CsvTable(List<String> header, List<Row> inOrder, String lineEnd) {
        this.header = header;
        this.inOrder = inOrder;
        this.lineEnd = lineEnd;
        this.rows = new LinkedHashMap<>();
        for (Row row : inOrder) {
            rows.put(row.key(), row.values());
        }
    }

    /**
     * @param restoreFormulas the target is written with {@code neutralizeFormulas}: values are read back
     *                        without the {@code '} it added, so rows a run keeps are not prefixed twice
     */
    static CsvTable load(Path file, String idColumn, char delimiter, boolean restoreFormulas) {
        if (idColumn == null || !Files.exists(file)) {
            return new CsvTable(List.of(), List.of(), null);
        }
        CSVFormat format = CSVFormat.RFC4180.builder().setDelimiter(delimiter).setHeader().setSkipHeaderRecord(true).get();
        try {
            String text = Files.readString(file, StandardCharsets.UTF_8);
            try (CSVParser parser = CSVParser.parse(new StringReader(text), format)) {
                List<String> header = parser.getHeaderNames();
                if (!header.contains(idColumn)) {
                    // the header of a hand-edited file can be any size: the list and each name are cut
                    throw new ConnectorException(Kind.FATAL, file + " has no column " + idColumn + " (its header is "
                            + CsvMessages.list(header) + "), so its rows cannot be matched to the records written. Move the file away or fix the id in the connector file.");
                }
                List<CSVRecord> records = parser.getRecords();
                List<Row> rows = new ArrayList<>(records.size());
                for (int r = 0; r < records.size(); r++) {
                    CSVRecord record = records.get(r);
                    Map<String, Object> row = new LinkedHashMap<>();
                    for (String column : header) {
                        String value = record.isSet(column) ? record.get(column) : "";
                        row.put(column, restoreFormulas ? CsvFormulaGuard.restore(value) : value);
                    }
                    int end = r + 1 < records.size() ? (int) records.get(r + 1).getCharacterPosition() : text.length();
                    rows.add(new Row((String) row.get(idColumn), row, text.substring((int) record.getCharacterPosition(), end)));
                }
                return new CsvTable(List.copyOf(header), rows, lineEnd(text));
            }
        } catch (IOException | IllegalStateException | java.io.UncheckedIOException e) {
            throw new ConnectorException(Kind.FATAL, "Cannot read the current contents of " + file + ": " + e.getMessage()
                    + ". It is rewritten by the hub; if it was edited by hand, check it is valid CSV with a header.", e);
        }
    }

    /** How the file's first line ends, or null for a file of one line. */
    private static String lineEnd(String text) {
        int newline = text.indexOf('\n');
        return newline < 0 ? null : newline > 0 && text.charAt(newline - 1) == '\r' ? "\r\n" : "\n";
    }

    Map<String, Object> row(String key) {
        return rows.get(key);
    }

    Map<String, Map<String, Object>> rows() {
        return rows;
    }

    /** Every row in file order, duplicates and rows without a key included. */
    List<Row> inOrder() {
        return inOrder;
    }

    /** The file's column names as its header has them; empty when there is no file. */
    List<String> header() {
        return header;
    }

    /** How the file's lines end ({@code \r\n} or {@code \n}), or null when there is no file or it has one line. */
    String lineEnd() {
        return lineEnd;
    }
}
