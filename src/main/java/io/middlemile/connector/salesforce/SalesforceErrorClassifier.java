package io.middlemile.connector.salesforce;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.middlemile.connector.ConnectorException.Kind;
import io.middlemile.connector.NoAnswer;

import java.io.IOException;
import java.net.http.HttpHeaders;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The one place Salesforce failures become {@link Kind}s
 * (https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/errorcodes.htm):
 * 401 (INVALID_SESSION_ID) is AUTH; other 403s are permissions, AUTH; 404 NOT_FOUND; 400/405/415
 * INVALID_REQUEST, and so are 414/431 (URI, or URI plus headers, over 16,384 bytes); 429 and 503
 * (server busy) RATE_LIMITED with any Retry-After; other 5xx and I/O failures RETRIABLE.
 *
 * <p>REQUEST_LIMIT_EXCEEDED (403, or a SOAP fault) names two different limits, told apart by its message
 * (https://developer.salesforce.com/docs/platform/salesforce-app-limits-cheatsheet/guide/salesforce-app-limits-platform-api.html):
 * <ul>
 *   <li>the daily allocation, "TotalRequests Limit exceeded.": QUOTA_EXHAUSTED, pause the job until usage falls
 *       (a rolling 24 hours), do not fail or spin;</li>
 *   <li>the concurrent long-running request limit (25 requests of 20 s or more in production, 5 in Developer
 *       Edition), "ConcurrentRequests (Concurrent API Requests) Limit exceeded." or, from Apex,
 *       "ConcurrentPerOrgLongTxn Limit exceeded": RATE_LIMITED, retried after a back-off, because the slots free
 *       up as the long requests finish.</li>
 * </ul>
 * A message naming neither is taken as the daily allocation: pausing is the safe reading, retrying a spent
 * allocation only spends more of tomorrow's.
 */
public final class SalesforceErrorClassifier {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final String connectionId;

    public SalesforceErrorClassifier(String connectionId) {
        this.connectionId = connectionId;
    }

    public SalesforceCallException classify(String call, int status, HttpHeaders headers, String body) {
        List<SalesforceError> errors = parse(body);
        String code = errors.isEmpty() ? null : errors.get(0).errorCode();
        String detail = errors.isEmpty() ? abbreviate(body) : errors.toString();
        String prefix = "Salesforce connection '" + connectionId + "', " + call + ": HTTP " + status + " " + detail + ". ";
        if (status == 401) {
            return new SalesforceCallException(Kind.AUTH, prefix + "The session was refused even with a fresh token: check that the "
                    + "connected app's client credentials flow runs as a user with API access and that the app is not blocked.", status, code, null, null);
        }
        if (status == 403 && "REQUEST_LIMIT_EXCEEDED".equals(code)) {
            return requestLimit(prefix, status, errors.get(0).message(), retryAfter(headers));
        }
        if (status == 403) {
            return new SalesforceCallException(Kind.AUTH, prefix + "The integration user lacks a permission (API Enabled, object "
                    + "or field access). Fix its profile or permission set.", status, code, null, null);
        }
        if (status == 404) {
            return new SalesforceCallException(Kind.NOT_FOUND, prefix + "Check the object and field names in the connector file "
                    + "and the apiVersion.", status, code, null, null);
        }
        if (status == 414 || status == 431) {
            // Doc: https://help.salesforce.com/s/articleView?id=000386264&type=1 (URI plus headers at most 16,384 bytes)
            return new SalesforceCallException(Kind.INVALID_REQUEST, prefix + (status == 414 ? "The request's URI" : "The request's URI "
                    + "plus headers") + " is over Salesforce's limit of 16,384 bytes. A query travels in the URI: select fewer fields "
                    + "for this object in the connector file. Lookups by key are split to fit, so if this was one, report it as a bug.",
                    status, code, "HTTP " + status + " " + detail, null, null);
        }
        if (status == 429 || status == 503) {
            return new SalesforceCallException(Kind.RATE_LIMITED, prefix + "Salesforce is busy or the org hit its concurrent "
                    + "request limit; retrying after a pause.", status, code, retryAfter(headers), null);
        }
        if (status >= 500) {
            return new SalesforceCallException(Kind.RETRIABLE, prefix + "A Salesforce server error; retrying may help. If it "
                    + "persists, check https://status.salesforce.com.", status, code, null, null);
        }
        return new SalesforceCallException(Kind.INVALID_REQUEST, prefix + "Salesforce refused the request as sent; fix the "
                + "mapping or connector file, retrying will not help.", status, code, "HTTP " + status + " " + detail, null, null);
    }

    /**
     * A SOAP fault by its exceptionCode (https://developer.salesforce.com/docs/atlas.en-us.api.meta/api/sforce_api_concepts_errorhandling.htm:
     * badly formed messages and failed authentication are faults with an ExceptionCode): INVALID_SESSION_ID after a fresh token is AUTH; REQUEST_LIMIT_EXCEEDED as for REST
     * (the concurrent limit RATE_LIMITED, the daily allocation QUOTA_EXHAUSTED); SERVER_UNAVAILABLE RATE_LIMITED; INVALID_* and MALFORMED_ID INVALID_REQUEST
     * (the request as sent is wrong); anything else RETRIABLE.
     */
    public SalesforceCallException classifySoapFault(String call, int status, String code, String message) {
        String prefix = "Salesforce connection '" + connectionId + "', " + call + ": SOAP fault " + code + ": " + message + ". ";
        if ("INVALID_SESSION_ID".equals(code)) {
            return new SalesforceCallException(Kind.AUTH, prefix + "The session was refused even with a fresh token: check that the "
                    + "connected app's run-as user has API access and that the app is not blocked.", status, code, null, null);
        }
        if ("REQUEST_LIMIT_EXCEEDED".equals(code)) {
            return requestLimit(prefix, status, message, null);
        }
        if ("SERVER_UNAVAILABLE".equals(code)) {
            return new SalesforceCallException(Kind.RATE_LIMITED, prefix + "Salesforce is busy; retrying after a pause.", status, code,
                    null, null);
        }
        if (code != null && (code.startsWith("INVALID_") || code.equals("MALFORMED_ID") || code.equals("INSUFFICIENT_ACCESS"))) {
            return new SalesforceCallException(Kind.INVALID_REQUEST, prefix + "Salesforce refused the merge as sent (object type, "
                    + "record ids or permissions); retrying will not help.", status, code, null, null);
        }
        return new SalesforceCallException(Kind.RETRIABLE, prefix + "A Salesforce server error; retrying may help. If it persists, "
                + "check https://status.salesforce.com.", status, code, null, null);
    }

    /** REQUEST_LIMIT_EXCEEDED: the concurrent long-running request limit (back off and retry) or the daily allocation (pause). */
    private SalesforceCallException requestLimit(String prefix, int status, String message, Duration retryAfter) {
        if (concurrentLimit(message)) {
            return new SalesforceCallException(Kind.RATE_LIMITED, prefix + "The org is at its limit of concurrent long-running "
                    + "requests (requests of 20 s or more; 25 in production and sandboxes), not out of its daily allocation: the call "
                    + "is retried after a back-off. If this keeps happening, other integrations or slow queries are holding the org's "
                    + "slots; Event Monitoring or Salesforce support can show which.", status, "REQUEST_LIMIT_EXCEEDED", retryAfter, null);
        }
        return quotaExhausted(prefix + "The org used up its daily API request allocation (rolling 24 hours). The job pauses and "
                + "can resume when usage falls; see Setup > Company Information > API Requests, Last 24 Hours.", status, "REQUEST_LIMIT_EXCEEDED");
    }

    /** "ConcurrentRequests (Concurrent API Requests) Limit exceeded.", "ConcurrentPerOrgLongTxn Limit exceeded", ... */
    static boolean concurrentLimit(String message) {
        return message != null && message.toLowerCase(java.util.Locale.ROOT).contains("concurrent");
    }

    public SalesforceCallException quotaExhausted(String message, int status, String code) {
        return new SalesforceCallException(Kind.QUOTA_EXHAUSTED, message, status, code, null, null);
    }

    public SalesforceCallException ioFailure(String call, IOException e) {
        return new SalesforceCallException(Kind.RETRIABLE, "Salesforce connection '" + connectionId + "', " + call + ": "
                + NoAnswer.describe(e) + ". The call is retried.",
                0, null, null, e);
    }

    /** The error array of an answer; empty when the body is not one. */
    public static List<SalesforceError> parse(String body) {
        List<SalesforceError> errors = new ArrayList<>();
        if (body == null || body.isBlank()) {
            return errors;
        }
        try {
            JsonNode root = JSON.readTree(body);
            JsonNode array = root.isArray() ? root : JSON.createArrayNode().add(root);
            for (JsonNode e : array) {
                String code = e.path("errorCode").asText(e.path("error").asText(null));
                String message = e.path("message").asText(e.path("error_description").asText(null));
                if (code != null || message != null) {
                    List<String> fields = new ArrayList<>();
                    e.path("fields").forEach(f -> fields.add(f.asText()));
                    errors.add(new SalesforceError(code, message, fields));
                }
            }
        } catch (IOException e) {
            return errors;
        }
        return errors;
    }

    private static Duration retryAfter(HttpHeaders headers) {
        return headers == null ? null : headers.firstValue("Retry-After").map(value -> {
            try {
                return Duration.ofSeconds(Long.parseLong(value.trim()));
            } catch (NumberFormatException e) {
                return null;
            }
        }).orElse(null);
    }

    private static String abbreviate(String body) {
        if (body == null) {
            return "(no body)";
        }
        return body.length() > 300 ? body.substring(0, 300) + "..." : body;
    }
}
