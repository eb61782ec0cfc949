package io.middlemile.connector.apollo;

import com.fasterxml.jackson.databind.JsonNode;
import io.middlemile.connector.ConnectorException.Kind;
import io.middlemile.connector.ErrorBodies;
import io.middlemile.connector.NoAnswer;

import java.io.IOException;
import java.net.http.HttpHeaders;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;

/**
 * The one place that turns an Apollo error answer into an {@link ApolloCallException}.
 *
 * <ul>
 *   <li>429 ({@code {"message": "The maximum number of api calls allowed for api/v1/people/bulk_match is 600 times per
 *       hour..."}}, docs.apollo.io/reference/bulk-people-enrichment): the window named in the message, or the
 *       {@code x-*-requests-left} header that is 0, decides. The minute window → RATE_LIMITED, waiting
 *       {@code Retry-After} when sent (Apollo does not document one), else until the next minute starts (fixed
 *       windows). The hour or the day → QUOTA_EXHAUSTED, resuming when that window ends (the day in UTC:
 *       unconfirmed).</li>
 *   <li>402, and any answer whose error code or message says the credits are insufficient → QUOTA_EXHAUSTED, never
 *       retried. Apollo documents no status for this (its OpenAPI lists none); 402 is what the brief and other
 *       enrichment vendors use, and the wording check catches a 4xx that says so.</li>
 *   <li>401 (text/plain "Invalid API key...") and 403 ({@code API_INACCESSIBLE}: the key is not scoped for the
 *       endpoint) → AUTH.</li>
 *   <li>404, 410 (a poll for an unknown or expired request_id) → NOT_FOUND; other 4xx (400
 *       {@code RECORD_LIMIT_EXCEEDED}/{@code INVALID_REQUEST}, 422 {@code UNKNOWN_ERROR}) → INVALID_REQUEST.</li>
 *   <li>5xx and no answer → RETRIABLE; but for a submission ({@code mayHaveBeenAccepted}) a time-out, a lost
 *       connection or a 504 is FATAL: Apollo may have matched and charged, and sending it again pays twice.</li>
 * </ul>
 */
public final class ApolloErrorClassifier {


    private final String connectionId;
    private final Clock clock;

    public ApolloErrorClassifier(String connectionId, Clock clock) {
        this.connectionId = connectionId;
        this.clock = clock;
    }

    /**
     * @param submission true for a call that spends credits (bulk match, bulk enrich): one that may have been accepted
     *                   is never retried
     */
    public ApolloCallException classify(String call, int status, HttpHeaders headers, String body, boolean submission) {
        JsonNode json = ErrorBodies.object(body);
        String code = firstText(json, "error_code");
        String message = firstText(json, "error_message", "message", "error");
        if (message == null) {
            message = ErrorBodies.abbreviate(body);
        }
        String where = "Apollo connection '" + connectionId + "', " + call + ": HTTP " + status
                + (code == null ? "" : " " + code) + ": " + message;
        if (status == 402 || creditsInsufficient(code, message)) {
            return new ApolloCallException(Kind.QUOTA_EXHAUSTED, where + ". The Apollo account has no credits left for this"
                    + " lookup. Nothing more is sent to Apollo on this connection; buy credits or wait for the plan's renewal"
                    + " (Apollo: Settings > Plans & Billing), then resume the job.", status, code, null, null, null);
        }
        if (status == 429) {
            return rateLimited(where, message, headers, status);
        }
        if (status == 401 || status == 403) {
            return new ApolloCallException(Kind.AUTH, where + ". Check the API key of connection '" + connectionId + "' (the"
                    + " environment variable its connector file names in auth.apiKey): it may be revoked, mistyped, or not"
                    + " scoped for this endpoint (Apollo: Settings > Integrations > API keys; a master key reaches all"
                    + " endpoints).", status, code, null, null, null);
        }
        if (status == 404 || status == 410) {
            return new ApolloCallException(Kind.NOT_FOUND, where + ". Apollo does not know this request (mistyped, never"
                    + " issued, or older than its 30-day retention); its results cannot be fetched any more.", status, code,
                    null, null, null);
        }
        if (status >= 500) {
            boolean maybeAccepted = submission && status == 504;
            return new ApolloCallException(maybeAccepted ? Kind.FATAL : Kind.RETRIABLE, where + (maybeAccepted
                    ? ". The gateway timed out after Apollo may have processed (and charged) the lookups, so they were not sent"
                    + " again. Check the credit usage in Apollo before running the same records again."
                    : ". Apollo had a temporary problem; the call is retried. If it persists, check https://status.apollo.io."),
                    status, code, null, null, null);
        }
        return new ApolloCallException(Kind.INVALID_REQUEST, where + ". Apollo refused the request as sent; fix the records or"
                + " the connector file and retry them.", status, code, null, null, null);
    }

