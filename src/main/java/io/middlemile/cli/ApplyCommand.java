package io.middlemile.cli;

import io.middlemile.govern.ActionReport;
import io.middlemile.govern.GovernedActions;
import io.middlemile.govern.PlanFile;
import io.middlemile.govern.PlannedWrite;
import io.middlemile.govern.WritePlan;
import io.middlemile.model.SourceRef;
import io.middlemile.store.JournalStore;
import io.middlemile.store.PlanApplications;
import io.middlemile.store.RecordOutcome;
import io.middlemile.store.RetryQueue;
import io.middlemile.store.RunStore;
import io.middlemile.workspace.Workspace;
import io.middlemile.workspace.WorkspaceVersion;
import org.springframework.context.ConfigurableApplicationContext;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
        if (plan.reassign() != null) {
            // its writes would move the owners in the target only: the stored assignments would stay with the owner who
            // left, and the job's next run would write every lead back to them; the command itself moves both
            WritePlan.Reassign moving = plan.reassign();
            System.err.printf("%s is the plan of `middlemile assign reassign %s --from %s`, and apply does not make a reassign's"
                            + " moves: it would write the new owners to the target but leave the leads with %s in the store, so"
                            + " the next run of job %s would quietly give them back to %s. Nothing was applied. Make the moves"
                            + " with: middlemile assign reassign %s --from %s --job %s (it writes the new owners and moves the"
                            + " stored assignments; `middlemile rollback RUN_ID` undoes both).%n", planFile, moving.ruleSet(),
                    moving.from(), moving.from(), plan.job(), moving.from(), moving.ruleSet(), moving.from(), plan.job());
            return 1;
        }
        Path root = workspace.resolve();
        if (plan.holdsNothing()) {
            // recorded, an apply of nothing would be a run of nothing in the journal
            System.out.println("Plan " + planFile + " (job " + plan.job() + ", planned in run " + plan.planRunId() + ") holds no"
                    + " writes: nothing to apply, and no run was recorded.");
            // the records it read still settle, as its run would have settled them: a retry whose every record needed nothing
            // takes them all off the queue, and its plan otherwise left them queued for good
            try (ConfigurableApplicationContext store = EngineLauncher.storeOnly(root, RunStore.class, JournalStore.class,
                    RetryQueue.class)) {
                settleRetryQueue(System.out, store.getBean(RunStore.class), plan, RetryQueue.NotWritten.NONE);
            }
            return 0;
        }
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
            String which = planFile + " (job " + plan.job() + ", planned in run " + plan.planRunId() + ")";
            RunStore runs = engine.getBean(RunStore.class);
            EarlierApplies earlier = EarlierApplies.of(plan, engine.getBean(PlanApplications.class));
            if (earlier.nothingLeft()) {
                // as a rollback repeated: what was asked for holds, so nothing is done and no run of nothing is recorded
                System.out.printf("Plan %s was applied by %s: its %d %s made then%s, and nothing of it is left to make. Nothing was"
                                + " written again, and no run was recorded. The journal of run %d shows what that apply wrote; if"
                                + " these records need writing again (the apply was rolled back, say), make a new plan: it reads the"
                                + " source and the target as they are now.%n",
                        which, earlier.runs(), earlier.made().size(), earlier.made().size() == 1 ? "write was" : "writes were",
                        earlier.parked() == 0 ? "" : " (and " + earlier.parked() + " parked for review)", earlier.firstRun());
                settleRetryQueue(System.out, runs, plan, RetryQueue.NotWritten.NONE);
                return 0;
            }
            if (earlier.any()) {
                int made = earlier.made().size();
                int left = earlier.left().writes().size();
                System.out.printf("Plan %s was applied before, by %s: %d of its writes %s made then%s and %s not made again; the other %d"
                                + " %s applied now.%n", which, earlier.runs(), made, made == 1 ? "was" : "were",
                        earlier.parked() == 0 ? "" : " (and " + earlier.parked() + " parked for review)", made == 1 ? "is" : "are", left,
                        left == 1 ? "is" : "are");
            }
            // the journal names the plan by its run and time, so an apply of it again can tell what this one made
            ActionReport report = engine.getBean(GovernedActions.class).apply(earlier.left(),
                    planFile.getFileName() + " " + EarlierApplies.planned(plan));
            print(System.out, "Applied plan " + which, report);
            settleRetryQueue(System.out, runs, plan, report.complete() ? RetryQueue.NotWritten.NONE
                    : notWritten(plan, report.runId(), runs.outcomes(report.runId(), RecordOutcome.Outcome.REJECTED)));
            return report.complete() ? 0 : 1;
        }
    }

    /**
     * Takes the plan's queued records off the job's retry queue as its retry ({@code job retry-failed NAME --plan FILE}) or
     * run ({@code job run NAME --plan FILE}) would have, and says what is still pending. Nothing for a regular run's plan
     * that touched no queued record, or a plan made with another store.
     *
     * @param notWritten the plan's records whose writes were not made (now or by earlier applies): they stay queued, and
     *                   the plan's other records to write leave the queue
     */
    private static void settleRetryQueue(PrintStream out, RunStore runs, WritePlan plan, RetryQueue.NotWritten notWritten) {
        RetryQueue.PlanSettled settled = runs.settleRetryPlan(plan.job(), plan.planRunId(), notWritten);
        // a regular plan that touched no queued record (most of them: most jobs have nothing queued) says nothing of the queue
        if (settled == null || !settled.retry() && settled.left() + settled.failedAgain() + settled.held() == 0) {
            return;
        }
        out.println();
        if (settled.left() > 0 || settled.failedAgain() > 0) {
            out.printf("Retry queue of job %s: %d %s of the plan left it (written, or nothing left to write)%s.%n", plan.job(),
                    settled.left(), settled.left() == 1 ? "record" : "records", settled.failedAgain() == 0 ? ""
                            : "; " + settled.failedAgain() + " still failing stay in it with one more attempt (the reasons are"
                            + " the plan's: record_outcomes of run " + plan.planRunId() + ")");
        }
        if (settled.held() > 0 && notWritten.unknown()) {
            out.printf("%d %s the plan would write stay in the retry queue as they were: not every write of the plan was made (see"
                            + " above), and the plan does not name the record each of those writes came from (a plan saved"
                            + " before plans named them, or an archive or a merge planned for review), so none is taken off."
                            + " `middlemile job retry-failed %s` reads them again and writes what is still missing; a record"
                            + " already written leaves the queue then.%n",
                    settled.held(), settled.held() == 1 ? "record" : "records", plan.job());
        } else if (settled.held() > 0) {
            boolean one = settled.held() == 1;
            out.printf("%d %s of the plan %s in the retry queue: the apply did not make %s (see above). Once the cause is dealt"
                            + " with, `middlemile job retry-failed %s` reads %s again and writes what is still missing.%n",
                    settled.held(), one ? "record" : "records", one ? "stays, with why," : "stay, each with why,",
                    one ? "its write" : "their writes", plan.job(), one ? "it" : "them");
        }
        long left = runs.pendingRetries(plan.job()).size();
        out.printf("Still pending for job %s: %d %s%s%n", plan.job(), left, left == 1 ? "record" : "records",
                left == 0 ? "" : " (`middlemile jobs` shows the count; the store's retry_queue table has each one)");
    }

    /**
     * The plan's records whose writes the apply (run {@code applyRun}) did not make, by its rejected records: a conflict or
     * a write the policy or the target refused, each recorded under the write's target record, which the plan's write for
     * it names the source record of (an archive too: the apply records a refused archive under the archived record). A
     * rejected record no such write names (a plan saved before plans named them, an archive or a merge the policy parked
     * when planned) leaves it unknown which records were not written.
     */
    static RetryQueue.NotWritten notWritten(WritePlan plan, long applyRun, List<RecordOutcome> rejected) {
        Map<List<String>, List<SourceRef>> origins = new HashMap<>();
        for (PlannedWrite write : plan.writes()) {
            origins.computeIfAbsent(List.of(write.connection(), write.object(), write.key()), key -> new ArrayList<>())
                    .add(write.origin());
        }
        Map<SourceRef, String> records = new LinkedHashMap<>();
        for (RecordOutcome outcome : rejected) {
            SourceRef target = outcome.ref();
            List<SourceRef> from = origins.getOrDefault(List.of(target.connection(), target.object(), target.sourceId()), List.of());
            if (from.isEmpty() || from.contains(null)) {
                return RetryQueue.NotWritten.UNKNOWN;
            }
            String why = "not written by apply run " + applyRun + " of the plan of run " + plan.planRunId() + ", " + target + ": "
                    + outcome.reason();
            from.forEach(origin -> records.merge(origin, why, (one, other) -> one.contains(other) ? one : one + "; " + other));
        }
        return new RetryQueue.NotWritten(records, false);
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
