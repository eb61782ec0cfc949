package io.middlemile.connector.hubspot;

import io.middlemile.connector.Budget;
import io.middlemile.connector.Budgets;
import io.middlemile.connector.CallGuard;
import io.middlemile.connector.CallObserver;
import io.middlemile.connector.ConnectorException.Kind;

import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.Supplier;

/**
 * Rate limiting, retry and circuit breaking for one HubSpot connection (never shared between
 * connections: each account has its own budget). Retry and breaker are the shared {@link CallGuard};
 * what is HubSpot's own is its two budgets.
 *
 * <p>The general limiter refreshes every second with a tenth of the 10-second budget, less 10 %:
 * HubSpot counts a rolling window, and a fixed 10-second window would allow two full budgets
 * back to back across its boundary.
 *
 * <p>Where the budgets are counted is {@link Budgets}' business: in this process, or for a cluster in
 * PostgreSQL, where every node's calls on the connection take from the same budgets. Then the search pace
 * leaves room for delays instead of relying on the in-flight window, which only sees this process's calls: one
 * permit per 1.2 s / n, a shared budget's permits being a full interval apart, so n + 1 searches span more than a
 * second even when one of them reaches HubSpot up to 200 ms later than its permit allowed (a busy node's
 * scheduling, a slow connection) and the next one does not.
 */
public final class HubSpotResilience {

    /**
     * The search windows of this process, one per connection and limit: every job run opens its connection anew, and a
     * window of its own would see only its own searches, so five jobs on one portal put six searches into a second
     * (ClusterBenchmark outside a cluster: 100 answers 429 in 720 searches). A changed limit is a new window.
     */
    private static final ConcurrentMap<String, RollingWindow> SEARCH_WINDOWS = new ConcurrentHashMap<>();

    private final Budget general;
    private final Budget search;
    private final RollingWindow searchWindow;
    private final CallGuard guard;

    public HubSpotResilience(String connectionId, HubSpotSettings settings) {
        this(connectionId, settings, Budgets.LOCAL);
    }

    /** @param budgets where the two budgets are counted: this process, or every node of a cluster */
    public HubSpotResilience(String connectionId, HubSpotSettings settings, Budgets budgets) {
        this(connectionId, settings, budgets, CallObserver.NONE);
    }

    /** @param calls told of the retry, breaker and limiters (the engine's metrics) */
    public HubSpotResilience(String connectionId, HubSpotSettings settings, Budgets budgets, CallObserver calls) {
        int perSecond = Math.max(1, (int) Math.floor(settings.requestsPer10s() * 0.9 / 10));
        this.general = budgets.budget("hubspot-" + connectionId, perSecond, Duration.ofSeconds(1), settings.rateLimitWait());
        // One permit per 1/n s: a rolling second never sees more than n+1 searches (n with the window below).
        // Shared between nodes, the window below sees only this node's calls, so the pace itself keeps the margin.
        long searchMillis = budgets.shared() ? 1200 / settings.searchPerSecond() : 1000 / settings.searchPerSecond();
        this.search = budgets.budget("hubspot-search-" + connectionId, 1, Duration.ofMillis(Math.max(1, searchMillis)),
                settings.rateLimitWait());
        // ... and never more than n in a rolling second as HubSpot counts them, whichever of this process's jobs searches (the resilience4j limiter counts fixed
        // cycles, which lets n+1 into a rolling second at full rate: a 429 every few seconds)
        this.searchWindow = SEARCH_WINDOWS.computeIfAbsent(connectionId + ":" + settings.searchPerSecond(),
                key -> new RollingWindow(settings.searchPerSecond(), Duration.ofSeconds(1)));
        this.guard = new CallGuard("HubSpot", connectionId, settings.maxAttempts(),
                failure -> failure instanceof HubSpotCallException e ? e.retryAfter() : null,
                "https://status.hubspot.com",
                e -> new HubSpotCallException(Kind.RATE_LIMITED, "HubSpot connection '" + connectionId + "': no request budget"
                        + " became free within the wait limit; the job is sending more than the account's rate allows.",
                        0, "LOCAL", Duration.ofSeconds(1), null, e), calls);
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
