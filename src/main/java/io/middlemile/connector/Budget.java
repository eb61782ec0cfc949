package io.middlemile.connector;

import io.github.resilience4j.ratelimiter.RateLimiter;
import io.github.resilience4j.ratelimiter.RequestNotPermitted;

/**
 * One of a connection's request budgets (HubSpot's 10-second burst, Salesforce's per-second pace): every
 * call, retries included, takes one permit first ({@link CallGuard#call(Budget, java.util.function.Supplier)}).
 * Where the permits are counted is the {@link Budgets}' business: in this process, or in PostgreSQL for every
 * node of a cluster. Thread-safe.
 */
@FunctionalInterface
public interface Budget {

    /**
     * Waits for one permit, at most the budget's wait.
     *
     * @throws BudgetExhausted     when no permit frees up within the wait
     * @throws RequestNotPermitted the same, from a budget counted by a Resilience4j limiter
     */
    void take();

    /** A budget counted in this process by a Resilience4j limiter (its permits, refresh period and wait). */
    static Budget local(RateLimiter limiter) {
        return new Local(limiter);
    }

    /**
     * A budget counted in this process by a Resilience4j limiter, which the engine's metrics watch
     * ({@link CallObserver#limited}); a cluster's budgets live in PostgreSQL and have no limiter to watch.
     */
    record Local(RateLimiter limiter) implements Budget {
        @Override
        public void take() {
            if (!limiter.acquirePermission()) {
                throw RequestNotPermitted.createRequestNotPermitted(limiter);
            }
        }
    }
}
