package io.middlemile.sandbox.salesforce;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * Bulk API 2.0 query jobs (https://developer.salesforce.com/docs/atlas.en-us.api_asynch.meta/api_asynch/queries.html):
 * POST jobs/query {operation: query|queryAll, query, contentType CSV, columnDelimiter, lineEnding} answers the job in
 * state UploadComplete; GET jobs/query/{id} reports UploadComplete, InProgress, then JobComplete (or Aborted after
 * PATCH {state: Aborted}); GET jobs/query/{id}/results?locator=&maxRecords= answers CSV with the Sforce-Locator
 * (the string "null" on the last set) and Sforce-NumberOfRecords headers, only once the job is JobComplete.
 * The SOQL runs through the same engine as REST query, so the rows are exactly those REST returns.
 *
 * <p>A job completes after the emulator's bulk delay (0 = at once), measured on the wall clock so a frozen org
 * clock does not stall it; the query runs when the job completes.
 */
final class BulkQueryApi {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final OrgStore store;
    private final QueryApi queries;
    private final String apiVersion;
    private final Supplier<Duration> delay;
    private final Supplier<Integer> maxPage;
    private final Map<String, Job> jobs = new ConcurrentHashMap<>();
    private final AtomicLong sequence = new AtomicLong();

    private static final class Job {
        final String id;
        final String operation;
        final String soql;
        final String object;
        final String columnDelimiter;
        final String lineEnding;
        final Instant created = Instant.now();
        final long readyAtNanos;
        String state = "UploadComplete";
        List<String> header;
        List<List<String>> rows;
        String errorMessage;

        Job(String id, String operation, String soql, String object, String columnDelimiter, String lineEnding, Duration delay) {
            this.id = id;
            this.operation = operation;
            this.soql = soql;
            this.object = object;
            this.columnDelimiter = columnDelimiter;
            this.lineEnding = lineEnding;
            this.readyAtNanos = System.nanoTime() + delay.toNanos();
        }
    }

    BulkQueryApi(OrgStore store, QueryApi queries, String apiVersion, Supplier<Duration> delay, Supplier<Integer> maxPage) {
        this.store = store;
        this.queries = queries;
        this.apiVersion = apiVersion;
        this.delay = delay;
        this.maxPage = maxPage;
    }

    /** Doc: https://developer.salesforce.com/docs/atlas.en-us.api_asynch.meta/api_asynch/query_create_job.htm */
    BulkAnswer create(JsonNode body) {
        String operation = body.path("operation").asText("");
        if (!operation.equals("query") && !operation.equals("queryAll")) {
            throw new SfApiError(400, "INVALIDJOB", "Invalid operation: '" + operation + "'; a query job's operation is query or queryAll");
        }
        String soql = body.path("query").asText(null);
        if (soql == null || soql.isBlank()) {
            throw new SfApiError(400, "INVALIDJOB", "The query is required");
        }
        String contentType = body.path("contentType").asText("CSV");
        if (!contentType.equals("CSV")) {
            throw new SfApiError(400, "INVALIDJOB", "Invalid contentType: " + contentType + "; Bulk API 2.0 query results are CSV");
        }
        String delimiter = body.path("columnDelimiter").asText("COMMA");
        String lineEnding = body.path("lineEnding").asText("LF");
        if (!BulkCsv.DELIMITERS.containsKey(delimiter) || !(lineEnding.equals("LF") || lineEnding.equals("CRLF"))) {
            throw new SfApiError(400, "INVALIDJOB", "Invalid columnDelimiter " + delimiter + " or lineEnding " + lineEnding);
        }
        // Checked now, as the service does: a malformed query or an unknown object or field fails the create call.
        SoqlQuery parsed = SoqlParser.parse(soql);
        SObjectSchema schema = store.schemaOrInvalidType(parsed.object());
        for (String field : parsed.fields()) {
            if (schema.canonical(field) == null) {
                throw new SfApiError(400, "INVALID_FIELD", "No such column '" + field + "' on entity '" + schema.name() + "'");
            }
        }
        String id = "750Dn" + String.format("%010d", sequence.incrementAndGet()) + "AAQ";
        Job job = new Job(id, operation, soql, parsed.object(), delimiter, lineEnding, delay.get());
        jobs.put(id, job);
        return BulkAnswer.json(200, info(job));
    }

    /** Doc: https://developer.salesforce.com/docs/atlas.en-us.api_asynch.meta/api_asynch/query_get_one_job.htm */
    BulkAnswer get(String id) {
        Job job = job(id);
        advance(job);
        return BulkAnswer.json(200, info(job));
    }

    /** Doc: https://developer.salesforce.com/docs/atlas.en-us.api_asynch.meta/api_asynch/query_abort_job.htm */
    BulkAnswer abort(String id, JsonNode body) {
        Job job = job(id);
        if (!"Aborted".equals(body.path("state").asText())) {
            throw new SfApiError(400, "INVALIDJOBSTATE", "A query job can only be set to Aborted");
        }
        synchronized (job) {
            advance(job);
            if (!job.state.equals("UploadComplete") && !job.state.equals("InProgress")) {
                throw new SfApiError(409, "INVALIDJOBSTATE", "Job " + id + " is in state " + job.state + " and cannot be aborted");
            }
            job.state = "Aborted";
        }
        return BulkAnswer.json(200, info(job));
    }

    /** Doc: https://developer.salesforce.com/docs/atlas.en-us.api_asynch.meta/api_asynch/query_delete_job.htm */
    BulkAnswer delete(String id) {
        Job job = job(id);
        synchronized (job) {
            advance(job);
            if (job.state.equals("UploadComplete") || job.state.equals("InProgress")) {
                throw new SfApiError(409, "INVALIDJOBSTATE", "Job " + id + " is still running; abort it before deleting it");
            }
        }
        jobs.remove(id);
        return BulkAnswer.empty(204);
    }

    /** Doc: https://developer.salesforce.com/docs/atlas.en-us.api_asynch.meta/api_asynch/query_get_job_results.htm */
    BulkAnswer results(String id, String locator, String maxRecords) {
        Job job = job(id);
        synchronized (job) {
            advance(job);
            if (!job.state.equals("JobComplete")) {
                throw new SfApiError(409, "INVALIDJOBSTATE", "Job " + id + " is in state " + job.state
                        + "; results are available only when the job is JobComplete");
            }
        }
        int offset = 0;
        if (locator != null && !locator.isEmpty()) {
            try {
                offset = Integer.parseInt(new String(Base64.getDecoder().decode(locator), StandardCharsets.UTF_8));
            } catch (IllegalArgumentException e) {
                throw new SfApiError(400, "INVALIDLOCATOR", "Invalid locator: " + locator);
            }
            if (offset < 0 || offset > job.rows.size()) {
                throw new SfApiError(400, "INVALIDLOCATOR", "Invalid locator: " + locator);
            }
        }
        int size = maxPage.get();
        if (maxRecords != null) {
            try {
                int asked = Integer.parseInt(maxRecords);
                if (asked < 1) {
                    throw new NumberFormatException();
                }
                size = Math.min(size, asked);
            } catch (NumberFormatException e) {
                throw new SfApiError(400, "INVALIDPARAMETER", "maxRecords must be a positive number, not " + maxRecords);
            }
        }
        int end = Math.min(job.rows.size(), offset + size);
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Sforce-Locator", end < job.rows.size()
                ? Base64.getEncoder().withoutPadding().encodeToString(String.valueOf(end).getBytes(StandardCharsets.UTF_8)) : "null");
        headers.put("Sforce-NumberOfRecords", String.valueOf(end - offset));
        return BulkAnswer.csv(BulkCsv.print(job.header, job.rows.subList(offset, end), job.columnDelimiter, job.lineEnding), headers);
    }

    private Job job(String id) {
        Job job = jobs.get(id);
        if (job == null) {
            throw new SfApiError(404, "NOT_FOUND", "The requested resource does not exist");
        }
        return job;
    }

    /** UploadComplete -> InProgress at the first look, -> JobComplete (or Failed) once the delay has passed. */
    private void advance(Job job) {
        synchronized (job) {
            if (job.state.equals("UploadComplete")) {
                job.state = "InProgress";
            }
            if (job.state.equals("InProgress") && System.nanoTime() - job.readyAtNanos >= 0) {
                try {
                    run(job);
                    job.state = "JobComplete";
                } catch (SfApiError e) {
                    job.state = "Failed";
                    job.errorMessage = e.errorCode + ": " + e.getMessage();
                }
            }
        }
    }

    private void run(Job job) {
        List<ObjectNode> records = new ArrayList<>();
        JsonNode page = queries.query(job.soql, job.operation.equals("queryAll"), null).body();
        page.path("records").forEach(r -> records.add((ObjectNode) r));
        while (!page.path("done").asBoolean(true)) {
            String next = page.path("nextRecordsUrl").asText();
            page = queries.more(next.substring(next.lastIndexOf('/') + 1)).body();
            page.path("records").forEach(r -> records.add((ObjectNode) r));
        }
        List<String> header = new ArrayList<>(SoqlParser.parse(job.soql).fields());
        List<List<String>> rows = new ArrayList<>();
        for (ObjectNode record : records) {
            if (rows.isEmpty()) {
                // The REST rendering carries canonical field names; the CSV header uses them too.
                header = new ArrayList<>();
                Iterator<String> names = record.fieldNames();
                while (names.hasNext()) {
                    String name = names.next();
                    if (!name.equals("attributes")) {
                        header.add(name);
                    }
                }
            }
            List<String> row = new ArrayList<>();
            for (String field : header) {
                row.add(cell(record.get(field)));
            }
            rows.add(row);
        }
        job.header = header;
        job.rows = rows;
    }

    /** Bulk CSV cells: null is an empty cell; dateTimes as 2024-03-01T09:00:00.000Z; booleans true/false. */
    private static String cell(JsonNode value) {
        if (value == null || value.isNull()) {
            return "";
        }
        String text = value.asText();
        if (value.isTextual() && text.matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}\\+0000")) {
            return text.substring(0, text.length() - 5) + "Z";
        }
        return text;
    }

    private ObjectNode info(Job job) {
        ObjectNode node = JSON.createObjectNode();
        node.put("id", job.id);
        node.put("operation", job.operation);
        node.put("object", job.object);
        node.put("createdById", SalesforceEmulator.API_USER_ID);
        node.put("createdDate", QueryApi.DATETIME.format(job.created));
        node.put("systemModstamp", QueryApi.DATETIME.format(job.created));
        node.put("state", job.state);
        node.put("concurrencyMode", "Parallel");
        node.put("contentType", "CSV");
        node.put("apiVersion", Double.parseDouble(apiVersion.substring(1)));
        node.put("lineEnding", job.lineEnding);
        node.put("columnDelimiter", job.columnDelimiter);
        if (job.rows != null) {
            node.put("numberRecordsProcessed", job.rows.size());
        }
        if (job.errorMessage != null) {
            node.put("errorMessage", job.errorMessage);
        }
        return node;
    }
}
