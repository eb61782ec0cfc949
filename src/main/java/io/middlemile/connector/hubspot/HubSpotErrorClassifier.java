package io.middlemile.connector.hubspot;

import com.fasterxml.jackson.databind.JsonNode;
import io.middlemile.connector.ConnectorException.Kind;
import io.middlemile.connector.ErrorBodies;
import io.middlemile.connector.NoAnswer;

import java.io.IOException;
import java.net.http.HttpHeaders;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;

/**
 * The one place that turns a HubSpot error answer into a {@link HubSpotCallException}.
 *
 * <ul>
 *   <li>429 with {@code policyName} DAILY: the account's daily quota is spent → QUOTA_EXHAUSTED,
 *       resume after midnight in the account's time zone (HubSpot resets the daily count then).</li>
 *   <li>Any other 429 (TEN_SECONDLY_ROLLING, SECONDLY, the search API's own per-second limit) →
 *       RATE_LIMITED, waiting {@code Retry-After} seconds when sent, else the
 *       {@code X-HubSpot-RateLimit-Interval-Milliseconds} window, else one second.</li>
 *   <li>401/403 → AUTH; 404 → NOT_FOUND; other 4xx (400, 409, 415, 423...) → INVALID_REQUEST, except
 *       423 Locked, which HubSpot uses for short write locks → RETRIABLE.</li>
 *   <li>5xx and I/O failures → RETRIABLE.</li>
 * </ul>
 *
 * <p>Doc: https://developers.hubspot.com/docs/developer-tooling/platform/usage-guidelines (429 body,
 * rate-limit headers) and https://developers.hubspot.com/docs/reference/api/other-resources/error-handling
 * (error body: status, message, correlationId, category, errors, context).
 */
public final class HubSpotErrorClassifier {


    private final String connectionId;
    private final ZoneId accountZone;
    private final Clock clock;

    public HubSpotErrorClassifier(String connectionId, ZoneId accountZone, Clock clock) {
        this.connectionId = connectionId;
        this.accountZone = accountZone;
        this.clock = clock;
    }

    public HubSpotCallException classify(String call, int status, HttpHeaders headers, String body) {
        return classify(call, status, headers, body, "e.g. crm.objects.contacts.read/write");
    }

    /**
     * The private app scope a call to {@code path} needs, for a 401/403's advice: per object type for the CRM objects
     * ({@code crm.objects.contacts.write}), {@code crm.objects.owners.read} for the owners; others unnamed.
     * Doc: https://developers.hubspot.com/docs/apps/developer-platform/build-apps/authentication/scopes
     */
    static String scopeFor(String method, String path) {
        String bare = path.split("\\?", 2)[0];
        if (bare.startsWith("/crm/v3/owners")) {
            return "crm.objects.owners.read";
        }
        java.util.regex.Matcher object = OBJECT_PATH.matcher(bare);
        if (object.matches() && STANDARD_SCOPED.contains(object.group(1))) {
            boolean read = method.equals("GET") || object.group(2) != null && READ_TAILS.contains(object.group(2));
            return "crm.objects." + object.group(1) + (read ? ".read" : ".write");
        }
        return "e.g. crm.objects.contacts.read/write";
    }

    private static final java.util.regex.Pattern OBJECT_PATH = java.util.regex.Pattern.compile("/crm/v3/objects/([a-z_]+)(?:/(.*))?");
    private static final java.util.Set<String> STANDARD_SCOPED = java.util.Set.of("contacts", "companies", "deals");
    private static final java.util.Set<String> READ_TAILS = java.util.Set.of("search", "batch/read");

