package io.middlemile.cli;

import io.middlemile.connector.Connector;
import io.middlemile.connector.ConnectorFactory;
import io.middlemile.connector.Providers;
import io.middlemile.connector.SourceRecord;
import io.middlemile.dedupe.DedupeEngine;
import io.middlemile.dedupe.DedupeResult;
import io.middlemile.dedupe.DedupeRules;
import io.middlemile.dedupe.MatchRecords;
import io.middlemile.dedupe.MergePlan;
import io.middlemile.dedupe.PlanJson;
import io.middlemile.mapping.Mapper;
import io.middlemile.mapping.Transforms;
import io.middlemile.model.CanonicalRecord;
import io.middlemile.store.DedupeRunStore;
import io.middlemile.sync.MappedSource;
import io.middlemile.workspace.DedupeConfig;
import io.middlemile.workspace.MappingConfig;
import io.middlemile.workspace.Workspace;
import io.middlemile.workspace.WorkspaceLoader;
import io.middlemile.workspace.WorkspaceVersion;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Loads the workspace, reads every source of one dedupe rule and runs the engine over them: what {@code dedupe}
 * and {@code dedupe explain} share, so an explanation uses exactly the weights a run learns.
 */
final class DedupeRunner {

    /** A finished run with what it was run on. */
    record Run(Workspace workspace, DedupeConfig config, List<MappedSource> sources, DedupeResult result) {
    }

    private DedupeRunner() {
    }

    /** The workspace and the rule, loaded and validated before anything is read or started, and the engine's rules of it. */
    record Loaded(Workspace workspace, DedupeConfig config, DedupeRules rules) {
    }

    /** What sees the records, standardized, on their way into the engine: the match index build saves them. */
    @FunctionalInterface
    interface Tee {
        /** The sink for a run of {@code rules}, or null for none. */
        MatchRecords.StandardizedSink sink(DedupeRules rules);
    }

    /** The workspace and rule, or null after printing why there are none (an invalid workspace, an unknown rule) to stderr. */
    static Loaded load(Path root, String name) {
        // the secrets of no job: a dedupe reads its own sources only (a CRM source without its secret fails as it opens)
        WorkspaceLoader.Result loaded = new WorkspaceLoader(CommandEnvironment.variables(), Transforms.CATALOG, Providers.CATALOG)
                .forJob(null).load(root);
        if (!loaded.valid()) {
            ValidateCommand.validate(root, ValidateCommand.MissingVariables.NOT_CHECKED, System.out, System.err);
            return null;
        }
        Workspace ws = loaded.workspace();
        DedupeConfig config = ws.dedupe().get(name);
        if (config == null) {
            System.err.printf("There is no dedupe rule \"%s\" in %s/dedupe. Rules: %s%n", name, root, ws.dedupe().keySet());
            return null;
        }
        try {
            return new Loaded(ws, config, DedupeRules.from(config));
        } catch (IllegalArgumentException e) {
            System.err.println(problem(config, e) + " Fix the rule file (`middlemile validate` checks it); nothing was read.");
            return null;
        }
    }

    /**
     * What the dedupe engine refuses in a rule file that the workspace checks let through (a level name of m or u that
     * the comparison does not have), as "dedupe/NAME.yaml: ..."; null when the engine takes the rule.
     */
    static String ruleProblem(DedupeConfig config) {
        try {
            DedupeRules.from(config);
            return null;
        } catch (IllegalArgumentException e) {
            return problem(config, e);
        }
    }

    private static String problem(DedupeConfig config, IllegalArgumentException refused) {
        return "dedupe/" + config.id() + ".yaml: " + refused.getMessage() + ".";
    }

    /** The run, or null after printing why there is none to stderr. */
    static Run run(Path root, String name) throws Exception {
        Loaded loaded = load(root, name);
        return loaded == null ? null : run(loaded, rules -> null);
    }

