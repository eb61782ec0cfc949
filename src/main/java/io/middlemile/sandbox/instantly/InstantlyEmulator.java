package io.middlemile.sandbox.instantly;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import io.middlemile.sandbox.EmulatorServer;
import io.middlemile.sandbox.JsonAnswer;

import java.io.IOException;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * A stateful Instantly API v2 on a loopback port, as strict as the real one on the calls the connector makes (Instantly's
 * OpenAPI, api-evangelist/instantly-ai; developer.instantly.ai/getting-started/rate-limit):
 * <ul>
 *   <li>{@code Authorization: Bearer <token>} or 401 {@code {statusCode, error: "Unauthorized", message}};</li>
 *   <li>the workspace budget, 100 requests per second and 6,000 per minute over every key: beyond it 429
 *       {@code "Rate limit exceeded"} (sliding windows over the requests admitted);</li>
 *   <li>{@code POST /api/v2/leads/add}: exactly one of campaign_id or list_id (the campaign or list must exist), 1 to 1,000
 *       leads, no unknown lead fields, an email on every campaign lead (a lead without one is counted invalid, not
 *       refused); per lead, in this order: invalid email, the same email earlier in the call, the blocklist
 *       ({@code blocklist_id} or the workspace default), the skip flags ({@code skip_if_in_workspace} overriding the
 *       others), already in this campaign or list; the others are created with new ids;</li>
 *   <li>{@code POST /api/v2/leads/update-interest-status}: 202 when the lead is in the workspace (in the campaign or
 *       list when one is named), else 400 {@code {"error": "Invalid lead email"}};</li>
 *   <li>{@code GET /api/v2/campaigns?limit=1..100&starting_after=}: {@code {items[], next_starting_after}}.</li>
 * </ul>
 * The order of the per-lead checks is this emulator's choice: Instantly documents the counts, not their precedence.
 */
public final class InstantlyEmulator extends EmulatorServer {

    public static final String API_PREFIX = "/api/v2";
    public static final int PER_SECOND = 100;
    public static final int PER_MINUTE = 6_000;
    public static final int MAX_LEADS = 1_000;
    private static final int MAX_BODY = 8 * 1024 * 1024;
    private static final Pattern EMAIL = Pattern.compile("^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$");
    private static final Set<String> LEAD_FIELDS = Set.of("email", "personalization", "website", "last_name", "first_name",
            "company_name", "job_title", "phone", "lt_interest_status", "pl_value_lead", "assigned_to", "custom_variables");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String token;
    private final Clock clock;
    private final int perSecond;
    private final int perMinute;
    private final Deque<Long> recent = new ArrayDeque<>();
    /** Campaign and list ids, in creation order (Instantly pages campaigns by id, which are time-ordered UUIDv7s). */
    private final Map<String, String> campaigns = new LinkedHashMap<>();
    private final Set<String> lists = new HashSet<>();
    /** Lead emails (lower case) by campaign or list id. */
    private final Map<String, Set<String>> members = new LinkedHashMap<>();
    private final Map<String, Set<String>> blocklists = new LinkedHashMap<>();
    private final String defaultBlocklist = UUID.randomUUID().toString();
    private final Map<String, Integer> interest = new LinkedHashMap<>();

    private InstantlyEmulator(String token, Clock clock, int perSecond, int perMinute) {
        super("Instantly");
        this.token = token;
        this.clock = clock;
        this.perSecond = perSecond;
        this.perMinute = perMinute;
        blocklists.put(defaultBlocklist, new HashSet<>());
    }

    /** Starts on the given port (0: any free one), accepting {@code token} as the API key. */
    public static InstantlyEmulator start(String token, int port) {
        return start(token, port, Clock.systemUTC(), PER_SECOND, PER_MINUTE);
    }

