package io.middlemile.observe;

import io.middlemile.govern.KillSwitch;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;

import java.sql.SQLException;

/**
 * The kill switch in {@code /actuator/health}: UP either way (a halted engine is working as asked, and must not be
 * restarted by an orchestrator for it), with {@code on} and the reason as details, so a dashboard shows why nothing is
 * written. DOWN when the switch cannot be read because the state store is out of reach: no write can be journaled then,
 * and a failure thrown out of here would make the whole endpoint a 500 instead of the 503 monitors and load balancers
 * read.
 */
public final class KillSwitchHealth implements HealthIndicator {

    private final KillSwitch killSwitch;

    public KillSwitchHealth(KillSwitch killSwitch) {
        this.killSwitch = killSwitch;
    }

    @Override
    public Health health() {
        try {
            return killSwitch.engaged()
                    .map(reason -> Health.up().withDetail("on", true).withDetail("reason", reason)
                            .withDetail("writes", "stopped to every external system; `middlemile kill-switch off` resumes them"))
                    .orElseGet(() -> Health.up().withDetail("on", false).withDetail("writes", "allowed"))
                    .build();
        } catch (RuntimeException unreadable) {
            return Health.down().withDetail("stateStore", "out of reach")
                    .withDetail("message", "The engine could not read the kill switch from the state store (" + words(unreadable)
                            + "). No write is made while the store is out of reach: none could be journaled. The embedded"
                            + " PostgreSQL is started again within seconds; if this lasts, see its log (the workspace's"
                            + " .middlemile/pg.log), or check the PostgreSQL of SPRING_DATASOURCE_URL.")
                    .build();
        }
    }

    /**
     * The failure's own words: the deepest SQL exception's (the driver's names the server, "Connection to localhost:5432
     * refused."; the pool's and Spring's above it only say they waited or failed), else the failure's message.
     */
    static String words(Throwable failure) {
        String words = null;
        for (Throwable cause = failure; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            if (cause instanceof SQLException && cause.getMessage() != null) {
                words = cause.getMessage();
            }
        }
        if (words == null) {
            words = failure.getMessage() == null ? failure.getClass().getSimpleName() : failure.getMessage();
        }
        return words.strip();
    }
}
