package io.middlemile.connector.apollo;

import io.middlemile.connector.CallObserver;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.middlemile.connector.AnswerReader;
import io.middlemile.connector.Budget;
import io.middlemile.connector.Budgets;
import io.middlemile.connector.CallGuard;
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
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * Apollo's REST API, one method per call, Apollo-shaped records out. Every call is paced by the connection's budget
 * (counted in this process, or for a cluster in PostgreSQL for every node: {@link Budgets}) and by Apollo's own {@code x-*-requests-left} headers ({@link ApolloRateWindows}), and
 * guarded by the shared {@link CallGuard}; failures go through {@link ApolloErrorClassifier}.
 *
 * <p>The two calls that spend credits (bulk match, bulk organization enrich) are submissions: a time-out or a lost
 * connection on them is FATAL and never retried, since Apollo may have matched and charged already. A 429 or a 5xx
 * other than 504 means Apollo did not process the call, so those are retried.
 *
 * <p>Authentication is the {@code x-api-key} header (docs.apollo.io/reference/authentication). The API key and the
 * webhook URL (which carries the connection's webhook secret) are never put into a message or {@link #toString()}.
 */
public final class ApolloClient {

    /** people/bulk_match and organizations/bulk_enrich take at most 10 records (400 RECORD_LIMIT_EXCEEDED above). */
    public static final int MAX_BATCH = 10;

    static final String BULK_MATCH = "people/bulk_match";
    static final String BULK_ENRICH = "organizations/bulk_enrich";
    static final String WEBHOOK_RESULT = "webhook_result";
    static final String USAGE_STATS = "usage_stats/api_usage_stats";

    private static final ObjectMapper JSON = new ObjectMapper();

    private final String connectionId;
    private final ApolloSettings settings;
    private final String apiKey;
    private final HttpClient http;
    private final ApolloErrorClassifier classifier;
    private final AnswerReader answers;
    private final ApolloRateWindows windows;
    private final Budget limiter;
    private final CallGuard guard;
    private final AtomicLong requests = new AtomicLong();
    private final AtomicLong submissions = new AtomicLong();

    /** Waits out a spent minute for real. */
    static final ApolloRateWindows.Sleeper SLEEP = d -> Thread.sleep(d.toMillis());

    public ApolloClient(String connectionId, ApolloSettings settings, String apiKey, HttpClient http) {
        this(connectionId, settings, apiKey, http, SLEEP);
    }

    ApolloClient(String connectionId, ApolloSettings settings, String apiKey, HttpClient http, ApolloRateWindows.Sleeper sleeper) {
        this(connectionId, settings, apiKey, http, sleeper, Budgets.LOCAL, CallObserver.NONE);
    }

    /**
     * @param budgets where the requests-per-minute budget is counted: this process, or every node of a cluster
     * @param calls   told of the retry, breaker and limiter (the engine's metrics)
     */
    ApolloClient(String connectionId, ApolloSettings settings, String apiKey, HttpClient http, ApolloRateWindows.Sleeper sleeper,
                 Budgets budgets, CallObserver calls) {
        this.connectionId = connectionId;
        this.settings = settings;
        this.apiKey = apiKey;
        this.http = http;
        this.classifier = new ApolloErrorClassifier(connectionId, settings.clock());
        this.answers = new AnswerReader("Apollo", connectionId);
        this.windows = new ApolloRateWindows(connectionId, settings.clock(), sleeper);
        this.limiter = budgets.budget("apollo-" + connectionId, settings.requestsPerMinute(), Duration.ofMinutes(1),
                settings.rateLimitWait());
        this.guard = new CallGuard("Apollo", connectionId, settings.maxAttempts(),
                failure -> failure instanceof ConnectorException e ? e.retryAfter() : null, "https://status.apollo.io",
                e -> new ApolloCallException(Kind.RATE_LIMITED, "Apollo connection '" + connectionId + "': no request budget"
                        + " became free within " + settings.rateLimitWait().toSeconds() + " s at " + settings.requestsPerMinute()
                        + " requests per minute (enrichment.requestsPerMinute); the job is sending more than that budget allows.",
                        0, "LOCAL", Duration.ofSeconds(1), null, e), calls);
    }

    // Doc: https://docs.apollo.io/reference/bulk-people-enrichment (POST /people/bulk_match, body {details:[{first_name,
    // last_name, email, organization_name, domain, linkedin_url, ...}]} at most 10; query reveal_phone_number=true makes
    // webhook_url mandatory and Apollo posts the phones there later; 1 credit per person with email or demographics,
    // +8 per mobile phone, 0 when nothing is found).
    public ApolloRecords.MatchAnswer bulkMatch(List<Map<String, String>> details, String phoneWebhookUrl) {
        requireBatch(details.size(), "bulk people match");
        ObjectNode body = JSON.createObjectNode();
        ArrayNode array = body.putArray("details");
        details.forEach(d -> array.add(JSON.valueToTree(d)));
        String path = "/people/bulk_match?reveal_personal_emails=false" + (phoneWebhookUrl == null
                ? "&reveal_phone_number=false"
                : "&reveal_phone_number=true&webhook_url=" + enc(phoneWebhookUrl));
        return ApolloJson.matchAnswer(send("bulk people match", BULK_MATCH, "POST", path, body, true));
    }

    // Doc: https://docs.apollo.io/reference/bulk-organization-enrichment (POST /organizations/bulk_enrich?domains[]=...,
    // at most 10, 1 credit per organization; answer organizations[] of those found, missing_records for the others).
    public List<ApolloRecords.Organization> bulkEnrichOrganizations(List<String> domains) {
        requireBatch(domains.size(), "bulk organization enrich");
        StringBuilder path = new StringBuilder("/organizations/bulk_enrich?");
        for (int i = 0; i < domains.size(); i++) {
            path.append(i == 0 ? "" : "&").append("domains%5B%5D=").append(enc(domains.get(i)));
        }
        return ApolloJson.organizations(send("bulk organization enrich", BULK_ENRICH, "POST", path.toString(), null, true));
    }

    // Doc: https://docs.apollo.io/reference/poll-webhook-result (GET /webhook_result/{request_id}, 0 credits; 200
    // {request_id, webhook_status, request_type, webhook_result}; 404 result_pending + retry_after_seconds while
    // processing; terminal: 404 request_id_unknown, 410 request_id_expired, 400 invalid_request_id).
    public ApolloRecords.Poll webhookResult(String requestId) {
        String call = "poll phone results of request " + requestId;
        return guard.call(limiter, () -> {
            windows.beforeCall(WEBHOOK_RESULT, call);
            HttpResponse<String> response = exchange(call, "GET", "/webhook_result/" + enc(requestId), null, false);
            windows.observe(WEBHOOK_RESULT, response.headers());
            int status = response.statusCode();
            if (status == 404) {
                JsonNode json = readQuietly(response.body());
                if ("result_pending".equals(ApolloJson.text(json, "error_code"))) {
                    Double wait = ApolloJson.number(json, "retry_after_seconds");
                    return new ApolloRecords.Poll(wait == null ? null : wait.intValue(), null);
                }
            }
            if (status / 100 != 2) {
                throw classifier.classify(call, status, response.headers(), response.body(), false);
            }
            return new ApolloRecords.Poll(null, ApolloJson.phoneResult(answers.json(call, status, response.body())));
        });
    }

    // Doc: https://docs.apollo.io/reference/view-api-usage-stats (POST /usage_stats/api_usage_stats, 0 credits: the
    // team's limits and usage per endpoint). Used by check(): it proves the key without spending credits.
    public JsonNode apiUsageStats() {
        return send("read API usage stats", USAGE_STATS, "POST", "/usage_stats/api_usage_stats", null, false);
    }

    /** HTTP requests sent so far, retries included. */
    public long requestCount() {
        return requests.get();
    }

    /** Submissions (credit-spending calls) sent so far: never more than the connector asked for. */
    public long submissionCount() {
        return submissions.get();
    }

    public long retries() {
        return guard.retries();
    }

    // ---------------------------------------------------------------- plumbing

    private JsonNode send(String call, String endpoint, String method, String path, JsonNode body, boolean submission) {
        Supplier<JsonNode> once = () -> {
            windows.beforeCall(endpoint, call);
            HttpResponse<String> response = exchange(call, method, path, body, submission);
            windows.observe(endpoint, response.headers());
            int status = response.statusCode();
            if (status / 100 != 2) {
                throw classifier.classify(call, status, response.headers(), response.body(), submission);
            }
            return answers.json(call, status, response.body());
        };
        return guard.call(limiter, once);
    }

    private HttpResponse<String> exchange(String call, String method, String path, JsonNode body, boolean submission) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(settings.baseUrl() + path))
                .timeout(settings.requestTimeout())
                .header("x-api-key", apiKey)
                .header("Cache-Control", "no-cache")
                .header("Accept", "application/json")
                .header("Content-Type", "application/json");
        builder.method(method, body == null ? HttpRequest.BodyPublishers.ofString("{}")
                : HttpRequest.BodyPublishers.ofString(body.toString()));
        requests.incrementAndGet();
        if (submission) {
            submissions.incrementAndGet();
        }
        try {
            return http.send(builder.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw classifier.ioFailure(call, e, submission);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ApolloCallException(submission ? Kind.FATAL : Kind.RETRIABLE, "Apollo connection '" + connectionId
                    + "', " + call + ": interrupted while waiting for Apollo's answer" + (submission
                    ? "; Apollo may have charged these lookups, so they were not sent again." : "."), 0, null, null, null, e);
        }
    }

    private static JsonNode readQuietly(String body) {
        try {
            JsonNode node = body == null || body.isBlank() ? null : JSON.readTree(body);
            return node == null ? JSON.createObjectNode() : node;
        } catch (IOException e) {
            return JSON.createObjectNode();
        }
    }

    private void requireBatch(int size, String call) {
        if (size < 1 || size > MAX_BATCH) {
            throw new IllegalArgumentException("Apollo " + call + " takes 1 to " + MAX_BATCH + " records, got " + size
                    + "; split the lookups (Enricher.Offer.maxPerCall).");
        }
    }

    private static String enc(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
        return "ApolloClient[" + connectionId + ", " + SecretRefs.withoutUserInfo(settings.baseUrl()) + "]";
    }
}
