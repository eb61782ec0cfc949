package io.middlemile.connector.hubspot;

import io.github.resilience4j.ratelimiter.RateLimiter;
import io.middlemile.connector.CallGuard;
import io.middlemile.connector.ConnectorException.Kind;

import java.time.Duration;
import java.util.function.Supplier;

/**
 * Rate limiting, retry and circuit breaking for one HubSpot connection (never shared between
 * connections: each account has its own budget). Retry and breaker are the shared {@link CallGuard};
 * what is HubSpot's own is its two budgets.
 *
 * <p>The general limiter refreshes every second with a tenth of the 10-second budget, less 10 %:
 * HubSpot counts a rolling window, and a fixed 10-second window would allow two full budgets
 * back to back across its boundary.
 */
public final class HubSpotResilience {

    private final RateLimiter general;
    private final RateLimiter search;
    private final RollingWindow searchWindow;
    private final CallGuard guard;

    public HubSpotResilience(String connectionId, HubSpotSettings settings) {
        int perSecond = Math.max(1, (int) Math.floor(settings.requestsPer10s() * 0.9 / 10));
        this.general = CallGuard.limiter("hubspot-" + connectionId, perSecond, Duration.ofSeconds(1), settings.rateLimitWait());
        // One permit per 1/n s: a rolling second never sees more than n+1 searches.
        this.search = CallGuard.limiter("hubspot-search-" + connectionId, 1,
                Duration.ofMillis(Math.max(1, 1000 / settings.searchPerSecond())), settings.rateLimitWait());
        // ... and never more than n in a rolling second as HubSpot counts them (the resilience4j limiter counts fixed
        // cycles, which lets n+1 into a rolling second at full rate: a 429 every few seconds)
        this.searchWindow = new RollingWindow(settings.searchPerSecond(), Duration.ofSeconds(1));
        this.guard = new CallGuard("HubSpot", connectionId, settings.maxAttempts(),
                failure -> failure instanceof HubSpotCallException e ? e.retryAfter() : null,
                "https://status.hubspot.com",
                e -> new HubSpotCallException(Kind.RATE_LIMITED, "HubSpot connection '" + connectionId + "': no request budget"
                        + " became free within the wait limit; the job is sending more than the account's rate allows.",
                        0, "LOCAL", Duration.ofSeconds(1), null, e));
    }

    /** Runs a general API call under the connection's limits. */
    public <T> T call(Supplier<T> call) {
        return guard.call(general, call);
    }

    /**
     * Runs a search call under the search API's own per-second limit. Search is exempt from the
     * 10-second burst limit (x-hubspot-rate-limit-exemptions: ten-secondly in HubSpot's OpenAPI spec
     * of POST /crm/v3/objects/contacts/search), so it takes no general permit.
     */
    public <T> T search(Supplier<T> call) {
        return guard.call(search, () -> {
            RollingWindow.Slot slot = searchWindow.acquire();
            try {
                return call.get();
            } finally {
                searchWindow.release(slot);
            }
        });
    }

    /** How many retries this connection made so far (for tests and run summaries). */
    public long retries() {
        return guard.retries();
    }
}
