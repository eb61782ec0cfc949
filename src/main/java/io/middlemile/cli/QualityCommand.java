package io.middlemile.cli;

import io.middlemile.connector.ChangeSource;
import io.middlemile.connector.Connector;
import io.middlemile.connector.ConnectorFactory;
import io.middlemile.connector.Cursor;
import io.middlemile.connector.Lifecycle;
import io.middlemile.connector.Providers;
import io.middlemile.connector.RejectedRecord;
import io.middlemile.connector.SourcePage;
import io.middlemile.connector.SourceRecord;
import io.middlemile.mapping.Transforms;
import io.middlemile.quality.FieldQuality;
import io.middlemile.quality.Finding;
import io.middlemile.quality.HygieneCheck;
import io.middlemile.quality.HygieneFile;
import io.middlemile.quality.PipelineMetrics;
import io.middlemile.quality.EnrichmentCoverage;
import io.middlemile.enrich.CacheCoverage;
import io.middlemile.mapping.Mapper;
import io.middlemile.mapping.MappingException;
import io.middlemile.store.EnrichCacheStore;
import io.middlemile.quality.QualityMetrics;
import io.middlemile.quality.QualitySnapshot;
import io.middlemile.quality.Severity;
import io.middlemile.model.Target;
import io.middlemile.store.MatchIndexStore;
import io.middlemile.store.QualityHistory;
import io.middlemile.store.OwnerCacheStore;
import io.middlemile.assign.OwnerSources;
import io.middlemile.workspace.HygieneConfig;
import io.middlemile.workspace.WorkspaceVersion;
import org.springframework.context.ConfigurableApplicationContext;
import io.middlemile.workspace.Workspace;
import io.middlemile.workspace.WorkspaceLoader;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.Optional;
import java.util.concurrent.Callable;

/**
 * {@code middlemile quality report NAME}: the hygiene file's rules over its source's records, with the metrics,
 * kept in the store so the next report shows the trend.
 */
@Command(name = "quality", description = "CRM hygiene and data quality.", subcommands = QualityCommand.Report.class)
class QualityCommand {

    @Command(name = "report", description = "Read every record of a hygiene file's source (hygiene/NAME.yaml), check its rules and"
            + " print completeness, conformance, freshness and the findings per rule, with examples. Writes nothing to the source;"
            + " the measurement is kept in the state store, and the trend since --since is printed after it.")
    static class Report implements Callable<Integer> {

        @Mixin
        WorkspaceOption workspace;

        @Parameters(paramLabel = "NAME", description = "the hygiene file: hygiene/NAME.yaml")
        String name;

        @Option(names = "--examples", paramLabel = "N", defaultValue = "5", description = "findings shown per rule (default ${DEFAULT-VALUE})")
        int examples;

        @Mixin
        SinceOption since;

        @Override
        public Integer call() {
            if (examples < 0) {
                System.err.println("--examples " + examples + ": give how many findings to show per rule, 0 or more. Nothing was read.");
                return 2;
            }
            Optional<Instant> from = since.start(System.err);
            if (from.isEmpty()) {
                return 2;
            }
            return report(workspace.resolve(), name, examples, from.get(), since.toString(), CommandEnvironment.variables(), System.out, System.err);
        }

