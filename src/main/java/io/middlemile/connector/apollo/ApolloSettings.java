package io.middlemile.connector.apollo;

import io.middlemile.workspace.ConnectorConfig;
import io.middlemile.workspace.EnrichmentSettings;
import io.middlemile.workspace.SecretRefs;

import java.time.Clock;
import java.time.Duration;

/**
 * Tuning of one Apollo connection, from its connector file's {@code enrichment:} section or the defaults.
 *
 * <p>The default budget is {@value #DEFAULT_REQUESTS_PER_MINUTE} requests per minute: Apollo's rate-limit page
 * (docs.apollo.io/reference/rate-limits) gives the Free plan 50 per minute on enrichment endpoints and says bulk
 * endpoints get a tenth of the single-record limits, and the api_usage_stats example in Apollo's OpenAPI shows
 * {@code people/bulk_match} and {@code organizations/bulk_enrich} at 20 per minute. Paid plans allow more: set
 * {@code enrichment.requestsPerMinute}. Whatever the budget, the connector also obeys the
 * {@code x-*-requests-left} headers Apollo sends on every answer ({@link ApolloRateWindows}).
 *
 * @param baseUrl           API root, e.g. https://api.apollo.io/api/v1 or an emulator
 * @param requestsPerMinute the local limiter's budget
 * @param requestTimeout    per-request timeout
 * @param pollInterval      how long after a phone reveal the poll is worth it (Apollo: phones take minutes)
 * @param webhookUrl        where Apollo posts revealed phones (without the secret), or null: no mobile phones
 * @param maxAttempts       attempts per call for retriable failures (1 = no retry)
 * @param rateLimitWait     how long a call may wait for a permit of the local limiter
 * @param clock             for Apollo's fixed windows (minute, hour, UTC day)
 */
public record ApolloSettings(String baseUrl, int requestsPerMinute, Duration requestTimeout, Duration pollInterval,
                             String webhookUrl, int maxAttempts, Duration rateLimitWait, Clock clock) {

    public static final String DEFAULT_BASE_URL = "https://api.apollo.io/api/v1";
    public static final int DEFAULT_REQUESTS_PER_MINUTE = 20;
    /** Apollo says phone numbers "can take several minutes"; its poll answer suggests 10 s between polls. */
    public static final Duration DEFAULT_POLL = Duration.ofSeconds(60);

    public ApolloSettings {
        if (baseUrl == null || baseUrl.isBlank()) {
            baseUrl = DEFAULT_BASE_URL;
        }
        baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
        if (requestsPerMinute < 1 || maxAttempts < 1) {
            throw new IllegalArgumentException("Apollo settings need a positive budget and attempts, got " + requestsPerMinute
                    + "/min and " + maxAttempts + " attempts");
        }
    }

    public static ApolloSettings defaults(String baseUrl) {
        return new ApolloSettings(baseUrl, DEFAULT_REQUESTS_PER_MINUTE, Duration.ofSeconds(30), DEFAULT_POLL, null, 4,
                Duration.ofSeconds(65), Clock.systemUTC());
    }

    public static ApolloSettings from(ConnectorConfig config) {
        EnrichmentSettings e = config.enrichmentSettings();
        ApolloSettings s = defaults(config.baseUrl());
        return new ApolloSettings(s.baseUrl(),
                e.requestsPerMinute() == null ? s.requestsPerMinute() : e.requestsPerMinute(),
                e.timeoutSeconds() == null ? s.requestTimeout() : Duration.ofSeconds(e.timeoutSeconds()),
                e.pollSeconds() == null ? s.pollInterval() : Duration.ofSeconds(e.pollSeconds()),
                e.webhookUrl(), s.maxAttempts(), s.rateLimitWait(), s.clock());
    }

    public ApolloSettings withMaxAttempts(int value) {
        return new ApolloSettings(baseUrl, requestsPerMinute, requestTimeout, pollInterval, webhookUrl, value, rateLimitWait, clock);
    }

    public ApolloSettings withTimeout(Duration value) {
        return new ApolloSettings(baseUrl, requestsPerMinute, value, pollInterval, webhookUrl, maxAttempts, rateLimitWait, clock);
    }

    public ApolloSettings withClock(Clock value) {
        return new ApolloSettings(baseUrl, requestsPerMinute, requestTimeout, pollInterval, webhookUrl, maxAttempts, rateLimitWait, value);
    }

    public ApolloSettings withWebhookUrl(String value) {
        return new ApolloSettings(baseUrl, requestsPerMinute, requestTimeout, pollInterval, value,
                maxAttempts, rateLimitWait, clock);
    }

    public ApolloSettings withRequestsPerMinute(int value) {
        return new ApolloSettings(baseUrl, value, requestTimeout, pollInterval, webhookUrl, maxAttempts, rateLimitWait, clock);
    }

    /** Never prints the webhook URL (it is where the secret goes), nor a user or password written into the base URL. */
    @Override
    public String toString() {
        return "ApolloSettings[" + SecretRefs.withoutUserInfo(baseUrl) + ", " + requestsPerMinute + "/min, webhook "
                + (webhookUrl == null ? "none" : "set") + "]";
    }
}
