package io.middlemile.observe;

import io.micrometer.core.instrument.MeterRegistry;
import io.middlemile.connector.ConnectorFactory;
import io.middlemile.govern.Governance;
import io.middlemile.store.EnrichSpendStore;
import io.middlemile.store.RetryQueue;
import io.middlemile.store.ReviewStore;
import io.middlemile.workspace.RouteInfo;
import io.middlemile.workspace.Workspace;
import org.springframework.boot.actuate.health.HealthContributor;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeSet;

/** The engine's metrics and health contributors (see the package description). */
@Configuration(proxyBeanMethods = false)
public class ObservabilityConfiguration {

    @Bean
    RunMetrics runMetrics(MeterRegistry registry) {
        return new RunMetrics(registry);
    }

    /** Every connection's calls, quotas and Resilience4j guards; the connector factory reports to it. */
    @Bean
    CallMetrics callMetrics(MeterRegistry registry) {
        return new CallMetrics(registry);
    }

    /** The policy decisions the write path acts on; {@code Governance} reports to it. */
    @Bean
    DecisionMetrics decisionMetrics(MeterRegistry registry) {
        return new DecisionMetrics(registry);
    }

    /** The runs in progress in this process, for the console's progress bar. */
    @Bean
    LiveProgress liveProgress() {
        return new LiveProgress(Clock.systemUTC());
    }

    @Bean
    StoreMetrics storeMetrics(ReviewStore reviews, RetryQueue retries, EnrichSpendStore spend, Workspace workspace) {
        TreeSet<String> enrichers = new TreeSet<>();
        workspace.enrich().values().forEach(waterfall -> enrichers.addAll(waterfall.credits().keySet()));
        return new StoreMetrics(reviews, retries, spend, workspace.routes().stream().map(RouteInfo::id).toList(), enrichers);
    }

    /** {@code killSwitch} in /actuator/health. */
    @Bean
    KillSwitchHealth killSwitchHealthIndicator(Governance governance) {
        return new KillSwitchHealth(governance.killSwitch());
    }

    @Bean
    ConnectionHealths connectionHealths(Workspace workspace, ConnectorFactory connectors) {
        Map<String, ConnectionHealth> each = new LinkedHashMap<>();
        workspace.connectors().keySet().forEach(id -> each.put(id, new ConnectionHealth(id, connectors::open, Clock.systemUTC())));
        return new ConnectionHealths(each);
    }

    /** {@code connections} in /actuator/health, one component per connection of the workspace. */
    @Bean
    HealthContributor connectionsHealthContributor(ConnectionHealths healths) {
        return healths.contributor();
    }
}
