package io.middlemile.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.middlemile.connector.Connector;
import io.middlemile.connector.ConnectorFactory;
import io.middlemile.dedupe.ClusterPlan;
import io.middlemile.dedupe.DedupeEngine;
import io.middlemile.dedupe.DedupeResult;
import io.middlemile.dedupe.DedupeRules;
import io.middlemile.dedupe.MergePlanCsv;
import io.middlemile.dedupe.MergeRequests;
import io.middlemile.govern.ActionReport;
import io.middlemile.govern.GovernedActions;
import org.springframework.context.ConfigurableApplicationContext;
import io.middlemile.mapping.Mapper;
import io.middlemile.connector.Providers;
import io.middlemile.mapping.Transforms;
import io.middlemile.match.IndexBuild;
import io.middlemile.store.MatchIndexStore;
import io.middlemile.model.CanonicalRecord;
import io.middlemile.sync.MappedSource;
import io.middlemile.workspace.DedupeConfig;
import io.middlemile.workspace.MappingConfig;
import io.middlemile.workspace.Workspace;
import io.middlemile.workspace.WorkspaceLoader;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code middlemile dedupe NAME}: read every source of a rule file in {@code dedupe/}, match, cluster
 * and write the merge plan. Nothing is written to any CRM. The records read and the learned weights are saved in
 * the state store as the rule's match index ({@code POST /api/match/NAME}), replacing the previous run's.
 */
@Command(name = "dedupe", description = "Match the sources of a dedupe/ rule file and write the merge plan (no CRM is changed).")
class DedupeCommand implements Callable<Integer> {

    @Mixin
    WorkspaceOption workspace;

    @Parameters(paramLabel = "NAME", description = "the rule file, dedupe/NAME.yaml")
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
        Path root = workspace.resolve();
        WorkspaceLoader.Result loaded = new WorkspaceLoader(System.getenv(), Transforms.CATALOG, Providers.CATALOG).load(root);
        if (!loaded.valid()) {
            ValidateCommand.validate(root, System.out, System.err);
            return 1;
        }
        Workspace ws = loaded.workspace();
        DedupeConfig config = ws.dedupe().get(name);
        if (config == null) {
            System.err.printf("There is no dedupe rule \"%s\" in %s/dedupe. Rules: %s%n", name, root, ws.dedupe().keySet());
            return 1;
        }
        PrintStream out = System.out;
        long started = System.nanoTime();
        ConnectorFactory connectors = new ConnectorFactory(ws);
        Map<String, Mapper> mappers = Mapper.all(ws);
        List<Connector> opened = new ArrayList<>();
        List<MappedSource> sources = new ArrayList<>();
        DedupeRules rules = DedupeRules.from(config);
        // the state store keeps the run as the match API's index; started first so the records stream into it as read
        try (ConfigurableApplicationContext engine = EngineLauncher.forCommand(root);
             IndexBuild index = new IndexBuild(engine.getBean(MatchIndexStore.class), name, rules)) {
            for (String mappingId : config.sources()) {
                MappingConfig mapping = ws.mappings().get(mappingId);
                Connector connector = connectors.open(mapping.connector());
                opened.add(connector);
                sources.add(new MappedSource(connector, mapping.object(), mappers.get(mappingId)));
            }
            DedupeResult result = new DedupeEngine(rules).run(index.tee(concat(sources)));
            long indexed = index.commit(result);
            Path plan = planFile != null ? planFile : ws.stateDir().resolve("dedupe").resolve(name + "-plan.json");
            Files.createDirectories(plan.toAbsolutePath().getParent());
            new ObjectMapper().registerModule(new JavaTimeModule()).enable(SerializationFeature.INDENT_OUTPUT)
                    .writeValue(plan.toFile(), result.plan());
            if (export != null) {
                Path parent = export.toAbsolutePath().getParent();
                if (parent != null) {
                    Files.createDirectories(parent);
                }
                MergePlanCsv.write(result, export);
            }
            print(out, result, sources, config, plan, (System.nanoTime() - started) / 1e9);
            out.printf("Match index of %s saved: %,d records (POST /api/match/%s answers from it; sync jobs keep it current)%n",
                    name, indexed, name);
            if (apply) {
                return applyMerges(engine, result, out);
            }
            return 0;
        } finally {
            opened.forEach(Connector::close);
        }
    }

    private void print(PrintStream out, DedupeResult result, List<MappedSource> sources, DedupeConfig config, Path plan, double seconds) {
        long read = sources.stream().mapToLong(MappedSource::read).sum();
        long rejected = sources.stream().mapToLong(MappedSource::rejected).sum();
        var stats = result.plan().stats();
        out.printf("Dedupe %s: %,d records from %s in %.1f s (%,d rejected while reading or mapping)%n", name, read - rejected,
                config.sources(), seconds, rejected);
        out.printf("  %-24s %,d (%.2f per record)%n", "pairs compared", stats.pairsCompared(), stats.comparisonsPerRecord());
        out.printf("  %-24s %,d clusters to merge, %,d records merging into a master%n", "auto-merge band",
                result.plan().merges().size(), result.plan().merges().stream().mapToInt(c -> c.duplicates().size()).sum());
        out.printf("  %-24s %,d pairs for a person to decide%n", "review band", result.plan().reviews().size());
        for (ClusterPlan cluster : result.plan().merges().stream().limit(10).toList()) {
            out.printf("  merge %s: keep %s%n", cluster.clusterId(), cluster.master());
            cluster.duplicates().forEach(duplicate -> out.printf("      %s%n", duplicate.summary()));
        }
        result.plan().reviews().stream().limit(10).forEach(review -> out.printf("  review %s%n", review.summary()));
        out.println("Merge plan saved to " + plan + (export == null ? "" : "; clusters exported to " + export));
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

    private static Iterator<CanonicalRecord> concat(List<MappedSource> sources) {
        return sources.stream().flatMap(source -> {
            Iterable<CanonicalRecord> iterable = () -> source;
            return java.util.stream.StreamSupport.stream(iterable.spliterator(), false);
        }).iterator();
    }
}
