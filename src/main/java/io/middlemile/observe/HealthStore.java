package io.middlemile.observe;

import com.zaxxer.hikari.HikariDataSource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.AbstractDataSource;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * The state store as {@code /actuator/health} reaches it ({@code db} and {@code killSwitch}): through a pool of its own, of
 * one connection, that waits at most {@link #WAIT} for it. The engine's pool waits 30 s for a connection, which a job's
 * page may spend waiting out a store that restarts, and which is too long for a monitor: with an external PostgreSQL gone,
 * {@code db} and {@code killSwitch} waited 30 s each and the endpoint answered after a minute, when every monitor had
 * given up. A look that failed is also the answer to every look in the {@link #WAIT} after it, so the second contributor
 * of the same request says DOWN at once instead of waiting again.
 *
 * <p>Not a {@link DataSource} bean on purpose: Spring Boot, Flyway and the stores take the one DataSource there is.
 */
public final class HealthStore implements AutoCloseable {

    /** The longest a look at the store waits for a connection. */
    static final Duration WAIT = Duration.ofSeconds(2);

    private final DataSource pool;
    private final Clock clock;
    private final DataSource looks = new Looks();
    private volatile Failure failed;

    private record Failure(Instant at, SQLException failure) {
    }

    HealthStore(DataSource pool, Clock clock) {
        this.pool = pool;
        this.clock = clock;
    }

    /**
     * Health's pool beside the engine's: the same server, user and settings, one connection, a short wait. A store that is
     * not a Hikari pool (none in the engine today) is looked at as it is, once a request still.
     */
    static HealthStore beside(DataSource engine, Clock clock) {
        if (!(engine instanceof HikariDataSource engines)) {
            return new HealthStore(engine, clock);
        }
        // https://github.com/brettwooldridge/HikariCP#gear-configuration-knobs-baby (connectionTimeout, validationTimeout,
        // minimumIdle, maximumPoolSize, initializationFailTimeout); copyStateTo copies every setting, credentials included
        HikariDataSource health = new HikariDataSource();
        engines.copyStateTo(health);
        health.setPoolName("middlemile-store-health"); // named in Hikari's log lines; the engine's may have no name yet
        health.setMaximumPoolSize(1);
        health.setMinimumIdle(0); // opened when a monitor first asks, closed after Hikari's idle time-out if none asks again
        health.setConnectionTimeout(WAIT.toMillis());
        // a kept connection is checked before use (when idle over half a second); a silent server fails it in 1 s
        health.setValidationTimeout(Duration.ofSeconds(1).toMillis());
        health.setInitializationFailTimeout(-1); // nothing is opened at the engine's start: its own pool did that
        // the engine's pool is the one /actuator/prometheus shows (hikaricp_*): health's one connection would only add series
        health.setMetricsTrackerFactory(null);
        return new HealthStore(health, clock);
    }

    /** The store for a health contributor's reads: waits at most {@link #WAIT}, or fails at once after a look that failed. */
    public DataSource dataSource() {
        return looks;
    }

    public JdbcTemplate jdbc() {
        return new JdbcTemplate(looks);
    }

    /** Health's own pool (or the engine's store, when it is not a Hikari pool). */
    DataSource pool() {
        return pool;
    }

    @Override
    public void close() {
        if (pool instanceof HikariDataSource own) {
            own.close();
        }
    }

    private final class Looks extends AbstractDataSource {

        @Override
        public Connection getConnection() throws SQLException {
            Failure last = failed;
            if (last != null && clock.instant().isBefore(last.at().plus(WAIT))) {
                // the same request's other contributor, or a monitor asking again at once: the store was just out of reach
                throw new SQLTransientConnectionException(last.failure().getMessage(), last.failure().getSQLState(), last.failure());
            }
            try {
                Connection connection = pool.getConnection();
                failed = null;
                return connection;
            } catch (SQLException failure) {
                failed = new Failure(clock.instant(), failure);
                throw failure;
            }
        }

        @Override
        public Connection getConnection(String username, String password) throws SQLException {
            throw new SQLException("Health looks at the state store as the engine's own user only, not as " + username);
        }
    }
}
