package io.middlemile.connector.crustdata;

import com.fasterxml.jackson.databind.JsonNode;
import io.middlemile.connector.ConnectorException.Kind;
import io.middlemile.connector.ErrorBodies;
import io.middlemile.connector.NoAnswer;

import java.io.IOException;
import java.net.ConnectException;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpHeaders;
import java.time.Duration;

/**
 * The one place that turns a Crustdata error answer into a {@link CrustdataCallException}.
 *
 * <ul>
 *   <li>429 → RATE_LIMITED, waiting {@code x-ratelimit-reset} seconds (Crustdata's advice), else
 *       {@code Retry-After}, else 60 s (the sliding window's length). Also the 6th active batch job.</li>
 *   <li>402, or any answer whose {@code error.type} is {@code insufficient_credits} → QUOTA_EXHAUSTED: terminal, never
 *       retried; the account needs credits.</li>
 *   <li>401/403 → AUTH.</li>
 *   <li>400 and other 4xx → INVALID_REQUEST (the connector turns a one-identifier 400 into that record's rejection).</li>
 *   <li>5xx → RETRIABLE, except a 502/504 on a submission, which Crustdata may have accepted behind the gateway:
 *       FATAL, so nothing is paid twice.</li>
 *   <li>No answer: RETRIABLE for reads; a time-out of a submission is FATAL for the same reason.</li>
 * </ul>
 *
 * <p>Doc: https://docs.crustdata.com/openapi-specs/2025-11-01/best-practices (error body {@code {error: {type, message,
 * metadata}}}, 402 insufficient_credits, 429 and the x-ratelimit-* headers).
 */
public final class CrustdataErrorClassifier {


    private final String connectionId;

    public CrustdataErrorClassifier(String connectionId) {
        this.connectionId = connectionId;
    }

    /**
     * @param submission whether the call spends credits or starts a job (enrich, batch submit): an answer lost on
     *                   the way may mean it was accepted, so it is never repeated
     */
    public CrustdataCallException classify(String call, int status, HttpHeaders headers, String body, boolean submission) {
        JsonNode error = ErrorBodies.object(body).path("error");
        String type = error.path("type").asText("");
        String vendorMessage = error.path("message").asText(ErrorBodies.abbreviate(body));
        String where = "Crustdata connection '" + connectionId + "', " + call + ": HTTP " + status
                + (type.isEmpty() ? "" : " " + type) + ": " + vendorMessage;
        if (status == 402 || "insufficient_credits".equals(type)) {
            return new CrustdataCallException(Kind.QUOTA_EXHAUSTED, where + ". The Crustdata account has no credits left for"
                    + " this call. Nothing was retried. Buy or top up credits in the Crustdata dashboard, then resume the job;"
                    + " until then the waterfall should skip this provider.", status, vendorMessage, null, null, null);
        }
        if (status == 429) {
            Duration wait = retryAfter(headers);
            return new CrustdataCallException(Kind.RATE_LIMITED, where + ". Crustdata's per-minute limit (or its limit of 5"
                    + " active batch jobs) was hit; waiting " + wait.toSeconds() + " s as x-ratelimit-reset asks. If this"
                    + " repeats, another client uses the same API key: lower enrichment.requestsPerMinute of this connection.",
                    status, vendorMessage, wait, null, null);
        }
        if (status == 401 || status == 403) {
            return new CrustdataCallException(Kind.AUTH, where + ". Check the API key of connection '" + connectionId
                    + "' (the environment variable its connector file names, e.g. CRUSTDATA_API_KEY): it may be wrong, revoked,"
                    + " or its plan may not include this endpoint.", status, vendorMessage, null, null, null);
        }
        if (status >= 500) {
            if (submission && (status == 502 || status == 504)) {
                return new CrustdataCallException(Kind.FATAL, where + ". The gateway gave up, but Crustdata may have accepted"
                        + " (and charged for) the submission, so it was not sent again. Check the credit usage in the Crustdata"
                        + " dashboard before running these records again.", status, vendorMessage, null, null, null);
            }
            return new CrustdataCallException(Kind.RETRIABLE, where + ". Crustdata had a temporary problem; the call is"
                    + " retried. If it persists, check https://status.crustdata.com or contact Crustdata support.",
                    status, vendorMessage, null, null, null);
        }
        return new CrustdataCallException(Kind.INVALID_REQUEST, where + ". Crustdata refused the request as sent; the"
                + " identifiers or the requested fields are not valid for this endpoint. Fix the records named and run them"
                + " again.", status, vendorMessage, null, null, null);
    }

    /**
     * A call that got no answer: worth retrying for a read, never for a submission that may have been accepted. A
     * connection that could not even be opened sent nothing, so that is retried for a submission too.
     */
    public CrustdataCallException noAnswer(String call, IOException e, boolean submission) {
        String what = NoAnswer.describe(e);
        boolean neverSent = e instanceof ConnectException || e instanceof HttpConnectTimeoutException;
        if (submission && !neverSent) {
            return new CrustdataCallException(Kind.FATAL, "Crustdata connection '" + connectionId + "', " + call + ": " + what
                    + ". Crustdata may have accepted and charged for it, so it was NOT sent again. Check the credit usage in the"
                    + " Crustdata dashboard before running these records again; if calls keep timing out, raise"
                    + " enrichment.timeoutSeconds or check the network path to the connection's baseUrl.", 0, null, null, null, e);
        }
        return new CrustdataCallException(Kind.RETRIABLE, "Crustdata connection '" + connectionId + "', " + call + ": " + what
                + ". The call is retried.", 0, null, null,
                null, e);
    }

    static Duration retryAfter(HttpHeaders headers) {
        for (String header : new String[] {"x-ratelimit-reset", "Retry-After"}) {
            var value = headers.firstValue(header);
            if (value.isPresent()) {
                try {
                    return Duration.ofMillis(Math.max(0, Math.round(Double.parseDouble(value.get().trim()) * 1000)));
                } catch (NumberFormatException e) {
                    // not a number of seconds: try the next header
                }
            }
        }
        return Duration.ofSeconds(60);
    }


}
