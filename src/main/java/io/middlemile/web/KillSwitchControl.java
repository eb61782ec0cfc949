package io.middlemile.web;

import io.middlemile.govern.Governance;
import io.middlemile.govern.KillSwitch;
import io.middlemile.store.ControlStore;
import org.springframework.stereotype.Component;

import java.time.Instant;

/** The kill switch as an operator reads and sets it, the same for the REST API and the console. */
@Component
public class KillSwitchControl {

    private final ControlStore controls;
    private final KillSwitch killSwitch;

    public KillSwitchControl(ControlStore controls, Governance governance) {
        this.controls = controls;
        this.killSwitch = governance.killSwitch();
    }

    /**
     * @param on     whether writes are stopped (by the switch, or by MIDDLEMILE_KILL_SWITCH in the environment)
     * @param reason why, as recorded; the environment's setting says so
     * @param setBy  who last set the stored switch, and when
     */
    public record State(boolean on, String reason, String setBy, Instant setAt) {
    }

    public State state() {
        ControlStore.Switch stored = controls.get(KillSwitch.NAME).orElse(null);
        String engaged = killSwitch.engaged().orElse(null);
        return new State(engaged != null, engaged, stored == null ? null : stored.setBy(), stored == null ? null : stored.setAt());
    }

    /**
     * Turns the switch on or off under {@code by}, the caller's token name.
     *
     * @param reason required to turn it on, so whoever finds it on knows why
     * @throws IllegalArgumentException saying what is missing
     */
    public State set(Boolean on, String reason, String by) {
        if (on == null) {
            throw new IllegalArgumentException("Say whether to turn the kill switch on (stop every write) or off (allow them again)");
        }
        if (on && (reason == null || reason.isBlank())) {
            throw new IllegalArgumentException("\"reason\" is required to turn the kill switch on: the people who find it on need to"
                    + " know why");
        }
        controls.set(KillSwitch.NAME, on, on ? reason.strip() : reason, by);
        return state();
    }
}
