package io.middlemile.cli;

import java.util.Map;
import io.middlemile.mapping.Transforms;
import io.middlemile.connector.Providers;
import io.middlemile.workspace.WorkspaceLoader;
import io.middlemile.enrich.EnrichmentRuns;
import io.middlemile.outreach.OutreachRuns;
import io.middlemile.camel.HubReadConsumer;
import io.middlemile.govern.PlanFile;
import io.middlemile.govern.WritePlan;
import io.middlemile.store.JobRun;
import io.middlemile.store.RecordOutcome;
import io.middlemile.store.RetryQueue;
import io.middlemile.store.RunStore;
import io.middlemile.connector.ConnectorFactory;
import io.middlemile.sync.JobBusyException;
import io.middlemile.sync.JobExecutor;
import io.middlemile.sync.RetryLifecycle;
import io.middlemile.sync.UnreadableRows;
import io.middlemile.workspace.ConnectorConfig;
import io.middlemile.workspace.HubEndpoint;
import io.middlemile.workspace.RouteInfo;
import io.middlemile.workspace.Workspace;
import org.apache.camel.CamelContext;
import org.apache.camel.Route;
import org.springframework.context.ConfigurableApplicationContext;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code middlemile job run NAME}: run one job once, print its summary, exit non-zero on failure.
 * {@code middlemile job retry-failed NAME}: run it over its pending failed records only.
 */
@Command(name = "job", description = "Work with one job.", subcommands = {JobCommand.Run.class, JobCommand.RetryFailed.class})
class JobCommand {

    /** The exit code of a finished run, the same for `job run` and `job retry-failed` (README, Commands). */
    static int exitCode(JobRun run) {
        return switch (run.status()) {
            case SUCCEEDED, PLANNED -> 0;
            case PAUSED, HALTED -> 3;
            default -> 1;
        };
    }

    @Command(name = "retry-failed", description = "Read the job's pending failed records again from its source and send them"
            + " through the job's route. The job's cursor does not move. Exit codes as for `job run`.")
    static class RetryFailed implements Callable<Integer> {

        @Mixin
        WorkspaceOption workspace;

        @Parameters(paramLabel = "NAME", description = "the job name: a route id from routes/*.camel.yaml (see `middlemile jobs`)")
        String name;

        @Option(names = "--plan", paramLabel = "FILE",
                description = "write nothing: compute every write of the retry with its policy decision and save the plan as JSON")
        Path planFile;

        @Override
        public Integer call() throws Exception {
            Path root = workspace.resolve();
            PrintStream out = System.out;
            if (!Outputs.writable("--plan", planFile, System.err, "Nothing was retried.")
                    || !ValidateCommand.validate(root, name, new PrintStream(PrintStream.nullOutputStream()), System.err)) {
                return 1;
            }
            try (ConfigurableApplicationContext engine = EngineLauncher.start(root, true, false, true, planFile, name)) {
                Workspace loaded = engine.getBean(Workspace.class);
                RouteInfo info = route(loaded, name, root);
                if (info == null) {
                    return 1;
                }
                RunStore runs = engine.getBean(RunStore.class);
                List<RetryQueue.Entry> pending = runs.pendingRetries(name);
                if (pending.isEmpty()) {
                    out.printf("Job %s has no failed records waiting to be retried. Nothing to do.%n", name);
                    return 0;
                }
                // the rows the reader could not parse, against the file as it is now: removed or fixed ones are the retry's
                // (the same check as the API's retry; the retry run reuses its read of the file)
                UnreadableRows rows = UnreadableRows.check(engine.getBean(ConnectorFactory.class), pending);
                int retried = rows.toRetry();
                JobRun run = null;
                if (retried > 0) {
                    CamelContext camel = engine.getBean(CamelContext.class);
                    camel.getRouteController().startRoute(name);
                    if (!(camel.getRoute(name).getConsumer() instanceof HubReadConsumer consumer)) {
                        System.err.printf("Job %s (%s:%d) does not start with hub-read, so its failed records cannot be retried"
                                + " from the CLI.%n", name, info.file(), info.line());
                        return 1;
                    }
                    out.printf("Retrying %d failed %s of job %s from %s:%d%n", retried, retried == 1 ? "record" : "records", name,
                            info.file(), info.line());
                    consumer.setProgressListener(new ProgressPrinter(out, System.console() != null));
                    try {
                        run = consumer.runRetry(rows);
                    } catch (JobBusyException e) {
                        System.err.println(e.getMessage());
                        return 4;
                    }
                    printRetrySummary(out, loaded, run, runs,
                            pending.stream().filter(entry -> RetryLifecycle.goneWhenFailed(entry.lifecycle())).count());
                    if (run.status() == JobRun.Status.PLANNED) {
                        WritePlan plan = PlanFile.read(planFile);
                        PlanSummary.print(out, plan, planFile,
                                plan.holdsNothing() ? settleOnly(run, planFile) : PlanSummary.next(plan, planFile));
                    }
                }
                printUnreadable(out, name, rows.still());
                long left = runs.pendingRetries(name).size();
                out.println();
                out.printf("Still pending for job %s: %d %s%s%n", name, left, left == 1 ? "record" : "records",
                        left == 0 ? "" : " (`middlemile jobs` shows the count; the store's retry_queue table has each one)");
                return run == null ? 0 : exitCode(run);
            }
        }

