package io.middlemile.sandbox.salesforce;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * Bulk API 2.0 ingest jobs (https://developer.salesforce.com/docs/atlas.en-us.api_asynch.meta/api_asynch/bulk_api_2_0.htm):
 * POST jobs/ingest {object, operation insert|update|upsert|delete, externalIdFieldName, contentType CSV, lineEnding,
 * columnDelimiter} answers the job in state Open; PUT jobs/ingest/{id}/batches uploads the CSV (only while Open;
 * 201 Created); PATCH jobs/ingest/{id} {state: UploadComplete} closes it, {state: Aborted} aborts it; the job then
 * goes InProgress and JobComplete (or Failed when the file cannot be processed, e.g. an unknown column). Results:
 * successfulResults/ (sf__Id, sf__Created, the uploaded columns), failedResults/ (sf__Id, sf__Error, the uploaded
 * columns), unprocessedrecords/ (the uploaded columns), each a CSV in no guaranteed order, as the docs warn.
 *
 * <p>Cells follow the Bulk CSV rules: an empty cell leaves the field as it is, {@code #N/A} sets it to null
 * (https://developer.salesforce.com/docs/atlas.en-us.api_asynch.meta/api_asynch/datafiles_csv_valid_record_rows.htm).
 */
final class BulkIngestApi {

    /** One upload may hold at most 150 MB of base64-encoded CSV, i.e. about 100 MB of raw CSV. */
    static final int MAX_UPLOAD_BYTES = 100 * 1024 * 1024;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> OPERATIONS = Set.of("insert", "update", "upsert", "delete");

    private final OrgStore store;
    private final String apiVersion;
    private final Supplier<Duration> delay;
    private final Map<String, Job> jobs = new ConcurrentHashMap<>();
    private final AtomicLong sequence = new AtomicLong();

    private static final class Job {
        final String id;
        final String object;
        final String operation;
        final String externalIdField;
        final String columnDelimiter;
        final String lineEnding;
        final Instant created = Instant.now();
        String state = "Open";
        long readyAtNanos;
        String data;
        List<String> header = List.of();
        final List<List<String>> successful = new ArrayList<>();
        final List<List<String>> failed = new ArrayList<>();
        final List<List<String>> unprocessed = new ArrayList<>();
        String errorMessage;

        Job(String id, String object, String operation, String externalIdField, String columnDelimiter, String lineEnding) {
            this.id = id;
            this.object = object;
            this.operation = operation;
            this.externalIdField = externalIdField;
            this.columnDelimiter = columnDelimiter;
            this.lineEnding = lineEnding;
        }
    }

    BulkIngestApi(OrgStore store, String apiVersion, Supplier<Duration> delay) {
        this.store = store;
        this.apiVersion = apiVersion;
        this.delay = delay;
    }

    /** Doc: https://developer.salesforce.com/docs/atlas.en-us.api_asynch.meta/api_asynch/create_job.htm */
    BulkAnswer create(JsonNode body) {
        String operation = body.path("operation").asText("");
        if (!OPERATIONS.contains(operation)) {
            throw new SfApiError(400, "INVALIDJOB", "Invalid operation: '" + operation + "'; expected insert, update, upsert or delete");
        }
        String object = body.path("object").asText(null);
        if (object == null || object.isBlank()) {
            throw new SfApiError(400, "INVALIDJOB", "The object is required");
        }
        SObjectSchema schema = store.schemaOrInvalidType(object);
        String externalId = body.path("externalIdFieldName").asText(null);
        if (operation.equals("upsert")) {
            if (externalId == null || externalId.isBlank()) {
                throw new SfApiError(400, "INVALIDJOB", "External ID was blank for " + schema.name() + ". An External ID must be specified for upsert.");
            }
            if (!externalId.equalsIgnoreCase("Id") && !schema.externalId(externalId)) {
                throw new SfApiError(400, "INVALIDJOB", "InvalidJob : Field name provided, " + externalId + " is not an External ID or "
                        + "indexed field for " + schema.name());
            }
        }
        if (!body.path("contentType").asText("CSV").equals("CSV")) {
            throw new SfApiError(400, "INVALIDJOB", "Invalid contentType; Bulk API 2.0 ingest takes CSV");
        }
        String delimiter = body.path("columnDelimiter").asText("COMMA");
        String lineEnding = body.path("lineEnding").asText("LF");
        if (!BulkCsv.DELIMITERS.containsKey(delimiter) || !(lineEnding.equals("LF") || lineEnding.equals("CRLF"))) {
            throw new SfApiError(400, "INVALIDJOB", "Invalid columnDelimiter " + delimiter + " or lineEnding " + lineEnding);
        }
        String id = "750Dn" + String.format("%010d", sequence.incrementAndGet()) + "AAI";
        Job job = new Job(id, schema.name(), operation, operation.equals("upsert") ? externalId : null, delimiter, lineEnding);
        jobs.put(id, job);
        return BulkAnswer.json(200, info(job));
    }

    /** Doc: https://developer.salesforce.com/docs/atlas.en-us.api_asynch.meta/api_asynch/upload_job_data.htm */
    BulkAnswer upload(String id, byte[] csv, String contentType) {
        Job job = job(id);
        synchronized (job) {
            if (!job.state.equals("Open")) {
                throw new SfApiError(409, "INVALIDJOBSTATE", "Job " + id + " is in state " + job.state
                        + "; data can be uploaded only while the job is Open");
            }
            if (contentType == null || !contentType.toLowerCase().startsWith("text/csv")) {
                throw new SfApiError(400, "INVALIDCONTENTTYPE", "Content-Type must be text/csv, not " + contentType);
            }
            if (csv.length > MAX_UPLOAD_BYTES) {
                throw new SfApiError(400, "EXCEEDED_QUOTA", "The upload exceeds the 100 MB limit of a job's data");
            }
            if (job.data != null) {
                throw new SfApiError(409, "INVALIDJOBSTATE", "Job " + id + " already holds its data; create another job for more records");
            }
            job.data = new String(csv, StandardCharsets.UTF_8);
        }
        return BulkAnswer.empty(201);
    }

    /** Doc: https://developer.salesforce.com/docs/atlas.en-us.api_asynch.meta/api_asynch/close_job.htm */
    BulkAnswer patch(String id, JsonNode body) {
        Job job = job(id);
        String wanted = body.path("state").asText("");
        synchronized (job) {
            advance(job);
            if (wanted.equals("UploadComplete")) {
                if (!job.state.equals("Open")) {
                    throw new SfApiError(409, "INVALIDJOBSTATE", "Job " + id + " is in state " + job.state + " and cannot be closed");
                }
                job.state = "UploadComplete";
                job.readyAtNanos = System.nanoTime() + delay.get().toNanos();
            } else if (wanted.equals("Aborted")) {
                if (!Set.of("Open", "UploadComplete", "InProgress").contains(job.state)) {
                    throw new SfApiError(409, "INVALIDJOBSTATE", "Job " + id + " is in state " + job.state + " and cannot be aborted");
                }
                job.state = "Aborted";
            } else {
                throw new SfApiError(400, "INVALIDJOBSTATE", "Invalid state: '" + wanted + "'; use UploadComplete or Aborted");
            }
            advanceIfDue(job);
        }
        return BulkAnswer.json(200, info(job));
    }

    /** Doc: https://developer.salesforce.com/docs/atlas.en-us.api_asynch.meta/api_asynch/get_job_info.htm */
    BulkAnswer get(String id) {
        Job job = job(id);
        synchronized (job) {
            advance(job);
        }
        return BulkAnswer.json(200, info(job));
    }

    /** Doc: https://developer.salesforce.com/docs/atlas.en-us.api_asynch.meta/api_asynch/delete_job.htm */
    BulkAnswer delete(String id) {
        Job job = job(id);
        synchronized (job) {
            advance(job);
            if (!Set.of("JobComplete", "Failed", "Aborted").contains(job.state)) {
                throw new SfApiError(409, "INVALIDJOBSTATE", "Job " + id + " is in state " + job.state + "; close or abort it before deleting it");
            }
        }
        jobs.remove(id);
        return BulkAnswer.empty(204);
    }

    /**
     * successfulResults/, failedResults/, unprocessedrecords/. Doc:
     * https://developer.salesforce.com/docs/atlas.en-us.api_asynch.meta/api_asynch/get_job_successful_results.htm,
     * .../get_job_failed_results.htm, .../get_job_unprocessed_results.htm
     */
    BulkAnswer results(String id, String kind) {
        Job job = job(id);
        synchronized (job) {
            advance(job);
            boolean finished = Set.of("JobComplete", "Failed").contains(job.state) || (kind.equals("unprocessedrecords") && job.state.equals("Aborted"));
            if (!finished) {
                throw new SfApiError(409, "INVALIDJOBSTATE", "Job " + id + " is in state " + job.state
                        + "; results are available once the job is JobComplete or Failed");
            }
            List<String> header = new ArrayList<>();
            List<List<String>> rows;
            switch (kind) {
                case "successfulResults" -> {
                    header.addAll(List.of("sf__Id", "sf__Created"));
                    rows = job.successful;
                }
                case "failedResults" -> {
                    header.addAll(List.of("sf__Id", "sf__Error"));
                    rows = job.failed;
                }
                case "unprocessedrecords" -> rows = job.unprocessed;
                default -> throw new SfApiError(404, "NOT_FOUND", "The requested resource does not exist");
            }
            header.addAll(job.header);
            return BulkAnswer.csv(BulkCsv.print(header, rows, job.columnDelimiter, job.lineEnding), Map.of());
        }
    }

    private Job job(String id) {
        Job job = jobs.get(id);
        if (job == null) {
            throw new SfApiError(404, "NOT_FOUND", "The requested resource does not exist");
        }
        return job;
    }

    /** UploadComplete -> InProgress at the first look after closing; processed once the delay has passed. */
    private void advance(Job job) {
        if (job.state.equals("UploadComplete")) {
            job.state = "InProgress";
        }
        advanceIfDue(job);
    }

    private void advanceIfDue(Job job) {
        if ((job.state.equals("InProgress") || job.state.equals("UploadComplete")) && System.nanoTime() - job.readyAtNanos >= 0) {
            process(job);
        }
    }

    private void process(Job job) {
        List<List<String>> rows;
        try {
            if (job.data == null) {
                throw new IllegalArgumentException("InvalidBatch : No data was uploaded to the job");
            }
            rows = BulkCsv.parse(job.data, job.columnDelimiter);
            if (rows.isEmpty()) {
                throw new IllegalArgumentException("InvalidBatch : The uploaded file has no header row");
            }
        } catch (IllegalArgumentException e) {
            job.state = "Failed";
            job.errorMessage = e.getMessage();
            return;
        }
        job.header = rows.get(0);
        List<List<String>> data = rows.subList(1, rows.size());
        SObjectSchema schema = store.schema(job.object);
        for (String column : job.header) {
            if (schema.canonical(column) == null) {
                // A column the object does not have fails the whole job; every row stays unprocessed.
                job.state = "Failed";
                job.errorMessage = "InvalidBatch : Field name not found : " + column;
                job.unprocessed.addAll(data);
                return;
            }
        }
        for (List<String> row : data) {
            Map<String, Object> values = new LinkedHashMap<>();
            String recordId = null;
            for (int c = 0; c < job.header.size(); c++) {
                String cell = c < row.size() ? row.get(c) : "";
                String field = schema.canonical(job.header.get(c));
                if (field.equals("Id")) {
                    recordId = cell.isEmpty() ? null : cell;
                } else if (cell.equals("#N/A")) {
                    values.put(field, null);
                } else if (!cell.isEmpty()) {
                    values.put(field, cell);
                }
            }
            SaveOutcome outcome;
            try {
                outcome = switch (job.operation) {
                    case "insert" -> store.create(job.object, values);
                    case "update" -> recordId == null ? SaveOutcome.failed("MISSING_ARGUMENT", "Id not specified in an update call", List.of("Id"))
                            : store.update(job.object, recordId, values);
                    case "upsert" -> store.upsert(job.object, job.externalIdField, values);
                    default -> recordId == null ? SaveOutcome.failed("MISSING_ARGUMENT", "Id not specified", List.of("Id"))
                            : store.delete(job.object, recordId);
                };
            } catch (SfApiError e) {
                outcome = SaveOutcome.failed(e.errorCode, e.getMessage(), List.of());
            }
            List<String> result = new ArrayList<>();
            if (outcome.success()) {
                result.add(outcome.id());
                result.add(String.valueOf(Boolean.TRUE.equals(outcome.created()) || job.operation.equals("insert")));
                result.addAll(row);
                job.successful.add(result);
            } else {
                result.add(recordId == null ? "" : recordId);
                SaveOutcome.Problem problem = outcome.errors().get(0);
                result.add(problem.statusCode() + ":" + problem.message() + ":" + String.join(",", problem.fields()) + " --");
                result.addAll(row);
                job.failed.add(result);
            }
        }
        job.state = "JobComplete";
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
        if (job.externalIdField != null) {
            node.put("externalIdFieldName", job.externalIdField);
        }
        node.put("concurrencyMode", "Parallel");
        node.put("contentType", "CSV");
        node.put("apiVersion", Double.parseDouble(apiVersion.substring(1)));
        node.put("jobType", "V2Ingest");
        node.put("lineEnding", job.lineEnding);
        node.put("columnDelimiter", job.columnDelimiter);
        node.put("numberRecordsProcessed", job.successful.size() + job.failed.size());
        node.put("numberRecordsFailed", job.failed.size());
        if (job.errorMessage != null) {
            node.put("errorMessage", job.errorMessage);
        }
        return node;
    }
}
