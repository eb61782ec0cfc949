package io.middlemile.connector.instantly;

import io.middlemile.connector.CallObserver;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.middlemile.connector.AnswerReader;
import io.middlemile.connector.Budget;
import io.middlemile.connector.Budgets;
import io.middlemile.connector.CallWindow;
import io.middlemile.connector.CallGuard;
import io.middlemile.connector.ConnectorException;
import io.middlemile.connector.ConnectorException.Kind;
import io.middlemile.connector.instantly.InstantlyRecords.AddCounts;
import io.middlemile.connector.instantly.InstantlyRecords.AddOptions;
import io.middlemile.connector.instantly.InstantlyRecords.AddResult;
import io.middlemile.connector.instantly.InstantlyRecords.Campaign;
import io.middlemile.connector.instantly.InstantlyRecords.CampaignPage;
import io.middlemile.connector.instantly.InstantlyRecords.CreatedLead;
import io.middlemile.connector.instantly.InstantlyRecords.Lead;
import io.middlemile.connector.instantly.InstantlyRecords.Target;
import io.middlemile.workspace.SecretRefs;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * Instantly's API v2, one method per call, Instantly-shaped records out. Authentication is
 * {@code Authorization: Bearer <API v2 key>} (developer.instantly.ai/quickstart); the key is never put into a message
 * or {@link #toString()}.
 *
 * <p>Every call, retries included, takes a place in a rolling second ({@link CallWindow}) and a permit of a per-minute
 * budget (counted in this process, or for a cluster in PostgreSQL for every node: {@link Budgets}), set to the workspace budget (100/s and 6,000/min, developer.instantly.ai/getting-started/rate-limit) or this
 * connection's share of it; a 429 (another integration spent the shared budget) is retried after the wait, through the
 * shared {@link CallGuard}. Failures are classified by {@link InstantlyErrorClassifier}.
 */
public final class InstantlyClient {

    /** leads/add takes 1 to 1,000 leads (its OpenAPI: leads minItems 1, maxItems 1000). */
    public static final int MAX_LEADS_PER_ADD = 1_000;
    /** campaigns takes limit 1 to 100. */
    public static final int MAX_PAGE = 100;

    static final String LEADS_SCOPES = "leads:create, leads:all, all:create or all:all";
    /** Inferred: the OpenAPI names no scope for update-interest-status; these follow its naming for lead updates. */
    static final String LEADS_UPDATE_SCOPES = "leads:update, leads:all, all:update or all:all";
    static final String LEADS_DELETE_SCOPES = "leads:delete, leads:all, all:delete or all:all";
    static final String CAMPAIGNS_SCOPES = "campaigns:read, campaigns:all, all:read or all:all";

    private static final ObjectMapper JSON = new ObjectMapper();

    private final String connectionId;
    private final InstantlySettings settings;
    private final String apiKey;
    private final HttpClient http;
    private final InstantlyErrorClassifier classifier;
    private final AnswerReader answers;
    private final CallWindow perSecond;
    private final Budget perMinute;
    private final CallGuard guard;
    private final AtomicLong requests = new AtomicLong();

    public InstantlyClient(String connectionId, InstantlySettings settings, String apiKey, HttpClient http) {
        this(connectionId, settings, apiKey, http, Budgets.LOCAL, CallObserver.NONE);
    }

    /**
     * @param budgets where the two budgets are counted: this process, or every node of a cluster
     * @param calls   told of the retry, breaker and both limiters (the engine's metrics)
     */
    public InstantlyClient(String connectionId, InstantlySettings settings, String apiKey, HttpClient http, Budgets budgets,
                           CallObserver calls) {
        this.connectionId = connectionId;
        this.settings = settings;
        this.apiKey = apiKey;
        this.http = http;
        this.classifier = new InstantlyErrorClassifier(connectionId);
        this.answers = new AnswerReader("Instantly", connectionId);
        // Instantly does not say how it counts its second; the emulator counts a rolling one, as strictly as it could be. A
        // fixed-cycle limiter lets a full budget in at the end of one cycle and another at the start of the next: two
        // enrolment jobs at once got 429s and a second's wait each (OutreachBenchmark). A window holds each call's place
        // from before its send until a second after its answer, so no rolling second ever sees more than the budget.
        this.perSecond = budgets.window("instantly-s-" + connectionId, settings.requestsPerSecond(), Duration.ofSeconds(1),
                settings.rateLimitWait());
        this.perMinute = budgets.budget("instantly-m-" + connectionId, settings.requestsPerMinute(), Duration.ofMinutes(1),
                settings.rateLimitWait());
        this.guard = new CallGuard("Instantly", connectionId, settings.maxAttempts(),
                failure -> failure instanceof ConnectorException e ? e.retryAfter() : null, "https://status.instantly.ai",
                e -> new InstantlyCallException(Kind.RATE_LIMITED, "Instantly connection '" + connectionId + "': no request"
                        + " budget became free within " + settings.rateLimitWait().toSeconds() + " s at "
                        + settings.requestsPerSecond() + " requests per second and " + settings.requestsPerMinute()
                        + " per minute; the job is sending more than the workspace budget allows.", 0, Duration.ofSeconds(1), e), calls);
    }

    // Doc: https://developer.instantly.ai/api-reference/lead/add-leads-in-bulk-to-a-campaign-or-list (POST
    // /api/v2/leads/add: 1 to 1,000 leads into exactly one of campaign_id or list_id; skip_if_in_workspace overrides the
    // other skip flags; blocklist_id, else the workspace default; 200 with counts and created_leads[{index, id, ...}]).
    public AddResult addLeads(Target target, List<Lead> leads, AddOptions options) {
        if (leads.isEmpty() || leads.size() > MAX_LEADS_PER_ADD) {
            throw new IllegalArgumentException("Instantly connection '" + connectionId + "': leads/add takes 1 to "
                    + MAX_LEADS_PER_ADD + " leads a call, got " + leads.size() + "; nothing was sent. Split the leads into"
                    + " batches of at most " + MAX_LEADS_PER_ADD + ".");
        }
        ObjectNode body = JSON.createObjectNode();
        if (target.campaignId() != null) {
            body.put("campaign_id", target.campaignId());
        } else {
            body.put("list_id", target.listId());
        }
        ArrayNode array = body.putArray("leads");
        leads.forEach(lead -> array.add(leadJson(lead)));
        body.put("skip_if_in_workspace", options.skipIfInWorkspace());
        body.put("skip_if_in_campaign", options.skipIfInCampaign());
        body.put("skip_if_in_list", options.skipIfInList());
        if (options.blocklistId() != null) {
            body.put("blocklist_id", options.blocklistId());
        }
        body.put("verify_leads_on_import", options.verifyLeadsOnImport());
        String call = "add " + leads.size() + " leads to " + target.describe();
        JsonNode answer = send(call, LEADS_SCOPES, "POST", "/leads/add", body);
        AddCounts counts = new AddCounts(integer(answer, "total_sent"), integer(answer, "leads_uploaded"),
                integer(answer, "in_blocklist"), integer(answer, "duplicated_leads"), integer(answer, "skipped_count"),
                integer(answer, "invalid_email_count"), integer(answer, "incomplete_count"),
                integer(answer, "duplicate_email_count"),
                answer.path("remaining_in_plan").isNumber() ? answer.get("remaining_in_plan").asInt() : null,
                answer.path("blocklist_used").isTextual() ? answer.get("blocklist_used").asText() : null);
        List<CreatedLead> created = new ArrayList<>();
        for (JsonNode lead : answer.path("created_leads")) {
            created.add(new CreatedLead(lead.path("index").asInt(-1), lead.path("id").asText(null),
                    lead.path("email").isTextual() ? lead.get("email").asText() : null));
        }
        return new AddResult(counts, LeadOutcomes.of(leads, target, counts, created));
    }

    // Doc: https://developer.instantly.ai/api-reference/lead/update-the-interest-status-of-a-lead (POST
    // /api/v2/leads/update-interest-status {lead_email, interest_value (null resets to "Lead"), campaign_id | list_id};
    // 202: a background job was submitted; 400 {"error": "Invalid lead email"}).
    // interestValue: 1 Interested, 2 Meeting Booked, 3 Meeting Completed, 4 Won, 0 Out of Office, -1 Not Interested,
    // -2 Wrong Person, -3 Lost, -4 No Show, or a custom status value.
    public void updateInterestStatus(String leadEmail, Integer interestValue, Target target) {
        ObjectNode body = JSON.createObjectNode();
        body.put("lead_email", leadEmail);
        if (interestValue == null) {
            body.putNull("interest_value");
        } else {
            body.put("interest_value", interestValue);
        }
        if (target != null && target.campaignId() != null) {
            body.put("campaign_id", target.campaignId());
        } else if (target != null) {
            body.put("list_id", target.listId());
        }
        send("update the interest status of a lead" + (target == null ? "" : " in " + target.describe()), LEADS_UPDATE_SCOPES,
                "POST", "/leads/update-interest-status", body);
    }

    // Doc: https://developer.instantly.ai/api-reference/lead/delete-lead (DELETE /api/v2/leads/{id}, no body; scopes
    // leads:delete, leads:all, all:delete or all:all; 200 the deleted lead; 404 {statusCode, error: "Not Found", message}
    // when the id is unknown, e.g. already deleted). A lead of v2 belongs to one campaign or list, so deleting it takes the
    // person out of that campaign and stops its sequence; the same email elsewhere in the workspace is another lead.
    public void deleteLead(String leadId) {
        if (leadId == null || leadId.isBlank()) {
            throw new IllegalArgumentException("Instantly connection '" + connectionId + "': deleting a lead needs its id (the id"
                    + " leads/add answered in created_leads); nothing was sent.");
        }
        send("delete lead " + leadId, LEADS_DELETE_SCOPES, "DELETE", "/leads/" + URLEncoder.encode(leadId, StandardCharsets.UTF_8), null);
    }

    // Doc: https://developer.instantly.ai/api-reference/campaign/list-campaign (GET /api/v2/campaigns?limit=1..100
    // &starting_after=<next_starting_after of the previous page>; 200 {items[], next_starting_after}).
    public CampaignPage listCampaigns(int limit, String startingAfter) {
        if (limit < 1 || limit > MAX_PAGE) {
            throw new IllegalArgumentException("Instantly lists 1 to " + MAX_PAGE + " campaigns a page, not " + limit);
        }
        String path = "/campaigns?limit=" + limit + (startingAfter == null ? "" : "&starting_after="
                + URLEncoder.encode(startingAfter, StandardCharsets.UTF_8));
        JsonNode answer = send("list campaigns", CAMPAIGNS_SCOPES, "GET", path, null);
        List<Campaign> items = new ArrayList<>();
        for (JsonNode item : answer.path("items")) {
            items.add(new Campaign(item.path("id").asText(null), item.path("name").asText(null),
                    item.path("status").isNumber() ? item.get("status").asInt() : null));
        }
        String next = answer.path("next_starting_after").isTextual() ? answer.get("next_starting_after").asText() : null;
        return new CampaignPage(items, next);
    }

    /** HTTP requests sent so far, retries included. */
    public long requestCount() {
        return requests.get();
    }

    public long retries() {
        return guard.retries();
    }

    // ---------------------------------------------------------------- plumbing

    private JsonNode send(String call, String scopes, String method, String path, JsonNode body) {
        Supplier<JsonNode> once = () -> {
            HttpResponse<String> response = exchange(call, method, path, body);
            int status = response.statusCode();
            if (status / 100 != 2) {
                throw classifier.classify(call, scopes, status, response.headers(), response.body());
            }
            return response.body() == null || response.body().isBlank() ? JSON.createObjectNode()
                    : answers.json(call, status, response.body());
        };
        // both budgets: each attempt, a retry too, takes a permit of the minute's and a place in the second's window
        return guard.call(perMinute, () -> perSecond.call(once));
    }

    private HttpResponse<String> exchange(String call, String method, String path, JsonNode body) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(settings.baseUrl() + path))
                .timeout(settings.requestTimeout())
                .header("Authorization", "Bearer " + apiKey)
                .header("Accept", "application/json");
        if (body == null) {
            builder.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            builder.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(body.toString()));
        }
        requests.incrementAndGet();
        try {
            return http.send(builder.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw classifier.ioFailure(call, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InstantlyCallException(Kind.RETRIABLE, "Instantly connection '" + connectionId + "', " + call
                    + ": interrupted while waiting for Instantly's answer.", 0, null, e);
        }
    }

    private static ObjectNode leadJson(Lead lead) {
        ObjectNode node = JSON.createObjectNode();
        putIfSet(node, "email", lead.email());
        putIfSet(node, "first_name", lead.firstName());
        putIfSet(node, "last_name", lead.lastName());
        putIfSet(node, "company_name", lead.companyName());
        putIfSet(node, "job_title", lead.jobTitle());
        putIfSet(node, "phone", lead.phone());
        putIfSet(node, "website", lead.website());
        putIfSet(node, "personalization", lead.personalization());
        if (!lead.customVariables().isEmpty()) {
            node.set("custom_variables", JSON.valueToTree(lead.customVariables()));
        }
        return node;
    }

    private static void putIfSet(ObjectNode node, String field, String value) {
        if (value != null) {
            node.put(field, value);
        }
    }

    private static int integer(JsonNode answer, String field) {
        return answer.path(field).asInt(0);
    }

    @Override
    public String toString() {
        return "InstantlyClient[" + connectionId + ", " + SecretRefs.withoutUserInfo(settings.baseUrl()) + "]";
    }
}