        /** The report, with the environment its connections' secrets come from. */
        static int report(Path root, String name, int examples, Instant from, String since, Map<String, String> environment,
                          PrintStream out, PrintStream err) {
            // the report calls its source's connection alone, which refuses as it opens when its variable is not set (before
            // anything is read): the secrets of the scheduled jobs' connections are not this command's to need
            WorkspaceLoader.Result loaded = new WorkspaceLoader(environment, Transforms.CATALOG, Providers.CATALOG).forJob(null).load(root);
            if (!loaded.valid()) {
                ValidateCommand.validate(root, ValidateCommand.MissingVariables.NOT_CHECKED, out, err);
                return 1;
            }
            Workspace ws = loaded.workspace();
            HygieneConfig config = ws.hygiene().get(name);
            if (config == null) {
                err.printf("There is no hygiene file \"%s\" in %s/hygiene. Files: %s%n", name, root, ws.hygiene().keySet());
                return 1;
            }
            Target source = Target.parse(config.source());
            String object = source.object();
            Instant now = Instant.now();
            Map<String, List<Finding>> shown = new LinkedHashMap<>();
            // the store first: the enrichment coverage reads the waterfall's cache page by page, the report is kept, and an
            // inactiveOwner rule may take the active owners from a CRM's owners as last read
            try (ConfigurableApplicationContext engine = EngineLauncher.storeOnly(root, EnrichCacheStore.class, MatchIndexStore.class,
                    QualityHistory.class, OwnerCacheStore.class);
                 Connector connector = new ConnectorFactory(ws, environment).open(source.connection())) {
                HygieneCheck check;
                try {
                    check = new HygieneCheck(object, HygieneFile.rules(config, OwnerSources.activeOwners(engine.getBean(OwnerCacheStore.class))),
                            config.fields(), HygieneFile.pipeline(config), now);
                } catch (HygieneFile.OwnersNotRead e) {
                    err.println(e.getMessage() + ". Nothing was read.");
                    return 1;
                }
                Coverage coverage = config.enrichment() == null ? null : new Coverage(ws, config.enrichment(),
                        engine.getBean(EnrichCacheStore.class), now);
                ChangeSource reader = connector.capability(ChangeSource.class).orElse(null);
                if (reader == null) {
                    err.printf("Connection %s cannot be read from, so hygiene/%s.yaml cannot check it; name a connection of a CRM"
                            + " or a CSV file as its source.%n", source.connection(), name);
                    return 1;
                }
                Cursor cursor = Cursor.START;
                SourcePage page;
                // the fields the file names that no record has had so far: a few look-ups a record until each is seen
                List<HygieneConfig.NamedField> named = config.namedFields();
                Set<String> unseen = new java.util.LinkedHashSet<>();
                named.forEach(field -> unseen.add(field.field()));
                Set<String> firstPageFields = new java.util.TreeSet<>();
                boolean firstPage = true;
                Unreadable unreadable = new Unreadable();
                long deleted = 0;
                do {
                    page = reader.readChanges(object, cursor, 1_000);
                    page.rejected().forEach(unreadable::add);
                    // a read from the start brings the recycle bin too (HubSpot's archived, Salesforce's deleted rows), which
                    // a sync needs; they are no longer in the CRM, so they are not measured, as the clean-up job skips them
                    List<SourceRecord> live = new ArrayList<>(page.records().size());
                    for (SourceRecord record : page.records()) {
                        if (Lifecycle.of(record.fields()).deleted()) {
                            deleted++;
                        } else {
                            live.add(record);
                        }
                    }
                    for (SourceRecord record : live) {
                        if (!unseen.isEmpty()) {
                            unseen.removeIf(record.fields()::containsKey);
                        }
                        if (firstPage) {
                            firstPageFields.addAll(record.fields().keySet());
                        }
                        check.inspect(HygieneFile.inspected(config, object, record), finding -> {
                            List<Finding> kept = shown.computeIfAbsent(finding.rule(), rule -> new ArrayList<>());
                            if (kept.size() < examples) {
                                kept.add(finding);
                            }
                        });
                    }
                    if (coverage != null) {
                        coverage.add(live);
                    }
                    firstPage = false;
                    cursor = page.next();
                } while (!page.last());
                QualitySnapshot snapshot = check.snapshot();
                printUnseen(out, name, named, unseen, firstPageFields);
                print(out, name, config, snapshot, shown, unreadable, deleted);
                List<PipelineMetrics.PipelineQuality> pipelines = check.pipelines();
                printPipelines(out, config, pipelines);
                EnrichmentCoverage.Snapshot enriched = coverage == null ? null : coverage.metrics.snapshot();
                if (enriched != null) {
                    printCoverage(out, enriched);
                }
                List<MatchIndexStore.DuplicateRate> duplicates = engine.getBean(MatchIndexStore.class)
                        .duplicateRates(source.connection(), object);
                printDuplicates(out, config.source(), duplicates);
                // the measurement is kept with the workspace version, so the trend says which change moved a number
                Map<String, Object> metrics = QualityTrend.metrics(snapshot);
                duplicates.forEach(rate -> metrics.put("duplicate rate:dedupe/" + rate.rule(), rate.rate()));
                for (PipelineMetrics.PipelineQuality pipeline : pipelines) {
                    metrics.put("stale:pipeline " + pipeline.pipeline(), share(pipeline.stale(), pipeline.records()));
                    metrics.put("exit criteria breached:pipeline " + pipeline.pipeline(), share(pipeline.exitViolations(), pipeline.records()));
                }
                if (enriched != null) {
                    enriched.found().keySet().forEach(field -> metrics.put("enriched:" + field, enriched.coverage(field)));
                }
                QualityHistory history = engine.getBean(QualityHistory.class);
                history.save(name, config.source(), WorkspaceVersion.of(root), metrics);
                QualityTrend.print(out, history.since(name, from), since);
            }
            return 0;
        }

