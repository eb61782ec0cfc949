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

/** {@code middlemile kill-switch on|off|status}: stop every write at once, across engine processes. */
@Command(name = "kill-switch", description = "Stop (on) or allow (off) every write to external systems, or show the state (status).")
class KillSwitchCommand implements Callable<Integer> {

    enum State { on, off, status }

    @Mixin
    WorkspaceOption workspace;

    @Parameters(paramLabel = "on|off|status")
    State state;

    @Option(names = "--reason", description = "why, for the people who find it on (recorded with your user name)")
    String reason;

    @Override
    public Integer call() {
        try (ConfigurableApplicationContext engine = EngineLauncher.forCommand(workspace.resolve())) {
            ControlStore controls = engine.getBean(ControlStore.class);
            if (state != State.status) {
                controls.set(KillSwitch.NAME, state == State.on, reason, System.getProperty("user.name"));
            }
            String engaged = engine.getBean(Governance.class).killSwitch().engaged().orElse(null);
            System.out.println(engaged == null
                    ? "Kill switch is OFF: writes go ahead as the policies allow."
                    : "Kill switch is ON: " + engaged + ". Running jobs halt at their next write; resume them with"
                    + " `middlemile job run NAME` after `middlemile kill-switch off`.");
            return 0;
        }
    }
}
