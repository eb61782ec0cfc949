package io.middlemile.connector.fullenrich;

import com.fasterxml.jackson.databind.JsonNode;
import io.middlemile.connector.ConnectorException.Kind;
import io.middlemile.connector.ErrorBodies;
import io.middlemile.connector.NoAnswer;

import java.io.IOException;
import java.time.Duration;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The one place that turns a FullEnrich error answer (or no answer) into a {@link FullEnrichCallException}.
 * FullEnrich's error body is {@code {code, message}} (https://docs.fullenrich.com/api/v2, OpenAPI "Error").
 *
 * <ul>
 *   <li>429 {@code error.rate.limit} ("Too many requests. Try again in 1m"): RATE_LIMITED. FullEnrich counts a
 *       calendar minute and sends no rate-limit headers, so the wait is what the message names, but never past the
 *       next minute plus a second, when the count starts again.</li>
 *   <li>402: QUOTA_EXHAUSTED, never retried: the workspace has no credits left until someone buys more.</li>
 *   <li>401 ({@code error.authorization.not_set}, {@code not_bearer}, {@code error.api.key}) and 403: AUTH.</li>
 *   <li>404 {@code error.enrichment.not_found}: FATAL (the stored ticket names an enrichment this workspace does not
 *       have; asking again cannot help). Another 404: NOT_FOUND (a wrong baseUrl).</li>
 *   <li>Other 4xx ({@code error.enrichment.*}): INVALID_REQUEST.</li>
 *   <li>5xx and no answer: RETRIABLE, except for a submission: FullEnrich may have accepted it (and will charge for
 *       it) before the answer was lost, so it is FATAL and never sent again; the enrichment shows in the dashboard.</li>
 * </ul>
 */
public final class FullEnrichErrorClassifier {

    private static final Pattern TRY_AGAIN = Pattern.compile("try again in\\s*(\\d+)\\s*(ms|s|m|h)", Pattern.CASE_INSENSITIVE);
    private static final String STATUS_PAGE = "https://status.fullenrich.com";

    private final String connectionId;
    private final Supplier<Duration> untilWindowResets;

    /** @param untilWindowResets the time left until FullEnrich's next calendar minute */
    public FullEnrichErrorClassifier(String connectionId, Supplier<Duration> untilWindowResets) {
        this.connectionId = connectionId;
        this.untilWindowResets = untilWindowResets;
    }

    /**
     * @param submission whether the call submits an enrichment (never retried after it may have been accepted)
     */
    public FullEnrichCallException classify(String call, int status, String body, boolean submission) {
        JsonNode json = ErrorBodies.object(body);
        String code = json.path("code").isTextual() ? json.path("code").asText() : null;
        String message = json.path("message").isTextual() ? json.path("message").asText() : ErrorBodies.abbreviate(body);
        String where = "FullEnrich connection '" + connectionId + "', " + call + ": HTTP " + status
                + (code == null ? "" : " " + code) + ": " + message;
        if (status == 429) {
            Duration wait = rateLimitWait(message);
            return new FullEnrichCallException(Kind.RATE_LIMITED, where + ". FullEnrich allows 60 calls a calendar minute per"
                    + " workspace (polls included) and 100 enrichments in progress; waiting " + wait.toMillis() + " ms before"
                    + " retrying. If this repeats, another integration uses the same workspace: lower enrichment.requestsPerMinute"
                    + " or set enrichment.webhookUrl so results are not polled.", status, code, wait, null);
        }
        if (status == 402) {
            return new FullEnrichCallException(Kind.QUOTA_EXHAUSTED, where + ". FullEnrich ran out of credits: the workspace's"
                    + " balance is spent. Nothing more is looked up at FullEnrich until credits are added (FullEnrich > Billing);"
                    + " then resume the run.", status, code, null, null);
        }
        if (status == 401 || status == 403) {
            return new FullEnrichCallException(Kind.AUTH, where + ". Check the API key of connection '" + connectionId + "' (the"
                    + " environment variable auth.token names, e.g. FULLENRICH_API_KEY): it must be the key shown in FullEnrich >"
                    + " Settings > API, sent as a Bearer token; it may have been deleted or regenerated.", status, code, null, null);
        }
        if (status == 404 && "error.enrichment.not_found".equals(code)) {
            return new FullEnrichCallException(Kind.FATAL, where + ". FullEnrich has no enrichment with this id in the workspace"
                    + " of this API key: the stored ticket belongs to another workspace or key, or is older than FullEnrich keeps"
                    + " results (3 months). Asking again cannot help; the lookups of this ticket must be submitted again on"
                    + " purpose if they are still wanted.", status, code, null, null);
        }
        if (status == 404) {
            return new FullEnrichCallException(Kind.NOT_FOUND, where + ". No such FullEnrich endpoint: check that the connection's"
                    + " baseUrl is " + FullEnrichSettings.DEFAULT_BASE_URL + " (or the sandbox's /api/v2 URL).", status, code, null, null);
        }
        if (status >= 500 && submission) {
            return new FullEnrichCallException(Kind.FATAL, where + ". FullEnrich failed while taking the submission and may still"
                    + " have accepted it, so it is not sent again (that could pay twice). Look for the enrichment in the FullEnrich"
                    + " dashboard before running the step again; check " + STATUS_PAGE + ".", status, code, null, null);
        }
        if (status >= 500) {
            return new FullEnrichCallException(Kind.RETRIABLE, where + ". FullEnrich had a temporary problem; the call is retried."
                    + " If it persists, check " + STATUS_PAGE + ".", status, code, null, null);
        }
        return new FullEnrichCallException(Kind.INVALID_REQUEST, where + ". FullEnrich refused the request as sent; the message"
                + " names the field to fix (in the records' inputs or in connectors/" + connectionId + ".yaml).", status, code, null, null);
    }

    /** No answer: a time-out or a broken connection. */
    public FullEnrichCallException ioFailure(String call, IOException e, boolean submission) {
        String what = "FullEnrich connection '" + connectionId + "', " + call + ": "
                + NoAnswer.describe(e);
        if (submission) {
            return new FullEnrichCallException(Kind.FATAL, what + ". FullEnrich may have accepted the submission before the answer"
                    + " was lost, so it is not sent again (that could pay twice). Look for the enrichment in the FullEnrich dashboard"
                    + " before running the step again; if calls keep timing out, raise enrichment.timeoutSeconds or check the"
                    + " network path to the connection's baseUrl.", 0, null, null, e);
        }
        return new FullEnrichCallException(Kind.RETRIABLE, what + ". The call is retried; if it persists, check "
                + STATUS_PAGE + ".", 0, null, null, e);
    }

    /** What a 429's message asks for ("Try again in 1m"), but not past the next calendar minute (plus a second of clock skew). */
    Duration rateLimitWait(String message) {
        Duration reset = untilWindowResets.get().plusSeconds(1);
        Matcher matcher = message == null ? null : TRY_AGAIN.matcher(message);
        if (matcher == null || !matcher.find()) {
            return reset;
        }
        long amount = Long.parseLong(matcher.group(1));
        Duration asked = switch (matcher.group(2).toLowerCase()) {
            case "ms" -> Duration.ofMillis(amount);
            case "s" -> Duration.ofSeconds(amount);
            case "m" -> Duration.ofMinutes(amount);
            default -> Duration.ofHours(amount);
        };
        return asked.compareTo(reset) < 0 ? asked : reset;
    }


}