    /** As {@link #classify(String, int, HttpHeaders, String)}, naming {@code scope} in the advice for a 401 or 403. */
    public HubSpotCallException classify(String call, int status, HttpHeaders headers, String body, String scope) {
        JsonNode json = ErrorBodies.object(body);
        String message = json.path("message").asText(ErrorBodies.abbreviate(body));
        String category = json.hasNonNull("category") ? json.get("category").asText() : null;
        String correlationId = json.path("correlationId").asText(null);
        String where = "HubSpot connection '" + connectionId + "', " + call + ": HTTP " + status
                + (correlationId == null ? "" : " (correlationId " + correlationId + ")") + ": " + message;
        if (status == 429) {
            String policy = json.path("policyName").asText("");
            if ("DAILY".equalsIgnoreCase(policy)) {
                Instant resumeAt = nextMidnight();
                return new HubSpotCallException(Kind.QUOTA_EXHAUSTED, where + ". The account's daily API quota is used up; "
                        + "it resets at midnight in the HubSpot account's time zone (expected " + resumeAt + "). The job "
                        + "pauses and can resume then; to avoid this, lower the job's volume or buy the API limit increase.",
                        status, policy, null, resumeAt, null);
            }
            Duration wait = retryAfter(headers);
            return new HubSpotCallException(Kind.RATE_LIMITED, where + ". HubSpot's " + (policy.isEmpty() ? "burst" : policy)
                    + " rate limit was hit; waiting " + wait.toMillis() + " ms before retrying. If this repeats, another "
                    + "app on the same account is using the budget: lower this connection's request rate.",
                    status, policy, wait, null, null);
        }
        if (status == 401 || status == 403) {
            return new HubSpotCallException(Kind.AUTH, where + ". Check the token of connection '" + connectionId
                    + "' (the environment variable its connector file names): it may be revoked, expired or missing the "
                    + "scope this call needs (" + scope + ").", status, category, null, null, null);
        }
        if (status == 404) {
            return new HubSpotCallException(Kind.NOT_FOUND, where + ". The record or object type does not exist in this "
                    + "HubSpot account (deleted, merged, or a wrong object name in the connector file).",
                    status, category, null, null, null);
        }
        if (status == 423 || status >= 500) {
            return new HubSpotCallException(Kind.RETRIABLE, where + ". HubSpot had a temporary problem; the call is retried. "
                    + "If it persists, check https://status.hubspot.com.", status, category, null, null, null);
        }
        return new HubSpotCallException(Kind.INVALID_REQUEST, where + context(json) + ". HubSpot rejected the request as sent; fix the "
                + "data or the connector file and retry the rejected records.", status, category, null, null, null);
    }

    /**
     * What HubSpot's {@code context} names, e.g. " [properties: hs_timestamp]" for a note created without hs_timestamp or
     * " [INVALID_OBJECT_IDS: CONTACT=999 is not valid]": the message alone does not say which property or record.
     */
    private static String context(JsonNode json) {
        JsonNode context = json.path("context");
        if (!context.isObject() || context.isEmpty()) {
            return "";
        }
        java.util.List<String> parts = new java.util.ArrayList<>();
        context.fields().forEachRemaining(entry -> {
            java.util.List<String> values = new java.util.ArrayList<>();
            (entry.getValue().isArray() ? entry.getValue() : asList(entry.getValue())).forEach(v -> values.add(v.asText()));
            parts.add(entry.getKey() + ": " + String.join(", ", values));
        });
        return " [" + String.join("; ", parts) + "]";
    }

    private static Iterable<JsonNode> asList(JsonNode node) {
        return java.util.List.of(node);
    }

    public HubSpotCallException ioFailure(String call, IOException e) {
        return new HubSpotCallException(Kind.RETRIABLE, "HubSpot connection '" + connectionId + "', " + call
                + ": " + NoAnswer.describe(e) + ". The call is retried.", 0, null, null, null, e);
    }

    private Duration retryAfter(HttpHeaders headers) {
        var retryAfter = headers.firstValue("Retry-After");
        if (retryAfter.isPresent()) {
            try {
                return Duration.ofMillis(Math.round(Double.parseDouble(retryAfter.get().trim()) * 1000));
            } catch (NumberFormatException e) {
                // an HTTP date: fall through to the interval
            }
        }
        var interval = headers.firstValue("X-HubSpot-RateLimit-Interval-Milliseconds");
        if (interval.isPresent()) {
            try {
                return Duration.ofMillis(Long.parseLong(interval.get().trim()));
            } catch (NumberFormatException e) {
                // fall through to the default
            }
        }
        return Duration.ofSeconds(1);
    }

    private Instant nextMidnight() {
        LocalDate tomorrow = LocalDate.now(clock.withZone(accountZone)).plusDays(1);
        return tomorrow.atStartOfDay(accountZone).toInstant();
    }


}