        /**
         * The fields the file names that no record read has: most likely misspelt (a CSV column is "First Name", a
         * HubSpot property "firstname"), and otherwise read as a field every record lacks. Said with where the file
         * names them and the fields the records do have.
         */
        private static void printUnseen(PrintStream out, String name, List<HygieneConfig.NamedField> named, Set<String> unseen,
                                        Set<String> fieldsRead) {
            if (fieldsRead.isEmpty()) {
                return; // no record, or none with a field: nothing tells a misspelling from an empty source
            }
            Map<String, Set<String>> where = new LinkedHashMap<>();
            named.stream().filter(field -> unseen.contains(field.field()))
                    .forEach(field -> where.computeIfAbsent(field.field(), f -> new java.util.LinkedHashSet<>()).add(field.where()));
            List<String> missing = where.entrySet().stream()
                    .map(field -> "\"" + field.getKey() + "\" (" + String.join(", ", field.getValue()) + ")").toList();
            if (missing.isEmpty()) {
                return;
            }
            List<String> have = fieldsRead.stream().limit(40).toList();
            out.printf("Note: no record read has %s %s, so every record counts as lacking %s. Check the spelling in"
                            + " hygiene/%s.yaml; the records' fields are %s%s.%n", missing.size() == 1 ? "the field" : "the fields",
                    String.join(", ", missing), missing.size() == 1 ? "it" : "them", name, have, fieldsRead.size() > have.size()
                            ? " and " + (fieldsRead.size() - have.size()) + " more" : "");
            out.println();
        }

        /** The enrichment coverage of the pass: each page mapped to canonical and looked up in the waterfall's cache. */
        private static final class Coverage {
            final EnrichmentCoverage metrics;
            final CacheCoverage cache;
            final Mapper mapper;

            Coverage(Workspace ws, HygieneConfig.Enrichment enrichment, EnrichCacheStore store, Instant now) {
                this.cache = new CacheCoverage(ws.enrich().get(enrichment.waterfall()), store);
                this.metrics = new EnrichmentCoverage(enrichment.waterfall(), cache.fields(), now);
                this.mapper = Mapper.all(ws).get(enrichment.mapping());
            }

            void add(List<SourceRecord> records) {
                List<Map<String, Object>> mapped = new ArrayList<>(records.size());
                for (SourceRecord record : records) {
                    Map<String, Object> values = new LinkedHashMap<>();
                    try {
                        mapper.toCanonical(record).record().fields().forEach((field, value) -> values.put(field, value.value()));
                    } catch (MappingException unmappable) {
                        // a record the mapping refuses has no identity to look up: it counts as not enriched
                    }
                    mapped.add(values);
                }
                cache.of(mapped).forEach(known -> metrics.add(known.asked(), known.found(), known.lastLookedUp()));
            }
        }

