package io.middlemile.web.console;

import io.middlemile.web.KillSwitchControl;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The kill switches: the global one (every write) and the agents' own (only AI agents' writes), each on with a reason or
 * off, behind a confirmation, under the signed-in token's name. Posting needs an operator's token ({@code ConsoleSecurity}).
 */
@Controller
class KillSwitchPage {

    private final KillSwitchControl killSwitch;

    KillSwitchPage(KillSwitchControl killSwitch) {
        this.killSwitch = killSwitch;
    }

    @GetMapping("/console/kill-switch")
    String page(Model model) {
        // the global switch is on every page already (ConsoleModel); the agents' own is shown here only
        model.addAttribute("agentsSwitch", killSwitch.agentsSwitch());
        return "console/kill-switch";
    }

    @PostMapping("/console/kill-switch")
    String set(@RequestParam boolean on, @RequestParam(required = false) String reason,
               @RequestParam(defaultValue = "false") boolean confirmed, Authentication caller, RedirectAttributes next) {
        if (!confirmed) {
            next.addFlashAttribute("problem", "The kill switch was not changed: tick the box that confirms it, then send the form again.");
            return "redirect:/console/kill-switch";
        }
        KillSwitchControl.State state;
        try {
            if (!killSwitch.change(on, reason, caller.getName())) {
                // a second click, or a second operator: the switch keeps when, by whom and why it was set
                next.addFlashAttribute("notice", "The kill switch was " + (on ? "on" : "off") + " already; nothing changed.");
                return "redirect:/console/kill-switch";
            }
            state = killSwitch.state();
        } catch (IllegalArgumentException e) {
            next.addFlashAttribute("problem", "The kill switch was not changed: " + e.getMessage() + ".");
            return "redirect:/console/kill-switch";
        }
        next.addFlashAttribute("notice", state.on()
                ? "Kill switch on, set by " + caller.getName() + ": every write to every external system stops until it is turned off."
                : state.reason() != null
                ? "The stored kill switch is off, but writes stay stopped: " + state.reason()
                : "Kill switch off, set by " + caller.getName() + ": writes are allowed again.");
        return "redirect:/console/kill-switch";
    }

    @PostMapping("/console/kill-switch/agents")
    String setAgents(@RequestParam boolean on, @RequestParam(required = false) String reason,
                     @RequestParam(defaultValue = "false") boolean confirmed, Authentication caller, RedirectAttributes next) {
        if (!confirmed) {
            next.addFlashAttribute("problem", "The agents' kill switch was not changed: tick the box that confirms it, then send the"
                    + " form again.");
            return "redirect:/console/kill-switch";
        }
        KillSwitchControl.State stopped;
        try {
            if (!killSwitch.changeAgents(on, reason, caller.getName())) {
                next.addFlashAttribute("notice", "The agents' kill switch was " + (on ? "on" : "off") + " already; nothing changed.");
                return "redirect:/console/kill-switch";
            }
            stopped = killSwitch.agentsState();
        } catch (IllegalArgumentException e) {
            next.addFlashAttribute("problem", "The agents' kill switch was not changed: " + e.getMessage() + ".");
            return "redirect:/console/kill-switch";
        }
        next.addFlashAttribute("notice", on
                ? "Agents' kill switch on, set by " + caller.getName() + ": every AI agent's write and send stops (MCP and"
                + " /api/actions) until it is turned off. Jobs and people write on."
                : stopped.on()
                ? "The stored agents' kill switch is off, but agents' writes stay stopped: " + stopped.reason()
                : "Agents' kill switch off, set by " + caller.getName() + ": agents' writes go through the policy again.");
        return "redirect:/console/kill-switch";
    }
}
