package io.middlemile.cli;

import io.middlemile.govern.ActionReport;
import io.middlemile.govern.GovernedActions;
import io.middlemile.govern.PlanFile;
import io.middlemile.govern.PlannedWrite;
import io.middlemile.govern.WritePlan;
import io.middlemile.workspace.Workspace;
import io.middlemile.workspace.WorkspaceVersion;
import org.springframework.context.ConfigurableApplicationContext;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;

/** {@code middlemile apply PLAN.json}: make exactly the writes a plan listed, re-checking each target. */
@Command(name = "apply", description = "Execute exactly the writes of a plan saved by `job run NAME --plan FILE`.")
class ApplyCommand implements Callable<Integer> {

    @Mixin
    WorkspaceOption workspace;

    @Parameters(paramLabel = "PLAN", description = "the plan file")
    Path planFile;

    @Override
    public Integer call() {
        WritePlan plan = read(planFile);
        if (plan == null) {
            return 1;
        }
        if (plan.holdsNothing()) {
            // recorded, an apply of nothing would be a run of nothing in the journal
            System.out.println("Plan " + planFile + " (job " + plan.job() + ", planned in run " + plan.planRunId() + ") holds no"
                    + " writes: nothing to apply, and no run was recorded.");
            return 0;
        }
        Path root = workspace.resolve();
        String version = WorkspaceVersion.of(root);
        if (!version.equals(plan.workspaceVersion())) {
            System.out.printf("Note: the plan was made with workspace %s; it is now %s. The current policies decide.%n",
                    plan.workspaceVersion() == null ? "(not recorded in the plan)" : plan.workspaceVersion(), version);
        }
        try (ConfigurableApplicationContext engine = EngineLauncher.forCommand(root)) {
            Set<String> connections = engine.getBean(Workspace.class).connectors().keySet();
            List<String> unknown = plan.writes().stream().map(PlannedWrite::connection).filter(c -> !connections.contains(c))
                    .distinct().sorted().toList();
            if (!unknown.isEmpty()) {
                // refused before the first write, not failed on half-way through the plan
                System.err.printf("The plan writes to %s %s, which %s has no file for in connectors/ (it has %s). Apply it in"
                                + " the workspace it was made in (--workspace DIR), or restore the connection's file. Nothing was"
                                + " applied.%n", unknown.size() == 1 ? "connection" : "connections", String.join(", ", unknown),
                        root, connections.stream().sorted().toList());
                return 1;
            }
            ActionReport report = engine.getBean(GovernedActions.class).apply(plan, planFile.getFileName().toString());
            print(System.out, "Applied plan " + planFile + " (job " + plan.job() + ", planned in run " + plan.planRunId() + ")", report);
            return report.complete() ? 0 : 1;
        }
    }

    /** The plan in {@code file}, or null after saying on stderr why it cannot be read. */
    static WritePlan read(Path file) {
        try {
            return PlanFile.read(file);
        } catch (PlanFile.Unreadable e) {
            System.err.println(e.getMessage() + " Nothing was applied.");
            return null;
        }
    }

    static void print(PrintStream out, String title, ActionReport report) {
        out.println(title + (report.runId() > 0 ? ", recorded as run " + report.runId() : ""));
        out.printf("  %-10s %,8d%n", "written", report.written());
        out.printf("  %-10s %,8d   (the target already held the values)%n", "unchanged", report.skipped());
        out.printf("  %-10s %,8d%n", "conflicts", report.conflicts().size());
        report.conflicts().forEach(conflict -> out.println("    " + conflict));
        out.printf("  %-10s %,8d%n", "not done", report.refused().size());
        report.refused().forEach(refused -> out.println("    " + refused));
        report.notes().forEach(note -> out.println("  note: " + note));
    }
}
