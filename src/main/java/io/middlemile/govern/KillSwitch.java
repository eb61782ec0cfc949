package io.middlemile.govern;

import io.middlemile.store.ControlStore;

import java.util.Map;
import java.util.Optional;

/**
 * The global kill switch: when on, no write reaches any external system. It lives in the store, so
 * `middlemile kill-switch on` stops every engine process at its next write, and it can also be
 * forced on with the environment variable {@code MIDDLEMILE_KILL_SWITCH=on}.
 */
public final class KillSwitch {

    public static final String NAME = "kill-switch";

    private final ControlStore controls;
    private final Map<String, String> environment;

    public KillSwitch(ControlStore controls, Map<String, String> environment) {
        this.controls = controls;
        this.environment = environment;
    }

    /** Why writes are stopped, or empty when they may go ahead. */
    public Optional<String> engaged() {
        String forced = environment.get("MIDDLEMILE_KILL_SWITCH");
        if (forced != null && (forced.equalsIgnoreCase("on") || forced.equalsIgnoreCase("true") || forced.equals("1"))) {
            return Optional.of("the kill switch is forced on by MIDDLEMILE_KILL_SWITCH=" + forced + " in this process's environment");
        }
        return controls.get(NAME).filter(ControlStore.Switch::on).map(state -> "the kill switch was turned on at " + state.setAt()
                + " by " + state.setBy() + (state.reason() == null ? "" : " (" + state.reason() + ")"));
    }

    public void check() {
        engaged().ifPresent(reason -> {
            throw new WritesHaltedException("No write was made: " + reason
                    + ". Turn it off with `middlemile kill-switch off` when it is safe, then run the job again to resume.");
        });
    }
}
