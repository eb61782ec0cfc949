package io.middlemile.sandbox.salesforce;

import io.middlemile.sandbox.JsonAnswer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import io.middlemile.sandbox.EmulatorServer;
import io.middlemile.sandbox.SeedCsv;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A stateful, strict Salesforce org on an embedded HTTP server, for tests, the demo and rehearsals.
 * Paths and bodies are those of the REST API: the OAuth 2.0 client credentials token endpoint,
 * query / queryAll with nextRecordsUrl batches, sObject describe, sObject Collections (create,
 * update, upsert by external id, delete; 200 records at most), GET, PATCH and DELETE of one record, limits.
 * Records are checked as the org checks them (text lengths, email format, reference Ids, value types,
 * required fields), with Salesforce's error codes, one record at a time. So are
 * its failures: 401 INVALID_SESSION_ID without a valid session, 403 REQUEST_LIMIT_EXCEEDED once the
 * daily API allocation is used up (or, on demand, the concurrent long-running request limit is reached:
 * {@link #concurrentLimitNext}), 414/431 for a request whose URI, or URI plus headers, is over 16,384 bytes
 * ({@link RequestSizeLimit}), and the {@code Sforce-Limit-Info: api-usage=N/M} header on every
 * API answer. One SOAP call is served too: merge() at POST /services/Soap/u/{version} ({@link SoapMergeApi}),
 * with the session in the SessionHeader and faults instead of JSON errors; SOAP answers carry no
 * Sforce-Limit-Info header (that header is REST's), but the call counts against the daily allocation.
 *
 * <pre>{@code
 * try (SalesforceEmulator sf = SalesforceEmulator.start(SalesforceEmulatorSettings.defaults("id", "secret"), 0)) {
 *     sf.seedCsv("Lead", Path.of("leads.csv"));
 *     String baseUrl = sf.baseUrl();
 * }
 * }</pre>
 */
public final class SalesforceEmulator extends EmulatorServer {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ORG_ID = "00DDn0000000001";
    /** The API user the token names and records were created by: a User Id no seeded user gets (their sequence starts at 1). */
    static final String API_USER_ID = "005Dn0000000000IAA";
    /** Salesforce's message for the concurrent long-running API request limit (a SOAP fault's exceptionMessage shows the same). */
    static final String CONCURRENT_LIMIT_MESSAGE = "ConcurrentRequests (Concurrent API Requests) Limit exceeded.";

    private final SalesforceEmulatorSettings settings;
    private final OrgClock clock = new OrgClock();
    private final OrgStore store = new OrgStore(clock);
    private final QueryApi queries;
    private final CollectionsApi collections;
    private final ApprovalsApi approvals;
    private final SoapMergeApi soap;
    private final BulkQueryApi bulkQueries;
    private final BulkIngestApi bulkIngest;
    private final JwtBearerGrant jwt;
    private volatile java.time.Duration bulkJobDelay = java.time.Duration.ZERO;
    private volatile int bulkResultsPageSize = 50_000;
    private final Set<String> sessions = ConcurrentHashMap.newKeySet();
    private final AtomicLong apiUsage = new AtomicLong();
    private final AtomicLong tokenRequests = new AtomicLong();
    private final AtomicLong injectedFailures = new AtomicLong();
    private final AtomicLong concurrentRefusals = new AtomicLong();
    private volatile int injectedStatus = 503;

    private SalesforceEmulator(SalesforceEmulatorSettings settings, int port) {
        super("Salesforce");
        this.settings = settings;
        this.queries = new QueryApi(store, settings.apiVersion(), settings.queryBatchSize());
        this.collections = new CollectionsApi(store);
        this.approvals = new ApprovalsApi(store);
        this.soap = new SoapMergeApi(store);
        this.bulkQueries = new BulkQueryApi(store, queries, settings.apiVersion(), () -> bulkJobDelay, () -> bulkResultsPageSize);
        this.bulkIngest = new BulkIngestApi(store, settings.apiVersion(), () -> bulkJobDelay);
        this.jwt = new JwtBearerGrant(settings.clientId());
        listen(port); // last: requests may arrive from here on
    }

    /** Starts on the given port (0 = any free port) of the loopback interface. */
    public static SalesforceEmulator start(SalesforceEmulatorSettings settings, int port) {
        return new SalesforceEmulator(settings, port);
    }

    public OrgStore store() {
        return store;
    }

    public OrgClock clock() {
        return clock;
    }

    /** API requests counted against the daily allocation so far. */
    public long apiUsage() {
        return apiUsage.get();
    }

    /** Sets the day's usage, e.g. close to the limit to rehearse quota exhaustion. */
    public void setApiUsage(long used) {
        apiUsage.set(used);
    }

    public long tokenRequests() {
        return tokenRequests.get();
    }

    /**
     * Makes the next {@code count} API calls fail with {@code status} (503 SERVER_UNAVAILABLE or 500
     * UNKNOWN_EXCEPTION), as during a Salesforce incident, to rehearse retries.
     */
    public void failNext(int count, int status) {
        injectedStatus = status;
        injectedFailures.set(count);
    }

    /**
     * Makes the next {@code count} API calls (REST and SOAP) find the org at its concurrent long-running request limit
     * (25 requests of 20 s or more in production, 5 in Developer Edition), as when other integrations hold every slot:
     * REST answers 403 REQUEST_LIMIT_EXCEEDED with "ConcurrentRequests (Concurrent API Requests) Limit exceeded.", SOAP
     * the same as a fault. The same errorCode as the daily allocation, which only the message tells apart
     * (https://developer.salesforce.com/docs/platform/salesforce-app-limits-cheatsheet/guide/salesforce-app-limits-platform-api.html).
     * The refused calls count against the daily allocation, as other failed calls do here.
     */
    public void concurrentLimitNext(int count) {
        concurrentRefusals.set(count);
    }

    /** Calls {@link #concurrentLimitNext} asked to refuse that were not refused yet. */
    public long concurrentRefusalsPending() {
        return concurrentRefusals.get();
    }

    /** How long a Bulk API 2.0 job stays InProgress after it is closed (0, the default: it completes at once). */
    public void setBulkJobDelay(java.time.Duration delay) {
        bulkJobDelay = delay;
    }

    /** Records per set of Bulk API 2.0 query results at most (lower it in tests to page through Sforce-Locator). */
    public void setBulkResultsPageSize(int records) {
        bulkResultsPageSize = records;
    }

    /** The JWT bearer flow's side of the connected app: which certificate signs assertions, which users it pre-authorizes. */
    public JwtBearerGrant jwtBearer() {
        return jwt;
    }

    /** Ends every session, as a session timeout or a revoked token does: the next call gets 401 INVALID_SESSION_ID. */
    public void expireSessions() {
        sessions.clear();
    }

    /** Seeds an sObject type from a CSV file whose header row holds field API names. */
    public int seedCsv(String object, Path csv) {
        return SeedCsv.read(csv, "Id", (row, values) -> seed(object, row, values));
    }

    /** Seeds from CSV text; blank cells stay unset; an Id column is ignored (the org assigns Ids). */
    public int seedCsv(String object, Reader reader) {
        return SeedCsv.read(reader, "Id", (row, values) -> seed(object, row, values));
    }

    /**
     * Adds a user, as an admin adding one in Setup does: Name is FirstName and LastName, Username the email.
     *
     * @return the User Id (005...), what OwnerId fields hold
     */
    public String seedUser(String firstName, String lastName, String email, boolean active) {
        Map<String, Object> values = new java.util.LinkedHashMap<>();
        if (firstName != null) {
            values.put("FirstName", firstName);
        }
        values.put("LastName", lastName);
        values.put("Email", email);
        values.put("IsActive", active);
        seed("User", 1, values);
        return store.all("User").stream().filter(user -> email.equals(user.get("Email"))).reduce((first, second) -> second)
                .map(user -> user.get("Id").toString()).orElseThrow();
    }

    /**
     * Adds a queue, as an admin adding one in Setup (Queues) does: a Group of Type Queue, and one QueueSobject row for each
     * of its supported objects ({@code Lead}, ...), whose records' OwnerId may then name it.
     *
     * @param email the queue's email, or null
     * @return the Group Id (00G...)
     */
    public String seedQueue(String name, String email, String... supportedObjects) {
        Map<String, Object> values = new java.util.LinkedHashMap<>();
        values.put("Name", name);
        values.put("DeveloperName", name.replaceAll("[^A-Za-z0-9]+", "_"));
        values.put("Type", "Queue");
        if (email != null) {
            values.put("Email", email);
        }
        SaveOutcome group = store.create("Group", values);
        if (!group.success()) {
            throw new IllegalArgumentException("Queue " + name + " was rejected: " + group.errors());
        }
        for (String object : supportedObjects) {
            SaveOutcome supported = store.create("QueueSobject", Map.of("QueueId", group.id(), "SobjectType", object));
            if (!supported.success()) {
                throw new IllegalArgumentException("Queue " + name + " cannot take " + object + ": " + supported.errors());
            }
        }
        return group.id();
    }

    /** Deactivates ({@code false}) or reactivates a user, as unticking or ticking Active in Setup does. */
    public void setUserActive(String userId, boolean active) {
        SaveOutcome outcome = store.update("User", userId, Map.of("IsActive", active));
        if (!outcome.success()) {
            throw new IllegalArgumentException("No user " + userId + ": " + outcome.errors());
        }
    }

    /**
     * A seed file's column of a queue's supported objects ({@code Lead;Case}), which Salesforce keeps as QueueSobject rows
     * whose QueueId is the Group Id the seed has not got yet: a seed of {@code Group} with it is a queue of those objects.
     */
    static final String SUPPORTED_OBJECTS = "SupportedObjects";

    private void seed(String object, long row, Map<String, Object> values) {
        if (object.equalsIgnoreCase("Group") && values.containsKey(SUPPORTED_OBJECTS)) {
            Map<String, Object> group = new java.util.LinkedHashMap<>(values);
            String[] supported = String.valueOf(group.remove(SUPPORTED_OBJECTS)).split(";");
            try {
                seedQueue(String.valueOf(group.get("Name")), group.get("Email") == null ? null : group.get("Email").toString(),
                        java.util.Arrays.stream(supported).map(String::strip).filter(name -> !name.isEmpty()).toArray(String[]::new));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("Seed row " + row + " of Group: " + e.getMessage(), e);
            }
            return;
        }
        if (object.equalsIgnoreCase("User")) {
            values = new java.util.LinkedHashMap<>(values);
            Object first = values.get("FirstName");
            values.putIfAbsent("Name", ((first == null ? "" : first + " ") + values.getOrDefault("LastName", "")).strip());
            values.putIfAbsent("Username", values.get("Email"));
            values.putIfAbsent("IsActive", true);
        }
        SaveOutcome outcome;
        try {
            outcome = store.create(object, values);
        } catch (SfApiError e) {
            throw new IllegalArgumentException("Seed row " + row + " of " + object + " was rejected: " + e.errorCode + " "
                    + e.getMessage(), e);
        }
        if (!outcome.success()) {
            throw new IllegalArgumentException("Seed row " + row + " of " + object + " was rejected: " + outcome.errors());
        }
    }

    // ---------------------------------------------------------------- HTTP

    @Override
    protected JsonNode failureBody(RuntimeException failure) {
        return new SfApiError(500, "UNKNOWN_EXCEPTION", "Emulator failure: " + failure).body();
    }

    @Override
    protected void handle(HttpExchange exchange) throws IOException {
        // Salesforce refuses an oversized request before it reads anything else, session and quota included.
        RequestSizeLimit.Refusal tooLarge = RequestSizeLimit.check(exchange);
        if (tooLarge != null) {
            readBody(exchange, BulkIngestApi.MAX_UPLOAD_BYTES);
            send(exchange, tooLarge.status(), "text/plain;charset=UTF-8", tooLarge.text(), Map.of());
            return;
        }
        String method = exchange.getRequestMethod();
        String path = exchange.getRequestURI().getRawPath();
        Map<String, String> query = form(exchange.getRequestURI().getRawQuery());
        byte[] raw = readBody(exchange, BulkIngestApi.MAX_UPLOAD_BYTES);
        if (raw == null) {
            // The Bulk API's answer to an upload over its limit; no other resource takes a body anywhere near it.
            send(exchange, new JsonAnswer(400, new SfApiError(400, "EXCEEDED_QUOTA", "The upload exceeds the 100 MB limit of a"
                    + " job's data").body()), false);
            return;
        }
        if (path.equals("/services/oauth2/token") && method.equals("POST")) {
            tokenRequests.incrementAndGet();
            send(exchange, token(new String(raw, StandardCharsets.UTF_8)), false);
            return;
        }
        if (path.startsWith("/services/Soap/u/") && method.equals("POST")) {
            SoapMergeApi.SoapAnswer answer = soap(new String(raw, StandardCharsets.UTF_8));
            send(exchange, answer.status(), "text/xml;charset=UTF-8", answer.xml(), Map.of());
            return;
        }
        if (!authorized(exchange)) {
            send(exchange, new JsonAnswer(401, new SfApiError(401, "INVALID_SESSION_ID", "Session expired or invalid").body()), false);
            return;
        }
        List<String> segments = segments(path);
        // Every authenticated API call counts against the daily allocation, failed ones included.
        long used = apiUsage.incrementAndGet();
        if (used > settings.dailyApiLimit()) {
            apiUsage.set(settings.dailyApiLimit());
            send(exchange, new JsonAnswer(403, new SfApiError(403, "REQUEST_LIMIT_EXCEEDED", "TotalRequests Limit exceeded.").body()), true);
            return;
        }
        if (concurrentRefusals.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
            send(exchange, new JsonAnswer(403, new SfApiError(403, "REQUEST_LIMIT_EXCEEDED", CONCURRENT_LIMIT_MESSAGE).body()), true);
            return;
        }
        if (injectedFailures.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
            String code = injectedStatus == 503 ? "SERVER_UNAVAILABLE" : "UNKNOWN_EXCEPTION";
            send(exchange, new JsonAnswer(injectedStatus, new SfApiError(injectedStatus, code, "Server temporarily unavailable (emulated)").body()), true);
            return;
        }
        if (segments.size() >= 5 && segments.get(3).equals("jobs")) {
            sendBulk(exchange, bulk(method, segments, query, raw, exchange.getRequestHeaders().getFirst("Content-Type")));
            return;
        }
        JsonAnswer answer;
        try {
            JsonNode body = raw.length == 0 ? JSON.createObjectNode() : JSON.readTree(raw);
            answer = route(method, segments, query, body, exchange.getRequestHeaders().getFirst("Sforce-Query-Options"));
        } catch (SfApiError e) {
            answer = new JsonAnswer(e.status, e.body());
        } catch (IOException e) {
            answer = new JsonAnswer(400, new SfApiError(400, "JSON_PARSER_ERROR", "Unexpected character: " + e.getMessage()).body());
        }
        send(exchange, answer, true);
    }

    private JsonAnswer route(String method, List<String> segments, Map<String, String> query, JsonNode body, String queryOptions) {
        String version = settings.apiVersion();
        if (segments.size() < 4 || !segments.get(0).equals("services") || !segments.get(1).equals("data") || !segments.get(2).equals(version)) {
            throw new SfApiError(404, "NOT_FOUND", "The requested resource does not exist (the emulator serves /services/data/" + version + ")");
        }
        List<String> rest = segments.subList(3, segments.size());
        String head = rest.get(0);
        if ((head.equals("query") || head.equals("queryAll")) && method.equals("GET")) {
            if (rest.size() == 2) {
                count("GET query more");
                return queries.more(rest.get(1));
            }
            count("GET " + head);
            return queries.query(query.get("q"), head.equals("queryAll"), queryOptions);
        }
        if (head.equals("limits") && method.equals("GET")) {
            count("GET limits");
            ObjectNode node = JSON.createObjectNode();
            node.putObject("DailyApiRequests").put("Max", settings.dailyApiLimit()).put("Remaining", settings.dailyApiLimit() - apiUsage.get());
            return new JsonAnswer(200, node);
        }
        if (head.equals("sobjects") && rest.size() == 3 && rest.get(2).equals("describe") && method.equals("GET")) {
            count("GET describe");
            return describe(store.schema(rest.get(1)));
        }
        if (head.equals("sobjects") && rest.size() == 3 && method.equals("GET")) {
            count("GET sobject");
            return getRecord(rest.get(1), rest.get(2), query.get("fields"));
        }
        if (head.equals("sobjects") && rest.size() == 3 && method.equals("PATCH")) {
            count("PATCH sobject");
            return patchRecord(rest.get(1), rest.get(2), body);
        }
        if (head.equals("sobjects") && rest.size() == 3 && method.equals("DELETE")) {
            count("DELETE sobject");
            SaveOutcome outcome = store.delete(rest.get(1), rest.get(2));
            if (!outcome.success()) {
                throw new SfApiError(404, outcome.errors().get(0).statusCode(), outcome.errors().get(0).message());
            }
            return new JsonAnswer(204, null);
        }
        if (head.equals("process") && rest.size() == 2 && rest.get(1).equals("approvals") && method.equals("POST")) {
            count("POST process/approvals");
            return approvals.process(body);
        }
        if (head.equals("composite") && rest.size() >= 2 && rest.get(1).equals("sobjects")) {
            String route = method + " composite/sobjects" + (rest.size() == 4 ? "/{type}/{externalId}" : "");
            count(route);
            if (rest.size() == 2) {
                return switch (method) {
                    case "POST" -> collections.create(body);
                    case "PATCH" -> collections.update(body);
                    case "DELETE" -> collections.delete(query.get("ids") == null ? List.of() : List.of(query.get("ids").split(",")),
                            Boolean.parseBoolean(query.getOrDefault("allOrNone", "false")));
                    default -> throw methodNotAllowed(method);
                };
            }
            if (rest.size() == 4 && method.equals("PATCH")) {
                return collections.upsert(rest.get(2), rest.get(3), body);
            }
        }
        throw new SfApiError(404, "NOT_FOUND", "The requested resource does not exist: " + method + " /" + String.join("/", segments));
    }

    /**
     * GET /services/data/vXX.X/sobjects/{SObject}/{id}[?fields=A,B]: the record with its {@code attributes} and
     * every field (or those asked for), nulls included; the 15-character Id works too. No such record: 404
     * [{"errorCode":"NOT_FOUND","message":"The requested resource does not exist"}]; one in the recycle bin:
     * 404 ENTITY_IS_DELETED.
     * Doc: https://developer.salesforce.com/docs/platform/api-rest/guide/resources-sobject-retrieve.html (Get Records Using sObject Rows)
     */
    private JsonAnswer getRecord(String object, String id, String fieldList) {
        SObjectSchema schema = store.schema(object);
        List<String> fields = fieldList == null || fieldList.isBlank() ? schema.fieldNames()
                : java.util.Arrays.stream(fieldList.split(",")).map(String::strip).toList();
        for (String field : fields) {
            if (schema.canonical(field) == null) {
                throw new SfApiError(400, "INVALID_FIELD", "No such column '" + field + "' on entity '" + schema.name() + "'. If you are "
                        + "attempting to use a custom field, be sure to append the '__c' after the custom field name.");
            }
        }
        Map<String, Object> row = liveRecord(schema, id);
        return new JsonAnswer(200, queries.render(schema, row, fields));
    }

    /**
     * PATCH /services/data/vXX.X/sobjects/{SObject}/{id} with the fields to change: 204 and no body when saved.
     * A record the org refuses answers 400 with the same error a collections call reports for it, in the
     * API's error shape [{"message","errorCode","fields"}] (STRING_TOO_LONG, INVALID_EMAIL_ADDRESS, ...); an
     * unknown field 400 INVALID_FIELD, a value of the wrong JSON type 400 JSON_PARSER_ERROR; no such record 404 NOT_FOUND.
     * Doc: https://developer.salesforce.com/docs/platform/api-rest/guide/resources-sobject-retrieve.html (Update Records Using sObject Rows)
     */
    private JsonAnswer patchRecord(String object, String id, JsonNode body) {
        SObjectSchema schema = store.schema(object);
        if (!body.isObject()) {
            throw new SfApiError(400, "JSON_PARSER_ERROR", "Cannot deserialize instance of " + schema.name() + " from "
                    + (body.isArray() ? "START_ARRAY" : "VALUE_STRING") + " value or request may be missing a required field");
        }
        Map<String, Object> values = new LinkedHashMap<>();
        Map<String, JsonNode> json = new LinkedHashMap<>();
        body.fields().forEachRemaining(field -> {
            if (!field.getKey().equals("attributes")) {
                values.put(field.getKey(), CollectionsApi.value(field.getValue()));
                json.put(field.getKey(), field.getValue());
            }
        });
        store.requireKnownFields(schema, values.keySet());
        CollectionsApi.typeErrors(schema, json);
        synchronized (store) {
            Map<String, Object> row = liveRecord(schema, id);
            SaveOutcome outcome = store.update(schema.name(), (String) row.get("Id"), values);
            if (!outcome.success()) {
                SaveOutcome.Problem problem = outcome.errors().get(0);
                throw new SfApiError(400, problem.statusCode(), problem.message(), problem.fields());
            }
        }
        return new JsonAnswer(204, null);
    }

    private Map<String, Object> liveRecord(SObjectSchema schema, String id) {
        Map<String, Object> row = store.find(schema, id);
        if (row == null) {
            throw new SfApiError(404, "NOT_FOUND", "The requested resource does not exist");
        }
        if (Boolean.TRUE.equals(row.get("IsDeleted"))) {
            throw new SfApiError(404, "ENTITY_IS_DELETED", "entity is deleted", List.of());
        }
        return new LinkedHashMap<>(row);
    }

    /** Bulk API 2.0: /services/data/vXX.X/jobs/query[/{id}[/results]] and /jobs/ingest[/{id}[/batches|/successfulResults|...]]. */
    private BulkAnswer bulk(String method, List<String> segments, Map<String, String> query, byte[] raw, String contentType) {
        try {
            if (!segments.get(1).equals("data") || !segments.get(2).equals(settings.apiVersion())) {
                throw new SfApiError(404, "NOT_FOUND", "The requested resource does not exist (the emulator serves /services/data/"
                        + settings.apiVersion() + ")");
            }
            List<String> rest = segments.subList(4, segments.size());
            String kind = rest.get(0);
            String id = rest.size() > 1 ? rest.get(1) : null;
            String sub = rest.size() > 2 ? rest.get(2) : null;
            String route = method + " jobs/" + kind + (id == null ? "" : "/{id}") + (sub == null ? "" : "/" + sub);
            count(route);
            if (kind.equals("query")) {
                return switch (route) {
                    case "POST jobs/query" -> bulkQueries.create(json(raw));
                    case "GET jobs/query/{id}" -> bulkQueries.get(id);
                    case "PATCH jobs/query/{id}" -> bulkQueries.abort(id, json(raw));
                    case "DELETE jobs/query/{id}" -> bulkQueries.delete(id);
                    case "GET jobs/query/{id}/results" -> bulkQueries.results(id, query.get("locator"), query.get("maxRecords"));
                    default -> throw new SfApiError(404, "NOT_FOUND", "The requested resource does not exist: " + route);
                };
            }
            if (kind.equals("ingest")) {
                return switch (route) {
                    case "POST jobs/ingest" -> bulkIngest.create(json(raw));
                    case "PUT jobs/ingest/{id}/batches" -> bulkIngest.upload(id, raw, contentType);
                    case "PATCH jobs/ingest/{id}" -> bulkIngest.patch(id, json(raw));
                    case "GET jobs/ingest/{id}" -> bulkIngest.get(id);
                    case "DELETE jobs/ingest/{id}" -> bulkIngest.delete(id);
                    case "GET jobs/ingest/{id}/successfulResults", "GET jobs/ingest/{id}/failedResults",
                         "GET jobs/ingest/{id}/unprocessedrecords" -> bulkIngest.results(id, sub);
                    default -> throw new SfApiError(404, "NOT_FOUND", "The requested resource does not exist: " + route);
                };
            }
            throw new SfApiError(404, "NOT_FOUND", "The requested resource does not exist: " + route);
        } catch (SfApiError e) {
            return BulkAnswer.json(e.status, e.body());
        }
    }

    private static JsonNode json(byte[] raw) {
        try {
            return raw.length == 0 ? JSON.createObjectNode() : JSON.readTree(raw);
        } catch (IOException e) {
            throw new SfApiError(400, "JSON_PARSER_ERROR", "Unexpected character: " + e.getMessage());
        }
    }

    private void sendBulk(HttpExchange exchange, BulkAnswer answer) throws IOException {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Sforce-Limit-Info", limitInfo());
        headers.putAll(answer.headers());
        send(exchange, answer.status(), answer.contentType(), answer.body(), headers);
    }

    private String limitInfo() {
        return "api-usage=" + apiUsage.get() + "/" + settings.dailyApiLimit();
    }

    private static SfApiError methodNotAllowed(String method) {
        return new SfApiError(405, "METHOD_NOT_ALLOWED", "HTTP Method '" + method + "' not allowed. Allowed are GET,PATCH,POST,DELETE");
    }

    /** Doc: https://developer.salesforce.com/docs/platform/api-rest/guide/dome-sobject-describe */
    private JsonAnswer describe(SObjectSchema schema) {
        ObjectNode node = JSON.createObjectNode();
        node.put("name", schema.name());
        node.put("keyPrefix", schema.keyPrefix());
        node.put("queryable", true);
        ArrayNode fields = node.putArray("fields");
        schema.fields().entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(entry -> {
            boolean system = schema.system(entry.getKey());
            fields.addObject()
                    .put("name", entry.getKey())
                    .put("type", entry.getValue().describeName())
                    .put("label", schema.label(entry.getKey()))
                    .put("length", schema.length(entry.getKey()) == null ? 0 : schema.length(entry.getKey()))
                    .put("createable", !system)
                    .put("updateable", !system)
                    .put("nillable", !system && !schema.required().contains(entry.getKey()))
                    .put("externalId", schema.externalId(entry.getKey()))
                    .put("custom", entry.getKey().endsWith("__c"));
        });
        return new JsonAnswer(200, node);
    }

    /**
     * POST /services/oauth2/token, grant_type=client_credentials, or grant_type=urn:ietf:params:oauth:grant-type:jwt-bearer
     * with an assertion checked by {@link JwtBearerGrant}
     * (https://developer.salesforce.com/docs/atlas.en-us.chatterapi.meta/chatterapi/quickstart_connecting.htm): answers
     * access_token, instance_url, id, token_type, issued_at and signature; no refresh token, no expires_in.
     */
    private JsonAnswer token(String body) {
        Map<String, String> fields = form(body);
        if (JwtBearerGrant.GRANT_TYPE.equals(fields.get("grant_type"))) {
            ObjectNode refused = jwt.check(fields.get("assertion"));
            return refused != null ? new JsonAnswer(400, refused) : session();
        }
        boolean valid = "client_credentials".equals(fields.get("grant_type")) && settings.clientId().equals(fields.get("client_id"))
                && settings.clientSecret().equals(fields.get("client_secret"));
        if (!valid) {
            ObjectNode error = JSON.createObjectNode();
            error.put("error", "invalid_client");
            error.put("error_description", "invalid client credentials");
            return new JsonAnswer(400, error);
        }
        return session();
    }

    /** A new session, answered as the token endpoint does (no refresh token, no expires_in). */
    private JsonAnswer session() {
        String access = ORG_ID + "!" + UUID.randomUUID().toString().replace("-", "");
        sessions.add(access);
        ObjectNode token = JSON.createObjectNode();
        token.put("access_token", access);
        token.put("signature", Base64.getEncoder().encodeToString(UUID.randomUUID().toString().getBytes(StandardCharsets.UTF_8)));
        token.put("scope", "api");
        token.put("instance_url", baseUrl());
        token.put("id", baseUrl() + "/id/" + ORG_ID + "/" + API_USER_ID);
        token.put("token_type", "Bearer");
        token.put("issued_at", String.valueOf(System.currentTimeMillis()));
        return new JsonAnswer(200, token);
    }

    /** A SOAP call: the SessionHeader is checked like a bearer token, then the call counts against the daily allocation. */
    private SoapMergeApi.SoapAnswer soap(String body) {
        org.w3c.dom.Document request = SoapMergeApi.parse(body);
        String session = SoapMergeApi.sessionId(request);
        if (session == null || !sessions.contains(session)) {
            return SoapMergeApi.fault("INVALID_SESSION_ID", "Invalid Session ID found in SessionHeader: Illegal Session");
        }
        long used = apiUsage.incrementAndGet();
        if (used > settings.dailyApiLimit()) {
            apiUsage.set(settings.dailyApiLimit());
            return SoapMergeApi.fault("REQUEST_LIMIT_EXCEEDED", "TotalRequests Limit exceeded.");
        }
        if (concurrentRefusals.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
            return SoapMergeApi.fault("REQUEST_LIMIT_EXCEEDED", CONCURRENT_LIMIT_MESSAGE);
        }
        count("POST soap merge");
        return this.soap.handle(request);
    }

    private boolean authorized(HttpExchange exchange) {
        String session = bearerToken(exchange);
        return session != null && sessions.contains(session);
    }

    private void send(HttpExchange exchange, JsonAnswer answer, boolean limitInfo) throws IOException {
        sendJson(exchange, answer, limitInfo ? Map.of("Sforce-Limit-Info", limitInfo()) : Map.of());
    }

    /** Query string or form fields; the last value of a repeated key wins. */
    private static Map<String, String> form(String raw) {
        return form(raw, (first, last) -> last);
    }
}
