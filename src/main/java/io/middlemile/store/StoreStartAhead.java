package io.middlemile.store;

import org.springframework.boot.context.event.ApplicationEnvironmentPreparedEvent;
import org.springframework.boot.context.event.ApplicationFailedEvent;
import org.springframework.boot.context.event.SpringApplicationEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.core.env.ConfigurableEnvironment;

import java.nio.file.Path;

/**
 * Starts the embedded PostgreSQL as soon as the engine's settings are known, before its Spring context is built, so
 * that the server comes up while the context is (StoreConfiguration takes it then). Nothing starts when the state store
 * is an external PostgreSQL ({@code spring.datasource.url}); a server the failed start of an engine never took is stopped.
 */
public final class StoreStartAhead implements ApplicationListener<SpringApplicationEvent> {

    private Path started;

    @Override
    public void onApplicationEvent(SpringApplicationEvent event) {
        if (event instanceof ApplicationEnvironmentPreparedEvent prepared && started == null) {
            ConfigurableEnvironment environment = prepared.getEnvironment();
            if (environment.getProperty("spring.datasource.url", "").isEmpty()) {
                started = StoreConfiguration.embeddedDirectory(Path.of(environment.getProperty("middlemile.workspace", ".")),
                        environment.getProperty("middlemile.embedded-db.dir", ""));
                EmbeddedDatabase.startAhead(started);
            }
        } else if (event instanceof ApplicationFailedEvent && started != null) {
            EmbeddedDatabase.abandonAhead(started);
        }
    }
}
