package io.middlemile.observe;

import com.zaxxer.hikari.HikariDataSource;
import io.middlemile.govern.KillSwitch;
import io.middlemile.sandbox.MutableClock;
import io.middlemile.store.ControlStore;
import org.junit.jupiter.api.Test;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.Status;
import org.springframework.boot.actuate.jdbc.DataSourceHealthIndicator;
import org.springframework.jdbc.datasource.AbstractDataSource;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * How {@code /actuator/health} reaches a state store that is gone: the two contributors that read it ({@code db},
 * {@code killSwitch}) wait for it once a request between them, and for seconds, not the engine's pool's 30 s each.
 */
class HealthStoreTest {

    /** A store gone: every connection asked of its pool fails, as Hikari says it once its wait is over; counts the asks. */
    static final class Gone extends AbstractDataSource {
        final AtomicInteger asked = new AtomicInteger();

        @Override
        public Connection getConnection() throws SQLException {
            asked.incrementAndGet();
            throw new SQLTransientConnectionException("middlemile-store-health - Connection is not available, request timed out"
                    + " after 2000ms.", "08001", new SQLException("Connection to 127.0.0.1:5432 refused.", "08001"));
        }

        @Override
        public Connection getConnection(String username, String password) throws SQLException {
            return getConnection();
        }
    }

    @Test
    void theSecondContributorOfARequestDoesNotWaitForAStoreJustFoundGone() {
        Gone gone = new Gone();
        MutableClock clock = new MutableClock(Instant.parse("2026-03-02T02:00:00Z"));
        HealthStore store = new HealthStore(gone, clock);
        KillSwitchHealth killSwitch = new KillSwitchHealth(new KillSwitch(new ControlStore(store.jdbc()), Map.of()));

        Health db = new DataSourceHealthIndicator(store.dataSource()).health();
        Health switchHealth = killSwitch.health();

        assertThat(db.getStatus()).isEqualTo(Status.DOWN);
        assertThat(switchHealth.getStatus()).isEqualTo(Status.DOWN);
        assertThat((String) switchHealth.getDetails().get("message"))
                .startsWith("The engine could not read the kill switch from the state store (Connection to 127.0.0.1:5432 refused.).");
        assertThat(gone.asked).as("the store was asked by db only; killSwitch took its answer").hasValue(1);

        // a monitor's next request, once the wait is over: the store is looked at again, as it may be back
        clock.advance(HealthStore.WAIT);
        assertThat(killSwitch.health().getStatus()).isEqualTo(Status.DOWN);
        assertThat(gone.asked).hasValue(2);
    }

    @Test
    void healthWaitsSecondsForTheStoreWhileTheEnginesPoolKeepsItsWait() {
        try (HikariDataSource engine = new HikariDataSource()) {
            engine.setPoolName("middlemile-store");
            engine.setJdbcUrl("jdbc:postgresql://127.0.0.1:1/middlemile");
            engine.setUsername("middlemile");
            engine.setPassword("not-a-real-password");
            engine.setMaximumPoolSize(12);

            try (HealthStore store = HealthStore.beside(engine, Clock.systemUTC())) {
                HikariDataSource health = (HikariDataSource) store.pool();
                assertThat(health).isNotSameAs(engine);
                assertThat(health.getConnectionTimeout()).isEqualTo(HealthStore.WAIT.toMillis()).isLessThanOrEqualTo(3_000);
                assertThat(health.getValidationTimeout()).isLessThan(health.getConnectionTimeout());
                assertThat(health.getMaximumPoolSize()).isEqualTo(1);
                assertThat(health.getPoolName()).isEqualTo("middlemile-store-health");
                // the same store, as the same user
                assertThat(health.getJdbcUrl()).isEqualTo(engine.getJdbcUrl());
                assertThat(health.getUsername()).isEqualTo("middlemile");
                assertThat(health.getPassword()).isEqualTo("not-a-real-password");
            }
            // a job's page still waits as long as ever for a connection of the engine's pool (Hikari's 30 s)
            assertThat(engine.getConnectionTimeout()).isEqualTo(30_000);
            assertThat(engine.getMaximumPoolSize()).isEqualTo(12);
        }
    }
}
