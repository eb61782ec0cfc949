package io.middlemile.connector.instantly;

import io.middlemile.workspace.ConnectorConfig;
import io.middlemile.workspace.SecretRefs;

import java.time.Duration;

/**
 * Tuning of one Instantly connection.
 *
 * <p>The budget is Instantly's workspace limit (developer.instantly.ai/getting-started/rate-limit): 100 requests per
 * second and 6,000 per minute, shared by API v1 and v2 and by every key of the workspace. The connector holds both; when
 * other integrations use the same workspace, give this connection a share with {@link #withBudget}.
 *
 * @param baseUrl           API root, https://api.instantly.ai/api/v2 or an emulator's
 * @param requestsPerSecond the local limiter's per-second budget
 * @param requestsPerMinute the local limiter's per-minute budget
 * @param requestTimeout    per-request timeout
 * @param maxAttempts       attempts per call for retriable and rate-limited failures (1 = no retry)
 * @param rateLimitWait     how long a call may wait for a permit of the local limiters
 */
public record InstantlySettings(String baseUrl, int requestsPerSecond, int requestsPerMinute, Duration requestTimeout,
                                int maxAttempts, Duration rateLimitWait) {

    public static final String DEFAULT_BASE_URL = "https://api.instantly.ai/api/v2";
    public static final int WORKSPACE_PER_SECOND = 100;
    public static final int WORKSPACE_PER_MINUTE = 6_000;

    public InstantlySettings {
        if (baseUrl == null || baseUrl.isBlank()) {
            baseUrl = DEFAULT_BASE_URL;
        }
        baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
        if (requestsPerSecond < 1 || requestsPerMinute < 1 || maxAttempts < 1) {
            throw new IllegalArgumentException("Instantly settings need a positive budget and attempts, got " + requestsPerSecond
                    + "/s, " + requestsPerMinute + "/min and " + maxAttempts + " attempts");
        }
    }

    public static InstantlySettings defaults(String baseUrl) {
        return new InstantlySettings(baseUrl, WORKSPACE_PER_SECOND, WORKSPACE_PER_MINUTE, Duration.ofSeconds(30), 4,
                Duration.ofSeconds(65));
    }

    public static InstantlySettings from(ConnectorConfig config) {
        return defaults(config.baseUrl());
    }

    public InstantlySettings withBudget(int perSecond, int perMinute) {
        return new InstantlySettings(baseUrl, perSecond, perMinute, requestTimeout, maxAttempts, rateLimitWait);
    }

    public InstantlySettings withMaxAttempts(int value) {
        return new InstantlySettings(baseUrl, requestsPerSecond, requestsPerMinute, requestTimeout, value, rateLimitWait);
    }

    public InstantlySettings withTimeout(Duration value) {
        return new InstantlySettings(baseUrl, requestsPerSecond, requestsPerMinute, value, maxAttempts, rateLimitWait);
    }

    public InstantlySettings withRateLimitWait(Duration value) {
        return new InstantlySettings(baseUrl, requestsPerSecond, requestsPerMinute, requestTimeout, maxAttempts, value);
    }

    /** As a record prints itself, without a user or password written into the base URL. */
    @Override
    public String toString() {
        return "InstantlySettings[baseUrl=" + SecretRefs.withoutUserInfo(baseUrl) + ", requestsPerSecond=" + requestsPerSecond
                + ", requestsPerMinute=" + requestsPerMinute + ", requestTimeout=" + requestTimeout + ", maxAttempts=" + maxAttempts
                + ", rateLimitWait=" + rateLimitWait + "]";
    }
}
