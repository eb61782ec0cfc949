package io.middlemile.sandbox.salesforce;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVPrinter;
import org.apache.commons.csv.CSVRecord;
import org.apache.commons.csv.QuoteMode;

import java.io.IOException;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * CSV as Bulk API 2.0 speaks it: a header row of field names, one row per record, the job's column
 * delimiter and line ending (https://developer.salesforce.com/docs/atlas.en-us.api_asynch.meta/api_asynch/datafiles_prepare_csv.htm).
 */
final class BulkCsv {

    /** columnDelimiter values of a job and the character each stands for. */
    static final Map<String, Character> DELIMITERS = Map.of("COMMA", ',', "TAB", '\t', "PIPE", '|', "SEMICOLON", ';',
            "CARET", '^', "BACKQUOTE", '`');

    private BulkCsv() {
    }

    static CSVFormat format(String columnDelimiter, String lineEnding) {
        return CSVFormat.RFC4180.builder().setDelimiter(DELIMITERS.get(columnDelimiter))
                .setRecordSeparator("CRLF".equals(lineEnding) ? "\r\n" : "\n").setQuoteMode(QuoteMode.ALL).get();
    }

    /** Header and rows of an uploaded file; a malformed file is the job's failure, not the emulator's. */
    static List<List<String>> parse(String text, String columnDelimiter) {
        CSVFormat format = CSVFormat.RFC4180.builder().setDelimiter(DELIMITERS.get(columnDelimiter)).setIgnoreEmptyLines(true).get();
        List<List<String>> rows = new ArrayList<>();
        try (CSVParser parser = CSVParser.parse(new StringReader(text), format)) {
            for (CSVRecord record : parser) {
                rows.add(record.toList());
            }
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException("ClientInputError : " + e.getMessage(), e);
        }
        return rows;
    }

    static String print(List<String> header, List<List<String>> rows, String columnDelimiter, String lineEnding) {
        StringBuilder out = new StringBuilder();
        try (CSVPrinter printer = new CSVPrinter(out, format(columnDelimiter, lineEnding))) {
            printer.printRecord(header);
            for (List<String> row : rows) {
                printer.printRecord(row);
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return out.toString();
    }
}