    /**
     * With other limits than the workspace's (a rehearsal of a smaller share, or a test of the minute window, which the
     * per-second one hides at the real figures: 100 a second over 60 seconds is exactly 6,000).
     */
    public static InstantlyEmulator start(String token, int port, Clock clock, int perSecond, int perMinute) {
        InstantlyEmulator emulator = new InstantlyEmulator(token, clock, perSecond, perMinute);
        emulator.listen(port);
        return emulator;
    }

    /** The base URL a connection's {@code baseUrl:} takes: the server and {@code /api/v2}. */
    public String apiBaseUrl() {
        return baseUrl() + API_PREFIX;
    }

    // ---------------------------------------------------------------- seeding and inspection

    public synchronized String addCampaign(String name) {
        String id = UUID.randomUUID().toString();
        campaigns.put(id, name);
        members.put(id, new HashSet<>());
        return id;
    }

    public synchronized String addList() {
        String id = UUID.randomUUID().toString();
        lists.add(id);
        members.put(id, new HashSet<>());
        return id;
    }

    /** Blocks an email on the workspace's default blocklist. */
    public synchronized void block(String email) {
        blocklists.get(defaultBlocklist).add(email.toLowerCase(Locale.ROOT));
    }

    public synchronized String addBlocklist(List<String> emails) {
        String id = UUID.randomUUID().toString();
        Set<String> entries = new HashSet<>();
        emails.forEach(e -> entries.add(e.toLowerCase(Locale.ROOT)));
        blocklists.put(id, entries);
        return id;
    }

    public synchronized Set<String> leadsOf(String campaignOrList) {
        return Set.copyOf(members.getOrDefault(campaignOrList, Set.of()));
    }

    public synchronized Integer interestOf(String email) {
        return interest.get(email.toLowerCase(Locale.ROOT));
    }

    // ---------------------------------------------------------------- HTTP

    @Override
    protected JsonNode failureBody(RuntimeException failure) {
        return error(500, "Internal Server Error", "The emulator failed: " + failure.getClass().getSimpleName());
    }

    @Override
    protected void handle(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getRawPath();
        String method = exchange.getRequestMethod();
        if (!token.equals(bearerToken(exchange))) {
            answer(exchange, new JsonAnswer(401, error(401, "Unauthorized", bearerToken(exchange) == null
                    ? "Missing Authorization header" : "Invalid API key")));
            return;
        }
        if (!admit()) {
            answer(exchange, new JsonAnswer(429, error(429, "Too Many Requests", "Rate limit exceeded")));
            return;
        }
        String route = method + " " + path;
        count(route);
        JsonAnswer result = switch (route) {
            case "POST " + API_PREFIX + "/leads/add" -> withBody(exchange, this::addLeads);
            case "POST " + API_PREFIX + "/leads/update-interest-status" -> withBody(exchange, this::updateInterest);
            case "GET " + API_PREFIX + "/campaigns" -> listCampaigns(form(exchange.getRequestURI().getRawQuery(), (a, b) -> b));
            default -> new JsonAnswer(404, error(404, "Not Found", "Route " + method + ":" + path + " not found"));
        };
        answer(exchange, result);
    }

    private void answer(HttpExchange exchange, JsonAnswer answer) throws IOException {
        sendJson(exchange, answer, Map.of());
    }

    private interface BodyHandler {
        JsonAnswer apply(JsonNode body);
    }

    private JsonAnswer withBody(HttpExchange exchange, BodyHandler handler) throws IOException {
        byte[] raw = readBody(exchange, MAX_BODY);
        if (raw == null) {
            return new JsonAnswer(413, error(413, "Payload Too Large", "Request body is too large"));
        }
        JsonNode body;
        try {
            body = JSON.readTree(raw);
        } catch (IOException e) {
            return badRequest("Body is not valid JSON");
        }
        if (body == null || !body.isObject()) {
            return badRequest("body must be object");
        }
        synchronized (this) {
            return handler.apply(body);
        }
    }

