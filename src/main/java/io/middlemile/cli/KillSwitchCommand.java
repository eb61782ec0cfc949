package io.middlemile.cli;

import io.middlemile.govern.Governance;
import io.middlemile.store.ControlStore;
import io.middlemile.govern.KillSwitch;
import org.springframework.context.ConfigurableApplicationContext;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.util.concurrent.Callable;

/**
 * {@code middlemile kill-switch on|off|status}: stop every write at once, across engine processes; with {@code --agents},
 * the second switch that stops only AI agents.
 */
@Command(name = "kill-switch", description = "Stop (on) or allow (off) every write to external systems, or show the state (status)."
        + " With --agents: only the writes of AI agents (jobs and people write on).")
class KillSwitchCommand implements Callable<Integer> {

    enum State { on, off, status }

    @Mixin
    WorkspaceOption workspace;

    @Parameters(paramLabel = "on|off|status")
    State state;

    @Option(names = "--reason", paramLabel = "TEXT", description = "why, for the people who find it on (recorded with your user name)")
    String reason;

    @Option(names = "--agents", description = "the agents' switch: stops only AI agents' writes (the agent gateway)")
    boolean agents;

    /** The way out when the environment, not the store, holds the switch on: `kill-switch off` changes only the store. */
    private static final String UNSET = "once the environment variable is unset, in this shell and in the engine's service"
            + " environment (`middlemile kill-switch off` changes only the state store, which the variable overrides).";

    /** Said when the switch was as asked already: nothing was recorded, the reason given included. */
    private String unchanged(String what) {
        return "The " + what + " was " + state + " already; nothing changed" + (state == State.on && reason != null
                ? " (your reason was not recorded: the switch keeps when and why it was turned on; turn it off and on again"
                + " to give another)" : "") + ".";
    }

    @Override
    public Integer call() {
        try (ConfigurableApplicationContext engine = EngineLauncher.forCommand(workspace.resolve())) {
            ControlStore controls = engine.getBean(ControlStore.class);
            KillSwitch killSwitch = engine.getBean(Governance.class).killSwitch();
            if (agents) {
                if (state != State.status && !controls.set(KillSwitch.AGENTS, state == State.on, reason, System.getProperty("user.name"))) {
                    System.out.println(unchanged("agents' kill switch"));
                }
                String stopped = killSwitch.engaged().or(killSwitch::agentsEngaged).orElse(null);
                System.out.println(stopped == null
                        ? "Agents' kill switch is OFF: AI agents write as the policies allow."
                        : "AI agents are STOPPED: " + stopped + ". Their tool calls are refused at the next write; jobs and people"
                        + " are not affected by the agents' switch. " + (killSwitch.forcedByEnvironment(false)
                        || killSwitch.forcedByEnvironment(true) ? "Allow agents again " + UNSET
                        : "Allow agents again with `middlemile kill-switch off --agents`."));
                return 0;
            }
            if (state != State.status && !controls.set(KillSwitch.NAME, state == State.on, reason, System.getProperty("user.name"))) {
                System.out.println(unchanged("kill switch"));
            }
            String engaged = killSwitch.engaged().orElse(null);
            System.out.println(engaged == null
                    ? "Kill switch is OFF: writes go ahead as the policies allow."
                    : "Kill switch is ON: " + engaged + ". Running jobs halt at their next write; resume them with"
                    + " `middlemile job run NAME` " + (killSwitch.forcedByEnvironment(false) ? UNSET
                    : "after `middlemile kill-switch off`."));
            return 0;
        }
    }
}
