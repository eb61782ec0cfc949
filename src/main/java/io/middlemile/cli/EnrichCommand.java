package io.middlemile.cli;

import io.middlemile.connector.Providers;
import io.middlemile.enrich.SpendReport;
import io.middlemile.mapping.Transforms;
import io.middlemile.store.EnrichSpendStore;
import io.middlemile.workspace.EnrichConfig;
import io.middlemile.workspace.WorkspaceLoader;
import org.springframework.context.ConfigurableApplicationContext;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;

/** {@code middlemile enrich report NAME}: what a waterfall found and spent, per provider, and the cheapest order. */
@Command(name = "enrich", description = "Enrichment waterfalls.", subcommands = EnrichCommand.Report.class)
class EnrichCommand {

    @Command(name = "report", description = "Per provider of a waterfall (enrich/NAME.yaml): lookups, hits, hit rate per field,"
            + " credits, cost per value found; and per group, which provider order would have been cheapest for the same hits."
            + " Reads the state store; calls nobody.")
    static class Report implements Callable<Integer> {

        @Mixin
        WorkspaceOption workspace;

        @Parameters(paramLabel = "NAME", description = "the waterfall: enrich/NAME.yaml")
        String name;

        @Mixin
        SinceOption since;

        @Override
        public Integer call() {
            Optional<Instant> from = since.start(System.err);
            if (from.isEmpty()) {
                return 2;
            }
            Path root = workspace.resolve();
            WorkspaceLoader.Result loaded = new WorkspaceLoader(Map.of(), Transforms.CATALOG, Providers.CATALOG).forJob(null).load(root);
            if (!loaded.valid()) {
                ValidateCommand.validate(root, System.out, System.err);
                return 1;
            }
            EnrichConfig config = loaded.workspace().enrich().get(name);
            if (config == null) {
                System.err.printf("There is no waterfall \"%s\" in %s/enrich. Waterfalls: %s%n", name, root, loaded.workspace().enrich().keySet());
                return 1;
            }
            try (ConfigurableApplicationContext engine = EngineLauncher.storeOnly(root, EnrichSpendStore.class)) {
                List<EnrichSpendStore.Spend> rows = engine.getBean(EnrichSpendStore.class).since(name, from.get());
                print(System.out, name, since.toString(), SpendReport.of(rows, config.providerOrders()), config.adaptive());
            }
            return 0;
        }

        static void print(PrintStream out, String name, String since, SpendReport report, boolean adaptive) {
            if (report.providers().isEmpty()) {
                out.printf("Waterfall %s made no paid lookups in the last %s. Run a job with hub-enrich:%s first.%n", name, since, name);
                return;
            }
            out.printf("Waterfall %s, last %s (answered lookups; cache hits cost nothing and are not listed)%n", name, since);
            out.printf("  %-12s %8s %6s %8s %9s %9s %12s%n", "provider", "lookups", "hits", "hit rate", "credits", "cost", "cost/found");
            report.providers().values().forEach(p -> out.printf("  %-12s %,8d %,6d %7.0f%% %9s %9s %12s%n", p.connection(), p.lookups(),
                    p.hits(), 100 * p.hitRate(), number(p.credits()), money(p.cost()),
                    Double.isNaN(p.costPerFound()) ? "-" : money(p.costPerFound())));
            out.println();
            out.println("Hit rate per field:");
            report.providers().values().forEach(p -> p.fields().forEach((field, counts) -> out.printf("  %-12s %-14s %5.0f%%  (%d of %d)%n",
                    p.connection(), field, 100 * p.hitRate(field), counts[1], counts[0])));
            out.println();
            out.println("Provider order per group (expected cost per record, from these hit rates and costs):");
            report.groups().values().forEach(g -> {
                out.printf("  %-14s as written: %s %s; spent %s a record%s%n", g.name(), String.join(" → ", g.listed()),
                        money4(g.listedCost()), money4(g.spentCost()), adaptive && g.listedCost() > 0
                                ? String.format(Locale.ROOT, " (order: adaptive saved %.0f%%)", 100 * (1 - g.spentCost() / g.listedCost()))
                                : "");
                if (!g.cheapest().equals(g.listed())) {
                    out.printf("  %-14s cheaper: %s %s (%.0f%% less); reorder enrich/%s.yaml or set order: adaptive%n", "",
                            String.join(" → ", g.cheapest()), money4(g.cheapestCost()),
                            g.listedCost() == 0 ? 0 : 100 * (1 - g.cheapestCost() / g.listedCost()), name);
                } else {
                    out.printf("  %-14s already the cheapest order%n", "");
                }
            });
        }

        private static String number(double value) {
            return value == Math.rint(value) ? String.format(Locale.ROOT, "%,d", (long) value) : String.format(Locale.ROOT, "%,.2f", value);
        }

        private static String money(double value) {
            return String.format(Locale.ROOT, "%,.2f", value);
        }

        private static String money4(double value) {
            return String.format(Locale.ROOT, "%.4f", value);
        }
    }
}
