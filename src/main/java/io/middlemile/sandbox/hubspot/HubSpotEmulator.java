package io.middlemile.sandbox.hubspot;

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
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A stateful, strict HubSpot account on an embedded HTTP server, for tests, the demo and rehearsals.
 * Paths and bodies are those of the real CRM v3 API (objects, search, batch, merge, properties) and
 * OAuth token endpoint; so are the failure modes: 401 without a valid bearer token, 400 for 101 batch
 * inputs or a search limit above 200 or paging past the result cap, 207 multi-status for per-input
 * failures, 429 with {@code policyName} TEN_SECONDLY_ROLLING / SECONDLY / DAILY and the rate-limit
 * headers. The v4 associations API is emulated too ({@link AssociationsApi}, {@link AssociationStore}).
 *
 * <pre>{@code
 * try (HubSpotEmulator hubspot = HubSpotEmulator.start(EmulatorSettings.defaults("pat-test"), 0)) {
 *     hubspot.seedCsv("contacts", Path.of("contacts.csv"));
 *     String baseUrl = hubspot.baseUrl();
 * }
 * }</pre>
 */
public final class HubSpotEmulator extends EmulatorServer {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long PORTAL_ID = 24_681_357L;
    /** The largest request body read; a longer one is answered 413 (a CRM batch of 100 inputs is far below it). */
    static final int MAX_BODY_BYTES = 64 * 1024 * 1024;

    private final EmulatorSettings settings;
    private final EmulatorClock clock = new EmulatorClock();
    private final CrmStore store = new CrmStore(clock, PORTAL_ID);
    private final ObjectsApi objects;
    private final AssociationStore associationStore = new AssociationStore(store);
    private final AssociationsApi associations = new AssociationsApi(store, associationStore);
    private final OwnersApi owners = new OwnersApi();
    private final RateLimits limits;
    private final Set<String> tokens = ConcurrentHashMap.newKeySet();
    private final AtomicLong rateLimited = new AtomicLong();
    private final Map<String, AtomicLong> rateLimitedByPolicy = new java.util.concurrent.ConcurrentHashMap<>();
    private final AtomicLong injectedRateLimits = new AtomicLong();
    private volatile long injectedRetryAfterSeconds;

    private HubSpotEmulator(EmulatorSettings settings, int port) {
        super("HubSpot");
        this.settings = settings;
        this.objects = new ObjectsApi(store, new SearchEngine(store, settings.searchResultCap()),
                new CreateAssociations(associationStore));
        this.limits = new RateLimits(settings.burstMax(), settings.windowMillis(), settings.dailyLimit(), settings.searchPerSecond());
        this.tokens.addAll(settings.tokens());
        store.ownerIds(owners::ids); // hubspot_owner_id takes the ids GET /crm/v3/owners serves, as in HubSpot
        latency(settings.latency());
        listen(port); // last: requests may arrive from here on
    }

    /** Starts on the given port (0 = any free port) of the loopback interface. */
    public static HubSpotEmulator start(EmulatorSettings settings, int port) {
        return new HubSpotEmulator(settings, port);
    }

    public CrmStore store() {
        return store;
    }

    public EmulatorClock clock() {
        return clock;
    }

    /** The account's record associations (v4 associations API). */
    public AssociationStore associations() {
        return associationStore;
    }

    /** How many associations of one record a v4 batch-read answer lists before paging (500 by default). */
    public void associationPageSize(int value) {
        associations.pageSize(value);
    }

    /** Requests answered 429 so far (burst, search or daily limit). */
    public long rateLimitedCount() {
        return rateLimited.get();
    }

    /** Requests answered 429 so far by policy name (TEN_SECONDLY_ROLLING, SECONDLY, DAILY). */
    public Map<String, Long> rateLimitedByPolicy() {
        Map<String, Long> counts = new java.util.TreeMap<>();
        rateLimitedByPolicy.forEach((policy, count) -> counts.put(policy, count.get()));
        return counts;
    }

