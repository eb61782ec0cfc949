package io.middlemile.cli;

import io.middlemile.camel.HubReadConsumer;
import io.middlemile.govern.PlanFile;
import io.middlemile.govern.WritePlan;
import io.middlemile.model.SourceRef;
import io.middlemile.store.AssignmentStore;
import io.middlemile.store.AssignmentStore.Assignment;
import io.middlemile.store.JobRun;
import io.middlemile.store.RunStore;
import io.middlemile.sync.JobBusyException;
import io.middlemile.sync.Reassignment;
import io.middlemile.workspace.RouteInfo;
import io.middlemile.workspace.Workspace;
import org.apache.camel.CamelContext;
import org.springframework.context.ConfigurableApplicationContext;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;

/**
 * {@code middlemile assign reassign NAME --from OWNER [--job JOB] [--plan FILE]}: gives the open leads an owner who left
 * holds under rule set NAME to new owners by the same rules. The leads are read again from the source of the job that
 * assigned them and go through that job's route, so the new owner is written through the governed path (policy, review,
 * journal with each decision as its reason) and {@code rollback RUN_ID} gives them back.
 */
@Command(name = "reassign", description = {
        "Give the open leads an owner who left holds under assign/NAME.yaml to new owners, by the same rules (the owner who left"
                + " is unavailable). The leads are read again from their job's source and written through that job's route:"
                + " policy, review, journal and rollback apply.",
        "Exit 0 when the run succeeded or planned, 1 when it failed or nothing could be run, 3 when it paused or was halted,"
                + " 4 when the job is running elsewhere."})
class AssignReassignCommand implements Callable<Integer> {

    @Mixin
    WorkspaceOption workspace;

    @Parameters(paramLabel = "NAME", description = "the rule set, assign/NAME.yaml")
    String name;

    @Option(names = "--from", required = true, paramLabel = "OWNER", description = "the owner who left, as assign/NAME.yaml names them")
    String from;

    @Option(names = "--job", paramLabel = "JOB", description = "move only the leads this job assigned (needed when several jobs did)")
    String job;

    @Option(names = "--plan", paramLabel = "FILE", description = "write nothing: compute each lead's new owner and save the writes as a plan")
    Path planFile;

