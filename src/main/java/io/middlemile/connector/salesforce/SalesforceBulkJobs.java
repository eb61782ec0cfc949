package io.middlemile.connector.salesforce;

import com.fasterxml.jackson.databind.JsonNode;
import io.middlemile.connector.ConnectorException;
import io.middlemile.connector.ConnectorException.Kind;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVPrinter;
import org.apache.commons.csv.CSVRecord;
import org.apache.commons.csv.QuoteMode;

import java.io.IOException;
import java.io.StringReader;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * What Bulk API 2.0 query and ingest jobs share: waiting for a job to finish and the CSV dialect the
 * hub asks for (columnDelimiter COMMA, lineEnding LF, a header row; every cell quoted on the way out).
 * Doc: https://developer.salesforce.com/docs/atlas.en-us.api_asynch.meta/api_asynch/datafiles_prepare_csv.htm
 */
final class SalesforceBulkJobs {

    private static final CSVFormat WRITE = CSVFormat.RFC4180.builder().setRecordSeparator("\n").setQuoteMode(QuoteMode.ALL).get();
    private static final CSVFormat READ = CSVFormat.RFC4180.builder().setIgnoreEmptyLines(true).get();

    private SalesforceBulkJobs() {
    }

    /**
     * Looks at a job until it is JobComplete, waiting between looks (bulkPollInterval, doubling up to ten times it).
     * Failed or Aborted, or still running after bulkTimeout (then aborted), is a RETRIABLE failure: the page is read
     * or written again on the next attempt, from the same cursor.
     */
    static JsonNode await(String connectionId, String what, SalesforceSettings settings, Supplier<JsonNode> look, Runnable abort) {
        long deadline = System.nanoTime() + settings.bulkTimeout().toNanos();
        Duration wait = settings.bulkPollInterval();
        Duration longest = wait.multipliedBy(10);
        while (true) {
            JsonNode job = look.get();
            String state = job.path("state").asText();
            if (state.equals("JobComplete")) {
                return job;
            }
            if (state.equals("Failed") || state.equals("Aborted")) {
                throw new ConnectorException(Kind.RETRIABLE, "Salesforce connection '" + connectionId + "': " + what + " (job "
                        + job.path("id").asText() + ") ended " + state + (job.hasNonNull("errorMessage") ? ": "
                        + job.path("errorMessage").asText() : "") + ". It is retried on the next attempt; if it keeps failing, look "
                        + "at the job in Setup > Bulk Data Load Jobs.");
            }
            if (System.nanoTime() - deadline > 0) {
                abort.run();
                throw new ConnectorException(Kind.RETRIABLE, "Salesforce connection '" + connectionId + "': " + what + " (job "
                        + job.path("id").asText() + ") was still " + state + " after " + settings.bulkTimeout() + "; the hub aborted "
                        + "it and retries later. A busy org queues bulk jobs; raise the bulk threshold or retry off-peak.");
            }
            try {
                Thread.sleep(wait.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new ConnectorException(Kind.RETRIABLE, "Interrupted while waiting for " + what, e);
            }
            wait = wait.multipliedBy(2).compareTo(longest) > 0 ? longest : wait.multipliedBy(2);
        }
    }

    /** Rows of a CSV answer, the header row first. */
    static List<List<String>> parse(String csv) {
        List<List<String>> rows = new ArrayList<>();
        if (csv == null || csv.isEmpty()) {
            return rows;
        }
        try (CSVParser parser = CSVParser.parse(new StringReader(csv), READ)) {
            for (CSVRecord record : parser) {
                rows.add(record.toList());
            }
        } catch (IOException | RuntimeException e) {
            throw new ConnectorException(Kind.RETRIABLE, "A Bulk API 2.0 answer is not readable CSV (" + e.getMessage() + "); retrying may help.", e);
        }
        return rows;
    }

    static String print(List<String> header, List<List<String>> rows) {
        StringBuilder out = new StringBuilder();
        try (CSVPrinter printer = new CSVPrinter(out, WRITE)) {
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
