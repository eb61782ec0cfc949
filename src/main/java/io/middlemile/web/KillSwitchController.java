package io.middlemile.web;

import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The kill switch over HTTP, as `middlemile kill-switch`: {@code GET} says whether writes are stopped and why,
 * {@code PUT {"on": true, "reason": "..."}} turns it on or off under the caller's token name (operators only).
 * {@code /api/kill-switch/agents} is the second switch, which stops only AI agents.
 */
@RestController
@RequestMapping("/api/kill-switch")
public class KillSwitchController {

    private final KillSwitchControl killSwitch;

    public KillSwitchController(KillSwitchControl killSwitch) {
        this.killSwitch = killSwitch;
    }

    /**
     * A request to set the switch; {@code reason} is required to turn it on, so whoever finds it on knows why. A field it
     * does not have is refused (the engine's JSON setting): a misspelt {@code "reasn"} must not read as no reason given.
     */
    public record Change(Boolean on, String reason) {
    }

    @GetMapping
    public KillSwitchControl.State state() {
        return killSwitch.state();
    }

    @PutMapping
    public KillSwitchControl.State set(@RequestBody Change change, Authentication caller) {
        if (change == null || change.on() == null) {
            throw new IllegalArgumentException("Send {\"on\": true, \"reason\": \"...\"} to stop every write, or {\"on\": false} to"
                    + " allow them again");
        }
        return killSwitch.set(change.on(), change.reason(), caller.getName());
    }

    @GetMapping("/agents")
    public KillSwitchControl.State agents() {
        return killSwitch.agentsState();
    }

    @PutMapping("/agents")
    public KillSwitchControl.State setAgents(@RequestBody Change change, Authentication caller) {
        if (change == null || change.on() == null) {
            throw new IllegalArgumentException("Send {\"on\": true, \"reason\": \"...\"} to stop every AI agent's writes, or"
                    + " {\"on\": false} to allow them again");
        }
        return killSwitch.setAgents(change.on(), change.reason(), caller.getName());
    }
}
