package io.middlemile.sandbox.instantly;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import io.middlemile.sandbox.EmulatorServer;
import io.middlemile.sandbox.JsonAnswer;
import io.middlemile.sandbox.Timeline;
import io.middlemile.sandbox.WebhookDispatcher;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
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
 *   <li>{@code DELETE /api/v2/leads/{id}}: 200 the deleted lead (it leaves its campaign or list), 404
 *       {@code "Lead not found"} for an id it never made or already deleted;</li>
 *   <li>{@code GET /api/v2/campaigns?limit=1..100&starting_after=}: {@code {items[], next_starting_after}};</li>
 *   <li>{@code POST /api/v2/webhooks {target_hook_url, event_type, campaign, name, headers{}}}: a subscription
 *       (developer.instantly.ai/api-reference/webhook/create-a-webhook).</li>
 * </ul>
 * The order of the per-lead checks is this emulator's choice: Instantly documents the counts, not their precedence.
 *
 * <p>Simulated events ({@link Simulation}): some time after a lead is added to a campaign, some leads reply, bounce,
 * unsubscribe or answer automatically, chosen by a hash of their email (the same leads in every run). Each event is
 * POSTed to the subscriptions of its event type (or {@code all_events}, and of its campaign when one is named) with their
 * headers and the documented payload ({@code timestamp, event_type, workspace, campaign_id, campaign_name, lead_email,
 * email_account, step, variant, ...}, developer.instantly.ai/webhook-events); a delivery not answered 2xx is retried
 * after {@link Simulation#retryDelays()} (Instantly's count and interval are unconfirmed; these are this emulator's).
 * Tests move their clock and call {@link #deliverDue()}; the sandbox command delivers on its own.
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
    /** The leads made, by id: the campaign or list each is in and its email (lower case). */
    private final Map<String, LeadRow> leadRows = new LinkedHashMap<>();
    private final Simulation simulation;
    private final WebhookDispatcher webhooks;
    private final List<Webhook> subscriptions = new ArrayList<>();
    private final String workspace = UUID.randomUUID().toString();
    private final Timeline timeline;

    /** A webhook subscription as POST /api/v2/webhooks made it; {@code campaign} null: every campaign. */
    public record Webhook(String id, String targetHookUrl, String eventType, String campaign, String name, Map<String, String> headers) {
    }

    private record LeadRow(String target, String email) {
    }

    private record Planned(Instant due, String eventType, String campaignId, JsonNode lead) {
    }

    /**
     * Which leads added to a campaign answer, and when: a lead's email hashed with {@code seed} falls in one share or none
     * (bounced, then unsubscribed, then auto-reply, then reply), so at most one event per lead.
     *
     * @param after       how long after the lead was added its event happens
     * @param retryDelays waits before each retry of a delivery not answered 2xx
     */
    public record Simulation(Duration after, double replyShare, double bounceShare, double unsubscribeShare,
                             double autoReplyShare, long seed, List<Duration> retryDelays) {

        public Simulation {
            if (replyShare < 0 || bounceShare < 0 || unsubscribeShare < 0 || autoReplyShare < 0
                    || replyShare + bounceShare + unsubscribeShare + autoReplyShare > 1) {
                throw new IllegalArgumentException("the shares of replies, bounces, unsubscribes and auto-replies are each"
                        + " at least 0 and together at most 1");
            }
            retryDelays = List.copyOf(retryDelays);
        }

        /** For a rehearsal: after 5 s, 20% reply, 5% bounce, 3% unsubscribe, 5% answer automatically; 3 retries. */
        public static Simulation rehearsal() {
            return new Simulation(Duration.ofSeconds(5), 0.20, 0.05, 0.03, 0.05, 1,
                    List.of(Duration.ofSeconds(30), Duration.ofMinutes(2), Duration.ofMinutes(10)));
        }

        /** Leads that never answer: a benchmark's, which measures the API and not the webhooks. */
        public static Simulation none() {
            return new Simulation(Duration.ofDays(1), 0, 0, 0, 0, 1, List.of());
        }

        /** The event type a lead gets, or null for none. */
        String eventFor(String email) {
            if (replyShare + bounceShare + unsubscribeShare + autoReplyShare == 0) {
                return null;
            }
            byte[] hash;
            try {
                hash = MessageDigest.getInstance("SHA-256").digest((seed + ":" + email.toLowerCase(Locale.ROOT))
                        .getBytes(StandardCharsets.UTF_8));
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
            double bucket = (((hash[0] & 0xff) << 8 | (hash[1] & 0xff)) % 1000) / 1000.0;
            double edge = bounceShare;
            if (bucket < edge) {
                return "email_bounced";
            }
            if (bucket < (edge += unsubscribeShare)) {
                return "lead_unsubscribed";
            }
            if (bucket < (edge += autoReplyShare)) {
                return "auto_reply_received";
            }
            return bucket < edge + replyShare ? "reply_received" : null;
        }
    }

    private InstantlyEmulator(String token, Clock clock, int perSecond, int perMinute, Simulation simulation) {
        super("Instantly");
        this.token = token;
        this.clock = clock;
        this.perSecond = perSecond;
        this.perMinute = perMinute;
        this.simulation = simulation;
        this.timeline = new Timeline(clock);
        this.webhooks = new WebhookDispatcher("Instantly", clock, simulation.retryDelays(), status -> status / 100 == 2,
                Duration.ofSeconds(30));
        blocklists.put(defaultBlocklist, new HashSet<>());
    }

    /** Starts on the given port (0: any free one), accepting {@code token} as the API key. */
    public static InstantlyEmulator start(String token, int port) {
        return start(token, port, Clock.systemUTC(), PER_SECOND, PER_MINUTE);
    }

    /** With simulated lead events on the given clock. */
    public static InstantlyEmulator start(String token, int port, Clock clock, int perSecond, int perMinute, Simulation simulation) {
        InstantlyEmulator emulator = new InstantlyEmulator(token, clock, perSecond, perMinute, simulation);
        emulator.listen(port);
        return emulator;
    }

    /**
     * With other limits than the workspace's (a rehearsal of a smaller share, or a test of the minute window, which the
     * per-second one hides at the real figures: 100 a second over 60 seconds is exactly 6,000).
     */
    public static InstantlyEmulator start(String token, int port, Clock clock, int perSecond, int perMinute) {
        return start(token, port, clock, perSecond, perMinute, Simulation.rehearsal());
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

    /** A campaign with a chosen id: the one a workspace file names, for a rehearsal. */
    public synchronized String addCampaign(String id, String name) {
        campaigns.put(id, name);
        members.putIfAbsent(id, new HashSet<>());
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

    /** Adds a subscription as {@code POST /api/v2/webhooks} would; {@code eventType} null means all_events. */
    public synchronized String addWebhook(String targetHookUrl, String eventType, String campaign, Map<String, String> headers) {
        String id = UUID.randomUUID().toString();
        subscriptions.add(new Webhook(id, targetHookUrl, eventType == null ? "all_events" : eventType, campaign, null,
                Map.copyOf(headers)));
        return id;
    }

    public synchronized List<Webhook> webhooks() {
        return List.copyOf(subscriptions);
    }

    /** The event the simulation gives a lead added to a campaign (reply_received, email_bounced, ...), or null. */
    public String simulatedEventFor(String email) {
        return simulation.eventFor(email);
    }

    /** Fires the simulated events that happened by the clock and makes the webhook deliveries that are due. */
    public int deliverDue() {
        synchronized (this) {
            catchUp();
        }
        return webhooks.deliverDue();
    }

    /** Every webhook POST made so far. */
    public List<WebhookDispatcher.Attempt> deliveries() {
        return webhooks.attempts();
    }

    /** Delivers on its own every {@code every} (the sandbox command); tests call {@link #deliverDue()} instead. */
    public void startDelivering(Duration every) {
        webhooks.startTicking(every, () -> {
            synchronized (this) {
                catchUp();
            }
        });
    }

    @Override
    protected void stopped() {
        webhooks.close();
    }

    /** Runs the simulated events due by now (under the lock). */
    private void catchUp() {
        timeline.runDue();
    }

    /** Delivers one simulated event to the subscriptions of its type and campaign. */
    private void fire(Planned event) {
        String email = text(event.lead(), "email");
        if (email != null && !members.getOrDefault(event.campaignId(), Set.of()).contains(email.toLowerCase(Locale.ROOT))) {
            return; // the lead was deleted from the campaign before its event: its sequence stopped
        }
        ObjectNode payload = eventPayload(event);
        for (Webhook webhook : subscriptions) {
            boolean type = "all_events".equals(webhook.eventType()) || webhook.eventType().equals(event.eventType());
            boolean campaign = webhook.campaign() == null || webhook.campaign().equals(event.campaignId());
            if (type && campaign) {
                webhooks.schedule(event.due(), webhook.targetHookUrl(), webhook.headers(), event.eventType(), payload.toString());
            }
        }
    }

    // The payload of developer.instantly.ai/webhook-events: timestamp, event_type, workspace, campaign_id, campaign_name,
    // then the lead's: lead_email, email_account, unibox_url, step, variant, is_first, the reply's fields and the lead's own.
    private ObjectNode eventPayload(Planned event) {
        ObjectNode payload = JSON.createObjectNode().put("timestamp", event.due().toString()).put("event_type", event.eventType())
                .put("workspace", workspace).put("campaign_id", event.campaignId())
                .put("campaign_name", campaigns.get(event.campaignId()));
        String email = text(event.lead(), "email");
        payload.put("lead_email", email).put("email_account", "outreach@sandbox-sender.test")
                .put("unibox_url", "https://app.instantly.ai/app/unibox?lead=" + email).put("step", 1).put("variant", 1)
                .put("is_first", true);
        if (event.eventType().endsWith("reply_received")) {
            boolean auto = event.eventType().startsWith("auto");
            String text = auto ? "I am out of the office until next week and will reply when I am back."
                    : "Thanks, this sounds interesting. Can we talk next week?";
            payload.put("reply_subject", "Re: Quick question").put("reply_text", text)
                    .put("reply_text_snippet", text.substring(0, Math.min(60, text.length())))
                    .put("reply_html", "<div>" + text + "</div>");
        }
        event.lead().fields().forEachRemaining(field -> {
            if (!"email".equals(field.getKey()) && !payload.has(field.getKey())) {
                payload.set(field.getKey(), field.getValue());
            }
        });
        return payload;
    }

    private void plan(String campaignId, JsonNode lead) {
        String email = text(lead, "email");
        String type = email == null ? null : simulation.eventFor(email);
        if (type != null) {
            Planned event = new Planned(clock.instant().plus(simulation.after()), type, campaignId, lead.deepCopy());
            timeline.plan(event.due(), () -> fire(event));
        }
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
        if (method.equals("DELETE") && path.startsWith(API_PREFIX + "/leads/") && path.length() > (API_PREFIX + "/leads/").length()) {
            count("DELETE " + API_PREFIX + "/leads/{id}");
            answer(exchange, deleteLead(path.substring((API_PREFIX + "/leads/").length())));
            return;
        }
        String route = method + " " + path;
        count(route);
        JsonAnswer result = switch (route) {
            case "POST " + API_PREFIX + "/leads/add" -> withBody(exchange, this::addLeads);
            case "POST " + API_PREFIX + "/leads/update-interest-status" -> withBody(exchange, this::updateInterest);
            case "GET " + API_PREFIX + "/campaigns" -> listCampaigns(form(exchange.getRequestURI().getRawQuery(), (a, b) -> b));
            case "POST " + API_PREFIX + "/webhooks" -> withBody(exchange, this::createWebhook);
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
            catchUp();
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
            if (campaignId != null) {
                plan(campaignId, lead);
            }
            ObjectNode made = created.addObject();
            String id = UUID.randomUUID().toString();
            leadRows.put(id, new LeadRow(target, key));
            made.put("id", id);
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

    // Mirrors DELETE /api/v2/leads/{id}: 200 the deleted lead, 404 for an unknown id.
    private synchronized JsonAnswer deleteLead(String id) {
        catchUp();
        LeadRow lead = leadRows.remove(id);
        if (lead == null) {
            return new JsonAnswer(404, error(404, "Not Found", "Lead not found"));
        }
        if (lead.email() != null) {
            members.getOrDefault(lead.target(), new HashSet<>()).remove(lead.email());
            if (!inAny(lead.email(), true, true)) {
                interest.remove(lead.email());
            }
        }
        ObjectNode answer = JSON.createObjectNode().put("id", id).put("email", lead.email());
        answer.put(campaigns.containsKey(lead.target()) ? "campaign" : "list_id", lead.target());
        return new JsonAnswer(200, answer);
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

    // Mirrors POST /api/v2/webhooks {target_hook_url (required), event_type, campaign, name, headers{}}: 200 the webhook.
    private JsonAnswer createWebhook(JsonNode body) {
        String url = text(body, "target_hook_url");
        if (url == null) {
            return badRequest("body must have required property 'target_hook_url'");
        }
        String campaign = text(body, "campaign");
        if (campaign != null && !campaigns.containsKey(campaign)) {
            return new JsonAnswer(404, error(404, "Not Found", "Campaign not found"));
        }
        Map<String, String> headers = new LinkedHashMap<>();
        JsonNode given = body.get("headers");
        if (given != null && !given.isNull()) {
            if (!given.isObject()) {
                return badRequest("body/headers must be object");
            }
            given.fields().forEachRemaining(h -> headers.put(h.getKey(), h.getValue().asText()));
        }
        String type = text(body, "event_type") == null ? "all_events" : text(body, "event_type");
        String id = UUID.randomUUID().toString();
        subscriptions.add(new Webhook(id, url, type, campaign, text(body, "name"), Map.copyOf(headers)));
        ObjectNode answer = JSON.createObjectNode().put("id", id).put("target_hook_url", url).put("event_type", type)
                .put("name", text(body, "name")).put("status", 1).put("timestamp_created", clock.instant().toString());
        answer.set("headers", JSON.valueToTree(headers));
        if (campaign != null) {
            answer.put("campaign", campaign);
        }
        return new JsonAnswer(200, answer);
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
