package io.middlemile.observe;

import io.middlemile.govern.KillSwitch;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;

/**
 * The kill switch in {@code /actuator/health}: UP either way (a halted engine is working as asked, and must not be
 * restarted by an orchestrator for it), with {@code on} and the reason as details, so a dashboard shows why nothing is
 * written.
 */
public final class KillSwitchHealth implements HealthIndicator {

    private final KillSwitch killSwitch;

    public KillSwitchHealth(KillSwitch killSwitch) {
        this.killSwitch = killSwitch;
    }

    @Override
    public Health health() {
        return killSwitch.engaged()
                .map(reason -> Health.up().withDetail("on", true).withDetail("reason", reason)
                        .withDetail("writes", "stopped to every external system; `middlemile kill-switch off` resumes them"))
                .orElseGet(() -> Health.up().withDetail("on", false).withDetail("writes", "allowed"))
                .build();
    }
}
