package io.middlemile.observe;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.retry.Retry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** API call metrics: 429 apart from other 4xx, the latest quota reported, and one set of guard meters per connection. */
class CallMetricsTest {

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final CallMetrics metrics = new CallMetrics(registry);

    @Test
    void countsAnswersByStatusClassWith429Apart() {
        metrics.answered("hubspot", 200);
        metrics.answered("hubspot", 207);
        metrics.answered("hubspot", 429);
        metrics.answered("hubspot", 404);
        metrics.answered("hubspot", 0);

        assertThat(calls("hubspot", "2xx")).isEqualTo(2);
        assertThat(calls("hubspot", "429")).isEqualTo(1);
        assertThat(calls("hubspot", "4xx")).isEqualTo(1);
        assertThat(calls("hubspot", "none")).isEqualTo(1);
    }

    @Test
    void quotaLeftIsTheLatestAnswers() {
        metrics.quotaLeft("salesforce", "daily", 900);
        metrics.quotaLeft("salesforce", "daily", 880);

        assertThat(registry.get("middlemile.api.quota.left").tags("connection", "salesforce", "quota", "daily").gauge().value())
                .isEqualTo(880);
    }

    @Test
    void aConnectionOpenedAgainKeepsOneSetOfGuardMeters() {
        metrics.guarded(Retry.ofDefaults("hubspot-crm"), CircuitBreaker.ofDefaults("hubspot-crm"));
        CircuitBreaker reopened = CircuitBreaker.ofDefaults("hubspot-crm");
        metrics.guarded(Retry.ofDefaults("hubspot-crm"), reopened);
        reopened.transitionToOpenState();

        assertThat(registry.get("resilience4j.circuitbreaker.state").tags("name", "hubspot-crm", "state", "open").gauges())
                .singleElement().satisfies(gauge -> assertThat(gauge.value()).isEqualTo(1));
        assertThat(registry.get("resilience4j.retry.calls").tags("name", "hubspot-crm", "kind", "successful_without_retry")
                .functionCounters()).hasSize(1);
    }

    private double calls(String connection, String status) {
        return registry.get("middlemile.api.calls").tags("connection", connection, "status", status).counter().count();
    }
}
