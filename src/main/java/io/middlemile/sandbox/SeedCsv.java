package io.middlemile.sandbox;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Reads an emulator seed file: a CSV export whose header row holds the provider's field names. Blank
 * cells stay unset and the id column is skipped (the emulator assigns ids, as the real service does).
 */
public final class SeedCsv {

    /** Receives one row; throws IllegalArgumentException when the emulator refuses it. */
    @FunctionalInterface
    public interface Row {
        void create(long rowNumber, Map<String, Object> values);
    }

    private SeedCsv() {
    }

    public static int read(Path csv, String idColumn, Row row) {
        try (Reader reader = Files.newBufferedReader(csv, StandardCharsets.UTF_8)) {
            return read(reader, idColumn, row);
        } catch (java.nio.file.NoSuchFileException e) {
            throw new IllegalArgumentException("there is no file " + csv.toAbsolutePath(), e);
        } catch (IOException e) {
            throw new IllegalArgumentException("Cannot read seed file " + csv.toAbsolutePath() + ": " + e.getMessage(), e);
        }
    }

    /** Calls {@code row} for every data row; returns how many there were. */
    public static int read(Reader reader, String idColumn, Row row) {
        CSVFormat format = CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).setIgnoreEmptyLines(true).get();
        int count = 0;
        try (CSVParser parser = CSVParser.parse(reader, format)) {
            for (CSVRecord record : parser) {
                Map<String, Object> values = new LinkedHashMap<>();
                for (String column : parser.getHeaderNames()) {
                    String value = record.isSet(column) ? record.get(column) : "";
                    if (!value.isBlank() && !idColumn.equalsIgnoreCase(column)) {
                        values.put(column, value);
                    }
                }
                row.create(record.getRecordNumber(), values);
                count++;
            }
        } catch (IOException | java.io.UncheckedIOException e) {
            throw notCsv(e);
        }
        return count;
    }

    /** What commons-csv said of a file it could not parse, in its own words (they name the line). */
    public static NotCsv notCsv(Exception failure) {
        // a bad row is reported from the parser's iterator, wrapped
        Throwable why = failure instanceof java.io.UncheckedIOException unchecked ? unchecked.getCause() : failure;
        return new NotCsv("it is not valid CSV: " + why.getMessage(), failure);
    }

    /** The file is not CSV (an unclosed quote, ...): its header row is not the problem, its syntax is. */
    public static final class NotCsv extends IllegalArgumentException {
        NotCsv(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