    /** Sliding windows of one second and one minute over the requests admitted (a refused one does not count). */
    private synchronized boolean admit() {
        long now = clock.millis();
        while (!recent.isEmpty() && recent.peekFirst() <= now - 60_000) {
            recent.pollFirst();
        }
        long lastSecond = recent.stream().filter(t -> t > now - 1_000).count();
        if (lastSecond >= perSecond || recent.size() >= perMinute) {
            return false;
        }
        recent.addLast(now);
        return true;
    }

    // Mirrors POST /api/v2/leads/add (see the class comment for the order of the per-lead checks).
    private JsonAnswer addLeads(JsonNode body) {
        String campaignId = text(body, "campaign_id");
        String listId = text(body, "list_id");
        if ((campaignId == null) == (listId == null)) {
            return badRequest("You must provide either campaign_id or list_id, but not both");
        }
        JsonNode leads = body.get("leads");
        if (leads == null || !leads.isArray()) {
            return badRequest("body must have required property 'leads'");
        }
        if (leads.isEmpty() || leads.size() > MAX_LEADS) {
            return badRequest(leads.isEmpty() ? "body/leads must NOT have fewer than 1 items"
                    : "body/leads must NOT have more than " + MAX_LEADS + " items");
        }
        for (int i = 0; i < leads.size(); i++) {
            JsonNode lead = leads.get(i);
            if (!lead.isObject()) {
                return badRequest("body/leads/" + i + " must be object");
            }
            for (var names = lead.fieldNames(); names.hasNext(); ) {
                String name = names.next();
                if (!LEAD_FIELDS.contains(name)) {
                    return badRequest("body/leads/" + i + " must NOT have additional properties ('" + name + "')");
                }
            }
        }
        String target = campaignId != null ? campaignId : listId;
        if (campaignId != null ? !campaigns.containsKey(campaignId) : !lists.contains(listId)) {
            return new JsonAnswer(404, error(404, "Not Found", (campaignId != null ? "Campaign" : "List") + " not found"));
        }
        String blocklistId = text(body, "blocklist_id") == null ? defaultBlocklist : text(body, "blocklist_id");
        Set<String> blocked = blocklists.get(blocklistId);
        if (blocked == null) {
            return new JsonAnswer(404, error(404, "Not Found", "Blocklist not found"));
        }
        boolean skipWorkspace = body.path("skip_if_in_workspace").asBoolean(false);
        boolean skipCampaign = !skipWorkspace && body.path("skip_if_in_campaign").asBoolean(false);
        boolean skipList = !skipWorkspace && body.path("skip_if_in_list").asBoolean(false);
        int uploaded = 0, inBlocklist = 0, duplicated = 0, skipped = 0, invalid = 0, incomplete = 0, duplicateEmail = 0;
        Set<String> seen = new HashSet<>();
        Set<String> into = members.get(target);
        ArrayNode created = JSON.createArrayNode();
        for (int i = 0; i < leads.size(); i++) {
            JsonNode lead = leads.get(i);
            String email = text(lead, "email");
            if (email == null) {
                if (campaignId != null) {
                    invalid++;
                    continue;
                }
                if (text(lead, "first_name") == null && text(lead, "last_name") == null) {
                    incomplete++;
                    continue;
                }
            } else if (!EMAIL.matcher(email).matches()) {
                invalid++;
                continue;
            }
            String key = email == null ? null : email.toLowerCase(Locale.ROOT);
            if (key != null && !seen.add(key)) {
                duplicateEmail++;
                continue;
            }
            if (key != null && blocked.contains(key)) {
                inBlocklist++;
                continue;
            }
            if (key != null && (skipWorkspace && inAny(key, true, true) || skipCampaign && inAny(key, true, false)
                    || skipList && inAny(key, false, true)) && !into.contains(key)) {
                skipped++;
                continue;
            }
            if (key != null && into.contains(key)) {
                duplicated++;
                continue;
            }
            if (key != null) {
                into.add(key);
            }
            uploaded++;
            ObjectNode made = created.addObject();
            made.put("id", UUID.randomUUID().toString());
            made.put("index", i);
            if (email == null) {
                made.putNull("email");
            } else {
                made.put("email", email);
            }
        }
        ObjectNode answer = JSON.createObjectNode();
        answer.put("status", "success");
        answer.put("total_sent", leads.size());
        answer.put("leads_uploaded", uploaded);
        answer.put("in_blocklist", inBlocklist);
        answer.put("blocklist_used", blocklistId);
        answer.put("duplicated_leads", duplicated);
        answer.put("skipped_count", skipped);
        answer.put("invalid_email_count", invalid);
        answer.put("incomplete_count", incomplete);
        answer.put("duplicate_email_count", duplicateEmail);
        if (campaignId != null) {
            answer.put("remaining_in_plan", 1_000_000);
        } else {
            answer.putNull("remaining_in_plan");
        }
        answer.set("created_leads", created);
        return new JsonAnswer(200, answer);
    }