    /**
     * Makes the next {@code count} API calls answer 429 TEN_SECONDLY_ROLLING with {@code Retry-After} (whole seconds),
     * as when other apps of the account share its burst budget, to rehearse waiting a rate limit out. Counted by
     * {@link #rateLimitedCount()}; the calls do not count against the limits themselves.
     */
    public void rateLimitNext(int count, Duration retryAfter) {
        injectedRetryAfterSeconds = Math.max(0, retryAfter.toSeconds());
        injectedRateLimits.set(count);
    }

    /** Calls {@link #rateLimitNext} asked to refuse that were not refused yet. */
    public long rateLimitsPending() {
        return injectedRateLimits.get();
    }

    /** Spends the rest of the day's request budget: every further call answers 429 DAILY, to rehearse a paused job. */
    public void exhaustDailyLimit() {
        limits.exhaustDaily();
    }

    /**
     * Adds an owner, as adding a user to the HubSpot account does; ids are given 75000001, 75000002, ... in order.
     *
     * @param archived true for a deactivated user (listed only with {@code archived=true})
     * @return the owner id, what {@code hubspot_owner_id} holds
     */
    public String seedOwner(String email, String firstName, String lastName, boolean archived) {
        return Long.toString(owners.add(null, email, firstName, lastName, archived).id());
    }

    /** Deactivates ({@code true}) or reactivates an owner, as removing the user from the account or restoring them does. */
    public void archiveOwner(String ownerId, boolean archived) {
        owners.archive(Long.parseLong(ownerId), archived);
    }

    /**
     * Seeds an object type from a CSV file whose header row holds property names. A column named
     * {@code associations.<object>} (e.g. {@code associations.companies}) lists ids of records already
     * seeded, separated by {@code ;}, to associate the row's record with. The emulator numbers records
     * 1001, 1002, ... across all objects in the order they are seeded, so seed companies before the
     * contacts that name them.
     */
    public int seedCsv(String objectType, Path csv) {
        if (objectType.equals(OWNERS)) {
            return SeedCsv.read(csv, NO_ID_COLUMN, this::seedOwner);
        }
        return SeedCsv.read(csv, "hs_object_id", (row, values) -> seed(objectType, row, values));
    }

    /** Seeds from CSV text; blank cells are left unset; unknown columns fail like an API write would. */
    public int seedCsv(String objectType, Reader reader) {
        if (objectType.equals(OWNERS)) {
            return SeedCsv.read(reader, NO_ID_COLUMN, this::seedOwner);
        }
        return SeedCsv.read(reader, "hs_object_id", (row, values) -> seed(objectType, row, values));
    }

    /**
     * {@code --seed owners=FILE.csv}: columns email, firstName, lastName and optionally id (kept, as in a portal's export, so
     * records' hubspot_owner_id values stay right) and archived (true/false).
     */
    static final String OWNERS = "owners";
    /** Owners keep the id column of their seed file, unlike records, whose ids the emulator gives. */
    private static final String NO_ID_COLUMN = "";

