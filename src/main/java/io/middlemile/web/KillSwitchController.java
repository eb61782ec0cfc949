package io.middlemile.web;

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

    /**
     * What a {@code PUT} did: the switch's state as {@code GET} gives it, whether this request changed it, and that in words.
     * A second "on" (another operator, a retry) changes nothing: the switch keeps when, by whom and why it was turned on,
     * and {@code changed} is false.
     */
    public record Answer(boolean on, String reason, String setBy, Instant setAt, boolean changed, String message) {

        static Answer of(KillSwitchControl.State state, boolean changed, String message) {
            return new Answer(state.on(), state.reason(), state.setBy(), state.setAt(), changed, message);
        }
    }

    @GetMapping
    public KillSwitchControl.State state() {
        return killSwitch.state();
    }

    @PutMapping
    public Answer set(@RequestBody Change change, Authentication caller) {
        if (change == null || change.on() == null) {
            throw new IllegalArgumentException("Send {\"on\": true, \"reason\": \"...\"} to stop every write, or {\"on\": false} to"
                    + " allow them again");
        }
        boolean changed = killSwitch.change(change.on(), change.reason(), caller.getName());
        KillSwitchControl.State state = killSwitch.state();
        return Answer.of(state, changed, !changed ? unchanged("kill switch", change, state)
                : state.on() == change.on() ? "Kill switch " + (state.on() ? "on" : "off") + ", set by " + caller.getName() + ": "
                + (state.on() ? "every write to every external system stops until it is turned off." : "writes are allowed again.")
                : "The stored kill switch is off, but writes stay stopped: " + state.reason());
    }

    @GetMapping("/agents")
    public KillSwitchControl.State agents() {
        return killSwitch.agentsState();
    }

    @PutMapping("/agents")
    public Answer setAgents(@RequestBody Change change, Authentication caller) {
        if (change == null || change.on() == null) {
            throw new IllegalArgumentException("Send {\"on\": true, \"reason\": \"...\"} to stop every AI agent's writes, or"
                    + " {\"on\": false} to allow them again");
        }
        boolean changed = killSwitch.changeAgents(change.on(), change.reason(), caller.getName());
        KillSwitchControl.State state = killSwitch.agentsState();
        return Answer.of(state, changed, !changed ? unchanged("agents' kill switch", change, state)
                : state.on() == change.on() ? "Agents' kill switch " + (state.on() ? "on" : "off") + ", set by " + caller.getName() + ": "
                + (state.on() ? "every AI agent's write and send stops (MCP and /api/actions) until it is turned off; jobs and people"
                + " write on." : "agents' writes go through the policy again.")
                : "The stored agents' kill switch is off, but agents' writes stay stopped: " + state.reason());
    }

    /** Said when the switch was as asked already, as `middlemile kill-switch` says it: nothing was recorded, the reason included. */
    private static String unchanged(String what, Change change, KillSwitchControl.State state) {
        return "The " + what + " was " + (change.on() ? "on" : "off") + " already; nothing changed" + (change.on()
                ? " (your reason was not recorded: the switch keeps when, by whom and why it was turned on; turn it off and on"
                + " again to give another)" : "") + "." + (!change.on() && state.on() ? " Writes stay stopped all the same: "
                + state.reason() : "");
    }
}
