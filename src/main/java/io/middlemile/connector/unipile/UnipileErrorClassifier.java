package io.middlemile.connector.unipile;

import com.fasterxml.jackson.databind.JsonNode;
import io.middlemile.connector.ConnectorException.Kind;
import io.middlemile.connector.ErrorBodies;
import io.middlemile.connector.NoAnswer;

import java.io.IOException;
import java.net.http.HttpHeaders;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Locale;

/**
 * The one place that turns a Unipile error answer into a {@link UnipileCallException}. Unipile's errors are RFC 7807
 * problems: {@code {"title", "detail", "type": "errors/...", "status"}} (developer.unipile.com/reference-link/api-usage;
 * developer.unipile.com/v2.0/reference/error-responses). What each answer means for the hub:
 *
 * <ul>
 *   <li>401 {@code errors/disconnected_account}: the LinkedIn account's session is gone (password changed, logged out
 *       everywhere, LinkedIn's own checks) → AUTH, telling the operator to reconnect the account in Unipile. Any other 401
 *       or 403 (missing or wrong X-API-KEY, a feature the subscription lacks) → AUTH about the key.</li>
 *   <li>429, and 500 (Unipile documents both for LinkedIn's per-account limits: "exceeding → HTTP 429 or 500",
 *       developer.unipile.com/docs/provider-limits-and-restrictions) → RATE_LIMITED for that account, waiting
 *       {@code Retry-After} when sent (seconds or an HTTP date), else no wait known.</li>
 *   <li>400 {@code errors/too_many_characters} (the note or message is too long), 422 (Unipile's "unprocessable" answers
 *       about the recipient: already invited, invitation pending, not connected, ...) and 404 on a call about one person
 *       (profile not found) → refused for that send only ({@link UnipileCallException#perRecord()}).</li>
 *   <li>502, 503, 504 and no answer → RETRIABLE; other 4xx → INVALID_REQUEST for the whole call.</li>
 * </ul>
 */
public final class UnipileErrorClassifier {

    static final String DISCONNECTED = "errors/disconnected_account";
    static final String TOO_MANY_CHARACTERS = "errors/too_many_characters";

    private final String connectionId;

    public UnipileErrorClassifier(String connectionId) {
        this.connectionId = connectionId;
    }

    /**
     * @param call      what was being done, for the message ("invite ACo... from account acc-1")
     * @param accountId the sending account the call used, or null
     * @param aboutOne  whether the call concerns one person (a profile, an invitation, a message), so a 404 or 422 is
     *                  that send's refusal rather than the connection's failure
     */
    public UnipileCallException classify(String call, String accountId, boolean aboutOne, int status, HttpHeaders headers,
                                         String body) {
        JsonNode json = ErrorBodies.object(body);
        String type = text(json, "type");
        String detail = text(json, "detail");
        if (detail == null) {
            detail = text(json, "title");
        }
        if (detail == null) {
            detail = ErrorBodies.abbreviate(body);
        }
        String where = "Unipile connection '" + connectionId + "', " + call + ": HTTP " + status
                + (type == null ? "" : " " + type) + ": " + detail;
        String account = accountId == null ? "the LinkedIn account" : "the LinkedIn account " + accountId;
        if (status == 401 && DISCONNECTED.equals(type)) {
            return new UnipileCallException(Kind.AUTH, where + ". " + capitalise(account) + " is disconnected in Unipile:"
                    + " nothing more is sent from it. Reconnect it in the Unipile dashboard (Accounts > the account >"
                    + " Reconnect), then run the job again.", status, type, false, null, null);
        }
        if (status == 401 || status == 403) {
            return new UnipileCallException(Kind.AUTH, where + ". Unipile refused the API key or the call: check that the"
                    + " environment variable named in auth.apiKey of connectors/" + connectionId + ".yaml holds a current"
                    + " Unipile access token (Unipile dashboard > Access tokens) for the DSN of baseUrl.", status, type, false,
                    null, null);
        }
        if (status == 429 || status == 500) {
            Duration wait = retryAfter(headers);
            return new UnipileCallException(Kind.RATE_LIMITED, where + ". LinkedIn's limit for " + account + " is reached"
                    + " (Unipile answers 429 or 500 for it); this send waits "
                    + (wait == null ? "for the account's next sending window" : wait.toSeconds() + " s, as Unipile asked")
                    + ". If it repeats daily, lower the account's caps.", status, type, false, wait, null);
        }
        if (status == 502 || status == 503 || status == 504) {
            return new UnipileCallException(Kind.RETRIABLE, where + ". Unipile had a temporary problem; reads are retried,"
                    + " sends are not (a repeated message reaches the person twice): run the job again later.", status, type,
                    false, null, null);
        }
        if (aboutOne && (TOO_MANY_CHARACTERS.equals(type) || status == 422 || status == 404)) {
            Kind kind = status == 404 ? Kind.NOT_FOUND : Kind.INVALID_REQUEST;
            return new UnipileCallException(kind, where, status, type, true, null, null);
        }
        if (status == 404) {
            return new UnipileCallException(Kind.NOT_FOUND, where + ". Unipile does not know what this call names (an"
                    + " account_id or chat id); check the ids in the route.", status, type, false, null, null);
        }
        return new UnipileCallException(Kind.INVALID_REQUEST, where + ". Unipile refused the request as sent; fix the ids or"
                + " the text named in the route and send it again.", status, type, false, null, null);
    }

    /** No answer at all. */
    public UnipileCallException ioFailure(String call, IOException e) {
        String what = NoAnswer.describe(e);
        return new UnipileCallException(Kind.RETRIABLE, "Unipile connection '" + connectionId + "', " + call + ": " + what
                + " (the baseUrl is the DSN the Unipile dashboard shows).", 0, null, false, null, e);
    }

    /** Whether a refusal says the person was already invited (or an invitation is pending): the send is skipped. */
    static boolean alreadyInvited(UnipileCallException e) {
        String type = e.type() == null ? "" : e.type().toLowerCase(Locale.ROOT);
        String message = e.getMessage() == null ? "" : e.getMessage().toLowerCase(Locale.ROOT);
        // inferred: Unipile's reference names these cases (already_invited_recently, cannot_resend_yet) without a
        // stable list; an "already invited" or "pending invitation" in type or detail counts as well
        return type.contains("already_invited") || type.contains("cannot_resend") || message.contains("already invited")
                || message.contains("pending invitation") || message.contains("invitation is pending");
    }

    private static Duration retryAfter(HttpHeaders headers) {
        var value = headers.firstValue("Retry-After");
        if (value.isEmpty()) {
            return null;
        }
        String raw = value.get().trim();
        try {
            return Duration.ofMillis(Math.max(0, Math.round(Double.parseDouble(raw) * 1000)));
        } catch (NumberFormatException e) {
            try {
                ZonedDateTime at = ZonedDateTime.parse(raw, DateTimeFormatter.RFC_1123_DATE_TIME);
                return Duration.ofMillis(Math.max(0, at.toInstant().toEpochMilli() - System.currentTimeMillis()));
            } catch (DateTimeParseException unreadable) {
                return null;
            }
        }
    }

    private static String capitalise(String text) {
        return Character.toUpperCase(text.charAt(0)) + text.substring(1);
    }

    private static String text(JsonNode json, String field) {
        JsonNode value = json.get(field);
        return value == null || !value.isTextual() || value.asText().isBlank() ? null : value.asText();
    }
}
