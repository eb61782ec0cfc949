package io.middlemile.store;

import com.zaxxer.hikari.HikariDataSource;
import io.middlemile.workspace.Workspace;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import javax.sql.DataSource;

/**
 * Where the state store lives. With {@code spring.datasource.url} set, Spring Boot's own
 * DataSource is used (production PostgreSQL); without it, an embedded PostgreSQL is started with its
 * data under the workspace's {@code .middlemile/pg}. Flyway migrates either on start.
 */
@Configuration(proxyBeanMethods = false)
public class StoreConfiguration {

    @Bean(destroyMethod = "close")
    @ConditionalOnExpression("'${spring.datasource.url:}'.isEmpty()")
    EmbeddedDatabase embeddedDatabase(Workspace workspace) {
        String override = System.getProperty("middlemile.embedded-db.dir");
        return EmbeddedDatabase.start(override != null ? java.nio.file.Path.of(override) : workspace.stateDir().resolve("pg"));
    }

    @Bean
    @ConditionalOnExpression("'${spring.datasource.url:}'.isEmpty()")
    DataSource dataSource(EmbeddedDatabase database) {
        HikariDataSource dataSource = new HikariDataSource();
        dataSource.setJdbcUrl(database.jdbcUrl());
        dataSource.setMaximumPoolSize(8);
        dataSource.setPoolName("middlemile-store");
        return dataSource;
    }
}