        /**
         * What to do with a retry's plan that holds no writes: apply it all the same, or its records stay queued for good (the
         * plan settled nothing; applying it settles them as the retry would have).
         */
        private static String settleOnly(JobRun run, Path planFile) {
            return "Nothing to write. Apply it all the same to settle the retry queue as the retry would have (" + run.skipped()
                    + " skipped " + (run.skipped() == 1 ? "record leaves" : "records leave") + " it, " + run.rejected()
                    + " still failing count one more attempt): middlemile apply " + planFile;
        }

        /** @param goneWhenFailed queued records deleted or merged away at the source when they failed */
        private static void printRetrySummary(PrintStream out, Workspace workspace, JobRun run, RunStore runs, long goneWhenFailed) {
            out.println();
            out.printf("Retry of job %s, run %d: %s in %.1f s (workspace %s)%n", run.job(), run.id(),
                    run.status().db().toUpperCase(), run.duration().toMillis() / 1000.0, run.workspaceVersion());
            out.printf("  %-13s %,8d   read again from %s%n", "retried", run.read(),
                    Run.describe(workspace, run.sourceConnection(), run.sourceObject()));
            if (goneWhenFailed > 0) {
                out.printf("  %-13s %8s   (%d of them %s deleted or merged away at the source when %s failed: one the source still"
                        + " does not have is handed on as the queue kept it, so its copy is archived or merged)%n", "", "",
                        goneWhenFailed, goneWhenFailed == 1 ? "was" : "were", goneWhenFailed == 1 ? "it" : "they");
            }
            out.printf("  %-13s %,8d%n", run.status() == JobRun.Status.PLANNED ? "to write" : "now written", run.written());
            out.printf("  %-13s %,8d   (resolved: nothing left to write, or gone from the source)%n", "skipped", run.skipped());
            out.printf("  %-13s %,8d%n", "still failing", run.rejected());
            out.printf("  %-13s %s%n", "balance", run.balanced()
                    ? "ok: retried = written + skipped + still failing" : "MISMATCH: report this as a bug");
            List<RecordOutcome> gone = runs.outcomes(run.id(), RecordOutcome.Outcome.SKIPPED).stream()
                    .filter(outcome -> JobExecutor.GONE_REASON.equals(outcome.reason())
                            || JobExecutor.LINE_GONE_REASON.equals(outcome.reason())).toList();
            if (!gone.isEmpty()) {
                out.println();
                out.printf(run.status() == JobRun.Status.PLANNED
                        ? "Gone from the source since they failed (they leave the queue once the plan is applied):%n"
                        : "Gone from the source since they failed (settled as skipped, off the queue):%n");
                gone.stream().limit(10).forEach(outcome -> out.printf(JobExecutor.LINE_GONE_REASON.equals(outcome.reason())
                        ? "  %s  (a row the reader could not parse, queued by its line: the line no longer holds it)%n"
                        : "  %s  id %s%n", outcome.location(), outcome.ref().sourceId()));
                if (gone.size() > 10) {
                    out.printf("  ... and %d more%n", gone.size() - 10);
                }
            }
            if (run.rejected() > 0) {
                List<RecordOutcome> failing = runs.outcomes(run.id(), RecordOutcome.Outcome.REJECTED);
                out.println();
                out.printf(run.status() == JobRun.Status.PLANNED
                        ? "Still failing in the plan (they stay in the queue, one more attempt counted once the plan is applied):%n"
                        : "Still failing (kept in the queue; fix the cause, then run `middlemile job retry-failed %s` again):%n",
                        run.job());
                failing.stream().limit(10).forEach(outcome -> out.printf("  %s  %s%n", outcome.location(), outcome.reason()));
                if (failing.size() > 10) {
                    out.printf("  ... and %d more (all in record_outcomes of run %d)%n", failing.size() - 10, run.id());
                }
            }
            if (run.error() != null) {
                out.println();
                out.println("Error: " + run.error());
                out.println("Records settled before the error are off the queue or counted; the rest are still pending:"
                        + " fix the cause and retry again.");
            }
        }

