package io.middlemile.cli;

import io.middlemile.connector.FileErrors;
import io.middlemile.dedupe.ClusterPlan;
import io.middlemile.dedupe.DedupeResult;
import io.middlemile.dedupe.MergePlanCsv;
import io.middlemile.dedupe.MergeRequests;
import io.middlemile.store.DedupeRunStore;
import io.middlemile.govern.ActionReport;
import io.middlemile.govern.GovernedActions;
import org.springframework.context.ConfigurableApplicationContext;
import io.middlemile.match.IndexBuild;
import io.middlemile.store.MatchIndexStore;
import io.middlemile.sync.MappedSource;
import io.middlemile.workspace.DedupeConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * {@code middlemile dedupe NAME}: read every source of a rule file in {@code dedupe/}, match, cluster
 * and write the merge plan. Nothing is written to any CRM. The records read and the learned weights are saved in
 * the state store as the rule's match index ({@code POST /api/match/NAME}), replacing the previous run's.
 */
// NAME is optional to picocli only because a parent's required parameter would be demanded before "explain" too;
// call() insists on it, and the synopsis shows both forms as an operator types them
@Command(name = "dedupe", subcommands = DedupeExplainCommand.class,
        customSynopsis = {"middlemile dedupe NAME [--export=FILE.csv] [--plan=FILE.json] [--apply] [-w=DIR]",
                "       middlemile dedupe explain NAME ID1 ID2 [-w=DIR]"},
        description = "Match the sources of a dedupe/ rule file and write the merge plan (no CRM is changed).")
class DedupeCommand implements Callable<Integer> {

    @Mixin
    WorkspaceOption workspace;

    @Parameters(paramLabel = "NAME", arity = "0..1", description = "the rule file, dedupe/NAME.yaml")
    String name;

    @Option(names = "--export", paramLabel = "FILE.csv", description = "one row per record: cluster_id,source,record_id,role,score")
    Path export;

    @Option(names = "--plan", paramLabel = "FILE.json", description = "where to save the merge plan (default .middlemile/dedupe/NAME-plan.json)")
    Path planFile;

    @Option(names = "--apply", description = "execute the merges through the CRMs' merge APIs, under the write policy:"
            + " the auto-merge band merges, the review band waits in the review queue")
    boolean apply;

    @Override
    public Integer call() throws Exception {
        if (name == null) {
            System.err.println("Missing the rule name: middlemile dedupe NAME (a file dedupe/NAME.yaml), or"
                    + " middlemile dedupe explain NAME ID1 ID2. See middlemile dedupe --help.");
            return 2;
        }
        Path root = workspace.resolve();
        PrintStream out = System.out;
        long started = System.nanoTime();
        long cpuStarted = processCpuNanos();
        if (!Outputs.writable("--export", export, System.err, "Nothing was read or matched.")
                || !Outputs.writable("--plan", planFile, System.err, "Nothing was read or matched.")) {
            return 1;
        }
        DedupeRunner.Loaded loaded = DedupeRunner.load(root, name);
        if (loaded == null) {
            return 1;
        }
        // The engine's state store keeps the run as the match API's index. It starts while the sources are read: the
        // first records' index parts wait in memory for it (IndexBuild) instead of the run waiting seconds for it. Only
        // merges applied through the CRMs need the whole engine; a plan needs the store alone, which takes half the CPU
        // to start that the run's own work shares the cores with.
        CompletableFuture<ConfigurableApplicationContext> starting = CompletableFuture.supplyAsync(
                () -> apply ? EngineLauncher.forCommand(root)
                        : EngineLauncher.storeOnly(root, MatchIndexStore.class, DedupeRunStore.class), task -> {
                    Thread thread = new Thread(task, "engine-start");
                    thread.setDaemon(true);
                    thread.start();
                });
        IndexBuild[] index = new IndexBuild[1];
        try {
            DedupeRunner.Run run = DedupeRunner.run(loaded, rules -> {
                index[0] = new IndexBuild(starting.thenApply(engine -> engine.getBean(MatchIndexStore.class)), name, rules);
                return index[0];
            });
            return dedupe(started(starting), run, index[0], out, started, cpuStarted);
        } finally {
            // before the engine (and its store) closes
            if (index[0] != null) {
                index[0].close();
            }
            // also after a failed run, once the engine is up; a failure to start was thrown by started() or the run
            ConfigurableApplicationContext engine = starting.handle((up, failure) -> up).join();
            if (engine != null) {
                engine.close();
            }
        }
    }

