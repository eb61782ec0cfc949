package io.middlemile.connector.salesforce;

import io.middlemile.workspace.SalesforceBulk;
import io.middlemile.workspace.SecretRefs;

import java.time.Duration;

/**
 * Tuning of one Salesforce connection.
 *
 * @param baseUrl           the org's My Domain URL (token endpoint host), e.g. https://acme.my.salesforce.com, or an emulator
 * @param apiVersion        REST API version, e.g. v60.0
 * @param maxAttempts       attempts per call for retriable failures (1 = no retry)
 * @param requestsPerSecond local pacing; Salesforce limits a day's total, not a rate, so this only smooths bursts
 * @param requestTimeout    per-request timeout
 * @param reservedShare     share of the daily API allocation kept for people and other integrations: calls stop with
 *                          QUOTA_EXHAUSTED once usage reaches (1 - reservedShare) of the limit
 * @param rateLimitWait     how long a call may wait for a permit of the connection's budget (local or a cluster's)
 * @param bulk              Bulk API 2.0 thresholds; null = those of the connector file's {@code bulk:} section (or its defaults)
 * @param bulkPollInterval  first wait between two looks at a running Bulk API 2.0 job (doubles up to 10 times this)
 * @param bulkTimeout       how long a Bulk API 2.0 job may run before the hub aborts it and the read or write is retried later
 */
public record SalesforceSettings(String baseUrl, String apiVersion, int maxAttempts, int requestsPerSecond, Duration requestTimeout,
                                 double reservedShare, Duration rateLimitWait, SalesforceBulk bulk, Duration bulkPollInterval,
                                 Duration bulkTimeout) {

    public static final String DEFAULT_API_VERSION = "v60.0";

    public SalesforceSettings {
        if (baseUrl == null || baseUrl.isBlank()) {
            throw new IllegalArgumentException("A Salesforce connection needs baseUrl: the org's My Domain URL, e.g. https://acme.my.salesforce.com");
        }
        baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
        if (maxAttempts < 1 || requestsPerSecond < 1 || reservedShare < 0 || reservedShare >= 1) {
            throw new IllegalArgumentException("Salesforce settings need maxAttempts >= 1, requestsPerSecond >= 1 and 0 <= reservedShare < 1, got "
                    + maxAttempts + ", " + requestsPerSecond + ", " + reservedShare);
        }
    }

    public static SalesforceSettings defaults(String baseUrl) {
        return new SalesforceSettings(baseUrl, DEFAULT_API_VERSION, 5, 25, Duration.ofSeconds(60), 0.10, Duration.ofSeconds(60), null,
                Duration.ofSeconds(2), Duration.ofMinutes(30));
    }

    public SalesforceSettings withBulk(SalesforceBulk value) {
        return new SalesforceSettings(baseUrl, apiVersion, maxAttempts, requestsPerSecond, requestTimeout, reservedShare, rateLimitWait, value,
                bulkPollInterval, bulkTimeout);
    }

    public SalesforceSettings withBulkPolling(Duration interval, Duration timeout) {
        return new SalesforceSettings(baseUrl, apiVersion, maxAttempts, requestsPerSecond, requestTimeout, reservedShare, rateLimitWait, bulk,
                interval, timeout);
    }

    public SalesforceSettings withMaxAttempts(int value) {
        return new SalesforceSettings(baseUrl, apiVersion, value, requestsPerSecond, requestTimeout, reservedShare, rateLimitWait, bulk,
                bulkPollInterval, bulkTimeout);
    }

    public SalesforceSettings withRequestsPerSecond(int value) {
        return new SalesforceSettings(baseUrl, apiVersion, maxAttempts, value, requestTimeout, reservedShare, rateLimitWait, bulk,
                bulkPollInterval, bulkTimeout);
    }

    public SalesforceSettings withReservedShare(double value) {
        return new SalesforceSettings(baseUrl, apiVersion, maxAttempts, requestsPerSecond, requestTimeout, value, rateLimitWait, bulk, bulkPollInterval, bulkTimeout);
    }

    public SalesforceSettings withApiVersion(String value) {
        return new SalesforceSettings(baseUrl, value, maxAttempts, requestsPerSecond, requestTimeout, reservedShare, rateLimitWait, bulk,
                bulkPollInterval, bulkTimeout);
    }

    /** As a record prints itself, without a user or password written into the base URL. */
    @Override
    public String toString() {
        return "SalesforceSettings[baseUrl=" + SecretRefs.withoutUserInfo(baseUrl) + ", apiVersion=" + apiVersion
                + ", maxAttempts=" + maxAttempts + ", requestsPerSecond=" + requestsPerSecond + ", requestTimeout=" + requestTimeout
                + ", reservedShare=" + reservedShare + ", rateLimitWait=" + rateLimitWait + ", bulk=" + bulk
                + ", bulkPollInterval=" + bulkPollInterval + ", bulkTimeout=" + bulkTimeout + "]";
    }
}
