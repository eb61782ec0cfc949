package io.middlemile.cli;

import io.middlemile.camel.HubReadConsumer;
import io.middlemile.govern.PlanFile;
import io.middlemile.store.JobRun;
import io.middlemile.store.RecordOutcome;
import io.middlemile.store.RunStore;
import io.middlemile.sync.JobBusyException;
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
import java.util.List;
import java.util.concurrent.Callable;

/** {@code middlemile job run NAME}: run one job once, print its summary, exit non-zero on failure. */
@Command(name = "job", description = "Work with one job.", subcommands = {JobCommand.Run.class})
class JobCommand {

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

        @Override
        public Integer call() throws Exception {
            Path root = workspace.resolve();
            PrintStream out = System.out;
            if (applyFile != null) {
                String planned = PlanFile.read(applyFile).job();
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
            if (!ValidateCommand.validate(root, name, new PrintStream(PrintStream.nullOutputStream()), System.err)) {
                return 1;
            }
            long started = System.nanoTime();
            try (ConfigurableApplicationContext engine = EngineLauncher.start(root, true, fromStart, true, planFile, name)) {
                Workspace loaded = engine.getBean(Workspace.class);
                RouteInfo info = loaded.route(name).orElse(null);
                if (info == null) {
                    System.err.printf("There is no job \"%s\" in %s/routes. Jobs: %s%n", name, root,
                            loaded.routes().stream().map(RouteInfo::id).toList());
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
                if (run.status() == JobRun.Status.PLANNED) {
                    PlanSummary.print(out, PlanFile.read(planFile), planFile);
                }
                return switch (run.status()) {
                    case SUCCEEDED, PLANNED -> 0;
                    case PAUSED, HALTED -> 3;
                    default -> 1;
                };
            }
        }

        private static void printSummary(PrintStream out, Workspace workspace, RouteInfo info, JobRun run, RunStore runs) {
            out.println();
            out.printf("Job %s, run %d: %s in %.1f s (workspace %s)%n", run.job(), run.id(), run.status().db().toUpperCase(),
                    run.duration().toMillis() / 1000.0, run.workspaceVersion());
            if (run.attempts() > 1) {
                out.printf("  resumed after an interruption (attempt %d); records committed before it were not read again%n",
                        run.attempts());
            }
            out.printf("  %-10s %,10d   from %s%n", "read", run.read(), describe(workspace, run.sourceConnection(), run.sourceObject()));
            String writtenLabel = run.status() == JobRun.Status.PLANNED ? "to write" : "written";
            for (HubEndpoint write : info.endpoints().stream()
                    .filter(e -> e.kind() == HubEndpoint.Kind.WRITE || e.kind() == HubEndpoint.Kind.SYNC).toList()) {
                out.printf("  %-10s %,10d   to %s%n", writtenLabel, run.written(), describe(workspace, write.connection(), write.object()));
            }
            out.printf("  %-10s %,10d%n", "skipped", run.skipped());
            out.printf("  %-10s %,10d%n", "rejected", run.rejected());
            out.printf("  %-10s %s%n", "balance", run.balanced()
                    ? "ok: read = written + skipped + rejected" : "MISMATCH: report this as a bug");
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
                out.println("Error: " + run.error());
                if (run.status() == JobRun.Status.PAUSED || run.status() == JobRun.Status.HALTED) {
                    out.println("The run is " + run.status().db() + ", not failed: run the job again when the cause is lifted"
                            + " and it resumes where it stopped.");
                } else {
                    out.println("Nothing after the last committed page was lost: fix the cause and run the job again.");
                }
            }
        }

        private static String describe(Workspace workspace, String connection, String object) {
            ConnectorConfig config = workspace.connectors().get(connection);
            String where = config != null && config.csv() != null ? " (" + config.csv().file() + ")" : "";
            return connection + "/" + object + where;
        }
    }
}
