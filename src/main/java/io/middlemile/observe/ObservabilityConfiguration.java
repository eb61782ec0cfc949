package io.middlemile.observe;

import io.micrometer.core.instrument.MeterRegistry;
import io.middlemile.connector.ConnectorFactory;
import io.middlemile.govern.KillSwitch;
import io.middlemile.store.ControlStore;
import io.middlemile.store.EnrichSpendStore;
import io.middlemile.store.RetryQueue;
import io.middlemile.store.ReviewStore;
import io.middlemile.workspace.RouteInfo;
import io.middlemile.workspace.SecretEnvironment;
import io.middlemile.workspace.Workspace;
import org.springframework.boot.actuate.autoconfigure.health.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.actuate.health.HealthContributor;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import javax.sql.DataSource;
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

    /** The state store as {@code db} and {@code killSwitch} reach it: within seconds, and once a request when it is gone. */
    @Bean(destroyMethod = "close")
    HealthStore healthStore(DataSource store) {
        return HealthStore.beside(store, Clock.systemUTC());
    }

    /**
     * {@code db} in /actuator/health: Spring Boot's own check of the store, through health's look at it (its name keeps
     * Spring Boot from making another on the engine's pool, which waited 30 s for a store gone), its failure logged once.
     */
    @Bean
    @ConditionalOnEnabledHealthIndicator("db") // management.health.db.enabled=false turns it off, as it did Spring Boot's
    StoreHealth dbHealthIndicator(HealthStore store) {
        // https://docs.spring.io/spring-boot/api/java/org/springframework/boot/actuate/jdbc/DataSourceHealthIndicator.html
        return new StoreHealth(store.dataSource());
    }

    /** {@code killSwitch} in /actuator/health: the engine's switch, read through health's look at the store. */
    @Bean
    KillSwitchHealth killSwitchHealthIndicator(HealthStore store, SecretEnvironment secrets) {
        return new KillSwitchHealth(new KillSwitch(new ControlStore(store.jdbc()), secrets.variables()));
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
