package io.middlemile.connector.fullenrich;

import io.middlemile.workspace.ConnectorConfig;
import io.middlemile.workspace.EnrichmentSettings;
import io.middlemile.workspace.SecretRefs;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * What one FullEnrich connection needs, read once from its connector file and the environment.
 *
 * @param baseUrl           the API root, {@code https://app.fullenrich.com/api/v2} (or an emulator's)
 * @param apiKey            the workspace API key; never printed ({@link #toString()})
 * @param requestsPerMinute FullEnrich counts 60 calls a calendar minute, polls included
 * @param timeout           how long one call may take
 * @param pollEvery         how long after a submission (and between polls) results are asked for
 * @param webhookUrl        where FullEnrich posts finished enrichments, or null to poll
 * @param maxAttempts       attempts of a call that may be retried (polls, reads; never a submission)
 * @param clock             now, for the calendar-minute window and poll times
 */
public record FullEnrichSettings(String baseUrl, String apiKey, int requestsPerMinute, Duration timeout, Duration pollEvery,
                                 String webhookUrl, int maxAttempts, Clock clock) {

    public static final String DEFAULT_BASE_URL = "https://app.fullenrich.com/api/v2";
    /** https://docs.fullenrich.com/api/v2/implement-in-product/volume: 60 requests a minute, all endpoints. */
    public static final int DEFAULT_REQUESTS_PER_MINUTE = 60;
    /** FullEnrich advises 30 to 90 s a contact before results are worth asking for. */
    public static final Duration DEFAULT_POLL = Duration.ofSeconds(30);
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);
    public static final int DEFAULT_MAX_ATTEMPTS = 4;

    public FullEnrichSettings {
        Objects.requireNonNull(baseUrl, "baseUrl");
        Objects.requireNonNull(apiKey, "apiKey");
        Objects.requireNonNull(clock, "clock");
        baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
        if (requestsPerMinute < 1 || maxAttempts < 1) {
            throw new IllegalArgumentException("FullEnrich settings need a positive request budget and attempt count, got "
                    + requestsPerMinute + "/min and " + maxAttempts + " attempts");
        }
    }

    /** The vendor's defaults against {@code baseUrl}. */
    public static FullEnrichSettings defaults(String baseUrl, String apiKey) {
        return new FullEnrichSettings(baseUrl, apiKey, DEFAULT_REQUESTS_PER_MINUTE, DEFAULT_TIMEOUT, DEFAULT_POLL, null,
                DEFAULT_MAX_ATTEMPTS, Clock.systemUTC());
    }

    /**
     * From a connector file; the key is read from the environment variable {@code auth.token} names.
     *
     * @throws IllegalArgumentException when the key is not in the environment (validation reports it first)
     */
    public static FullEnrichSettings from(ConnectorConfig config, Map<String, String> environment) {
        String reference = config.auth() == null ? null : config.auth().token();
        String apiKey = SecretRefs.resolve(reference, environment).orElseThrow(() -> new IllegalArgumentException(
                "FullEnrich connection '" + config.id() + "': the API key is not available. Set auth.token: ${FULLENRICH_API_KEY}"
                        + " in connectors/" + config.id() + ".yaml and export that variable (FullEnrich > Settings > API)."));
        EnrichmentSettings enrichment = config.enrichmentSettings();
        return new FullEnrichSettings(config.baseUrl() == null ? DEFAULT_BASE_URL : config.baseUrl(), apiKey,
                enrichment.requestsPerMinute() == null ? DEFAULT_REQUESTS_PER_MINUTE : enrichment.requestsPerMinute(),
                enrichment.timeoutSeconds() == null ? DEFAULT_TIMEOUT : Duration.ofSeconds(enrichment.timeoutSeconds()),
                enrichment.pollSeconds() == null ? DEFAULT_POLL : Duration.ofSeconds(enrichment.pollSeconds()),
                enrichment.webhookUrl(), DEFAULT_MAX_ATTEMPTS, Clock.systemUTC());
    }

    public FullEnrichSettings withMaxAttempts(int attempts) {
        return new FullEnrichSettings(baseUrl, apiKey, requestsPerMinute, timeout, pollEvery, webhookUrl, attempts, clock);
    }

    public FullEnrichSettings withTimeout(Duration newTimeout) {
        return new FullEnrichSettings(baseUrl, apiKey, requestsPerMinute, newTimeout, pollEvery, webhookUrl, maxAttempts, clock);
    }

    public FullEnrichSettings withWebhookUrl(String url) {
        return new FullEnrichSettings(baseUrl, apiKey, requestsPerMinute, timeout, pollEvery, url, maxAttempts, clock);
    }

    @Override
    public String toString() {
        return "FullEnrichSettings[" + SecretRefs.withoutUserInfo(baseUrl) + ", apiKey ***, " + requestsPerMinute + "/min, timeout "
                + timeout + ", poll "
                + pollEvery + ", webhook " + (webhookUrl != null) + "]";
    }
}
