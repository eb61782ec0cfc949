package io.middlemile.connector.salesforce;

import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.core.IntervalBiFunction;
import io.github.resilience4j.ratelimiter.RateLimiter;
import io.github.resilience4j.ratelimiter.RateLimiterConfig;
import io.github.resilience4j.ratelimiter.RequestNotPermitted;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import io.middlemile.connector.ConnectorException;
import io.middlemile.connector.ConnectorException.Kind;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * Pacing, retry and circuit breaking for one Salesforce connection, in the order retry( breaker(
 * limiter( call ))). Only RETRIABLE and RATE_LIMITED failures are retried; QUOTA_EXHAUSTED never is
 * (the daily allocation does not come back within a retry's wait). The breaker counts only
 * RETRIABLE failures, i.e. outages.
 */
public final class SalesforceResilience {

    private final RateLimiter limiter;
    private final Retry retry;
    private final CircuitBreaker breaker;
    private final String connectionId;
    private final AtomicLong retries = new AtomicLong();

    public SalesforceResilience(String connectionId, SalesforceSettings settings) {
        this.connectionId = connectionId;
        this.limiter = RateLimiter.of("salesforce-" + connectionId, RateLimiterConfig.custom()
                .limitForPeriod(settings.requestsPerSecond())
                .limitRefreshPeriod(Duration.ofSeconds(1))
                .timeoutDuration(settings.rateLimitWait())
                .build());
        IntervalBiFunction<Object> interval = (attempt, outcome) -> {
            Throwable failure = outcome.isLeft() ? outcome.getLeft() : null;
            if (failure instanceof SalesforceCallException e && e.retryAfter() != null) {
                return e.retryAfter().toMillis();
            }
            return Math.min(30_000L, 500L << Math.min(6, attempt - 1));
        };
        this.retry = Retry.of("salesforce-" + connectionId, RetryConfig.custom()
                .maxAttempts(settings.maxAttempts())
                .intervalBiFunction(interval)
                .retryOnException(e -> e instanceof ConnectorException c && (c.kind() == Kind.RETRIABLE || c.kind() == Kind.RATE_LIMITED))
                .failAfterMaxAttempts(false)
                .build());
        this.retry.getEventPublisher().onRetry(event -> retries.incrementAndGet());
        this.breaker = CircuitBreaker.of("salesforce-" + connectionId, CircuitBreakerConfig.custom()
                .slidingWindowSize(20)
                .minimumNumberOfCalls(10)
                .failureRateThreshold(50)
                .waitDurationInOpenState(Duration.ofSeconds(30))
                .recordException(e -> e instanceof ConnectorException c && c.kind() == Kind.RETRIABLE)
                .build());
    }

    public <T> T call(Supplier<T> call) {
        Supplier<T> limited = RateLimiter.decorateSupplier(limiter, call);
        Supplier<T> guarded = CircuitBreaker.decorateSupplier(breaker, limited);
        Supplier<T> retried = Retry.decorateSupplier(retry, guarded);
        try {
            return retried.get();
        } catch (CallNotPermittedException e) {
            throw new ConnectorException(Kind.RETRIABLE, "Salesforce connection '" + connectionId + "': calls are paused for 30 s after "
                    + "repeated server errors or timeouts (circuit breaker open). The job can be resumed; if it keeps happening, check "
                    + "https://status.salesforce.com and the connection's baseUrl.", e);
        } catch (RequestNotPermitted e) {
            throw new SalesforceCallException(Kind.RATE_LIMITED, "Salesforce connection '" + connectionId + "': no request budget "
                    + "became free within the wait limit.", 0, null, Duration.ofSeconds(1), e);
        }
    }

    public long retries() {
        return retries.get();
    }
}
