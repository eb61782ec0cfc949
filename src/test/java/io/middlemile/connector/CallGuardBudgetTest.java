package io.middlemile.connector;

import io.middlemile.connector.ConnectorException.Kind;
import io.github.resilience4j.ratelimiter.RateLimiter;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A connection's budget, wherever it is counted, is taken once per attempt, and running out is the provider's rate-limit failure. */
class CallGuardBudgetTest {

    private final CallGuard guard = new CallGuard("Test", "conn", 3, failure -> Duration.ZERO, "https://status.example",
            e -> new ConnectorException(Kind.RATE_LIMITED, "Test connection 'conn': no request budget became free", e));

    @Test
    void everyAttemptRetriesIncludedTakesAPermit() {
        AtomicInteger permits = new AtomicInteger();
        AtomicInteger attempts = new AtomicInteger();

        String answer = guard.call((Budget) permits::incrementAndGet, () -> {
            if (attempts.incrementAndGet() < 3) {
                throw new ConnectorException(Kind.RETRIABLE, "503 from the provider");
            }
            return "ok";
        });

        assertThat(answer).isEqualTo("ok");
        assertThat(permits.get()).isEqualTo(3);
    }

    @Test
    void aBudgetThatRunsOutIsTheConnectionsRateLimitFailureAndTheCallIsNotMade() {
        AtomicInteger calls = new AtomicInteger();
        Budget exhausted = () -> {
            throw new BudgetExhausted("test-conn:5/1000ms", Duration.ofSeconds(2));
        };

        assertThatThrownBy(() -> guard.call(exhausted, calls::incrementAndGet))
                .isInstanceOfSatisfying(ConnectorException.class, e -> assertThat(e.kind()).isEqualTo(Kind.RATE_LIMITED))
                .hasMessageContaining("no request budget became free")
                .cause().isInstanceOf(BudgetExhausted.class).hasMessageContaining("test-conn:5/1000ms");
        assertThat(calls.get()).isZero();
    }

    @Test
    void theLocalBudgetIsTheResilience4jLimiter() {
        Budget local = Budgets.LOCAL.budget("test-local", 2, Duration.ofHours(1), Duration.ZERO);
        local.take();
        local.take();
        assertThatThrownBy(() -> guard.call(local, () -> "never")).isInstanceOf(ConnectorException.class);
        assertThat(Budgets.LOCAL.shared()).isFalse();
    }

    @Test
    void theEnginesMetricsWatchEachLocalBudgetsLimiterOnce() {
        List<String> watched = new ArrayList<>();
        CallGuard observed = new CallGuard("Test", "conn", 1, failure -> null, "https://status.example",
                e -> new ConnectorException(Kind.RATE_LIMITED, "no request budget became free", e), new CallObserver() {
            @Override
            public void limited(RateLimiter limiter) {
                watched.add(limiter.getName());
            }
        });
        Budget perSecond = Budgets.LOCAL.budget("test-watched-s", 100, Duration.ofSeconds(1), Duration.ZERO);
        Budget perMinute = Budgets.LOCAL.budget("test-watched-m", 100, Duration.ofMinutes(1), Duration.ZERO);

        observed.call(perSecond, () -> "one");
        observed.call(perMinute, () -> "two");
        observed.call(perSecond, () -> "three");

        assertThat(watched).containsExactly("test-watched-s", "test-watched-m");
    }
}