    @Override
    public Integer call() throws Exception {
        Path root = workspace.resolve();
        PrintStream out = System.out;
        PrintStream err = System.err;
        if (!Outputs.writable("--plan", planFile, err, "No lead was moved.")) {
            return 1;
        }
        Map<String, List<Assignment>> byJob;
        try (ConfigurableApplicationContext engine = EngineLauncher.forCommand(root)) {
            Workspace ws = engine.getBean(Workspace.class);
            if (!ws.assign().containsKey(name)) {
                err.printf("There is no assignment rule set \"%s\" in %s/assign. Rule sets: %s%n", name, root, new TreeSet<>(ws.assign().keySet()));
                return 1;
            }
            byJob = engine.getBean(AssignmentStore.class).heldBy(name, from).stream()
                    .collect(Collectors.groupingBy(Assignment::job, TreeMap::new, Collectors.toList()));
        }
        if (byJob.isEmpty()) {
            out.printf("%s holds no open leads of assign/%s.yaml, so there is nothing to move. (Owners are named as the rule set"
                    + " names them; `middlemile assign owners %s` lists them.)%n", from, name, name);
            return 0;
        }
        if (job == null && byJob.size() > 1) {
            err.printf("%s holds open leads of assign/%s.yaml from several jobs: %s. Move them one job at a time with --job JOB.%n",
                    from, name, byJob.entrySet().stream().map(e -> e.getKey() + " (" + e.getValue().size() + ")").toList());
            return 1;
        }
        String chosen = job != null ? job : byJob.keySet().iterator().next();
        List<Assignment> held = byJob.get(chosen);
        if (held == null) {
            err.printf("Job %s assigned none of the open leads %s holds under assign/%s.yaml; the jobs that did: %s%n", chosen, from,
                    name, byJob.keySet());
            return 1;
        }
        if (!ValidateCommand.validate(root, chosen, new PrintStream(PrintStream.nullOutputStream()), err)) {
            return 1;
        }
        try (ConfigurableApplicationContext engine = EngineLauncher.start(root, true, false, true, planFile, chosen)) {
            Workspace ws = engine.getBean(Workspace.class);
            RouteInfo info = ws.route(chosen).orElse(null);
            CamelContext camel = engine.getBean(CamelContext.class);
            if (info == null || camel.getRoute(chosen) == null) {
                err.printf("Job %s, which assigned these leads, is no longer in %s/routes, so they cannot be read again through it."
                        + " Jobs: %s%n", chosen, root, ws.routes().stream().map(RouteInfo::id).toList());
                return 1;
            }
            camel.getRouteController().startRoute(chosen);
            if (!(camel.getRoute(chosen).getConsumer() instanceof HubReadConsumer consumer)) {
                err.printf("Job %s (%s:%d) does not start with hub-read, so its leads cannot be read again.%n", chosen, info.file(),
                        info.line());
                return 1;
            }
            out.printf("Moving %d open %s of assign/%s.yaml from %s (left), through job %s (%s:%d)%n", held.size(),
                    held.size() == 1 ? "lead" : "leads", name, from, chosen, info.file(), info.line());
            consumer.setProgressListener(new ProgressPrinter(out, System.console() != null));
            JobRun run;
            try {
                run = consumer.runReassign(new Reassignment(name, from, held.stream().map(Assignment::lead)
                        .collect(Collectors.toSet())));
            } catch (JobBusyException e) {
                err.println(e.getMessage());
                return 4;
            } catch (IllegalStateException e) {
                err.println(e.getMessage());
                return 1;
            }
            AssignmentStore store = engine.getBean(AssignmentStore.class);
            // a stopped run took back the assignments of the pages it did not commit (hub-assign, as the run ended); a file
            // takes even the committed pages' writes only when the run ends, and a reassign that stopped is not resumed, so
            // through a file it took back all of them: nothing reached the file
            List<String> unpublished = stopped(run) ? engine.getBean(RunStore.class).checkpoint(run.id())
                    .map(checkpoint -> List.copyOf(new TreeSet<>(checkpoint.sinkStates().keySet()))).orElse(List.of()) : List.of();
            List<Assignment> made = store.madeBy(run.id());
            printSummary(out, ws, run, made, held);
            if (stopped(run)) {
                if (!unpublished.isEmpty()) {
                    out.printf("%s %s, which %s a run's writes only when the run ends, and a reassign that stopped is not"
                                    + " resumed: nothing of run %d reached %s, so no lead moved.%n", String.join(" and ", unpublished),
                            unpublished.size() == 1 ? "is a file" : "are files", unpublished.size() == 1 ? "takes" : "take", run.id(),
                            unpublished.size() == 1 ? "it" : "them");
                }
                Set<SourceRef> asked = held.stream().map(Assignment::lead).collect(Collectors.toSet());
                long kept = store.heldBy(name, from).stream().filter(a -> asked.contains(a.lead())).count();
                if (kept > 0) {
                    out.printf("%s%s keeps the %d %s this run did not write. Run `middlemile assign reassign %s --from %s%s` again"
                                    + " once the cause is fixed.%n", made.isEmpty() ? "No owner changed: " : "", from, kept,
                            kept == 1 ? "lead" : "leads", name, from, job == null ? "" : " --job " + job);
                }
            }
            if (run.status() == JobRun.Status.PLANNED) {
                // apply would write the owners but not move the stored assignments, and the next run would put them back: the
                // file is marked as a reassign's, so apply refuses it instead of making half the move
                WritePlan plan = PlanFile.read(planFile).reassigning(name, from);
                try {
                    PlanFile.write(planFile, plan);
                } catch (java.io.UncheckedIOException e) {
                    java.nio.file.Files.deleteIfExists(planFile);
                    err.println(e.getMessage() + ". The plan was deleted rather than left for `middlemile apply` to make half of"
                            + " (the owners without the stored assignments). Nothing was moved.");
                    return 1;
                }
                PlanSummary.print(out, plan, planFile, String.format("Make these moves with: middlemile assign reassign %s --from %s"
                        + " --job %s (it writes the new owners and moves the stored assignments, assigning again from the rotation"
                        + " as it stands then). `middlemile apply %s` refuses this plan: it would write the owners but leave the"
                        + " leads with %s in the store, and the job's next run would give them back.", name, from, chosen, planFile,
                        from));
            } else if (run.status() == JobRun.Status.SUCCEEDED && run.written() > 0) {
                out.printf("%nEach new owner's decision is in the journal as the write's reason. Undo the move with"
                        + " `middlemile rollback %d`: the leads go back to %s.%n", run.id(), from);
            }
            if (stopped(run) && run.error() != null) {
                err.println(run.error());
            }
            return JobCommand.exitCode(run);
        }
    }

