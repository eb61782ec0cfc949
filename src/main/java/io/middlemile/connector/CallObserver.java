package io.middlemile.connector;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.ratelimiter.RateLimiter;
import io.github.resilience4j.retry.Retry;

/**
 * What the engine watches of a connection's calls, for its metrics: every HTTP answer, the quota the provider says
 * is left, and the Resilience4j retry, breaker and limiters the calls run under. Connectors report through it (the
 * HTTP client {@link ObservedHttp} wraps, {@link CallGuard}); {@code io.middlemile.observe} listens, so this package
 * knows nothing of Micrometer. Implementations are called from every thread that makes calls, must be thread-safe
 * and quick, and must not throw.
 */
public interface CallObserver {

    /** Watches nothing: tests, and commands that serve no metrics. */
    CallObserver NONE = new CallObserver() {
    };

    /**
     * One HTTP exchange of a connection, retries and token requests included.
     *
     * @param status the answer's status code, or 0 when no answer came (a timeout, a refused connection)
     */
    default void answered(String connection, int status) {
    }

    /**
     * What the provider said is left of one of its request quotas, as of its latest answer.
     *
     * @param quota the provider's name for the window, lower case ({@code daily}, {@code ten-secondly}, {@code minute})
     */
    default void quotaLeft(String connection, String quota, long left) {
    }

    /** The retry and circuit breaker a connection's calls run under (a new pair each time a connection is opened). */
    default void guarded(Retry retry, CircuitBreaker breaker) {
    }

    /** A Resilience4j limiter a connection's calls take permits from (reported once per limiter). */
    default void limited(RateLimiter limiter) {
    }
}
