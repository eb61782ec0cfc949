package io.middlemile.connector.salesforce;

import io.middlemile.connector.Budget;
import io.middlemile.connector.Budgets;
import io.middlemile.connector.CallGuard;
import io.middlemile.connector.CallObserver;
import io.middlemile.connector.ConnectorException.Kind;

import java.time.Duration;
import java.util.function.Supplier;

/**
 * Pacing, retry and circuit breaking for one Salesforce connection: the shared {@link CallGuard}
 * behind a per-second limiter. QUOTA_EXHAUSTED is never retried: the daily allocation does not come
 * back within a retry's wait. The daily allocation is the org's own count, which Salesforce reports to every
 * node alike ({@link ApiUsage}); the per-second pace is counted where {@link Budgets} says (a cluster shares it).
 */
public final class SalesforceResilience {

    private final Budget limiter;
    private final CallGuard guard;

    public SalesforceResilience(String connectionId, SalesforceSettings settings) {
        this(connectionId, settings, Budgets.LOCAL);
    }

    /** @param budgets where the per-second budget is counted: this process, or every node of a cluster */
    public SalesforceResilience(String connectionId, SalesforceSettings settings, Budgets budgets) {
        this(connectionId, settings, budgets, CallObserver.NONE);
    }

    /** @param calls told of the retry and breaker (the engine's metrics) */
    public SalesforceResilience(String connectionId, SalesforceSettings settings, Budgets budgets, CallObserver calls) {
        this.limiter = budgets.budget("salesforce-" + connectionId, settings.requestsPerSecond(), Duration.ofSeconds(1),
                settings.rateLimitWait());
        this.guard = new CallGuard("Salesforce", connectionId, settings.maxAttempts(),
                failure -> failure instanceof SalesforceCallException e ? e.retryAfter() : null,
                "https://status.salesforce.com",
                e -> new SalesforceCallException(Kind.RATE_LIMITED, "Salesforce connection '" + connectionId + "': no request budget "
                        + "became free within the wait limit.", 0, null, Duration.ofSeconds(1), e), calls);
    }

    public <T> T call(Supplier<T> call) {
        return guard.call(limiter, call);
    }

    public long retries() {
        return guard.retries();
    }
}
