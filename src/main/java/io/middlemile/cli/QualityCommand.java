package io.middlemile.cli;

import io.middlemile.connector.ChangeSource;
import io.middlemile.connector.Connector;
import io.middlemile.connector.ConnectorFactory;
import io.middlemile.connector.Cursor;
import io.middlemile.connector.Providers;
import io.middlemile.connector.SourcePage;
import io.middlemile.connector.SourceRecord;
import io.middlemile.mapping.Transforms;
import io.middlemile.quality.FieldQuality;
import io.middlemile.quality.Finding;
import io.middlemile.quality.HygieneCheck;
import io.middlemile.quality.HygieneFile;
import io.middlemile.quality.Inspected;
import io.middlemile.quality.QualityMetrics;
import io.middlemile.quality.QualitySnapshot;
import io.middlemile.quality.Severity;
import io.middlemile.model.Target;
import io.middlemile.store.MatchIndexStore;
import io.middlemile.store.QualityHistory;
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

        @Option(names = "--examples", defaultValue = "5", description = "findings shown per rule (default ${DEFAULT-VALUE})")
        int examples;

        @Mixin
        SinceOption since;

        @Override
        public Integer call() {
            Optional<Instant> from = since.start(System.err);
            if (from.isEmpty()) {
                return 2;
            }
            Path root = workspace.resolve();
            WorkspaceLoader.Result loaded = new WorkspaceLoader(System.getenv(), Transforms.CATALOG, Providers.CATALOG).load(root);
            if (!loaded.valid()) {
                ValidateCommand.validate(root, System.out, System.err);
                return 1;
            }
            Workspace ws = loaded.workspace();
            HygieneConfig config = ws.hygiene().get(name);
            if (config == null) {
                System.err.printf("There is no hygiene file \"%s\" in %s/hygiene. Files: %s%n", name, root, ws.hygiene().keySet());
                return 1;
            }
            Target source = Target.parse(config.source());
            String object = source.object();
            HygieneCheck check = new HygieneCheck(object, HygieneFile.rules(config), config.fields(), Instant.now());
            Map<String, List<Finding>> shown = new LinkedHashMap<>();
            try (Connector connector = new ConnectorFactory(ws).open(source.connection())) {
                ChangeSource reader = connector.capability(ChangeSource.class).orElseThrow(() -> new IllegalArgumentException(
                        "Connection " + source.connection() + " cannot be read from, so hygiene/" + name + ".yaml cannot check it"));
                Cursor cursor = Cursor.START;
                SourcePage page;
                do {
                    page = reader.readChanges(object, cursor, 1_000);
                    for (SourceRecord record : page.records()) {
                        Inspected inspected = new Inspected(object, record.ref().sourceId(), record.fields(),
                                text(config.ownerField() == null ? null : record.fields().get(config.ownerField())), record.modifiedAt());
                        check.inspect(inspected, finding -> {
                            List<Finding> kept = shown.computeIfAbsent(finding.rule(), rule -> new ArrayList<>());
                            if (kept.size() < examples) {
                                kept.add(finding);
                            }
                        });
                    }
                    cursor = page.next();
                } while (!page.last());
            }
            QualitySnapshot snapshot = check.snapshot();
            print(System.out, config, snapshot, shown);
            // the measurement is kept with the workspace version, so the trend says which change moved a number
            try (ConfigurableApplicationContext engine = EngineLauncher.forCommand(root)) {
                List<MatchIndexStore.DuplicateRate> duplicates = engine.getBean(MatchIndexStore.class)
                        .duplicateRates(source.connection(), object);
                printDuplicates(System.out, config.source(), duplicates);
                Map<String, Object> metrics = QualityTrend.metrics(snapshot);
                duplicates.forEach(rate -> metrics.put("duplicate rate:dedupe/" + rate.rule(), rate.rate()));
                QualityHistory history = engine.getBean(QualityHistory.class);
                history.save(name, config.source(), WorkspaceVersion.of(root), metrics);
                QualityTrend.print(System.out, history.since(name, from.get()), since.toString());
            }
            return 0;
        }


        private void print(PrintStream out, HygieneConfig config, QualitySnapshot snapshot, Map<String, List<Finding>> shown) {
            out.printf("Quality of %s (hygiene/%s.yaml): %,d records, %.1f %% without findings%n", config.source(), name,
                    snapshot.records(), 100 * snapshot.clean());
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

        private static String text(Object value) {
            return value == null || value.toString().isBlank() ? null : value.toString().strip();
        }
    }
}
