package io.middlemile.workspace;

import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Positive;

/**
 * The optional {@code enrichment:} section of an enrichment provider's connector file ({@code crustdata},
 * {@code fullenrich}, {@code apollo}). Without it a connection spends the vendor's documented default budget and
 * polls for asynchronous results.
 *
 * @param requestsPerMinute the account's request budget per minute when it differs from the vendor's default
 *                          (a plan with higher limits, or an emulator scaled down for a rehearsal); the connector
 *                          paces itself to it and to the vendor's rate-limit headers, whichever is tighter
 * @param timeoutSeconds    how long one call may take before it counts as failed (default 30)
 * @param pollSeconds       how long after a submission (and between polls) asynchronous results are asked for;
 *                          default the vendor's advice (FullEnrich: 30 s)
 * @param webhookUrl        where the vendor delivers asynchronous results: this engine's
 *                          {@code /webhooks/<type>/<connection>} as the vendor reaches it (https). Absent: the
 *                          connector polls, which also spends the request budget
 * @param batchFrom         Crustdata only: a waterfall's call of at least this many records goes as one batch job
 *                          (up to 10,000, stored and polled; results take minutes) instead of calls of 25; absent:
 *                          never
 */
public record EnrichmentSettings(
        @Positive(message = "must be a positive number of requests per minute, e.g. 60") Integer requestsPerMinute,
        @Positive(message = "must be a positive number of seconds, e.g. 30") Integer timeoutSeconds,
        @Positive(message = "must be a positive number of seconds between polls, e.g. 30") Integer pollSeconds,
        @Pattern(regexp = "https?://\\S+", message = "must be the full URL the vendor posts results to, e.g."
                + " https://hub.example.com/webhooks/fullenrich/fullenrich") String webhookUrl,
        @Positive(message = "must be a positive number of records, e.g. 500") Integer batchFrom) {
}
