package io.middlemile.cli;

import io.middlemile.govern.ActionReport;
import io.middlemile.govern.GovernedActions;
import org.springframework.context.ConfigurableApplicationContext;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.util.List;
import java.util.concurrent.Callable;

/** {@code middlemile rollback RUN_ID [--plan]}: undo a run's writes from the journal's before-images. */
@Command(name = "rollback", description = "Revert the writes of a run from the journal: fields changed since are reported, not overwritten.")
class RollbackCommand implements Callable<Integer> {

    @Mixin
    WorkspaceOption workspace;

    @Parameters(paramLabel = "RUN_ID")
    long runId;

    @Option(names = "--plan", description = "only show what would be restored")
    boolean plan;

    @Override
    public Integer call() {
        try (ConfigurableApplicationContext engine = EngineLauncher.forCommand(workspace.resolve())) {
            GovernedActions actions = engine.getBean(GovernedActions.class);
            if (plan) {
                List<GovernedActions.RollbackStep> steps = actions.rollbackPlan(runId);
                System.out.printf("Rolling back run %d would touch %d records:%n", runId, steps.size());
                for (GovernedActions.RollbackStep step : steps) {
                    System.out.printf("  %-8s %s/%s/%s %s%s%n", step.action().wire(), step.connection(), step.object(), step.key(),
                            step.restore().isEmpty() ? "" : step.restore(), step.problem() == null ? "" : "  " + step.problem());
                }
                return 0;
            }
            ActionReport report = actions.rollback(runId);
            ApplyCommand.print(System.out, "Rolled back run " + runId, report);
            return report.conflicts().isEmpty() ? 0 : 1;
        }
    }
}
