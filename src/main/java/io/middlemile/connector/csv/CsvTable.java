package io.middlemile.connector.csv;

import io.middlemile.connector.ConnectorException;
import io.middlemile.connector.ConnectorException.Kind;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The published contents of a CSV target, keyed by its id column: what the target holds now, for
 * before-images, and the rows a run keeps when it does not rewrite them. Loaded once, on first use.
 */
final class CsvTable {

    private final Map<String, Map<String, Object>> rows;

    private CsvTable(Map<String, Map<String, Object>> rows) {
        this.rows = rows;
    }

    /**
     * @param restoreFormulas the target is written with {@code neutralizeFormulas}: values are read back
     *                        without the {@code '} it added, so rows a run keeps are not prefixed twice
     */
    static CsvTable load(Path file, String idColumn, char delimiter, boolean restoreFormulas) {
        Map<String, Map<String, Object>> rows = new LinkedHashMap<>();
        if (idColumn == null || !Files.exists(file)) {
            return new CsvTable(rows);
        }
        CSVFormat format = CSVFormat.RFC4180.builder().setDelimiter(delimiter).setHeader().setSkipHeaderRecord(true).get();
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8); CSVParser parser = CSVParser.parse(reader, format)) {
            List<String> header = parser.getHeaderNames();
            if (!header.contains(idColumn)) {
                // the header of a hand-edited file can be any size: the list and each name are cut
                throw new ConnectorException(Kind.FATAL, file + " has no column " + idColumn + " (its header is "
                        + CsvMessages.list(header) + "), so its rows cannot be matched to the records written. Move the file away or fix the id in the connector file.");
            }
            for (CSVRecord record : parser) {
                Map<String, Object> row = new LinkedHashMap<>();
                for (String column : header) {
                    String value = record.isSet(column) ? record.get(column) : "";
                    row.put(column, restoreFormulas ? CsvFormulaGuard.restore(value) : value);
                }
                rows.put((String) row.get(idColumn), row);
            }
            return new CsvTable(rows);
        } catch (IOException | IllegalStateException | java.io.UncheckedIOException e) {
            throw new ConnectorException(Kind.FATAL, "Cannot read the current contents of " + file + ": " + e.getMessage()
                    + ". It is rewritten by the hub; if it was edited by hand, check it is valid CSV with a header.", e);
        }
    }

    Map<String, Object> row(String key) {
        return rows.get(key);
    }

    Map<String, Map<String, Object>> rows() {
        return rows;
    }
}
