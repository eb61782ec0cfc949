package io.middlemile.observe;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.core.metrics.MetricsPublisher;
import io.github.resilience4j.micrometer.tagged.TaggedCircuitBreakerMetricsPublisher;
import io.github.resilience4j.micrometer.tagged.TaggedRateLimiterMetricsPublisher;
import io.github.resilience4j.micrometer.tagged.TaggedRetryMetricsPublisher;
import io.github.resilience4j.ratelimiter.RateLimiter;
import io.github.resilience4j.retry.Retry;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.middlemile.connector.CallObserver;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

/**
 * Metrics of every connection's API calls, fed by the connectors' HTTP clients and guards:
 * {@code middlemile.api.calls{connection, status}} counts answers by status class ({@code 2xx}, {@code 4xx}, {@code 5xx},
 * and {@code 429} apart; {@code none} when no answer came), {@code middlemile.api.quota.left{connection, quota}} is what the
 * provider's latest answer said is left of a quota, and Resilience4j's own binders measure the retries, circuit breakers
 * and limiters ({@code resilience4j.retry.calls}, {@code resilience4j.circuitbreaker.state}, ...; tag {@code name} is
 * {@code provider-connection}). Labels are connection ids and fixed words only: no URLs, no record keys.
 *
 * <p>A connection is opened anew for each run, with a new retry and breaker: their meters follow the latest one, so
 * Resilience4j's counters count from the latest opening (Prometheus' rate() reads that as a counter reset). Thread-safe.
 */
public final class CallMetrics implements CallObserver {

    private final MeterRegistry registry;
    private final Published<Retry> retries;
    private final Published<CircuitBreaker> breakers;
    private final Published<RateLimiter> limiters;
    private final Map<List<String>, AtomicLong> quotas = new ConcurrentHashMap<>();

    public CallMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.retries = new Published<>(new TaggedRetryMetricsPublisher(registry), Retry::getName);
        this.breakers = new Published<>(new TaggedCircuitBreakerMetricsPublisher(registry), CircuitBreaker::getName);
        this.limiters = new Published<>(new TaggedRateLimiterMetricsPublisher(registry), RateLimiter::getName);
    }

    @Override
    public void answered(String connection, int status) {
        Counter.builder("middlemile.api.calls").description("HTTP calls to providers by connection and status class (429 apart)")
                .tags("connection", connection, "status", statusClass(status)).register(registry).increment();
    }

    @Override
    public void quotaLeft(String connection, String quota, long left) {
        quotas.computeIfAbsent(List.of(connection, quota), key -> {
            AtomicLong value = new AtomicLong(left);
            Gauge.builder("middlemile.api.quota.left", value, AtomicLong::doubleValue)
                    .description("Requests left of a provider's quota, as its latest answer said").tags("connection", connection, "quota", quota)
                    .register(registry);
            return value;
        }).set(left);
    }

    @Override
    public void guarded(Retry retry, CircuitBreaker breaker) {
        retries.latest(retry);
        breakers.latest(breaker);
    }

    @Override
    public void limited(RateLimiter limiter) {
        limiters.latest(limiter);
    }

    /** {@code 2xx}, {@code 4xx} ...; {@code 429} apart, as it is the one an operator watches; {@code none}: no answer. */
    static String statusClass(int status) {
        if (status == 429) {
            return "429";
        }
        return status < 100 || status > 599 ? "none" : status / 100 + "xx";
    }

    /** The meters of the latest Resilience4j instance of each name. */
    private static final class Published<E> {
        private final MetricsPublisher<E> publisher;
        private final Function<E, String> name;
        private final Map<String, E> current = new ConcurrentHashMap<>();

        Published(MetricsPublisher<E> publisher, Function<E, String> name) {
            this.publisher = publisher;
            this.name = name;
        }

        synchronized void latest(E entry) {
            E before = current.put(name.apply(entry), entry);
            if (before == entry) {
                return;
            }
            if (before != null) {
                publisher.removeMetrics(before);
            }
            publisher.publishMetrics(entry);
        }
    }
}
