package io.middlemile.connector.hubspot;

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
 * Rate limiting, retry and circuit breaking for one HubSpot connection (never shared between
 * connections: each account has its own budget).
 *
 * <p>Order per call: retry( circuit breaker( rate limiter( HTTP call ))). Every attempt, retries
 * included, takes a rate-limiter permit, so retries cannot burst past the budget. Only RETRIABLE and
 * RATE_LIMITED failures are retried, waiting what HubSpot asked for; the breaker counts only
 * RETRIABLE failures (an outage), not 4xx answers.
 *
 * <p>The general limiter refreshes every second with a tenth of the 10-second budget, less 10 %:
 * HubSpot counts a rolling window, and a fixed 10-second window would allow two full budgets
 * back to back across its boundary.
 */
public final class HubSpotResilience {

    private final RateLimiter general;
    private final RateLimiter search;
    private final Retry retry;
    private final CircuitBreaker breaker;
    private final String connectionId;
    private final AtomicLong retries = new AtomicLong();

    public HubSpotResilience(String connectionId, HubSpotSettings settings) {
        this.connectionId = connectionId;
        int perSecond = Math.max(1, (int) Math.floor(settings.requestsPer10s() * 0.9 / 10));
        this.general = RateLimiter.of("hubspot-" + connectionId, RateLimiterConfig.custom()
                .limitForPeriod(perSecond)
                .limitRefreshPeriod(Duration.ofSeconds(1))
                .timeoutDuration(settings.rateLimitWait())
                .build());
        // One permit per 1/n s: a rolling second never sees more than n+1 searches.
        this.search = RateLimiter.of("hubspot-search-" + connectionId, RateLimiterConfig.custom()
                .limitForPeriod(1)
                .limitRefreshPeriod(Duration.ofMillis(Math.max(1, 1000 / settings.searchPerSecond())))
                .timeoutDuration(settings.rateLimitWait())
                .build());
        IntervalBiFunction<Object> interval = (attempt, outcome) -> {
            Throwable failure = outcome.isLeft() ? outcome.getLeft() : null;
            if (failure instanceof HubSpotCallException e && e.retryAfter() != null) {
                return e.retryAfter().toMillis();
            }
            // Exponential backoff for 5xx/I-O: 0.5 s, 1 s, 2 s, ... capped at 30 s.
            return Math.min(30_000L, 500L << Math.min(6, attempt - 1));
        };
        this.retry = Retry.of("hubspot-" + connectionId, RetryConfig.custom()
                .maxAttempts(settings.maxAttempts())
                .intervalBiFunction(interval)
                .retryOnException(HubSpotResilience::retriable)
                .failAfterMaxAttempts(false)
                .build());
        this.retry.getEventPublisher().onRetry(event -> retries.incrementAndGet());
        this.breaker = CircuitBreaker.of("hubspot-" + connectionId, CircuitBreakerConfig.custom()
                .slidingWindowSize(20)
                .minimumNumberOfCalls(10)
                .failureRateThreshold(50)
                .waitDurationInOpenState(Duration.ofSeconds(30))
                .recordException(e -> e instanceof ConnectorException c && c.kind() == Kind.RETRIABLE)
                .build());
    }

    /** Runs a general API call under the connection's limits. */
    public <T> T call(Supplier<T> call) {
        return run(general, call);
    }

    /**
     * Runs a search call under the search API's own per-second limit. Search is exempt from the
     * 10-second burst limit (x-hubspot-rate-limit-exemptions: ten-secondly in HubSpot's OpenAPI spec
     * of POST /crm/v3/objects/contacts/search), so it takes no general permit.
     */
    public <T> T search(Supplier<T> call) {
        return run(search, call);
    }

    /** How many retries this connection made so far (for tests and run summaries). */
    public long retries() {
        return retries.get();
    }

    private <T> T run(RateLimiter limiter, Supplier<T> call) {
        Supplier<T> limited = RateLimiter.decorateSupplier(limiter, call);
        Supplier<T> guarded = CircuitBreaker.decorateSupplier(breaker, limited);
        Supplier<T> retried = Retry.decorateSupplier(retry, guarded);
        try {
            return retried.get();
        } catch (CallNotPermittedException e) {
            throw new ConnectorException(Kind.RETRIABLE, "HubSpot connection '" + connectionId + "': calls are paused for "
                    + "30 s after repeated server errors or timeouts (circuit breaker open). The job can be resumed; if "
                    + "it keeps happening, check https://status.hubspot.com and the connection's baseUrl.", e);
        } catch (RequestNotPermitted e) {
            throw new HubSpotCallException(Kind.RATE_LIMITED, "HubSpot connection '" + connectionId + "': no request "
                    + "budget became free within the wait limit; the job is sending more than the account's rate allows.",
                    0, "LOCAL", Duration.ofSeconds(1), null, e);
        }
    }

    private static boolean retriable(Throwable e) {
        return e instanceof ConnectorException c && (c.kind() == Kind.RETRIABLE || c.kind() == Kind.RATE_LIMITED);
    }
}