        /** The rows the file still holds unparseable, where they are and why as the file is now (not as when queued). */
        private static void printUnreadable(PrintStream out, String job, List<UnreadableRows.Still> unreadable) {
            if (unreadable.isEmpty()) {
                return;
            }
            out.println();
            out.printf("Not retried: %d %s the source's reader could not parse. Reading %s again gives the same input, so a retry"
                            + " cannot help: fix %s at the source, then run `middlemile job run %s`; a run that reads %s cleanly"
                            + " takes %s off the queue. A row deleted from the file leaves the queue at the next"
                            + " `middlemile job retry-failed %s`.%n", unreadable.size(), unreadable.size() == 1 ? "row" : "rows",
                    unreadable.size() == 1 ? "it" : "them", unreadable.size() == 1 ? "it" : "them", job,
                    unreadable.size() == 1 ? "it" : "them", unreadable.size() == 1 ? "it" : "them", job);
            unreadable.stream().limit(10).forEach(row -> out.printf("  %s  %s%n", row.location(), row.reason()));
            if (unreadable.size() > 10) {
                out.printf("  ... and %d more%n", unreadable.size() - 10);
            }
        }
    }

    @Command(name = "run", description = "Run one job (a route id) once and print a summary. Exit 0 when it succeeded.")
    static class Run implements Callable<Integer> {

        @Mixin
        WorkspaceOption workspace;

        @Parameters(paramLabel = "NAME", description = "the job name: a route id from routes/*.camel.yaml (see `middlemile jobs`)")
        String name;

        @Option(names = "--from-start", description = "ignore the stored cursor and read the whole source again")
        boolean fromStart;

        @Option(names = "--plan", paramLabel = "FILE",
                description = "write nothing: compute every write with its policy decision, print a summary and save the plan as JSON")
        Path planFile;

        @Option(names = "--apply", paramLabel = "FILE", description = "make exactly the writes of a plan saved with --plan (same as `middlemile apply FILE`)")
        Path applyFile;

        @Option(names = "--sandbox", description = "rehearse: the enrichment providers the job uses are emulators started by this"
                + " command (bundled data, made-up keys, no credits spent); files are read and written as usual")
        boolean sandbox;

