package io.middlemile.connector.hubspot;

import io.middlemile.connector.Budget;
import io.middlemile.connector.Budgets;
import io.middlemile.connector.CallGuard;
import io.middlemile.connector.CallObserver;
import io.middlemile.connector.CallWindow;
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
 *
 * <p>Where the budgets are counted is {@link Budgets}' business: in this process, or for a cluster in
 * PostgreSQL, where every node's calls on the connection take from the same budgets and the same search window.
 */
public final class HubSpotResilience {

    private final Budget general;
    private final Budget search;
    private final CallWindow searchWindow;
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
        // One permit per 1/n s spreads this process's searches over the second (a rolling second then sees at most n+1) ...
        // A cluster's window alone keeps the count, in one transaction per search: a shared pace would add a second one,
        // and the load of it on a busy node's store cost more of the search budget than the spreading gained.
        this.search = budgets.shared() ? () -> { } : budgets.budget("hubspot-search-" + connectionId, 1,
                Duration.ofMillis(Math.max(1, 1000 / settings.searchPerSecond())), settings.rateLimitWait());
        // ... and the window makes it exactly n as HubSpot counts them, whichever job or node searches (the resilience4j
        // limiter counts fixed cycles, which lets n+1 into a rolling second at full rate: a 429 every few seconds)
        this.searchWindow = budgets.window("hubspot-search-" + connectionId, settings.searchPerSecond(), Duration.ofSeconds(1),
                settings.rateLimitWait());
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
        return guard.call(search, () -> searchWindow.call(call));
    }

    /** How many retries this connection made so far (for tests and run summaries). */
    public long retries() {
        return guard.retries();
    }
}
