package io.middlemile.cli;

import io.middlemile.govern.ActionReport;
import io.middlemile.govern.GovernedActions;
import org.springframework.context.ConfigurableApplicationContext;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import io.middlemile.govern.Actor;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code middlemile rollback RUN_ID [--plan]}: undo a run's writes from the journal's before-images; or
 * {@code middlemile rollback --actor agent:NAME --since 2h [--plan]}: everything one actor did in a time window.
 */
@Command(name = "rollback", description = "Revert the writes of a run (RUN_ID), or of one actor since a time (--actor agent:NAME --since 2h),"
        + " from the journal: fields changed since are reported, not overwritten.")
class RollbackCommand implements Callable<Integer> {

    @Mixin
    WorkspaceOption workspace;

    @Parameters(paramLabel = "RUN_ID", arity = "0..1")
    Long runId;

    @Option(names = "--actor", paramLabel = "KIND:NAME", description = "whose writes to undo, e.g. agent:hygiene-bot")
    String actor;

    @Option(names = "--since", paramLabel = "AGE", description = "with --actor: how far back, e.g. 30m, 2h or 1d")
    String since;

    @Option(names = "--plan", description = "only show what would be restored")
    boolean plan;

    @Override
    public Integer call() {
        if ((runId == null) == (actor == null)) {
            System.err.println("Give either a RUN_ID or --actor KIND:NAME --since AGE (e.g. --actor agent:hygiene-bot --since 2h)");
            return 2;
        }
        if (actor != null) {
            return byActor();
        }
        try (ConfigurableApplicationContext engine = EngineLauncher.forCommand(workspace.resolve())) {
            GovernedActions actions = engine.getBean(GovernedActions.class);
            if (plan) {
                List<GovernedActions.RollbackStep> steps = actions.rollbackPlan(runId);
                System.out.printf("Rolling back run %d would touch %d records:%n", runId, steps.size());
                print(steps);
                return 0;
            }
            ActionReport report = actions.rollback(runId);
            ApplyCommand.print(System.out, "Rolled back run " + runId, report);
            return report.conflicts().isEmpty() ? 0 : 1;
        }
    }

    private static void print(List<GovernedActions.RollbackStep> steps) {
        for (GovernedActions.RollbackStep step : steps) {
            System.out.printf("  %-8s %s/%s/%s %s%s%n", step.action().wire(), step.connection(), step.object(), step.key(),
                    step.restore().isEmpty() ? "" : step.restore(), step.problem() == null ? "" : "  " + step.problem());
        }
    }

    private Integer byActor() {
        Actor who;
        try {
            who = Actor.parse(actor);
        } catch (IllegalArgumentException e) {
            System.err.println("--actor: " + e.getMessage());
            return 2;
        }
        if (since == null || !since.matches("\\d{1,6}[mhd]")) {
            System.err.println("--since " + (since == null ? "is required with --actor" : since + ": write minutes, hours or days")
                    + ", e.g. 30m, 2h or 1d");
            return 2;
        }
        long amount = Long.parseLong(since.substring(0, since.length() - 1));
        Duration age = switch (since.charAt(since.length() - 1)) {
            case 'm' -> Duration.ofMinutes(amount);
            case 'h' -> Duration.ofHours(amount);
            default -> Duration.ofDays(amount);
        };
        Instant from = Instant.now().minus(age);
        try (ConfigurableApplicationContext engine = EngineLauncher.forCommand(workspace.resolve())) {
            GovernedActions actions = engine.getBean(GovernedActions.class);
            if (plan) {
                List<GovernedActions.RollbackStep> steps = actions.rollbackPlan(who, from);
                System.out.printf("Rolling back what %s did since %s would touch %d records:%n", who.id(), from, steps.size());
                print(steps);
                return 0;
            }
            ActionReport report = actions.rollback(who, from, System.getProperty("user.name"));
            ApplyCommand.print(System.out, "Rolled back what " + who.id() + " did since " + from, report);
            return report.conflicts().isEmpty() ? 0 : 1;
        }
    }
}