        @Override
        public Integer call() throws Exception {
            Path root = workspace.resolve();
            PrintStream out = System.out;
            if (applyFile != null) {
                // an apply reads no source and calls no provider: what these options change would silently not happen
                List<String> unused = new ArrayList<>();
                if (planFile != null) {
                    unused.add("--plan");
                }
                if (fromStart) {
                    unused.add("--from-start");
                }
                if (sandbox) {
                    unused.add("--sandbox");
                }
                if (!unused.isEmpty()) {
                    System.err.printf("--apply makes the writes saved in %s as they are, without reading the source or calling a"
                            + " provider, so %s cannot go with it. Run the job with them to make a new plan, or give --apply"
                            + " alone. Nothing was run.%n", applyFile, String.join(" and ", unused));
                    return 2;
                }
                WritePlan plan = ApplyCommand.read(applyFile);
                if (plan == null) {
                    return 1;
                }
                String planned = plan.job();
                if (!planned.equals(name)) {
                    System.err.printf("%s is a plan of job %s, not %s; apply it with `middlemile job run %s --apply %s`%n", applyFile,
                            planned, name, planned, applyFile);
                    return 1;
                }
                ApplyCommand apply = new ApplyCommand();
                apply.workspace = workspace;
                apply.planFile = applyFile;
                return apply.call();
            }
            long started = System.nanoTime();
            if (!Outputs.writable("--plan", planFile, System.err, "Nothing was run.")) {
                return 1;
            }
            Rehearsal rehearsal = sandbox ? rehearse(root) : null;
            if (sandbox && rehearsal == null) {
                return 1;
            }
            try (Rehearsal stopped = rehearsal) {
                if (!ValidateCommand.validate(root, name, rehearsal == null ? CommandEnvironment.variables() : rehearsal.environment(CommandEnvironment.variables()),
                        new PrintStream(PrintStream.nullOutputStream()), System.err)) {
                    if (!sandbox && enriches(root)) {
                        System.err.printf("To rehearse this job without keys or spending credits: middlemile job run %s --sandbox%n", name);
                    }
                    return 1;
                }
                return run(root, out, started, rehearsal);
            }
        }

        /** Whether the job has a hub-enrich step (read without secrets: only to suggest --sandbox). */
        private boolean enriches(Path root) {
            return new WorkspaceLoader(Map.of(), Transforms.CATALOG, Providers.CATALOG).forJob(null).load(root).workspace().route(name)
                    .map(route -> route.endpoints().stream().anyMatch(e -> e.kind() == HubEndpoint.Kind.ENRICH)).orElse(false);
        }

        /** Starts the emulators of a rehearsal; null (after saying why) when the job cannot be rehearsed. */
        private Rehearsal rehearse(Path root) {
            WorkspaceLoader.Result loaded = new WorkspaceLoader(Map.of(), Transforms.CATALOG, Providers.CATALOG).forJob(null).load(root);
            RouteInfo info = loaded.workspace().route(name).orElse(null);
            if (info == null) {
                // the validation that follows names the problem; without a route there is nothing to emulate
                return Rehearsal.none();
            }
            try {
                Rehearsal rehearsal = Rehearsal.start(loaded.workspace(), info);
                rehearsal.describe().forEach(line -> System.out.println("Sandbox: " + line));
                return rehearsal;
            } catch (IllegalArgumentException e) {
                System.err.println(e.getMessage());
                return null;
            }
        }

