package io.middlemile.connector.salesforce;

import io.github.resilience4j.ratelimiter.RateLimiter;
import io.middlemile.connector.CallGuard;
import io.middlemile.connector.ConnectorException.Kind;

import java.time.Duration;
import java.util.function.Supplier;

/**
 * Pacing, retry and circuit breaking for one Salesforce connection: the shared {@link CallGuard}
 * behind a per-second limiter. QUOTA_EXHAUSTED is never retried: the daily allocation does not come
 * back within a retry's wait.
 */
public final class SalesforceResilience {

    private final RateLimiter limiter;
    private final CallGuard guard;

    public SalesforceResilience(String connectionId, SalesforceSettings settings) {
        this.limiter = CallGuard.limiter("salesforce-" + connectionId, settings.requestsPerSecond(), Duration.ofSeconds(1),
                settings.rateLimitWait());
        this.guard = new CallGuard("Salesforce", connectionId, settings.maxAttempts(),
                failure -> failure instanceof SalesforceCallException e ? e.retryAfter() : null,
                "https://status.salesforce.com",
                e -> new SalesforceCallException(Kind.RATE_LIMITED, "Salesforce connection '" + connectionId + "': no request budget "
                        + "became free within the wait limit.", 0, null, Duration.ofSeconds(1), e));
    }

    public <T> T call(Supplier<T> call) {
        return guard.call(limiter, call);
    }

    public long retries() {
        return guard.retries();
    }
}
