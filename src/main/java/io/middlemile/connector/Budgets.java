package io.middlemile.connector;

import java.time.Duration;

/**
 * Where a connection's request budgets are counted. {@link #LOCAL} (the default, one engine process): each
 * connector instance counts its own calls with Resilience4j. A cluster passes budgets kept in PostgreSQL
 * ({@code io.middlemile.cluster.SharedBudgets}), so a connection's limit is one budget whichever node spends it.
 */
@FunctionalInterface
public interface Budgets {

    /** Counts in this process: a Resilience4j limiter per budget, as {@link CallGuard#limiter} makes it. */
    Budgets LOCAL = (key, permits, period, wait) -> Budget.local(CallGuard.limiter(key, permits, period, wait));

    /**
     * A budget of {@code permits} per {@code period} whose {@link Budget#take()} waits at most {@code wait}: any
     * window of length T sees at most permits × (1 + T / period) calls (the local budget refills all at once at the
     * end of each period, Resilience4j's fixed cycles; a shared one continuously, which also spaces single permits
     * a full period apart).
     *
     * @param key names the budget: the same key is the same budget (e.g. {@code hubspot-CONNECTION})
     */
    Budget budget(String key, int permits, Duration period, Duration wait);

    /**
     * At most {@code permits} calls in any rolling {@code window}, each holding its place from before its send until a
     * window after its answer ({@link CallWindow}), waiting at most {@code wait} for a place. Counted in this process
     * unless the budgets are shared, where every node's calls count.
     *
     * @param key names the window: the same key is the same window (e.g. {@code hubspot-search-CONNECTION})
     */
    default CallWindow window(String key, int permits, Duration window, Duration wait) {
        return RollingWindow.of(key, permits, window, wait);
    }

    /** Whether other engine processes take from the same budgets (a cluster's): a budget then sees no call in flight. */
    default boolean shared() {
        return false;
    }
}
