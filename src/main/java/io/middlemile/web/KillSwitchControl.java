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
        return state(KillSwitch.NAME, killSwitch.engaged().orElse(null));
    }

    /** The agents' own switch: on, AI agents' writes stop (and the global switch stops them too); jobs and people write on. */
    public State agentsState() {
        return state(KillSwitch.AGENTS, killSwitch.engaged().or(killSwitch::agentsEngaged).orElse(null));
    }

    /**
     * The agents' switch by itself, without the global one: whether it (stored, or forced by the environment) stops
     * agents, which is what the console offers to turn on or off.
     */
    public State agentsSwitch() {
        return state(KillSwitch.AGENTS, killSwitch.agentsEngaged().orElse(null));
    }

    private State state(String control, String engaged) {
        ControlStore.Switch stored = controls.get(control).orElse(null);
        return new State(engaged != null, engaged, stored == null ? null : stored.setBy(), stored == null ? null : stored.setAt());
    }

    /**
     * Turns the switch on or off under {@code by}, the caller's token name; false when the switch was so already, and nothing
     * changed (it keeps when, by whom and why it was turned on).
     *
     * @param reason required to turn it on, so whoever finds it on knows why
     * @throws IllegalArgumentException saying what is missing
     */
    public boolean change(Boolean on, String reason, String by) {
        return set(KillSwitch.NAME, "the kill switch", "stop every write", on, reason, by);
    }

    /** Turns the agents' switch on or off under {@code by}, as {@link #change} the global one. */
    public boolean changeAgents(Boolean on, String reason, String by) {
        return set(KillSwitch.AGENTS, "the agents' kill switch", "stop every AI agent's write", on, reason, by);
    }

    private boolean set(String control, String what, String effect, Boolean on, String reason, String by) {
        if (on == null) {
            throw new IllegalArgumentException("Say whether to turn " + what + " on (" + effect + ") or off (allow them again)");
        }
        if (on && (reason == null || reason.isBlank())) {
            throw new IllegalArgumentException("\"reason\" is required to turn " + what + " on: the people who find it on need to"
                    + " know why");
        }
        return controls.set(control, on, on ? reason.strip() : reason, by);
    }
}