    private void seedOwner(long row, Map<String, Object> values) {
        Map<String, Object> rest = new LinkedHashMap<>(values);
        Object id = rest.remove("id");
        Object email = rest.remove("email");
        Object first = rest.remove("firstName");
        Object last = rest.remove("lastName");
        Object archived = rest.remove("archived");
        if (email == null || !rest.isEmpty()) {
            throw new IllegalArgumentException("Seed row " + row + " of owners: expected the columns id (optional), email, firstName,"
                    + " lastName and archived (true/false)" + (rest.isEmpty() ? ", with an email in every row" : ", not " + rest.keySet()));
        }
        Long given;
        try {
            given = id == null ? null : Long.valueOf(id.toString().strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("Seed row " + row + " of owners: id " + id + " is not a number; HubSpot owner ids are");
        }
        owners.add(given, email.toString(), first == null ? null : first.toString(), last == null ? null : last.toString(),
                archived != null && Boolean.parseBoolean(archived.toString()));
    }

    private void seed(String objectType, long row, Map<String, Object> values) {
        Map<String, String> properties = new LinkedHashMap<>();
        Map<String, String> associated = new LinkedHashMap<>();
        Map<String, String> calculated = new LinkedHashMap<>();
        values.forEach((name, value) -> (name.startsWith(ASSOCIATIONS_COLUMN) ? associated
                : name.startsWith(STAGE_ENTERED) ? calculated : properties).put(name, value.toString()));
        StoredRecord record;
        try {
            record = store.createFromExport(objectType, properties);
            store.seedCalculated(objectType, record.id, calculated);
        } catch (ApiError e) {
            throw new IllegalArgumentException("Seed row " + row + " of " + objectType + " was rejected: " + seedRefusal(e), e);
        }
        associated.forEach((column, ids) -> seedAssociations(objectType, record.id, row, column, ids));
    }

    /**
     * What HubSpot's answer says, for a person reading a seed error: its list of invalid properties as their messages
     * ('Property "First Name" does not exist; ...'), not the JSON an API client gets.
     */
    private static String seedRefusal(ApiError e) {
        return e.reasons.isEmpty() ? e.getMessage() : String.join("; ", e.reasons);
    }

    private static final String ASSOCIATIONS_COLUMN = "associations.";
    /** Seed columns HubSpot calculates: an export of a portal with history has when each deal entered its stages. */
    private static final String STAGE_ENTERED = "hs_v2_date_entered_";

    private void seedAssociations(String objectType, long id, long row, String column, String ids) {
        String from = AssociationStore.objectType(objectType);
        String to = AssociationStore.objectType(column.substring(ASSOCIATIONS_COLUMN.length()));
        if (from == null || to == null || !AssociationStore.supported(from, to)) {
            throw new IllegalArgumentException("Seed row " + row + " of " + objectType + ": column " + column
                    + " names no association the emulator knows; use associations.contacts, associations.companies,"
                    + " associations.deals or associations.notes.");
        }
        for (String part : ids.split(";")) {
            String text = part.trim();
            if (text.isEmpty()) {
                continue;
            }
            long toId;
            try {
                toId = Long.parseLong(text);
            } catch (NumberFormatException e) {
                toId = -1;
            }
            if (toId < 0 || !associationStore.exists(to, toId)) {
                throw new IllegalArgumentException("Seed row " + row + " of " + objectType + ": " + column + " names " + to
                        + " id " + text + ", which does not exist; seed " + to + " first (ids are given 1001, 1002, ... in"
                        + " seeding order) and list its ids separated by ';'.");
            }
            associationStore.associate(from, id, to, toId);
        }
    }

    // ---------------------------------------------------------------- HTTP

    @Override
    protected JsonNode failureBody(RuntimeException failure) {
        return new ApiError(500, "INTERNAL_ERROR", "Emulator failure: " + failure).body();
    }

    @Override
    protected void handle(HttpExchange exchange) throws IOException {
        String method = exchange.getRequestMethod();
        String path = exchange.getRequestURI().getRawPath();
        Map<String, String> query = query(exchange.getRequestURI().getRawQuery());
        byte[] raw = readBody(exchange, MAX_BODY_BYTES);
        if (raw == null) {
            sendJson(exchange, new JsonAnswer(413, new ApiError(413, "VALIDATION_ERROR", "The request body is over the emulator's "
                    + MAX_BODY_BYTES + " bytes").body()), Map.of());
            return;
        }
        if (path.equals("/oauth/v1/token") && method.equals("POST")) {
            count("POST oauth/token");
            sendJson(exchange, token(new String(raw, StandardCharsets.UTF_8)), Map.of());
            return;
        }
        if (!authorized(exchange)) {
            sendJson(exchange, new JsonAnswer(401, new ApiError(401, "INVALID_AUTHENTICATION", "Authentication credentials not found. "
                    + "This API supports OAuth 2.0 authentication and you can find more details at "
                    + "https://developers.hubspot.com/docs/methods/auth/oauth-overview").body()), Map.of());
            return;
        }
        List<String> segments = segments(path);
        boolean search = segments.size() == 5 && segments.get(4).equals("search");
        count(route(method, segments));
        RateLimits.Verdict verdict = injectedRateLimits.getAndUpdate(n -> Math.max(0, n - 1)) > 0
                ? new RateLimits.Verdict(false, "TEN_SECONDLY_ROLLING", "You have reached your ten_secondly_rolling limit.",
                        injectedRetryAfterSeconds * 1000, Map.of("Retry-After", Long.toString(injectedRetryAfterSeconds)))
                : limits.admit(search);
        if (!verdict.allowed()) {
            rateLimited.incrementAndGet();
            rateLimitedByPolicy.computeIfAbsent(verdict.policy(), policy -> new AtomicLong()).incrementAndGet();
            ObjectNode body = JSON.createObjectNode();
            body.put("status", "error");
            body.put("message", verdict.message());
            body.put("errorType", "RATE_LIMIT");
            body.put("correlationId", UUID.randomUUID().toString());
            body.put("policyName", verdict.policy());
            body.put("requestId", UUID.randomUUID().toString());
            sendJson(exchange, new JsonAnswer(429, body), verdict.headers());
            return;
        }
        JsonNode body;
        try {
            body = raw.length == 0 ? JSON.createObjectNode() : JSON.readTree(raw);
        } catch (IOException e) {
            sendJson(exchange, new JsonAnswer(400, ApiError.validation("Invalid input JSON on line 1: " + e.getMessage()).body()),
                    verdict.headers());
            return;
        }
        JsonAnswer answer;
        try {
            answer = route(method, segments, query, body);
        } catch (ApiError e) {
            answer = new JsonAnswer(e.status, e.body());
        }
        sendJson(exchange, answer, verdict.headers());
    }

    private JsonAnswer route(String method, List<String> segments, Map<String, String> query, JsonNode body) {
        if (segments.size() >= 6 && segments.get(0).equals("crm") && segments.get(1).equals("v4")) {
            if (segments.get(2).equals("associations")) {
                return associations.batch(method, segments.subList(3, segments.size()), body);
            }
            if (segments.get(2).equals("objects") && segments.get(5).equals("associations")) {
                return associations.single(method, segments.subList(3, segments.size()), query);
            }
        }
        if (segments.size() == 5 && segments.get(1).equals("v3") && segments.get(4).equals("merge") && method.equals("POST")) {
            JsonAnswer merged = objects.handle(method, segments.subList(3, segments.size()), query, body);
            // HubSpot moves the merged-away record's associations to the survivor.
            String type = AssociationStore.objectType(segments.get(3));
            if (merged.status() == 200 && type != null) {
                associationStore.moveOnMerge(type, body.path("primaryObjectId").asLong(), body.path("objectIdToMerge").asLong());
            }
            return merged;
        }
        if (segments.size() >= 4 && segments.get(0).equals("crm") && segments.get(1).equals("v3") && segments.get(2).equals("objects")) {
            return objects.handle(method, segments.subList(3, segments.size()), query, body);
        }
        if (segments.size() == 3 && segments.get(0).equals("crm") && segments.get(1).equals("v3") && segments.get(2).equals(OWNERS)
                && method.equals("GET")) {
            return owners.list(query);
        }
        if (segments.size() == 4 && segments.get(0).equals("crm") && segments.get(1).equals("v3") && segments.get(2).equals("properties")) {
            return properties(method, segments.get(3), body);
        }
        throw new ApiError(404, "OBJECT_NOT_FOUND", "The HubSpot emulator does not implement " + method + " /" + String.join("/", segments));
    }

    /** GET lists an object type's properties; POST creates a custom one ({name, label, type, fieldType}). */
    private JsonAnswer properties(String method, String objectType, JsonNode body) {
        if (method.equals("POST")) {
            String name = body.path("name").asText(null);
            if (name == null || name.isBlank()) {
                throw ApiError.validation("Property name is required.");
            }
            PropertyDefinition definition = new PropertyDefinition(name, body.path("label").asText(name),
                    body.path("type").asText("string"), body.path("fieldType").asText("text"), false,
                    body.path("hasUniqueValue").asBoolean(false), false);
            store.createProperty(objectType, definition);
            return new JsonAnswer(201, property(definition));
        }
        ObjectNode answer = JSON.createObjectNode();
        ArrayNode results = answer.putArray("results");
        store.properties(objectType).forEach(p -> results.add(property(p)));
        return new JsonAnswer(200, answer);
    }

    private static ObjectNode property(PropertyDefinition p) {
        ObjectNode node = JSON.createObjectNode();
        node.put("name", p.name());
        node.put("label", p.label());
        node.put("type", p.type());
        node.put("fieldType", p.fieldType());
        node.put("groupName", p.hubspotDefined() ? "contactinformation" : "custom");
        node.put("hubspotDefined", p.hubspotDefined());
        node.put("hasUniqueValue", p.hasUniqueValue());
        node.put("hidden", false);
        node.put("formField", !p.readOnlyValue());
        ObjectNode metadata = node.putObject("modificationMetadata");
        metadata.put("archivable", !p.hubspotDefined());
        metadata.put("readOnlyDefinition", p.hubspotDefined());
        metadata.put("readOnlyValue", p.readOnlyValue());
        return node;
    }

    /** POST /oauth/v1/token, grant_type=refresh_token: a fresh access token valid for 30 minutes. */
    private JsonAnswer token(String form) {
        Map<String, String> fields = query(form);
        boolean valid = settings.oauthClientId() != null && "refresh_token".equals(fields.get("grant_type"))
                && settings.oauthClientId().equals(fields.get("client_id"))
                && settings.oauthClientSecret().equals(fields.get("client_secret"))
                && settings.oauthRefreshToken().equals(fields.get("refresh_token"));
        if (!valid) {
            ObjectNode body = JSON.createObjectNode();
            body.put("status", "BAD_REFRESH_TOKEN");
            body.put("message", "missing or unknown refresh token");
            body.put("correlationId", UUID.randomUUID().toString());
            return new JsonAnswer(400, body);
        }
        String access = "emu-access-" + UUID.randomUUID();
        tokens.add(access);
        ObjectNode body = JSON.createObjectNode();
        body.put("token_type", "bearer");
        body.put("refresh_token", settings.oauthRefreshToken());
        body.put("access_token", access);
        body.put("expires_in", 1800);
        return new JsonAnswer(200, body);
    }

    private boolean authorized(HttpExchange exchange) {
        String token = bearerToken(exchange);
        return token != null && tokens.contains(token);
    }

    private static String route(String method, List<String> segments) {
        if (segments.size() >= 6 && segments.get(1).equals("v4") && segments.get(2).equals("associations")) {
            // e.g. "POST associations/batch/read"
            return method + " associations/" + String.join("/", segments.subList(5, segments.size()));
        }
        if (segments.size() >= 5 && segments.get(2).equals("objects")) {
            String tail = String.join("/", segments.subList(4, segments.size()));
            return method + " " + (tail.matches("\\d+") ? "{id}" : tail);
        }
        return method + " " + (segments.size() > 3 ? segments.get(2) : String.join("/", segments));
    }

    /** Query string or form fields; a repeated key's values are joined with commas (?properties=a&properties=b). */
    private static Map<String, String> query(String raw) {
        return form(raw, (a, b) -> a + "," + b);
    }
}