        private int run(Path root, PrintStream out, long started, Rehearsal rehearsal) throws Exception {
            Map<String, Object> extra = rehearsal == null ? Map.of() : rehearsal.properties();
            try (ConfigurableApplicationContext engine = EngineLauncher.start(root, true, fromStart, true, planFile, name, extra)) {
                Workspace loaded = engine.getBean(Workspace.class);
                RouteInfo info = route(loaded, name, root);
                if (info == null) {
                    return 1;
                }
                CamelContext camel = engine.getBean(CamelContext.class);
                camel.getRouteController().startRoute(name);
                Route route = camel.getRoute(name);
                if (!(route.getConsumer() instanceof HubReadConsumer consumer)) {
                    System.err.printf("Job %s (%s:%d) does not start with hub-read, so it cannot run once from the CLI;"
                            + " it runs on its own trigger under `middlemile run`.%n", name, info.file(), info.line());
                    return 1;
                }
                out.printf("Engine ready in %.1f s. Running job %s from %s:%d%n", (System.nanoTime() - started) / 1e9, name,
                        info.file(), info.line());
                consumer.setProgressListener(new ProgressPrinter(out, System.console() != null));
                JobRun run;
                try {
                    run = consumer.runJob();
                } catch (JobBusyException e) {
                    System.err.println(e.getMessage());
                    return 4;
                }
                printSummary(out, loaded, info, run, engine.getBean(RunStore.class));
                EnrichSummary.print(out, engine.getBean(EnrichmentRuns.class).tallies(run.id()), run.status() == JobRun.Status.PLANNED);
                printOutreach(out, engine.getBean(OutreachRuns.class), run);
                if (run.status() == JobRun.Status.PLANNED) {
                    PlanSummary.print(out, PlanFile.read(planFile), planFile);
                }
                return exitCode(run);
            }
        }

        /** What the run's hub-enrol steps did, per outreach file (nothing when it sent by none, or in a plan). */
        static void printOutreach(PrintStream out, OutreachRuns outreach, JobRun run) {
            outreach.summaries(run.id()).values().forEach(summary -> {
                out.println();
                summary.lines().forEach(out::println);
            });
        }

        static void printSummary(PrintStream out, Workspace workspace, RouteInfo info, JobRun run, RunStore runs) {
            out.println();
            out.printf("Job %s, run %d: %s in %.1f s (workspace %s)%n", run.job(), run.id(), run.status().db().toUpperCase(),
                    run.duration().toMillis() / 1000.0, run.workspaceVersion());
            if (run.attempts() > 1) {
                out.printf("  resumed (attempt %d): records committed before the run stopped were not read again%n",
                        run.attempts());
            }
            out.printf("  %-10s %,10d   from %s%n", "read", run.read(), describe(workspace, run.sourceConnection(), run.sourceObject()));
            String writtenLabel = run.status() == JobRun.Status.PLANNED ? "to write" : "written";
            for (HubEndpoint write : info.endpoints().stream()
                    .filter(e -> e.kind() == HubEndpoint.Kind.WRITE || e.kind() == HubEndpoint.Kind.SYNC
                            || e.kind() == HubEndpoint.Kind.WRITEBACK).toList()) {
                out.printf("  %-10s %,10d   to %s%n", writtenLabel, run.written(), describe(workspace, write.connection(), write.object()));
            }
            for (HubEndpoint enrol : info.endpoints().stream().filter(e -> e.kind() == HubEndpoint.Kind.ENROL).toList()) {
                // a plan counts the records a run would send on some channel, as the plan's send lines list them. Of the
                // records read: sends an earlier run deferred, made now from the ledger, are in the outreach lines only
                boolean plan = run.status() == JobRun.Status.PLANNED;
                out.printf("  %-10s %,10d   by outreach/%s.yaml (records read %s on some channel; the outreach lines below count"
                        + " every send)%n", plan ? "to send" : "sent", run.written(), enrol.mapping(), plan ? "the run would send"
                        : "and sent");
            }
            for (HubEndpoint interest : info.endpoints().stream().filter(e -> e.kind() == HubEndpoint.Kind.INTEREST).toList()) {
                out.printf("  %-10s %,10d   by outreach/%s.yaml (interest statuses set in Instantly)%n",
                        run.status() == JobRun.Status.PLANNED ? "to set" : "set", run.written(), interest.mapping());
            }
            out.printf("  %-10s %,10d%n", "skipped", run.skipped());
            out.printf("  %-10s %,10d%n", "rejected", run.rejected());
            out.printf("  %-10s %s%n", "balance", run.balanced()
                    ? "ok: read = written + skipped + rejected" : "MISMATCH: report this as a bug");
            stoppedCounts(info, run).ifPresent(out::println);
            long flagged = runs.flaggedCount(run.id());
            if (flagged > 0) {
                out.println();
                out.printf("Written with notes (%d %s; check these values at the source):%n", flagged,
                        flagged == 1 ? "record" : "records");
                runs.flagged(run.id(), 10).forEach(outcome -> out.printf("  %s  %s%n", outcome.location(), outcome.reason()));
                if (flagged > 10) {
                    out.printf("  ... and %d more (record_outcomes in the store)%n", flagged - 10);
                }
            }
            long skippedForAReason = run.skipped() == 0 ? 0 : runs.skippedForAReasonCount(run.id());
            if (skippedForAReason > 0) {
                out.println();
                out.printf("Skipped, not as unchanged (%d %s):%n", skippedForAReason, skippedForAReason == 1 ? "record" : "records");
                runs.skippedForAReason(run.id(), 10).forEach(outcome -> out.printf("  %s  %s%n", outcome.location(), outcome.reason()));
                if (skippedForAReason > 10) {
                    out.printf("  ... and %d more (record_outcomes in the store)%n", skippedForAReason - 10);
                }
            }
            if (run.rejected() > 0) {
                List<RecordOutcome> rejected = runs.outcomes(run.id(), RecordOutcome.Outcome.REJECTED);
                out.println();
                out.printf("Rejected records (all %d, with their raw input, are in %s):%n", rejected.size(),
                        workspace.root().relativize(workspace.stateDir().resolve("rejects").resolve(run.job() + "-run-" + run.id() + ".csv")));
                rejected.stream().limit(10).forEach(outcome -> out.printf("  %s  %s%n", outcome.location(), outcome.reason()));
                if (rejected.size() > 10) {
                    out.printf("  ... and %d more%n", rejected.size() - 10);
                }
            }
            if (run.error() != null) {
                out.println();
                // a pause or a halt is no error: a quota, a cap, the kill switch, a Ctrl-C
                out.println(switch (run.status()) {
                    case PAUSED -> "Paused: ";
                    case HALTED -> "Halted: ";
                    default -> "Error: ";
                } + run.error());
                if (run.status() == JobRun.Status.PAUSED || run.status() == JobRun.Status.HALTED) {
                    out.println("The run is " + run.status().db() + ", not failed: run the job again when the cause is lifted"
                            + " and it resumes where it stopped.");
                } else {
                    out.println("Nothing after the last committed page was lost: fix the cause and run the job again.");
                }
            }
        }