        /** Per field of the waterfall, the share of records a provider found it for; and the age of the last lookups. */
        private static void printCoverage(PrintStream out, EnrichmentCoverage.Snapshot coverage) {
            out.println();
            out.printf("Enrichment (enrich/%s.yaml): %,d of %,d records looked up (%.1f %%); coverage is the share of all records"
                    + " a provider found the field for%n", coverage.waterfall(), coverage.lookedUp(),
                    coverage.records(), coverage.records() == 0 ? 0.0 : 100.0 * coverage.lookedUp() / coverage.records());
            out.printf("  %-24s %8s %8s %9s%n", "FIELD", "ASKED", "FOUND", "COVERAGE");
            coverage.found().forEach((field, found) -> out.printf("  %-24s %,8d %,8d %8.1f%%%n", field, coverage.asked().get(field), found,
                    100 * coverage.coverage(field)));
            long[] age = coverage.sinceLastLookup();
            int[] days = QualityMetrics.FRESHNESS_BUCKETS;
            out.printf("  last looked up within %d days: %,d; %d: %,d; %d: %,d; %d: %,d; older: %,d; never: %,d%n", days[0], age[0],
                    days[1], age[1], days[2], age[2], days[3], age[3], age[4], age[5]);
        }

        /**
         * Input the source's reader could not make a record of (a CSV row with bad quoting or a column too many): not in
         * the figures, so the report says how many and where, as a job run rejects them.
         */
        private static final class Unreadable {
            static final int SHOWN = 10;
            long count;
            final List<RejectedRecord> shown = new ArrayList<>();

            void add(RejectedRecord row) {
                count++;
                if (shown.size() < SHOWN) {
                    shown.add(row);
                }
            }
        }

        private static void print(PrintStream out, String name, HygieneConfig config, QualitySnapshot snapshot,
                                  Map<String, List<Finding>> shown, Unreadable unreadable, long deleted) {
            out.printf("Quality of %s (hygiene/%s.yaml): %,d records, %.1f %% without findings%n", config.source(), name,
                    snapshot.records(), 100 * snapshot.clean());
            if (deleted > 0) {
                out.printf("  %,d deleted or archived %s (the CRM's recycle bin) left out: not in these figures%n", deleted,
                        deleted == 1 ? "record" : "records");
            }
            if (unreadable.count > 0) {
                boolean one = unreadable.count == 1;
                out.printf("  %,d %s could not be read, so %s not in these figures (a job run rejects %s too); fix %s at the"
                        + " source:%n", unreadable.count, one ? "row" : "rows", one ? "it is" : "they are", one ? "it" : "them",
                        one ? "it" : "them");
                unreadable.shown.forEach(row -> out.printf("    %s  %s%n", row.location(), row.reason()));
                if (unreadable.count > unreadable.shown.size()) {
                    out.printf("    ... and %,d more%n", unreadable.count - unreadable.shown.size());
                }
            }
            out.println();
            out.printf("  %-24s %13s %12s %9s %8s%n", "FIELD", "COMPLETENESS", "CONFORMANCE", "FIXABLE", "INVALID");
            for (FieldQuality field : snapshot.fields()) {
                out.printf("  %-24s %12.1f%% %12s %9s %8s%n", field.field(), 100 * field.completeness(),
                        Double.isNaN(field.conformance()) ? "-" : String.format("%.1f%%", 100 * field.conformance()),
                        field.measured() ? String.format("%,d", field.nonConforming()) : "-",
                        field.measured() ? String.format("%,d", field.invalid()) : "-");
            }
            out.println();
            long[] fresh = snapshot.freshness();
            int[] days = QualityMetrics.FRESHNESS_BUCKETS;
            out.printf("  changed within %d days: %,d; %d: %,d; %d: %,d; %d: %,d; older: %,d; unknown: %,d%n", days[0], fresh[0],
                    days[1], fresh[1], days[2], fresh[2], days[3], fresh[3], fresh[4], fresh[5]);
            out.printf("  findings: %,d error, %,d warning, %,d info%n", snapshot.bySeverity().getOrDefault(Severity.ERROR, 0L),
                    snapshot.bySeverity().getOrDefault(Severity.WARNING, 0L), snapshot.bySeverity().getOrDefault(Severity.INFO, 0L));
            for (HygieneConfig.Rule rule : config.rules()) {
                long count = snapshot.byRule().getOrDefault(rule.name(), 0L);
                out.println();
                out.printf("%s (%s): %,d %s%n", rule.name(), rule.severity() == null ? "warning" : rule.severity(), count,
                        count == 1 ? "finding" : "findings");
                for (Finding finding : shown.getOrDefault(rule.name(), List.of())) {
                    out.printf("  %s %s: %s%s%n", finding.object(), finding.recordId(), finding.message(),
                            finding.owner() == null ? "" : " [owner " + finding.owner() + "]");
                }
                if (count > shown.getOrDefault(rule.name(), List.of()).size()) {
                    out.printf("  ... and %,d more%n", count - shown.get(rule.name()).size());
                }
            }
        }

