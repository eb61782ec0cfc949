package io.middlemile.connector.crustdata;

import io.middlemile.workspace.ConnectorConfig;
import io.middlemile.workspace.EnrichmentSettings;
import io.middlemile.workspace.SecretRefs;

import java.time.Duration;

/**
 * Tuning of one Crustdata connection. The defaults are Crustdata's documented limits: 15 requests per minute on
 * {@code /person/enrich} and {@code /company/enrich} (https://docs.crustdata.com/general/rate-limits), a sliding
 * window per endpoint.
 *
 * @param baseUrl           API root, https://api.crustdata.com or a sandbox emulator
 * @param requestsPerMinute the account's per-endpoint budget ({@code enrichment.requestsPerMinute}, default 15)
 * @param requestTimeout    how long one call may take ({@code enrichment.timeoutSeconds}, default 30 s)
 * @param pollInterval      how long after a batch submission, and between polls, the batch is asked about
 *                          ({@code enrichment.pollSeconds}, default 60 s: batch jobs take minutes)
 * @param maxAttempts       attempts per call for retriable failures and 429s (1 = no retry)
 * @param rateLimitWait     how long a call may wait for a permit of the local limiter before it fails as RATE_LIMITED
 * @param batchFrom         a waterfall's call of at least this many lookups goes as one batch job
 *                          ({@code enrichment.batchFrom}); 0: never
 */
public record CrustdataSettings(String baseUrl, int requestsPerMinute, Duration requestTimeout, Duration pollInterval,
                                int maxAttempts, Duration rateLimitWait, int batchFrom) {

    public static final String DEFAULT_BASE_URL = "https://api.crustdata.com";
    /** Default of /person/enrich and /company/enrich, per minute. */
    public static final int DEFAULT_REQUESTS_PER_MINUTE = 15;

    public CrustdataSettings {
        if (baseUrl == null || baseUrl.isBlank()) {
            baseUrl = DEFAULT_BASE_URL;
        }
        baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
        if (requestsPerMinute < 1 || maxAttempts < 1) {
            throw new IllegalArgumentException("Crustdata settings need a positive request budget and attempt count, got "
                    + requestsPerMinute + "/min and " + maxAttempts + " attempts");
        }
    }

    public static CrustdataSettings defaults(String baseUrl) {
        return new CrustdataSettings(baseUrl, DEFAULT_REQUESTS_PER_MINUTE, Duration.ofSeconds(30), Duration.ofSeconds(60), 4,
                Duration.ofMinutes(2), 0);
    }

    /** The settings of a connector file: its baseUrl and its optional {@code enrichment:} section over the defaults. */
    public static CrustdataSettings from(ConnectorConfig config) {
        CrustdataSettings settings = defaults(config.baseUrl());
        EnrichmentSettings enrichment = config.enrichmentSettings();
        return new CrustdataSettings(settings.baseUrl(),
                enrichment.requestsPerMinute() == null ? settings.requestsPerMinute() : enrichment.requestsPerMinute(),
                enrichment.timeoutSeconds() == null ? settings.requestTimeout() : Duration.ofSeconds(enrichment.timeoutSeconds()),
                enrichment.pollSeconds() == null ? settings.pollInterval() : Duration.ofSeconds(enrichment.pollSeconds()),
                settings.maxAttempts(), settings.rateLimitWait(), enrichment.batchFrom() == null ? 0 : enrichment.batchFrom());
    }

    public CrustdataSettings withRequestsPerMinute(int perMinute) {
        return new CrustdataSettings(baseUrl, perMinute, requestTimeout, pollInterval, maxAttempts, rateLimitWait, batchFrom);
    }

    public CrustdataSettings withRequestTimeout(Duration timeout) {
        return new CrustdataSettings(baseUrl, requestsPerMinute, timeout, pollInterval, maxAttempts, rateLimitWait, batchFrom);
    }

    public CrustdataSettings withMaxAttempts(int attempts) {
        return new CrustdataSettings(baseUrl, requestsPerMinute, requestTimeout, pollInterval, attempts, rateLimitWait, batchFrom);
    }

    public CrustdataSettings withBatchFrom(int records) {
        return new CrustdataSettings(baseUrl, requestsPerMinute, requestTimeout, pollInterval, maxAttempts, rateLimitWait, records);
    }

    public CrustdataSettings withPollInterval(Duration interval) {
        return new CrustdataSettings(baseUrl, requestsPerMinute, requestTimeout, interval, maxAttempts, rateLimitWait, batchFrom);
    }

    /** As a record prints itself, without a user or password written into the base URL. */
    @Override
    public String toString() {
        return "CrustdataSettings[baseUrl=" + SecretRefs.withoutUserInfo(baseUrl) + ", requestsPerMinute=" + requestsPerMinute
                + ", requestTimeout=" + requestTimeout + ", pollInterval=" + pollInterval + ", maxAttempts=" + maxAttempts
                + ", rateLimitWait=" + rateLimitWait + ", batchFrom=" + batchFrom + "]";
    }
}
