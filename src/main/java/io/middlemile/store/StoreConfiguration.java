package io.middlemile.store;

import com.zaxxer.hikari.HikariDataSource;
import io.middlemile.workspace.Workspace;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import javax.sql.DataSource;
import java.nio.file.Path;

/**
 * Where the state store lives. With {@code spring.datasource.url} set, Spring Boot's own
 * DataSource is used (production PostgreSQL); without it, an embedded PostgreSQL is started with its
 * data under the workspace's {@code .middlemile/pg}. Flyway migrates either on start.
 */
@Configuration(proxyBeanMethods = false)
public class StoreConfiguration {

    /**
     * @param directory where the server keeps its data; default {@code WORKSPACE/.middlemile/pg}
     */
    @Bean(destroyMethod = "close")
    @ConditionalOnExpression("'${spring.datasource.url:}'.isEmpty()")
    EmbeddedDatabase embeddedDatabase(@Value("${middlemile.workspace:.}") String workspace,
                                      @Value("${middlemile.embedded-db.dir:}") String directory) {
        return EmbeddedDatabase.start(embeddedDirectory(Path.of(workspace), directory));
    }

    /**
     * Outside a cluster every job of the workspace may run at once (each route has a timer of its own): the pool is sized to
     * them, within the embedded server's sessions when it is the store. A cluster node sizes it to its threads instead
     * ({@code io.middlemile.cluster.ClusterConfiguration}).
     */
    @Bean
    @ConditionalOnExpression("!${middlemile.cluster.enabled:false}")
    static StorePoolForJobs storePoolForJobs(ObjectProvider<Workspace> workspace, @Value("${spring.datasource.url:}") String url) {
        // no workspace in a store started alone (StateStoreOnly): no jobs, the pool as it is
        return new StorePoolForJobs(() -> workspace.stream().mapToInt(loaded -> loaded.routes().size()).sum(),
                "the workspace's jobs, each on a timer of its own",
                url.isEmpty() ? EmbeddedDatabase.DEFAULT_MAX_CONNECTIONS - EMBEDDED_OTHER_SESSIONS : Integer.MAX_VALUE);
    }

    /**
     * Sessions of the embedded server kept for others than the engine's pool: the CLI's own reads, a second command,
     * {@code /actuator/health}'s one connection ({@code io.middlemile.observe.HealthStore}).
     */
    static final int EMBEDDED_OTHER_SESSIONS = 10;

    /** The embedded server's data folder: {@code directory} when set, else the workspace's {@code .middlemile/pg}. */
    static Path embeddedDirectory(Path workspaceRoot, String directory) {
        return directory.isEmpty() ? Workspace.stateDir(workspaceRoot).resolve("pg") : Path.of(directory);
    }

    /**
     * @param name the database on the embedded server; tests give each workspace its own
     */
    @Bean
    @ConditionalOnExpression("'${spring.datasource.url:}'.isEmpty()")
    DataSource dataSource(EmbeddedDatabase database, @Value("${middlemile.embedded-db.database:postgres}") String name) {
        database.ensureDatabase(name);
        HikariDataSource dataSource = new HikariDataSource();
        dataSource.setJdbcUrl(database.jdbcUrl(name));
        dataSource.setMaximumPoolSize(8); // raised to the workspace's jobs by storePoolForJobs
        dataSource.setPoolName("middlemile-store");
        return dataSource;
    }
}
