package io.middlemile.connector.csv;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A small CSV file a command reads whole (leads to simulate), read by the same reader as a job's CSV connection: the
 * same RFC 4180 rules, delimiter detection and UTF-8 check, and each row it cannot read given with its line and the
 * reason a job run would reject it for ("bad quoting: ...", "expected 3 columns (from the header), found 4; ...").
 *
 * @param header the column names, in file order
 * @param rows   every non-blank data row, readable or not, in file order
 */
public record CsvFileRows(List<String> header, List<Row> rows) {

    /**
     * One data row.
     *
     * @param line    the 1-based physical line it starts on
     * @param values  its values by column name; empty when it could not be read
     * @param problem null when it was read, else why not, in the words of a job's rejected row
     */
    public record Row(long line, Map<String, String> values, String problem) {
    }

    public CsvFileRows {
        header = List.copyOf(header);
        rows = List.copyOf(rows);
    }

    /**
     * Reads the file, its delimiter detected from the header row as a connection's {@code delimiter: auto} does.
     *
     * @throws IllegalArgumentException the file as a whole is not CSV (no header row, a header that cannot be read, a
     *                                  column named twice); the message names the file
     * @throws IOException              the file cannot be read at all (missing, no permission)
     */
    public static CsvFileRows read(Path file) throws IOException {
        try (CsvRecordReader reader = CsvRecordReader.open(file, "auto")) {
            List<String> header = reader.header();
            List<Row> rows = new ArrayList<>();
            for (CsvRow row = reader.next(); row != null; row = reader.next()) {
                if (row.rejected()) {
                    rows.add(new Row(row.line(), Map.of(), row.reason()));
                    continue;
                }
                Map<String, String> values = new LinkedHashMap<>();
                for (int i = 0; i < header.size(); i++) {
                    values.put(header.get(i), row.values()[i]);
                }
                rows.add(new Row(row.line(), values, null));
            }
            return new CsvFileRows(header, rows);
        } catch (CsvFormatException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }
}