        /**
         * For a run that stopped (failed, halted, paused): what its counts leave out. A job's counts are those of its
         * committed pages; the page in progress when it stopped was read, and may have sent, but is not counted, and the next
         * run reads it again. Sends cannot wait for a commit: what the run's outreach steps sent is in the lines that follow.
         */
        static java.util.Optional<String> stoppedCounts(RouteInfo info, JobRun run) {
            if (run.error() == null || run.status() == JobRun.Status.SUCCEEDED || run.status() == JobRun.Status.PLANNED) {
                return java.util.Optional.empty();
            }
            boolean sends = info.endpoints().stream().anyMatch(e -> e.kind() == HubEndpoint.Kind.ENROL);
            return java.util.Optional.of("  (counts of committed pages only: the page in progress when the run stopped is not counted, and the"
                    + " next run reads it again" + (sends ? "; what the run sent before it stopped, which no commit undoes, is counted"
                    + " in the outreach lines below" : "") + ")");
        }

        static String describe(Workspace workspace, String connection, String object) {
            ConnectorConfig config = workspace.connectors().get(connection);
            String where = config != null && config.csv() != null ? " (" + config.csv().file() + ")" : "";
            return connection + "/" + object + where;
        }
    }

    /** The job's route, or null after saying which jobs there are. */
    private static RouteInfo route(Workspace workspace, String name, Path root) {
        RouteInfo info = workspace.route(name).orElse(null);
        if (info == null) {
            System.err.printf("There is no job \"%s\" in %s/routes. Jobs: %s%n", name, root,
                    workspace.routes().stream().map(RouteInfo::id).toList());
        }
        return info;
    }
}
