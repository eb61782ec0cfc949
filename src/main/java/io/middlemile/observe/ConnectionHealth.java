package io.middlemile.observe;

import io.middlemile.connector.Connector;
import io.middlemile.connector.HealthCheck;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.boot.actuate.health.Status;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Function;

/**
 * One connection in {@code /actuator/health/connections}: the connector's own {@code check()} (credentials, reachability,
 * quota left), at most once a minute, since a check costs the provider a call and dashboards poll. A failing check is
 * {@link #FAILING} with its message, which says what to do (a connection whose secrets are not set says which), not
 * DOWN: the engine still serves and runs the jobs that do not need it, and an orchestrator must not restart it for a
 * provider's outage or an on-demand job's missing key. The engine orders FAILING below UP, so it shows without turning
 * the whole health DOWN.
 */
public final class ConnectionHealth implements HealthIndicator {

    /** A connection whose check fails. */
    public static final Status FAILING = new Status("FAILING", "the connection's check fails; see its message");

    static final Duration KEEP = Duration.ofMinutes(1);

    private final String connection;
    private final Function<String, Connector> opener;
    private final Clock clock;
    private Health last;
    private Instant checkedAt;

    public ConnectionHealth(String connection, Function<String, Connector> opener, Clock clock) {
        this.connection = connection;
        this.opener = opener;
        this.clock = clock;
    }

    @Override
    public synchronized Health health() {
        Instant now = clock.instant();
        if (last == null || !now.isBefore(checkedAt.plus(KEEP))) {
            last = check(now);
            checkedAt = now;
        }
        return last;
    }

    private Health check(Instant now) {
        try (Connector connector = opener.apply(connection)) {
            HealthCheck result = connector.check();
            return (result.healthy() ? Health.up() : Health.status(FAILING)).withDetail("message", result.message())
                    .withDetail("checkedAt", now.toString()).build();
        } catch (RuntimeException e) {
            return Health.status(FAILING).withDetail("message", "could not check connection " + connection + ": " + e.getMessage())
                    .withDetail("checkedAt", now.toString()).build();
        }
    }
}
