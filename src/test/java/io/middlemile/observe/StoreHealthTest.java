package io.middlemile.observe;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.middlemile.testing.TestDatabase;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.Status;
import org.springframework.jdbc.datasource.AbstractDataSource;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code db} in /actuator/health during a store outage: DOWN in the driver's words at every call, logged once. */
class StoreHealthTest {

    /** The test database, or a store gone (every connection refused, as the pool says it once its wait is over). */
    private static final class Switchable extends AbstractDataSource {
        final AtomicReference<DataSource> reachable = new AtomicReference<>();
        private final HealthStoreTest.Gone gone = new HealthStoreTest.Gone();

        @Override
        public Connection getConnection() throws SQLException {
            DataSource store = reachable.get();
            return store == null ? gone.getConnection() : store.getConnection();
        }

        @Override
        public Connection getConnection(String username, String password) throws SQLException {
            return getConnection();
        }
    }

    @Test
    void anOutageIsDownAtEveryCallButLoggedOnceWithoutAStackTraceAndItsEndOnce() {
        Switchable store = new Switchable();
        store.reachable.set(TestDatabase.jdbc(TestDatabase.fresh()).getDataSource());
        StoreHealth db = new StoreHealth(store);
        ListAppender<ILoggingEvent> logged = new ListAppender<>();
        logged.start();
        Logger logger = (Logger) LoggerFactory.getLogger(StoreHealth.class);
        Level level = logger.getLevel();
        logger.setLevel(Level.INFO); // an engine started by another test in this JVM may have set it otherwise
        logger.addAppender(logged);
        try {
            assertThat(db.health().getStatus()).isEqualTo(Status.UP);
            assertThat(db.health().getDetails()).containsEntry("database", "PostgreSQL");

            store.reachable.set(null);
            for (int probe = 0; probe < 3; probe++) { // a load balancer asking every few seconds
                Health down = db.health();
                assertThat(down.getStatus()).isEqualTo(Status.DOWN);
                assertThat(down.getDetails()).containsEntry("error", "Connection to 127.0.0.1:5432 refused.");
                assertThat((String) down.getDetails().get("message")).startsWith("The engine cannot reach its state store"
                        + " (Connection to 127.0.0.1:5432 refused.).");
            }
            store.reachable.set(TestDatabase.jdbc(TestDatabase.fresh()).getDataSource());
            assertThat(db.health().getStatus()).isEqualTo(Status.UP);
            assertThat(db.health().getStatus()).isEqualTo(Status.UP);

            assertThat(logged.list).extracting(ILoggingEvent::getLevel, ILoggingEvent::getFormattedMessage).containsExactly(
                    org.assertj.core.groups.Tuple.tuple(Level.WARN, "The state store is out of reach (Connection to 127.0.0.1:5432"
                            + " refused.): /actuator/health answers DOWN until it is back, and no write is made meanwhile (none"
                            + " could be journaled). Set logging.level.io.middlemile.observe.StoreHealth=DEBUG for the failure's"
                            + " stack trace"),
                    org.assertj.core.groups.Tuple.tuple(Level.INFO, "The state store is reachable again: /actuator/health's db is UP"));
            assertThat(logged.list).allSatisfy(event -> assertThat(event.getThrowableProxy()).isNull());
        } finally {
            logger.detachAppender(logged);
            logger.setLevel(level);
        }
    }
}
