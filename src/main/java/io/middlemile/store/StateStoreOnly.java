package io.middlemile.store;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.autoconfigure.flyway.FlywayAutoConfiguration;
import org.springframework.boot.autoconfigure.jdbc.DataSourceAutoConfiguration;
import org.springframework.boot.autoconfigure.jdbc.DataSourceTransactionManagerAutoConfiguration;
import org.springframework.boot.autoconfigure.jdbc.JdbcTemplateAutoConfiguration;
import org.springframework.boot.autoconfigure.transaction.TransactionAutoConfiguration;
import org.springframework.context.annotation.Import;

/**
 * The state store without the engine around it: the same PostgreSQL (embedded, or {@code spring.datasource.url}), migrated
 * by the same Flyway; a command adds the stores it uses ({@code EngineLauncher.storeOnly}). {@code dedupe} (unless it
 * applies merges), {@code validate}, {@code quality}, {@code enrich report} and {@code cluster status} need nothing else:
 * the whole engine (Camel, every connector and component, the workspace loaded again) took 15 s of CPU to start, which
 * at a million contacts the dedupe run's own work had to share two cores with.
 */
@SpringBootConfiguration(proxyBeanMethods = false)
@ImportAutoConfiguration({DataSourceAutoConfiguration.class, DataSourceTransactionManagerAutoConfiguration.class,
        TransactionAutoConfiguration.class, JdbcTemplateAutoConfiguration.class, FlywayAutoConfiguration.class})
@Import(StoreConfiguration.class)
public class StateStoreOnly {
}