    private boolean inAny(String email, boolean inCampaigns, boolean inLists) {
        for (Map.Entry<String, Set<String>> entry : members.entrySet()) {
            boolean isCampaign = campaigns.containsKey(entry.getKey());
            if ((isCampaign ? inCampaigns : inLists) && entry.getValue().contains(email)) {
                return true;
            }
        }
        return false;
    }

    // Mirrors POST /api/v2/leads/update-interest-status: 202 background job, 400 {"error": "Invalid lead email"}.
    private JsonAnswer updateInterest(JsonNode body) {
        String email = text(body, "lead_email");
        if (email == null || !body.has("interest_value")) {
            return badRequest("body must have required properties 'lead_email' and 'interest_value'");
        }
        String key = email.toLowerCase(Locale.ROOT);
        String scope = text(body, "campaign_id") != null ? text(body, "campaign_id") : text(body, "list_id");
        boolean known = scope == null ? inAny(key, true, true) : members.getOrDefault(scope, Set.of()).contains(key);
        if (!known) {
            ObjectNode error = JSON.createObjectNode();
            error.put("error", "Invalid lead email");
            return new JsonAnswer(400, error);
        }
        JsonNode value = body.get("interest_value");
        if (value.isNull()) {
            interest.remove(key);
        } else {
            interest.put(key, value.asInt());
        }
        ObjectNode answer = JSON.createObjectNode();
        answer.put("message", "Lead interest status update background job submitted");
        return new JsonAnswer(202, answer);
    }

    // Mirrors GET /api/v2/campaigns?limit=1..100&starting_after=<id>.
    private synchronized JsonAnswer listCampaigns(Map<String, String> query) {
        int limit;
        try {
            limit = query.containsKey("limit") ? Integer.parseInt(query.get("limit")) : 10;
        } catch (NumberFormatException e) {
            return badRequest("querystring/limit must be integer");
        }
        if (limit < 1 || limit > 100) {
            return badRequest(limit < 1 ? "querystring/limit must be >= 1" : "querystring/limit must be <= 100");
        }
        List<String> ids = new ArrayList<>(campaigns.keySet());
        int from = 0;
        String after = query.get("starting_after");
        if (after != null) {
            from = ids.indexOf(after) + 1;
            if (from == 0) {
                return badRequest("querystring/starting_after is not a known campaign id");
            }
        }
        ObjectNode answer = JSON.createObjectNode();
        ArrayNode items = answer.putArray("items");
        int to = Math.min(ids.size(), from + limit);
        for (String id : ids.subList(from, to)) {
            items.addObject().put("id", id).put("name", campaigns.get(id)).put("status", 1);
        }
        if (to < ids.size()) {
            answer.put("next_starting_after", ids.get(to - 1));
        }
        return new JsonAnswer(200, answer);
    }

    private static JsonAnswer badRequest(String message) {
        return new JsonAnswer(400, error(400, "Bad Request", message));
    }

    private static ObjectNode error(int status, String error, String message) {
        ObjectNode node = JSON.createObjectNode();
        node.put("statusCode", status);
        node.put("error", error);
        node.put("message", message);
        return node;
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() || !value.isValueNode() || value.asText().isBlank() ? null : value.asText();
    }
}
