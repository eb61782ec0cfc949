package io.middlemile.connector.salesforce;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.middlemile.connector.AnswerReader;
import io.middlemile.connector.ConnectorException;
import io.middlemile.connector.ConnectorException.Kind;
import io.middlemile.workspace.SecretRefs;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Salesforce REST API, one method per call, provider-shaped values out. Every call goes through the
 * connection's {@link SalesforceResilience}; failures through {@link SalesforceErrorClassifier}.
 *
 * <p>Sessions: a 401 (INVALID_SESSION_ID) makes the client fetch a new token and send the call once
 * more; a second 401 is an AUTH failure. Quota: every answer's {@code Sforce-Limit-Info} is recorded
 * ({@link #apiUsage()}); once usage reaches the share not reserved for people, calls stop before
 * being sent with QUOTA_EXHAUSTED, as does a 403 REQUEST_LIMIT_EXCEEDED for the daily allocation (the same code for
 * the concurrent request limit is RATE_LIMITED and retried: see {@link SalesforceErrorClassifier}).
 */
public final class SalesforceClient {

    /** sObject Collections take at most 200 records per call. */
    public static final int MAX_COLLECTION_RECORDS = 200;

    private static final ObjectMapper JSON = new ObjectMapper();

    private final String connectionId;
    private final SalesforceSettings settings;
    private final SalesforceAuth auth;
    private final HttpClient http;
    private final SalesforceResilience resilience;
    private final SalesforceErrorClassifier classifier;
    private final AnswerReader answers;
    private final AtomicLong requests = new AtomicLong();
    private final AtomicReference<ApiUsage> usage = new AtomicReference<>(ApiUsage.UNKNOWN);

    public SalesforceClient(String connectionId, SalesforceSettings settings, SalesforceAuth auth, HttpClient http,
                            SalesforceResilience resilience, SalesforceErrorClassifier classifier) {
        this.connectionId = connectionId;
        this.settings = settings;
        this.auth = auth;
        this.http = http;
        this.resilience = resilience;
        this.classifier = classifier;
        this.answers = new AnswerReader("Salesforce", connectionId);
    }

    // Doc: https://developer.salesforce.com/docs/platform/api-rest/guide/resources-queryall.html and
    // https://developer.salesforce.com/docs/platform/api-rest/guide/dome-queryall.html
    // (GET /services/data/vXX.X/query?q=SOQL or /queryAll?q=SOQL -> {totalSize, done, records, nextRecordsUrl};
    // queryAll also returns records deleted or merged away; batches of up to 2,000).
    // The query travels in the URI, which Salesforce caps (with the headers) at 16,384 bytes: lookups size themselves
    // with queryUriPrefix (SoqlInLookup).
    public SalesforceQueryResult query(String soql, boolean includeDeleted) {
        String path = queryUriPrefix(includeDeleted) + URLEncoder.encode(soql, StandardCharsets.UTF_8);
        String call = includeDeleted ? "queryAll" : "query";
        HttpResponse<String> response = resilience.call(() -> exchangeText(call, "GET", path, null, "application/json", "application/json"));
        return queryResult(answers.json(call, response.statusCode(), response.body()), serverTime(response));
    }

    /** The answer's Date header (RFC 1123, whole seconds), which every Salesforce response carries; null when absent or odd. */
    private static java.time.Instant serverTime(HttpResponse<String> response) {
        return response.headers().firstValue("Date").map(date -> {
            try {
                return java.time.ZonedDateTime.parse(date, java.time.format.DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
            } catch (java.time.format.DateTimeParseException e) {
                return null;
            }
        }).orElse(null);
    }

    /** The request target of {@link #query} before the encoded SOQL. */
    public String queryUriPrefix(boolean includeDeleted) {
        return dataPath() + (includeDeleted ? "/queryAll" : "/query") + "?q=";
    }

    /** The records of a query answer and of every batch after it (nextRecordsUrl followed to the end). */
    public List<ObjectNode> allRows(SalesforceQueryResult first) {
        List<ObjectNode> rows = new java.util.ArrayList<>(first.records());
        SalesforceQueryResult batch = first;
        while (!batch.done() && batch.nextRecordsUrl() != null) {
            batch = queryMore(batch.nextRecordsUrl());
            rows.addAll(batch.records());
        }
        return rows;
    }

    // Doc: https://developer.salesforce.com/docs/platform/api-rest/guide/resources-queryall-more-results.html
    // (GET the nextRecordsUrl as given, e.g. /services/data/vXX.X/query/01gD0000002HU6KIAW-2000; no parameters).
    public SalesforceQueryResult queryMore(String nextRecordsUrl) {
        return queryResult(resilience.call(() -> exchange("query more results", "GET", nextRecordsUrl, null)), null);
    }

    // Doc: https://developer.salesforce.com/docs/platform/api-rest/guide/dome-sobject-describe
    // (GET /services/data/vXX.X/sobjects/{SObject}/describe -> {name, fields:[{name, type, createable, updateable, externalId}]}).
    public JsonNode describe(String object) {
        return resilience.call(() -> exchange("describe " + object, "GET", dataPath() + "/sobjects/" + enc(object) + "/describe", null));
    }

    // Doc: https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/resources_limits.htm
    // (GET /services/data/vXX.X/limits -> {DailyApiRequests: {Max, Remaining}, ...}).
    public JsonNode limits() {
        return resilience.call(() -> exchange("read limits", "GET", dataPath() + "/limits", null));
    }

    // Doc: https://developer.salesforce.com/docs/platform/api-rest/guide/resources-composite-sobjects-collections-create.html
    // (POST /services/data/vXX.X/composite/sobjects {allOrNone, records:[{attributes:{type}, ...}]} -> [{id, success, errors}]; 200 max).
    public List<SalesforceSaveResult> create(String object, List<Map<String, Object>> records) {
        ObjectNode body = collectionBody(object, records, null);
        return saveResults(resilience.call(() -> exchange("create " + records.size() + " " + object, "POST", dataPath() + "/composite/sobjects", body)));
    }

    // Doc: https://developer.salesforce.com/docs/platform/api-rest/guide/resources-composite-sobjects-collections-update.html
    // (PATCH /services/data/vXX.X/composite/sobjects, each record with attributes.type and id; 200 max).
    public List<SalesforceSaveResult> update(String object, List<String> ids, List<Map<String, Object>> records) {
        ObjectNode body = collectionBody(object, records, ids);
        return saveResults(resilience.call(() -> exchange("update " + records.size() + " " + object, "PATCH", dataPath() + "/composite/sobjects", body)));
    }

    // Doc: https://developer.salesforce.com/docs/platform/api-rest/guide/resources-composite-sobjects-collections-upsert.html
    // (PATCH /services/data/vXX.X/composite/sobjects/{SObject}/{ExternalIdField}, records carry the external id field,
    // no Id -> [{id, success, errors, created}]; 200 max; API v46.0+).
    public List<SalesforceSaveResult> upsert(String object, String externalIdField, List<Map<String, Object>> records) {
        ObjectNode body = collectionBody(object, records, null);
        String path = dataPath() + "/composite/sobjects/" + enc(object) + "/" + enc(externalIdField);
        return saveResults(resilience.call(() -> exchange("upsert " + records.size() + " " + object + " by " + externalIdField, "PATCH", path, body)));
    }

    // Doc: https://developer.salesforce.com/docs/platform/api-rest/guide/resources-composite-sobjects-collections-delete.html
    // (DELETE /services/data/vXX.X/composite/sobjects?ids=a,b&allOrNone=false -> [{id, success, errors}]; 200 max; to the recycle bin).
    public List<SalesforceSaveResult> delete(List<String> ids) {
        requireSize(ids.size(), "delete");
        String path = dataPath() + "/composite/sobjects?allOrNone=false&ids=" + enc(String.join(",", ids));
        return saveResults(resilience.call(() -> exchange("delete " + ids.size() + " records", "DELETE", path, null)));
    }

    // ---------------------------------------------------------------- Bulk API 2.0

    /** One set of query job results: the CSV text, the locator of the next set (null after the last) and its record count. */
    public record BulkResults(String csv, String nextLocator, int records) {
    }

    // Doc: https://developer.salesforce.com/docs/atlas.en-us.api_asynch.meta/api_asynch/query_create_job.htm
    // (POST /services/data/vXX.X/jobs/query {operation: query|queryAll, query, contentType: CSV, columnDelimiter: COMMA,
    // lineEnding: LF} -> job info {id, state: UploadComplete, ...}; API v47.0+; no GROUP BY, OFFSET, TYPEOF, aggregates;
    // ORDER BY and LIMIT disable PK chunking, so the hub sends neither).
    public JsonNode createQueryJob(String soql, boolean includeDeleted) {
        ObjectNode body = JSON.createObjectNode();
        body.put("operation", includeDeleted ? "queryAll" : "query");
        body.put("query", soql);
        body.put("contentType", "CSV");
        body.put("columnDelimiter", "COMMA");
        body.put("lineEnding", "LF");
        return resilience.call(() -> exchange("create Bulk API 2.0 query job", "POST", dataPath() + "/jobs/query", body));
    }

    // Doc: https://developer.salesforce.com/docs/atlas.en-us.api_asynch.meta/api_asynch/query_get_one_job.htm
    // (GET /services/data/vXX.X/jobs/query/{id} -> {state: UploadComplete|InProgress|Aborted|JobComplete|Failed, errorMessage}).
    public JsonNode queryJob(String jobId) {
        return resilience.call(() -> exchange("look at Bulk API 2.0 query job " + jobId, "GET", dataPath() + "/jobs/query/" + enc(jobId), null));
    }

    // Doc: https://developer.salesforce.com/docs/atlas.en-us.api_asynch.meta/api_asynch/query_abort_job.htm
    // (PATCH /services/data/vXX.X/jobs/query/{id} {state: Aborted}).
    public void abortQueryJob(String jobId) {
        ObjectNode body = JSON.createObjectNode().put("state", "Aborted");
        resilience.call(() -> exchange("abort Bulk API 2.0 query job " + jobId, "PATCH", dataPath() + "/jobs/query/" + enc(jobId), body));
    }

    // Doc: https://developer.salesforce.com/docs/atlas.en-us.api_asynch.meta/api_asynch/query_get_job_results.htm
    // (GET /services/data/vXX.X/jobs/query/{id}/results?locator=&maxRecords= -> text/csv with a header row; only when
    // JobComplete; headers Sforce-Locator (the string "null" after the last set) and Sforce-NumberOfRecords; the same API
    // version as the job's).
    public BulkResults queryResults(String jobId, String locator, int maxRecords) {
        String path = dataPath() + "/jobs/query/" + enc(jobId) + "/results?maxRecords=" + maxRecords
                + (locator == null ? "" : "&locator=" + enc(locator));
        HttpResponse<String> response = resilience.call(() -> exchangeText("read Bulk API 2.0 query results of job " + jobId, "GET", path,
                null, null, "text/csv"));
        String next = response.headers().firstValue("Sforce-Locator").orElse("null");
        int records = response.headers().firstValue("Sforce-NumberOfRecords").map(Integer::parseInt).orElse(-1);
        return new BulkResults(response.body(), next.isBlank() || next.equals("null") ? null : next, records);
    }

    // Doc: https://developer.salesforce.com/docs/atlas.en-us.api_asynch.meta/api_asynch/create_job.htm
    // (POST /services/data/vXX.X/jobs/ingest {object, operation: insert|update|upsert|delete, externalIdFieldName (upsert),
    // contentType: CSV, lineEnding: LF, columnDelimiter: COMMA} -> job info {id, state: Open, ...}).
    public JsonNode createIngestJob(String object, String operation, String externalIdField) {
        ObjectNode body = JSON.createObjectNode();
        body.put("object", object);
        body.put("operation", operation);
        if (externalIdField != null) {
            body.put("externalIdFieldName", externalIdField);
        }
        body.put("contentType", "CSV");
        body.put("columnDelimiter", "COMMA");
        body.put("lineEnding", "LF");
        return resilience.call(() -> exchange("create Bulk API 2.0 " + operation + " job for " + object, "POST", dataPath() + "/jobs/ingest", body));
    }

    // Doc: https://developer.salesforce.com/docs/atlas.en-us.api_asynch.meta/api_asynch/upload_job_data.htm
    // (PUT /services/data/vXX.X/jobs/ingest/{id}/batches, Content-Type text/csv, only while the job is Open -> 201 Created;
    // at most 150 MB of base64-encoded data, i.e. about 100 MB of CSV, per job).
    public void uploadIngestData(String jobId, String csv) {
        resilience.call(() -> exchangeText("upload data to Bulk API 2.0 job " + jobId, "PUT",
                dataPath() + "/jobs/ingest/" + enc(jobId) + "/batches", csv, "text/csv", "application/json"));
    }

    // Doc: https://developer.salesforce.com/docs/atlas.en-us.api_asynch.meta/api_asynch/close_job.htm
    // (PATCH /services/data/vXX.X/jobs/ingest/{id} {state: UploadComplete} closes the job and queues it; {state: Aborted} aborts it).
    public JsonNode setIngestJobState(String jobId, String state) {
        ObjectNode body = JSON.createObjectNode().put("state", state);
        return resilience.call(() -> exchange("set Bulk API 2.0 job " + jobId + " to " + state, "PATCH", dataPath() + "/jobs/ingest/" + enc(jobId), body));
    }

    // Doc: https://developer.salesforce.com/docs/atlas.en-us.api_asynch.meta/api_asynch/get_job_info.htm
    // (GET /services/data/vXX.X/jobs/ingest/{id} -> {state: Open|UploadComplete|InProgress|JobComplete|Failed|Aborted,
    // numberRecordsProcessed, numberRecordsFailed, errorMessage}).
    public JsonNode ingestJob(String jobId) {
        return resilience.call(() -> exchange("look at Bulk API 2.0 job " + jobId, "GET", dataPath() + "/jobs/ingest/" + enc(jobId), null));
    }

    // Doc: https://developer.salesforce.com/docs/atlas.en-us.api_asynch.meta/api_asynch/get_job_successful_results.htm,
    // .../get_job_failed_results.htm and .../get_job_unprocessed_results.htm
    // (GET .../jobs/ingest/{id}/successfulResults/ -> CSV sf__Id, sf__Created, uploaded columns; failedResults/ -> sf__Id,
    // sf__Error, uploaded columns; unprocessedrecords/ -> uploaded columns; rows in no guaranteed order).
    public String ingestResults(String jobId, String kind) {
        return resilience.call(() -> exchangeText("read " + kind + " of Bulk API 2.0 job " + jobId, "GET",
                dataPath() + "/jobs/ingest/" + enc(jobId) + "/" + kind + "/", null, null, "text/csv")).body();
    }

    public SalesforceSettings settings() {
        return settings;
    }

    /** SOAP merge() takes a master and at most 2 records to merge into it (3 records in all). */
    public static final int MAX_MERGE_RECORDS = 2;

    // Doc: https://developer.salesforce.com/docs/atlas.en-us.api.meta/api/sforce_api_calls_merge.htm and
    // https://developer.salesforce.com/docs/platform/api/guide/sforce-api-calls-merge-mergeresult.html
    // (SOAP API, no REST equivalent: POST {instance}/services/Soap/u/{version}, Content-Type text/xml, SOAPAction "";
    // SessionHeader.sessionId = the OAuth access token; merge(MergeRequest{masterRecord{type, Id}, recordToMergeIds[1..2]})
    // -> MergeResult{id, success, errors[statusCode, message], mergedRecordIds, updatedRelatedIds}; only Lead, Contact,
    // Account; failures of the whole call are SOAP faults (HTTP 500) with an exceptionCode such as INVALID_SESSION_ID).
    public SalesforceMergeResult merge(String object, String masterId, List<String> duplicateIds) {
        if (duplicateIds.isEmpty()) {
            throw new IllegalArgumentException("Salesforce merge() needs at least one record to merge into " + masterId);
        }
        String call = "merge " + object + " " + String.join(", ", duplicateIds) + " into " + masterId;
        List<SalesforceMergeResult> results = SalesforceSoap.mergeResults(resilience.call(() -> soapExchange(call,
                session -> SalesforceSoap.mergeEnvelope(session, object, masterId, duplicateIds))));
        if (results.isEmpty()) {
            throw new ConnectorException(Kind.RETRIABLE, "Salesforce connection '" + connectionId + "', " + call + ": the answer held "
                    + "no MergeResult. Check with queryAll whether " + String.join(", ", duplicateIds) + " now has MasterRecordId set "
                    + "before merging again.");
        }
        return results.get(0);
    }

    /** The org's daily API usage as of the last answer. */
    public ApiUsage apiUsage() {
        return usage.get();
    }

    public long requestCount() {
        return requests.get();
    }

    public SalesforceResilience resilience() {
        return resilience;
    }

    public SalesforceAuth auth() {
        return auth;
    }

    private String dataPath() {
        return "/services/data/" + settings.apiVersion();
    }

    private ObjectNode collectionBody(String object, List<Map<String, Object>> records, List<String> ids) {
        requireSize(records.size(), "write");
        ObjectNode body = JSON.createObjectNode();
        // One bad record must not sink the batch: the hub reports outcomes per record.
        body.put("allOrNone", false);
        ArrayNode array = body.putArray("records");
        for (int i = 0; i < records.size(); i++) {
            ObjectNode node = array.addObject();
            node.putObject("attributes").put("type", object);
            if (ids != null) {
                node.put("id", ids.get(i));
            }
            records.get(i).forEach((field, value) -> node.set(field, JSON.valueToTree(value)));
        }
        return body;
    }

    private static SalesforceQueryResult queryResult(JsonNode root, java.time.Instant serverTime) {
        List<ObjectNode> records = new ArrayList<>();
        root.path("records").forEach(r -> records.add((ObjectNode) r));
        String next = root.path("nextRecordsUrl").asText(null);
        return new SalesforceQueryResult(root.path("totalSize").asInt(), root.path("done").asBoolean(true), records, next, serverTime);
    }

    private static List<SalesforceSaveResult> saveResults(JsonNode root) {
        List<SalesforceSaveResult> results = new ArrayList<>();
        for (JsonNode r : root) {
            List<SalesforceError> errors = new ArrayList<>();
            for (JsonNode e : r.path("errors")) {
                List<String> fields = new ArrayList<>();
                e.path("fields").forEach(f -> fields.add(f.asText()));
                errors.add(new SalesforceError(e.path("statusCode").asText(null), e.path("message").asText(null), fields));
            }
            Boolean created = r.has("created") && !r.get("created").isNull() ? r.get("created").asBoolean() : null;
            results.add(new SalesforceSaveResult(r.path("id").asText(null), r.path("success").asBoolean(false), errors, created));
        }
        return results;
    }

    private JsonNode exchange(String call, String method, String path, JsonNode body) {
        HttpResponse<String> response = exchangeText(call, method, path, body == null ? null : body.toString(), "application/json",
                "application/json");
        return answers.json(call, response.statusCode(), response.body());
    }

    /**
     * One SOAP call. The session travels in the body, so the envelope is built per attempt: after an
     * INVALID_SESSION_ID fault the client fetches a new token and sends the call once more, as for REST.
     */
    private org.w3c.dom.Document soapExchange(String call, java.util.function.Function<String, String> envelope) {
        guardQuota(call);
        HttpResponse<String> response = sendSoap(call, envelope.apply(auth.accessToken()));
        org.w3c.dom.Document document = SalesforceSoap.parse(response.body());
        SalesforceSoap.Fault fault = document == null ? null : SalesforceSoap.fault(document);
        if (fault != null && "INVALID_SESSION_ID".equals(fault.code())) {
            auth.invalidate();
            response = sendSoap(call, envelope.apply(auth.accessToken()));
            document = SalesforceSoap.parse(response.body());
            fault = document == null ? null : SalesforceSoap.fault(document);
        }
        if (fault != null) {
            throw classifier.classifySoapFault(call, response.statusCode(), fault.code(), fault.message());
        }
        if (response.statusCode() / 100 != 2) {
            throw classifier.classify(call, response.statusCode(), response.headers(), response.body());
        }
        if (document == null) {
            throw answers.unreadable(call, response.statusCode(), "a SOAP envelope", "it is empty or not well-formed XML", null);
        }
        return document;
    }

    private HttpResponse<String> sendSoap(String call, String envelope) {
        String version = settings.apiVersion().startsWith("v") ? settings.apiVersion().substring(1) : settings.apiVersion();
        HttpRequest request = HttpRequest.newBuilder(URI.create(auth.instanceUrl() + "/services/Soap/u/" + version))
                .timeout(settings.requestTimeout())
                .header("Content-Type", "text/xml; charset=UTF-8")
                .header("SOAPAction", "\"\"")
                .POST(HttpRequest.BodyPublishers.ofString(envelope, StandardCharsets.UTF_8))
                .build();
        requests.incrementAndGet();
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw classifier.ioFailure(call, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ConnectorException(Kind.RETRIABLE, "Interrupted during Salesforce call " + call, e);
        }
    }

    /** Stops before the call once usage reached the share kept for people and other integrations. */
    private void guardQuota(String call) {
        ApiUsage current = usage.get();
        if (current.known() && current.used() >= Math.floor(current.limit() * (1 - settings.reservedShare()))) {
            throw classifier.quotaExhausted("Salesforce connection '" + connectionId + "', " + call + ": the org has used "
                    + current.used() + " of its " + current.limit() + " daily API requests; the last "
                    + Math.round(settings.reservedShare() * 100) + "% are kept for people and other integrations. The job pauses "
                    + "and can resume when usage falls (rolling 24 hours).", 0, "RESERVED_SHARE_REACHED");
        }
    }

    /** One REST call with any body and answer type; 401 refreshes the session once; non-2xx answers throw, classified. */
    private HttpResponse<String> exchangeText(String call, String method, String path, String body, String contentType, String accept) {
        guardQuota(call);
        HttpResponse<String> response = send(call, method, path, body, contentType, accept);
        if (response.statusCode() == 401) {
            // Sessions end (timeout, revocation, password policy): fetch a new token once and try again.
            auth.invalidate();
            response = send(call, method, path, body, contentType, accept);
        }
        if (response.statusCode() / 100 != 2) {
            throw classifier.classify(call, response.statusCode(), response.headers(), response.body());
        }
        return response;
    }

    private HttpResponse<String> send(String call, String method, String path, String body, String contentType, String accept) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(auth.instanceUrl() + path))
                .timeout(settings.requestTimeout())
                .header("Authorization", "Bearer " + auth.accessToken())
                .header("Accept", accept);
        if (body == null) {
            builder.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            builder.header("Content-Type", contentType).method(method, HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        }
        requests.incrementAndGet();
        try {
            HttpResponse<String> response = http.send(builder.build(), HttpResponse.BodyHandlers.ofString());
            ApiUsage reported = ApiUsage.parse(response.headers().firstValue("Sforce-Limit-Info").orElse(null));
            if (reported.known()) {
                usage.set(reported);
            }
            return response;
        } catch (IOException e) {
            throw classifier.ioFailure(call, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ConnectorException(Kind.RETRIABLE, "Interrupted during Salesforce call " + call, e);
        }
    }

    private static void requireSize(int size, String call) {
        if (size > MAX_COLLECTION_RECORDS) {
            throw new IllegalArgumentException("Salesforce sObject Collections " + call + " takes at most " + MAX_COLLECTION_RECORDS
                    + " records, got " + size + "; split the batch (RecordSink.maxBatchSize()).");
        }
    }

    private static String enc(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
        return "SalesforceClient[" + connectionId + ", " + SecretRefs.withoutUserInfo(settings.baseUrl()) + "]";
    }
}