    /** No answer at all: for a submission it may have been accepted (FATAL, never resent); otherwise retried. */
    public ApolloCallException ioFailure(String call, IOException e, boolean submission) {
        String what = NoAnswer.describe(e);
        if (submission) {
            return new ApolloCallException(Kind.FATAL, "Apollo connection '" + connectionId + "', " + call + ": " + what
                    + ". Apollo may have matched and charged these lookups, so they were not"
                    + " sent again. Check the credit usage in Apollo (Settings > Plans & Billing > Credit usage) before running"
                    + " the same records again; raise enrichment.timeoutSeconds if Apollo is slow.", 0, null, null, null, e);
        }
        return new ApolloCallException(Kind.RETRIABLE, "Apollo connection '" + connectionId + "', " + call + ": " + what
                + ". The call is retried.", 0, null, null, null, e);
    }

    private ApolloCallException rateLimited(String where, String message, HttpHeaders headers, int status) {
        String text = message.toLowerCase(Locale.ROOT);
        Long dayLeft = ApolloRateWindows.number(headers, "x-daily-requests-left");
        Long hourLeft = ApolloRateWindows.number(headers, "x-hourly-requests-left");
        Instant now = clock.instant();
        if (text.contains("per day") || text.contains("daily") || (dayLeft != null && dayLeft <= 0)) {
            Instant resumeAt = ApolloRateWindows.nextDay(now);
            return new ApolloCallException(Kind.QUOTA_EXHAUSTED, where + ". Apollo's daily request limit for this endpoint is"
                    + " used up; the job pauses until " + resumeAt + " (start of the next UTC day). To avoid it, lower the"
                    + " job's volume or upgrade the plan.", status, "RATE_LIMIT_DAILY", null, resumeAt, null);
        }
        if (text.contains("per hour") || text.contains("hourly") || (hourLeft != null && hourLeft <= 0)) {
            Instant resumeAt = ApolloRateWindows.nextHour(now);
            return new ApolloCallException(Kind.QUOTA_EXHAUSTED, where + ". Apollo's hourly request limit for this endpoint is"
                    + " used up; the job pauses until " + resumeAt + ". To avoid it, lower the job's volume or upgrade the plan.",
                    status, "RATE_LIMIT_HOURLY", null, resumeAt, null);
        }
        Duration wait = retryAfter(headers);
        if (wait == null) {
            wait = Duration.between(now, ApolloRateWindows.nextMinute(now));
        }
        return new ApolloCallException(Kind.RATE_LIMITED, where + ". Apollo's per-minute limit was hit; waiting "
                + wait.toMillis() + " ms before retrying. If this repeats, another integration uses the same Apollo team's"
                + " budget: lower enrichment.requestsPerMinute.", status, "RATE_LIMIT_MINUTE", wait, null, null);
    }

    private static Duration retryAfter(HttpHeaders headers) {
        var value = headers.firstValue("Retry-After");
        if (value.isEmpty()) {
            return null;
        }
        try {
            return Duration.ofMillis(Math.round(Double.parseDouble(value.get().trim()) * 1000));
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static boolean creditsInsufficient(String code, String message) {
        String text = ((code == null ? "" : code) + " " + (message == null ? "" : message)).toLowerCase(Locale.ROOT);
        return text.contains("credit") && (text.contains("insufficient") || text.contains("not enough")
                || text.contains("out of") || text.contains("exhausted") || text.contains("no credits"));
    }


    private static String firstText(JsonNode json, String... fields) {
        for (String field : fields) {
            String value = ApolloJson.text(json, field);
            if (value != null) {
                return value;
            }
        }
        return null;
    }

}
