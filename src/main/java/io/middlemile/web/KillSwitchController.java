package io.middlemile.web;

import io.middlemile.govern.KillSwitch;
import io.middlemile.store.ControlStore;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import java.time.Instant;

/**
 * The kill switch over HTTP, as `middlemile kill-switch`: {@code GET} says whether writes are stopped and why,
 * {@code PUT {"on": true, "reason": "..."}} turns it on or off under the caller's token name (operators only).
 */
@RestController
@RequestMapping("/api/kill-switch")
public class KillSwitchController {

    private final ControlStore controls;
    private final KillSwitch killSwitch;

    public KillSwitchController(ControlStore controls, io.middlemile.govern.Governance governance) {
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

    /** A request to set the switch; {@code reason} is required to turn it on, so whoever finds it on knows why. */
    public record Change(Boolean on, String reason) {
    }

    @GetMapping
    public State state() {
        ControlStore.Switch stored = controls.get(KillSwitch.NAME).orElse(null);
        String engaged = killSwitch.engaged().orElse(null);
        return new State(engaged != null, engaged, stored == null ? null : stored.setBy(), stored == null ? null : stored.setAt());
    }

    @PutMapping
    public State set(@RequestBody Change change, Authentication caller) {
        if (change == null || change.on() == null) {
            throw new IllegalArgumentException("Send {\"on\": true, \"reason\": \"...\"} to stop every write, or {\"on\": false} to"
                    + " allow them again");
        }
        if (change.on() && (change.reason() == null || change.reason().isBlank())) {
            throw new IllegalArgumentException("\"reason\" is required to turn the kill switch on: the people who find it on need to"
                    + " know why");
        }
        controls.set(KillSwitch.NAME, change.on(), change.reason(), caller.getName());
        return state();
    }
}