    /** The started engine, or what stopped it from starting as the engine threw it. */
    private static ConfigurableApplicationContext started(CompletableFuture<ConfigurableApplicationContext> starting) {
        try {
            return starting.join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException cause ? cause : e;
        }
    }

    private int dedupe(ConfigurableApplicationContext engine, DedupeRunner.Run run, IndexBuild index, PrintStream out,
                       long started, long cpuStarted) throws Exception {
        DedupeResult result = run.result();
        // Both saves are mostly the store's work (its server parses and stores what it is sent), and the export is this
        // process's: run side by side they take the time of the longest. The plan file is written from the texts the
        // run's save sends (MergePlanFile). A failed save is reported where its line would be printed; the engine
        // closes only after both have ended.
        String exportFailure = null;
        ExecutorService saves = Executors.newFixedThreadPool(2, task -> {
            Thread thread = new Thread(task, "dedupe-save");
            thread.setDaemon(true);
            return thread;
        });
        try {
            Path plan = planFile != null ? planFile : run.workspace().stateDir().resolve("dedupe").resolve(name + "-plan.json");
            Future<Long> indexed = saves.submit(() -> index.commit(result));
            Future<Long> saved = saves.submit(() -> {
                try (MergePlanFile file = MergePlanFile.create(plan)) {
                    return DedupeRunner.saveRun(engine.getBean(DedupeRunStore.class), run.config(), result, run.workspace().root(),
                            file);
                }
            });
            if (export != null) {
                try {
                    MergePlanCsv.write(result, export);
                } catch (IOException e) {
                    // checked before the run; a disk that filled up since: the run and its plan are still saved
                    exportFailure = "The clusters could not be exported to " + export + ": " + FileErrors.describe(e)
                            + ". The run and its merge plan are saved; free space or give another --export and run again.";
                }
            }
            long runId = awaitSave(saved);
            long cpuNow = processCpuNanos();
            print(out, result, run.sources(), run.config(), plan, exportFailure == null ? export : null,
                    (System.nanoTime() - started) / 1e9, cpuStarted < 0 || cpuNow < 0 ? -1 : (cpuNow - cpuStarted) / 1e9);
            long indexedRecords = awaitSave(indexed);
            out.printf("Match index of %s saved: %,d records (POST /api/match/%s answers from it; sync jobs keep it current)%n",
                    name, indexedRecords, name);
            out.printf("Run %d of %s saved with its clusters and pairs: the console's dedupe page and GET /api/dedupe/runs/%d/clusters"
                    + " show them%n", runId, name, runId);
            if (exportFailure != null) {
                System.err.println(exportFailure);
                return 1;
            }
        } finally {
            saves.shutdown();
            // the store must outlive its saves, also when the export could not be written
            while (!saves.awaitTermination(1, TimeUnit.MINUTES)) {
                System.err.println("Still saving dedupe run " + name + " (its match index and its clusters) to the state store;"
                        + " the command ends when that is done.");
            }
        }
        return apply ? applyMerges(engine, result, out) : 0;
    }

    /** The result of a save running beside the files, or its failure as thrown by the save itself. */
    private static long awaitSave(Future<Long> save) throws Exception {
        try {
            return save.get();
        } catch (ExecutionException e) {
            throw e.getCause() instanceof Exception cause ? cause : e;
        }
    }