        /** Per pipeline: how long records sit in each stage, and how many are stale or break a stage's exit criteria. */
        private static void printPipelines(PrintStream out, HygieneConfig config, List<PipelineMetrics.PipelineQuality> pipelines) {
            for (PipelineMetrics.PipelineQuality pipeline : pipelines) {
                out.println();
                out.printf("Pipeline %s: %,d records; %,d stale (past their date or stuck in a stage); %,d breaking a stage's exit"
                        + " criteria%n", pipeline.pipeline(), pipeline.records(), pipeline.stale(), pipeline.exitViolations());
                out.printf("  %-24s %8s %12s %9s %9s %13s%n", "STAGE", "RECORDS", "MEDIAN DAYS", "P90 DAYS", "MAX DAYS", "NO ENTRY DATE");
                for (PipelineMetrics.StageQuality stage : pipeline.stages()) {
                    out.printf("  %-24s %,8d %12s %9s %9s %13s%n", stage.stage(), stage.records(), days(stage.medianDays()),
                            days(stage.p90Days()), days(stage.maxDays()), stage.unknownAge() == 0 ? "-" : String.format("%,d", stage.unknownAge()));
                }
            }
            if (config.pipeline() != null && pipelines.isEmpty()) {
                out.println();
                out.printf("Pipelines: no records in %s%n", config.source());
            }
        }

        private static String days(long days) {
            return days < 0 ? "-" : String.format("%,d", days);
        }

        private static double share(long part, long whole) {
            return whole == 0 ? 0 : (double) part / whole;
        }

        /** The duplicate rate of the source, from the last run of each dedupe rule that reads it. */
        private static void printDuplicates(PrintStream out, String source, List<MatchIndexStore.DuplicateRate> rates) {
            out.println();
            if (rates.isEmpty()) {
                out.printf("Duplicates: no dedupe rule has read %s yet. Run `middlemile dedupe NAME` with a rule whose sources"
                        + " include it, and the next report shows its duplicate rate.%n", source);
                return;
            }
            for (MatchIndexStore.DuplicateRate rate : rates) {
                out.printf("Duplicates (dedupe/%s.yaml, run %s): %,d of %,d records (%.1f %%) would merge into another record of %s%n",
                        rate.rule(), QualityTrend.TIME.format(rate.builtAt()), rate.duplicates(), rate.records(), 100 * rate.rate(),
                        source);
            }
        }
    }
}