    /** Whether the run ended before its last page: halted, failed or paused (a plan writes nothing and keeps nothing). */
    private static boolean stopped(JobRun run) {
        return run.status() != JobRun.Status.SUCCEEDED && run.status() != JobRun.Status.PLANNED;
    }

    private static void printSummary(PrintStream out, Workspace ws, JobRun run, List<Assignment> made, List<Assignment> held) {
        out.println();
        out.printf("Reassign through job %s, run %d: %s in %.1f s (workspace %s)%n", run.job(), run.id(), run.status().db().toUpperCase(),
                run.duration().toMillis() / 1000.0, run.workspaceVersion());
        out.printf("  %-10s %,8d   read again from %s%n", "leads", run.read(), JobCommand.Run.describe(ws, run.sourceConnection(),
                run.sourceObject()));
        out.printf("  %-10s %,8d%n", run.status() == JobRun.Status.PLANNED ? "to write" : "written", run.written());
        out.printf("  %-10s %,8d   (nothing to write, or gone from the source)%n", "skipped", run.skipped());
        out.printf("  %-10s %,8d%n", "rejected", run.rejected());
        if (run.status() == JobRun.Status.PLANNED) {
            return; // a plan keeps no assignments; its writes below show each new owner
        }
        if (made.isEmpty() && stopped(run)) {
            return; // stopped before its first page was written: nobody got a lead; the caller says who kept them
        }
        // a lead a person gave to someone else in the target was kept with that owner by the write, not moved by this run
        List<Assignment> keptInTarget = made.stream().filter(a -> AssignmentStore.CHANGED_IN_TARGET.equals(a.rule())).toList();
        out.println("New owners:");
        made.stream().filter(a -> !keptInTarget.contains(a))
                .collect(Collectors.groupingBy(Assignment::owner, TreeMap::new, Collectors.counting()))
                .forEach((owner, count) -> out.printf("  %-24s %,6d%n", owner, count));
        if (!keptInTarget.isEmpty()) {
            out.printf("  %-24s %,6d   a person gave them to another owner in the target since, who keeps them: %s%n",
                    "(changed in target)", keptInTarget.size(), keptInTarget.stream()
                            .map(a -> a.lead().sourceId() + " (" + a.owner() + ")").collect(Collectors.joining(", ")));
        }
        if (stopped(run)) {
            return; // the leads without a new owner are mostly the ones it never came to; the caller counts those
        }
        Set<SourceRef> given = made.stream().map(Assignment::lead).collect(Collectors.toSet());
        List<String> left = held.stream().map(Assignment::lead).filter(ref -> !given.contains(ref)).map(SourceRef::sourceId).toList();
        if (!left.isEmpty()) {
            out.printf("  %-24s %,6d   no rule took them, or they are gone from the source (the run's records say which): %s%s%n",
                    "(no new owner)", left.size(), String.join(", ", left.subList(0, Math.min(10, left.size()))),
                    left.size() > 10 ? ", ..." : "");
        }
    }
}