    /** Reads every source of the rule, through {@code tee}, and runs the engine over them. */
    static Run run(Loaded loaded, Tee tee) throws Exception {
        Workspace ws = loaded.workspace();
        DedupeConfig config = loaded.config();
        ConnectorFactory connectors = new ConnectorFactory(ws, CommandEnvironment.variables());
        Map<String, Mapper> mappers = Mapper.all(ws);
        List<Connector> opened = new ArrayList<>();
        List<MappedSource> sources = new ArrayList<>();
        try {
            for (String mappingId : config.sources()) {
                MappingConfig mapping = ws.mappings().get(mappingId);
                Connector connector = connectors.open(mapping.connector());
                opened.add(connector);
                sources.add(new MappedSource(connector, mapping.object(), mappers.get(mappingId)));
            }
            DedupeRules rules = loaded.rules();
            DedupeResult result = dedupe(rules, sources, tee.sink(rules));
            return new Run(ws, config, sources, result);
        } finally {
            opened.forEach(Connector::close);
        }
    }

    /**
     * The engine run over every record of {@code sources}, one source after the other, each record mapped where it is
     * normalized next, on every core (MatchRecords.addAll); {@code standardized} may be null.
     */
    static DedupeResult dedupe(DedupeRules rules, List<MappedSource> sources, MatchRecords.StandardizedSink standardized) {
        List<Iterator<Unmapped>> unmapped = sources.stream().map(Unmapped::of).toList();
        return new DedupeEngine(rules).run(concat(unmapped), new MatchRecords.ToRecord<>() {
            @Override
            public CanonicalRecord apply(Unmapped item) {
                return item.source().map(item.record());
            }

            @Override
            public void warm(List<Unmapped> items) {
                // a run of items is of one source, but where one source ends and the next begins
                int from = 0;
                while (from < items.size()) {
                    MappedSource source = items.get(from).source();
                    int to = from + 1;
                    while (to < items.size() && items.get(to).source() == source) {
                        to++;
                    }
                    source.warm(items.subList(from, to).stream().map(Unmapped::record).toList());
                    from = to;
                }
            }
        }, standardized);
    }

    /** A record as its source read it, mapped by that source's mapping when the engine takes it. */
    private record Unmapped(MappedSource source, SourceRecord record) {

        static Iterator<Unmapped> of(MappedSource source) {
            Iterator<SourceRecord> records = source.unmapped();
            return new Iterator<>() {
                @Override
                public boolean hasNext() {
                    return records.hasNext();
                }

                @Override
                public Unmapped next() {
                    return new Unmapped(source, records.next());
                }
            };
        }
    }

    /**
     * The sources one after the other, each read page by page as the engine asks. Not a stream's flatMap: on Java
     * 17 its iterator pushes a whole inner source into a buffer before handing out the first record (a profile of a
     * million contacts showed it), so half a million mapped records waited in memory while the engine idled, and
     * the engine then standardized them while nothing was read.
     */
    static <T> Iterator<T> concat(List<? extends Iterator<T>> sources) {
        return new Iterator<>() {
            private int current;

            @Override
            public boolean hasNext() {
                while (current < sources.size()) {
                    if (sources.get(current).hasNext()) {
                        return true;
                    }
                    current++;
                }
                return false;
            }

            @Override
            public T next() {
                if (!hasNext()) {
                    throw new java.util.NoSuchElementException();
                }
                return sources.get(current).next();
            }
        };
    }

    /**
     * Saves the run with its clusters and pairs for review, for the console's dedupe page and {@code GET /api/dedupe/runs}.
     * Each item's JSON is written when the store streams it, not all of a large run's at once. The rule's runs beyond its
     * newest {@code config.keptRuns()} go.
     */
    static long saveRun(DedupeRunStore store, DedupeConfig config, DedupeResult result, Path root) {
        MergePlan plan = result.plan();
        return save(store, config, plan, root, PlanJson.texts(plan.merges()), PlanJson.texts(plan.reviews()));
    }

    /** As {@link #saveRun(DedupeRunStore, DedupeConfig, DedupeResult, Path)}, writing the plan file from the same texts. */
    static long saveRun(DedupeRunStore store, DedupeConfig config, DedupeResult result, Path root, MergePlanFile file) {
        MergePlan plan = result.plan();
        long run = save(store, config, plan, root, file.merges(plan.merges()), file.reviews(plan.reviews()));
        file.finish(plan.stats());
        return run;
    }

    private static long save(DedupeRunStore store, DedupeConfig config, MergePlan plan, Path root, List<byte[]> merges,
                             List<byte[]> reviews) {
        return store.save(config.id(), WorkspaceVersion.of(root), plan.stats().records(), PlanJson.write(plan.stats()), merges, reviews,
                config.keptRuns());
    }
}
