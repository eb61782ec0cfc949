package io.middlemile.connector.instantly;

import com.fasterxml.jackson.databind.JsonNode;
import io.middlemile.connector.ConnectorException.Kind;
import io.middlemile.connector.ErrorBodies;
import io.middlemile.connector.NoAnswer;

import java.io.IOException;
import java.net.http.HttpHeaders;
import java.time.Duration;

/**
 * The one place that turns an Instantly error answer into an {@link InstantlyCallException}. Instantly's error bodies
 * are {@code {"statusCode": 401, "error": "Unauthorized", "message": "..."}}, except update-interest-status's 400
 * {@code {"error": "Invalid lead email"}} (Instantly's OpenAPI, api-evangelist/instantly-ai).
 *
 * <ul>
 *   <li>401 (missing, invalid or revoked key) → AUTH.</li>
 *   <li>403 (the key lacks the call's scope, developer.instantly.ai/quickstart) → AUTH, naming the scopes the call
 *       accepts.</li>
 *   <li>402 (the workspace has no active paid plan) → FATAL: nothing works until someone pays, retrying cannot help.</li>
 *   <li>429 (workspace budget of 100/s and 6,000/min spent, by this or another integration) → RATE_LIMITED, waiting
 *       {@code Retry-After} when sent (Instantly documents none), else one second, the shorter window.</li>
 *   <li>5xx and no answer → RETRIABLE.</li>
 *   <li>404 → NOT_FOUND, pointing at the outreach file's ids; 400 and other 4xx → INVALID_REQUEST with Instantly's message (the whole call: Instantly does
 *       not say which lead of a batch it refused).</li>
 * </ul>
 */
public final class InstantlyErrorClassifier {

    static final Duration DEFAULT_RATE_WAIT = Duration.ofSeconds(1);

    private final String connectionId;

    public InstantlyErrorClassifier(String connectionId) {
        this.connectionId = connectionId;
    }

    /**
     * @param call   what was being done, for the message ("add 3 leads to campaign ...")
     * @param scopes the API key scopes that allow the call, for a 403
     */
    public InstantlyCallException classify(String call, String scopes, int status, HttpHeaders headers, String body) {
        JsonNode json = ErrorBodies.object(body);
        String message = text(json, "message");
        if (message == null) {
            message = text(json, "error");
        }
        if (message == null) {
            message = ErrorBodies.abbreviate(body);
        }
        String where = "Instantly connection '" + connectionId + "', " + call + ": HTTP " + status + ": " + message;
        if (status == 401) {
            return new InstantlyCallException(Kind.AUTH, where + ". Instantly refused the API key: check that the environment"
                    + " variable named in auth.token of connectors/" + connectionId + ".yaml holds an API v2 key that has not"
                    + " been revoked (Instantly: Settings > Integrations > API Keys; v1 keys do not work).", status, null, null);
        }
        if (status == 403) {
            return new InstantlyCallException(Kind.AUTH, where + ". The API key of connection '" + connectionId + "' lacks the"
                    + " scope for this call; it needs one of " + scopes + ". Create a key with that scope in Instantly"
                    + " (Settings > Integrations > API Keys) and put it in the variable named in auth.token.", status, null, null);
        }
        if (status == 402) {
            return new InstantlyCallException(Kind.FATAL, where + ". The Instantly workspace of connection '" + connectionId
                    + "' has no active paid plan, so its API answers nothing. Nothing more is sent; activate a plan in Instantly"
                    + " (Settings > Billing), then run the job again.", status, null, null);
        }
        if (status == 429) {
            Duration wait = retryAfter(headers);
            return new InstantlyCallException(Kind.RATE_LIMITED, where + ". The workspace's request budget (100 per second,"
                    + " 6,000 per minute, shared by every key and integration of the workspace) is spent; waiting "
                    + wait.toMillis() + " ms before retrying. If this repeats, another integration uses the same workspace: give"
                    + " this connection a smaller share.", status, wait, null);
        }
        if (status >= 500) {
            return new InstantlyCallException(Kind.RETRIABLE, where + ". Instantly had a temporary problem; the call is retried."
                    + " If it persists, check https://status.instantly.ai.", status, null, null);
        }
        if (status == 404) {
            // the ids of Instantly's calls come from the outreach files (the campaign, list and blocklist a lead is added to)
            // and from the send ledger (a lead removed or updated), never from a route or a mapping
            return new InstantlyCallException(Kind.NOT_FOUND, where + ". Instantly does not know what this call names (a"
                    + " campaign, list, blocklist or lead id); check email.campaign, email.list and email.blocklist of the outreach/"
                    + " file that sends through connection '" + connectionId + "'.", where, status, null, null);
        }
        return new InstantlyCallException(Kind.INVALID_REQUEST, where + ". Instantly refused the request as sent; fix the"
                + " records or the ids named in the route and send them again.", status, null, null);
    }

    /** No answer at all: retried (lead adds are safe to resend: Instantly de-duplicates leads already in the campaign or list). */
    public InstantlyCallException ioFailure(String call, IOException e) {
        String what = NoAnswer.describe(e);
        return new InstantlyCallException(Kind.RETRIABLE, "Instantly connection '" + connectionId + "', " + call + ": " + what
                + ". The call is retried.", 0, null, e);
    }

    private static Duration retryAfter(HttpHeaders headers) {
        var value = headers.firstValue("Retry-After");
        if (value.isEmpty()) {
            return DEFAULT_RATE_WAIT;
        }
        try {
            return Duration.ofMillis(Math.max(0, Math.round(Double.parseDouble(value.get().trim()) * 1000)));
        } catch (NumberFormatException e) {
            return DEFAULT_RATE_WAIT;
        }
    }

    private static String text(JsonNode json, String field) {
        JsonNode value = json.get(field);
        return value == null || !value.isTextual() || value.asText().isBlank() ? null : value.asText();
    }
}
