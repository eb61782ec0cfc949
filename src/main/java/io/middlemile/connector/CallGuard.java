package io.middlemile.connector;

import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.core.IntervalBiFunction;
import io.github.resilience4j.ratelimiter.RateLimiter;
import io.github.resilience4j.ratelimiter.RateLimiterConfig;
import io.github.resilience4j.ratelimiter.RequestNotPermitted;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import io.middlemile.connector.ConnectorException.Kind;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Retry and circuit breaking for one connection of an HTTP provider, shared by every connector:
 * retry( circuit breaker( rate limiter( call ))). Every attempt, retries included, takes a permit, so
 * retries cannot burst past the budget. Only RETRIABLE and RATE_LIMITED failures are retried,
 * waiting what the provider asked for (else 0.5 s, 1 s, 2 s ... up to 30 s); QUOTA_EXHAUSTED never
 * is, and neither is a failure to read an answer ({@link AnswerReader#unreadable(Throwable)}), whatever
 * kind a connector gave it: the same bytes fail the same way on every attempt. The breaker counts only
 * RETRIABLE failures, i.e. outages, not 4xx answers.
 */
public final class CallGuard {

    private final Retry retry;
    private final CircuitBreaker breaker;
    private final String provider;
    private final String connectionId;
    private final String statusPage;
    private final Function<RuntimeException, RuntimeException> budgetExhausted;
    private final AtomicLong retries = new AtomicLong();
    private final CallObserver observer;
    /** The limiters already reported to the observer: each once. */
    private final Set<RateLimiter> reported = ConcurrentHashMap.newKeySet();

    /**
     * @param askedWait       the wait a failure carries (Retry-After, a rate-limit interval), or null
     * @param budgetExhausted the failure to raise when no permit frees up within the budget's wait
     *                        ({@link RequestNotPermitted} or {@link BudgetExhausted})
     */
    public CallGuard(String provider, String connectionId, int maxAttempts, Function<Throwable, Duration> askedWait,
                     String statusPage, Function<RuntimeException, RuntimeException> budgetExhausted) {
        this(provider, connectionId, maxAttempts, askedWait, statusPage, budgetExhausted, CallObserver.NONE);
    }

    /** As the other constructor, reporting its retry, breaker and limiters to {@code observer} (the engine's metrics). */
    public CallGuard(String provider, String connectionId, int maxAttempts, Function<Throwable, Duration> askedWait,
                     String statusPage, Function<RuntimeException, RuntimeException> budgetExhausted, CallObserver observer) {
        this.observer = observer;
        this.provider = provider;
        this.connectionId = connectionId;
        this.statusPage = statusPage;
        this.budgetExhausted = budgetExhausted;
        String name = provider.toLowerCase() + "-" + connectionId;
        IntervalBiFunction<Object> interval = (attempt, outcome) -> {
            Duration asked = outcome.isLeft() ? askedWait.apply(outcome.getLeft()) : null;
            return asked != null ? asked.toMillis() : Math.min(30_000L, 500L << Math.min(6, attempt - 1));
        };
        this.retry = Retry.of(name, RetryConfig.custom()
                .maxAttempts(maxAttempts)
                .intervalBiFunction(interval)
                .retryOnException(CallGuard::worthRetrying)
                .failAfterMaxAttempts(false)
                .build());
        this.retry.getEventPublisher().onRetry(event -> retries.incrementAndGet());
        this.breaker = CircuitBreaker.of(name, CircuitBreakerConfig.custom()
                .slidingWindowSize(20)
                .minimumNumberOfCalls(10)
                .failureRateThreshold(50)
                .waitDurationInOpenState(Duration.ofSeconds(30))
                .recordException(e -> e instanceof ConnectorException c && c.kind() == Kind.RETRIABLE)
                .build());
        observer.guarded(retry, breaker);
    }

    /** Whether sending the same call again can succeed: the one place every connector's retries are decided. */
    static boolean worthRetrying(Throwable failure) {
        return failure instanceof ConnectorException c && (c.kind() == Kind.RETRIABLE || c.kind() == Kind.RATE_LIMITED)
                && !AnswerReader.unreadable(c);
    }

    /**
     * The limiter handing out {@code permits} per {@code period} under {@code name} in this process, waiting at most
     * {@code wait} for one. One per name and limit for the whole process, not per opening: every job run and every agent
     * call opens its connections anew, and a limiter of their own would give each a full budget (two runs at once, or
     * an agent's calls in a row, went over the provider's limit and got 429s). A changed limit is a new limiter.
     */
    public static RateLimiter limiter(String name, int permits, Duration period, Duration wait) {
        return LIMITERS.computeIfAbsent(name + ":" + permits + "/" + period.toMillis() + "ms/" + wait.toMillis() + "ms",
                key -> RateLimiter.of(name, RateLimiterConfig.custom().limitForPeriod(permits).limitRefreshPeriod(period)
                        .timeoutDuration(wait).build()));
    }

    private static final java.util.concurrent.ConcurrentMap<String, RateLimiter> LIMITERS = new java.util.concurrent.ConcurrentHashMap<>();

    /** Runs the call under retry and the circuit breaker, each attempt taking a permit of {@code budget} first. */
    public <T> T call(Budget budget, Supplier<T> call) {
        watch(budget);
        return guarded(() -> {
            budget.take();
            return call.get();
        });
    }

    /** Tells the observer of a budget counted by a limiter in this process, once per limiter. */
    private void watch(Budget budget) {
        if (budget instanceof Budget.Local local && reported.add(local.limiter())) {
            observer.limited(local.limiter());
        }
    }

    private <T> T guarded(Supplier<T> limited) {
        Supplier<T> guarded = CircuitBreaker.decorateSupplier(breaker, limited);
        Supplier<T> retried = Retry.decorateSupplier(retry, guarded);
        try {
            return retried.get();
        } catch (CallNotPermittedException e) {
            throw new ConnectorException(Kind.RETRIABLE, provider + " connection '" + connectionId + "': calls are paused for 30 s"
                    + " after repeated server errors or timeouts (circuit breaker open). The job can be resumed; if it keeps"
                    + " happening, check " + statusPage + " and the connection's baseUrl.", e);
        } catch (RequestNotPermitted | BudgetExhausted e) {
            throw budgetExhausted.apply(e);
        }
    }

    /** How many retries this connection made so far (for tests and run summaries). */
    public long retries() {
        return retries.get();
    }
}
