package io.middlemile.govern;

import io.middlemile.store.ControlStore;

import java.util.Map;
import java.util.Optional;

/**
 * The global kill switch: when on, no write reaches any external system. It lives in the store, so
 * `middlemile kill-switch on` stops every engine process at its next write, and it can also be
 * forced on with the environment variable {@code MIDDLEMILE_KILL_SWITCH=on}.
 *
 * <p>A second switch, {@value #AGENTS}, stops only AI agents (writes asked for by an {@code agent:} actor) and leaves
 * jobs and people writing: `middlemile kill-switch on --agents`, or {@code MIDDLEMILE_AGENT_KILL_SWITCH=on}. The global
 * switch stops agents too.
 */
public final class KillSwitch {

    public static final String NAME = "kill-switch";
    public static final String AGENTS = "agent-kill-switch";

    private final ControlStore controls;
    private final Map<String, String> environment;

    /** The environment's words for a switch forced on, and for one left to the state store. */
    private static final String VARIABLE = "MIDDLEMILE_KILL_SWITCH";
    private static final String AGENTS_VARIABLE = "MIDDLEMILE_AGENT_KILL_SWITCH";
    private static final java.util.Set<String> ON = java.util.Set.of("on", "true", "1", "yes");
    private static final java.util.Set<String> OFF = java.util.Set.of("", "off", "false", "0", "no");

    public KillSwitch(ControlStore controls, Map<String, String> environment) {
        this.controls = controls;
        this.environment = environment;
    }

    /** Why writes are stopped, or empty when they may go ahead. */
    public Optional<String> engaged() {
        return engaged(NAME, VARIABLE, "the kill switch");
    }

    /** Why agents' writes are stopped by the agents' own switch, or empty (the global switch is {@link #engaged()}). */
    public Optional<String> agentsEngaged() {
        return engaged(AGENTS, AGENTS_VARIABLE, "the agents' kill switch");
    }

    /** Whether this process's environment forces the switch on ({@code agents}: the agents' one), whatever the store says. */
    public boolean forcedByEnvironment(boolean agents) {
        return !OFF.contains(word(agents ? AGENTS_VARIABLE : VARIABLE));
    }

    /** The variable's value as the switch reads it: trimmed, lower case, empty when unset. */
    private String word(String variable) {
        String forced = environment.get(variable);
        return forced == null ? "" : forced.strip().toLowerCase(java.util.Locale.ROOT);
    }

    private Optional<String> engaged(String control, String variable, String what) {
        String forced = environment.get(variable);
        String value = word(variable);
        if (ON.contains(value)) {
            return Optional.of(what + " is forced on by " + variable + "=" + forced + " in this process's environment");
        }
        if (!OFF.contains(value)) {
            // a switch that stops writes reads what it does not know as on: "yes" or "enabled" meant to stop them
            return Optional.of(what + " is forced on by " + variable + "=\"" + forced + "\" in this process's environment, a value"
                    + " it does not know, read as on to be safe (on, true, 1 or yes turn it on; off, false, 0, no or unset leave it"
                    + " to `middlemile kill-switch`)");
        }
        return controls.get(control).filter(ControlStore.Switch::on).map(state -> what + " was turned on at " + state.setAt()
                + " by " + state.setBy() + (state.reason() == null ? "" : " (" + state.reason() + ")"));
    }

    public void check() {
        engaged().ifPresent(reason -> {
            throw new WritesHaltedException("No write was made: " + reason
                    + ". Turn it off with `middlemile kill-switch off` when it is safe, then run again what was stopped (a job"
                    + " resumes where it stopped; an approval, apply or rollback is made whole).");
        });
    }

    /** As {@link #check()}, and for an agent also the agents' switch. */
    public void check(Actor actor) {
        check();
        if (actor != null && actor.isAgent()) {
            agentsEngaged().ifPresent(reason -> {
                throw new WritesHaltedException("No write was made for " + actor.id() + ": " + reason + ". Jobs and people still"
                        + " write; agents may again after `middlemile kill-switch off --agents`.");
            });
        }
    }
}
