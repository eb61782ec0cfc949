package io.middlemile.connector.salesforce;

import com.fasterxml.jackson.databind.JsonNode;
import io.middlemile.connector.ConnectorException;
import io.middlemile.connector.TargetRecord;
import io.middlemile.connector.WriteOutcome;

import java.math.BigDecimal;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Writes one group of records (upserts by external id, or updates by Id) as one Bulk API 2.0 ingest job:
 * create the job (CSV, LF, COMMA), upload the CSV, close it (UploadComplete), wait for JobComplete, then
 * read successfulResults/ and failedResults/ and give each input record its own outcome, as the
 * sObject Collections path does. The result files come in no guaranteed order, so rows are matched to
 * records by the key column echoed back (the external id field, or Id); records sharing a key are
 * matched in input order. A record in neither file (the job failed or was aborted part-way) is
 * rejected with the job's error, so it is retried later, never dropped.
 *
 * <p>CSV cells: a field the record sets to null is {@code #N/A} (Bulk's "set to null"); a field other
 * records of the job have but this one lacks is empty, which leaves the Salesforce value unchanged.
 * Doc: https://developer.salesforce.com/docs/atlas.en-us.api_asynch.meta/api_asynch/datafiles_csv_valid_record_rows.htm
 */
final class SalesforceBulkWriter {

    private final String connectionId;
    private final String object;
    private final SalesforceClient client;

    SalesforceBulkWriter(String connectionId, String object, SalesforceClient client) {
        this.connectionId = connectionId;
        this.object = object;
        this.client = client;
    }

    /**
     * @param operation    upsert (keyColumn = the external id field) or update (keyColumn = Id)
     * @param bodies       the fields to send per record, keyed like {@code indexes}; the key column is added from the record key
     */
    void write(String operation, String keyColumn, List<TargetRecord> records, List<Integer> indexes, Map<Integer, Map<String, Object>> bodies,
               WriteOutcome[] outcomes) {
        Set<String> columns = new LinkedHashSet<>();
        columns.add(keyColumn);
        indexes.forEach(i -> columns.addAll(bodies.get(i).keySet()));
        List<String> header = new ArrayList<>(columns);
        List<List<String>> rows = new ArrayList<>();
        Map<String, ArrayDeque<Integer>> byKey = new HashMap<>();
        for (int i : indexes) {
            String key = records.get(i).key();
            byKey.computeIfAbsent(key, k -> new ArrayDeque<>()).add(i);
            Map<String, Object> body = bodies.get(i);
            List<String> row = new ArrayList<>();
            row.add(key);
            for (String column : header.subList(1, header.size())) {
                row.add(!body.containsKey(column) ? "" : body.get(column) == null ? "#N/A" : cell(body.get(column)));
            }
            rows.add(row);
        }

        String jobId;
        try {
            jobId = client.createIngestJob(object, operation, operation.equals("upsert") ? keyColumn : null).path("id").asText();
        } catch (ConnectorException e) {
            if (e.kind() != ConnectorException.Kind.INVALID_REQUEST) {
                throw e;
            }
            // Refused as a whole (e.g. the external id field is not one): each record gets the reason, as on the Collections path.
            indexes.forEach(i -> outcomes[i] = WriteOutcome.rejected(records.get(i).origin(), e.getMessage()));
            return;
        }
        String what = "the Bulk API 2.0 " + operation + " job writing " + indexes.size() + " " + object + " records";
        String failure = null;
        try {
            client.uploadIngestData(jobId, SalesforceBulkJobs.print(header, rows));
            client.setIngestJobState(jobId, "UploadComplete");
            SalesforceBulkJobs.await(connectionId, what, client.settings(), () -> client.ingestJob(jobId),
                    () -> client.setIngestJobState(jobId, "Aborted"));
        } catch (ConnectorException e) {
            JsonNode job = client.ingestJob(jobId);
            String state = job.path("state").asText();
            if (state.equals("Failed")) {
                // A job that failed as a whole (e.g. InvalidBatch: a column the object lacks) fails its records, each with the reason.
                failure = job.path("errorMessage").asText("no reason given");
            } else if (e.kind() == ConnectorException.Kind.INVALID_REQUEST) {
                // The upload or close was refused as invalid: nothing was processed; the job is aborted and each record gets the reason.
                if (state.equals("Open")) {
                    client.setIngestJobState(jobId, "Aborted");
                }
                failure = e.getMessage();
            } else {
                throw e;
            }
        }

        if (failure == null) {
            match(SalesforceBulkJobs.parse(client.ingestResults(jobId, "successfulResults")), keyColumn, byKey, records, outcomes, true);
            match(SalesforceBulkJobs.parse(client.ingestResults(jobId, "failedResults")), keyColumn, byKey, records, outcomes, false);
        }
        for (ArrayDeque<Integer> left : byKey.values()) {
            for (int i : left) {
                outcomes[i] = WriteOutcome.rejected(records.get(i).origin(), "Salesforce Bulk API 2.0 job " + jobId + " did not process "
                        + object + " " + records.get(i).key() + (failure == null ? "" : ": the job failed: " + failure)
                        + ". The record is kept as failed and retried with the next retry of failed records.");
            }
        }
    }

    private void match(List<List<String>> csv, String keyColumn, Map<String, ArrayDeque<Integer>> byKey, List<TargetRecord> records,
                       WriteOutcome[] outcomes, boolean success) {
        if (csv.isEmpty()) {
            return;
        }
        List<String> header = csv.get(0);
        int key = header.indexOf(keyColumn);
        int id = header.indexOf("sf__Id");
        int error = header.indexOf("sf__Error");
        for (List<String> row : csv.subList(1, csv.size())) {
            ArrayDeque<Integer> waiting = key < 0 ? null : byKey.get(row.get(key));
            Integer i = waiting == null ? null : waiting.poll();
            if (i == null) {
                continue;
            }
            TargetRecord record = records.get(i);
            outcomes[i] = success
                    ? WriteOutcome.written(record.origin(), row.get(id))
                    : WriteOutcome.rejected(record.origin(), "Salesforce refused " + object + " " + record.key() + ": "
                    + (error < 0 ? "no reason given" : row.get(error)));
        }
    }

    /** A value as a Bulk CSV cell: numbers never in exponent notation; an empty text clears the field, as in Collections. */
    private static String cell(Object value) {
        if (value instanceof BigDecimal d) {
            return d.toPlainString();
        }
        if (value instanceof Double || value instanceof Float) {
            return BigDecimal.valueOf(((Number) value).doubleValue()).toPlainString();
        }
        String text = String.valueOf(value);
        return text.isEmpty() ? "#N/A" : text;
    }
}