    /** This process's CPU time so far, in ns; -1 where the JVM does not tell (one without HotSpot's management extension). */
    private static long processCpuNanos() {
        return ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os
                ? os.getProcessCpuTime() : -1;
    }

    private void print(PrintStream out, DedupeResult result, List<MappedSource> sources, DedupeConfig config, Path plan, Path exported,
                       double seconds, double cpuSeconds) {
        long read = sources.stream().mapToLong(MappedSource::read).sum();
        long rejected = sources.stream().mapToLong(MappedSource::rejected).sum();
        long deleted = sources.stream().mapToLong(MappedSource::deleted).sum();
        var stats = result.plan().stats();
        // deleted records are not among the records: they were neither matched nor saved to the match index
        out.printf("Dedupe %s: %,d records from %s in %.1f s (%,d rejected while reading or mapping%s)%n", name, read - rejected,
                config.sources(), seconds, rejected, deleted == 0 ? "" : String.format("; %,d deleted or archived at the source left"
                        + " out", deleted));
        out.printf("  %-24s %,d (%.2f per record)%n", "pairs compared", stats.pairsCompared(), stats.comparisonsPerRecord());
        // where a slow run spent its time; the rest of the whole is waiting for the state store to start (it starts while
        // the sources are read, so only a small run waits) and saving the plan, the export and the match index
        double steps = (stats.loadMillis() + stats.blockMillis() + stats.scoreMillis() + stats.clusterMillis()
                + stats.planMillis()) / 1e3;
        out.printf("  %-24s read and standardize %.1f s, blocks %.1f s, pairs and weights %.1f s, clusters %.1f s, plan %.1f s,"
                        + " store and saves %.1f s%n", "time", stats.loadMillis() / 1e3, stats.blockMillis() / 1e3,
                stats.scoreMillis() / 1e3, stats.clusterMillis() / 1e3, stats.planMillis() / 1e3, Math.max(0, seconds - steps));
        if (cpuSeconds >= 0) {
            // what the run cost, beside what it took: the same records taking more CPU than last time ran on slower cores;
            // as much CPU in more time waited for the machine (other work on its cores, a slow disk)
            int cores = Runtime.getRuntime().availableProcessors();
            out.printf("  %-24s %.1f s in this process, %.1f of its %d cores on average%n", "cpu", cpuSeconds,
                    cpuSeconds / Math.max(seconds, 1e-3), cores);
        }
        out.printf("  %-24s %,d clusters to merge, %,d records merging into a master%n", "auto-merge band",
                result.plan().merges().size(), result.plan().merges().stream().mapToInt(c -> c.duplicates().size()).sum());
        out.printf("  %-24s %,d pairs for a person to decide%n", "review band", result.plan().reviews().size());
        for (ClusterPlan cluster : result.plan().merges().stream().limit(10).toList()) {
            out.printf("  merge %s: keep %s%n", cluster.clusterId(), cluster.master());
            cluster.duplicates().forEach(duplicate -> out.printf("      %s%n", duplicate.summary()));
        }
        result.plan().reviews().stream().limit(10).forEach(review -> out.printf("  review %s%n", review.summary()));
        out.println("Merge plan saved to " + plan + (exported == null ? "" : "; clusters exported to " + exported));
    }

    private int applyMerges(ConfigurableApplicationContext engine, DedupeResult result, PrintStream out) {
        MergeRequests requests = MergeRequests.from(result.plan());
        ActionReport report = engine.getBean(GovernedActions.class).merge("dedupe:" + name, requests.merges());
        ApplyCommand.print(out, "Merges of dedupe " + name, report);
        if (!requests.links().isEmpty()) {
            out.printf("%,d matched pairs live in different connections and cannot be merged by a CRM; they are links for the"
                    + " crosswalk (see the export):%n", requests.links().size());
            requests.links().stream().limit(10).forEach(link -> out.println("  " + link));
        }
        return 0;
    }
}
