package io.middlemile.bench;

import io.middlemile.cli.EngineLauncher;
import io.middlemile.connector.Connector;
import io.middlemile.connector.Enricher;
import io.middlemile.connector.Providers;
import io.middlemile.enrich.EnrichStores;
import io.middlemile.enrich.Subject;
import io.middlemile.enrich.Tally;
import io.middlemile.enrich.Waterfall;
import io.middlemile.enrich.WaterfallRun;
import io.middlemile.govern.Governance;
import io.middlemile.govern.GovernedCalls;
import io.middlemile.sandbox.EmulatorServer;
import io.middlemile.sandbox.apollo.ApolloEmulator;
import io.middlemile.sandbox.apollo.ApolloEmulatorSettings;
import io.middlemile.sandbox.crustdata.CrustdataEmulator;
import io.middlemile.sandbox.crustdata.CrustdataEmulatorSettings;
import io.middlemile.sandbox.enrichment.EnrichmentWorld;
import io.middlemile.sandbox.enrichment.WorldPerson;
import io.middlemile.sandbox.fullenrich.FullEnrichEmulator;
import io.middlemile.sandbox.fullenrich.FullEnrichEmulatorSettings;
import io.middlemile.store.EnrichCacheStore;
import io.middlemile.store.EnrichSpendStore;
import io.middlemile.store.EnrichTicketStore;
import io.middlemile.store.JobRun;
import io.middlemile.store.RunStore;
import io.middlemile.testing.TestDatabase;
import io.middlemile.testing.TestWorkspaces;
import io.middlemile.workspace.AuthConfig;
import io.middlemile.workspace.ConnectorConfig;
import io.middlemile.workspace.EnrichConfig;
import io.middlemile.workspace.EnrichmentSettings;
import io.middlemile.workspace.ObjectConfig;
import org.springframework.context.ConfigurableApplicationContext;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * Enriches generated contacts through a three-provider waterfall against the Crustdata, FullEnrich and Apollo
 * emulators, with each vendor's documented rate limits multiplied by a stated factor, then runs again. Prints wall
 * time against the limit-bound minimum, credits (in the waterfall's currency) against the cheapest order for the
 * same hits (every combination of the groups' orders, run on the same contacts) and against what knowing in advance
 * who finds what would have cost, repeat purchases and the second run's cache hit rate. Not a test.
 *
 * <p>Arguments: contacts (10,000), rate-limit factor (40), page size (500: a job's pages; the pipeline refills at
 * each page's end).
 */
public final class EnrichBenchmark {

    private static final Map<String, Double> PRICES = Map.of("crustdata", 0.01, "fullenrich", 0.029, "apollo", 0.025);

    public static void main(String[] args) throws Exception {
        int contacts = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
        int factor = args.length > 1 ? Integer.parseInt(args[1]) : 40;
        int pageSize = args.length > 2 ? Integer.parseInt(args[2]) : 500;
        EnrichmentWorld world = world(contacts, new Random(7));
        int crustPerMinute = CrustdataEmulatorSettings.DEFAULT_REQUESTS_PER_MINUTE * factor;
        int fullPerMinute = FullEnrichEmulatorSettings.REQUESTS_PER_MINUTE * factor;
        int apolloPerMinute = 20 * factor;
        CrustdataEmulator crustdata = CrustdataEmulator.start(CrustdataEmulatorSettings.defaults("k").withWorld(world)
                .withCredits(1e9).withRequestsPerMinute(crustPerMinute), 0);
        FullEnrichEmulator fullenrich = FullEnrichEmulator.start(FullEnrichEmulatorSettings.defaults("k").withWorld(world)
                .withCredits(1e9).withRequestsPerMinute(fullPerMinute).withAsyncDelay(Duration.ofMillis(500)), 0);
        ApolloEmulator apollo = ApolloEmulator.start(ApolloEmulatorSettings.defaults("k", world).withCredits(1e9)
                .withLimits(apolloPerMinute, apolloPerMinute * 60, apolloPerMinute * 60 * 24).withPhoneDelay(Duration.ofMillis(500)), 0);
        Path workspace = Files.createTempDirectory("enrich-bench");
        TestWorkspaces.copyBundled(workspace);
        TestDatabase.fresh();
        try (ConfigurableApplicationContext engine = EngineLauncher.forCommand(workspace)) {
            Map<String, ConnectorConfig> configs = new LinkedHashMap<>();
            configs.put("crustdata", config("crustdata", crustdata.baseUrl(), crustPerMinute, List.of("email", "mobilePhone", "title", "seniority")));
            configs.put("fullenrich", config("fullenrich", fullenrich.apiUrl(), fullPerMinute, List.of("email", "mobilePhone")));
            configs.put("apollo", config("apollo", apollo.apiBaseUrl(), apolloPerMinute, List.of("email", "title", "seniority")));
            Map<String, Enricher> enrichers = new HashMap<>();
            List<Connector> opened = new ArrayList<>();
            configs.forEach((id, config) -> {
                Connector connector = Providers.CATALOG.provider(config.type()).orElseThrow().open(config, workspace, Map.of("KEY", "k"));
                opened.add(connector);
                enrichers.put(id, connector.capability(Enricher.class).orElseThrow());
            });
            Governance governance = engine.getBean(Governance.class);
            EnrichStores stores = new EnrichStores(engine.getBean(EnrichCacheStore.class), engine.getBean(EnrichTicketStore.class),
                    engine.getBean(EnrichSpendStore.class));
            Waterfall waterfall = Waterfall.of(waterfallConfig());
            List<Subject> subjects = subjects(world);
            System.out.printf(Locale.ROOT, "%,d contacts in pages of %d; vendor rate limits x%d: Crustdata %d/min, FullEnrich %d/min,"
                    + " Apollo %d/min%n", contacts, pageSize, factor, crustPerMinute, fullPerMinute, apolloPerMinute);

            long crustBefore = crustdata.requestCount();
            long fullBefore = fullenrich.requestCount();
            long apolloBefore = apollo.requestCount();
            long started = System.nanoTime();
            Tally first = run(engine, governance, stores, waterfall, enrichers, subjects, "bench-1", pageSize);
            double seconds = (System.nanoTime() - started) / 1e9;
            double minimum = Math.max(minutes(crustdata.requestCount() - crustBefore, crustPerMinute),
                    Math.max(minutes(fullenrich.requestCount() - fullBefore, fullPerMinute),
                            minutes(apollo.requestCount() - apolloBefore, apolloPerMinute))) * 60;
            System.out.printf(Locale.ROOT, "first run: %.1f s; requests: Crustdata %d, FullEnrich %d, Apollo %d;"
                            + " limit-bound minimum %.1f s; ratio %.2f%n", seconds, crustdata.requestCount() - crustBefore,
                    fullenrich.requestCount() - fullBefore, apollo.requestCount() - apolloBefore, minimum, minimum / seconds);
            first.byConnection().forEach((connection, c) -> System.out.printf(Locale.ROOT,
                    "  %-10s lookups %,6d hits %,6d misses %,6d skipped %,6d pending %,4d credits %,8.0f cost %8.2f%n",
                    connection, c.lookups, c.hits, c.misses, c.skippedTotal(), c.pending, c.credits, c.cost));
            List<EnrichSpendStore.Spend> ledger = engine.getBean(EnrichSpendStore.class).since(waterfall.id(), java.time.Instant.EPOCH);
            double cheapest = cheapest(world, ledger);
            double cheapestOrder = cheapestOrder(engine, governance, stores, world, subjects, workspace);
            System.out.printf(Locale.ROOT, "credits: spent %.2f; the cheapest order for the same hits %.2f, ratio %.3f;"
                            + " had we known who finds what (no waterfall can) %.2f, ratio %.3f%n", first.cost(), cheapestOrder,
                    first.cost() / cheapestOrder, cheapest, cheapest == 0 ? 0 : first.cost() / cheapest);
            // where the difference goes: base fees of matches that had none of the values asked for, and values bought
            // again from the next provider because the first one's verdict was below the stop rule
            double paidMisses = ledger.stream().filter(row -> row.found().isEmpty()).mapToDouble(EnrichSpendStore.Spend::cost).sum();
            Set<String> groupsFound = new HashSet<>();
            double boughtAgain = 0;
            for (EnrichSpendStore.Spend row : ledger) {
                if (!row.found().isEmpty() && !groupsFound.add(row.lookupKey() + "|" + row.group())) {
                    boughtAgain += row.cost();
                }
            }
            System.out.printf(Locale.ROOT, "  of which %.2f on lookups that found nothing asked for (vendors' base fees), %.2f on values"
                    + " bought again after a verdict below the stop rule%n", paidMisses, boughtAgain);

            Tally second = run(engine, governance, stores, waterfall, enrichers, subjects, "bench-2", pageSize);
            long cached = second.byConnection().values().stream().mapToLong(c -> c.cached).sum();
            long paid = second.byConnection().values().stream().mapToLong(c -> c.lookups).sum();
            List<EnrichSpendStore.Spend> after = engine.getBean(EnrichSpendStore.class).since(waterfall.id(), java.time.Instant.EPOCH);
            Set<String> seen = new HashSet<>();
            long repeats = after.stream().filter(s -> s.credits() > 0)
                    .filter(s -> !seen.add(s.connection() + "|" + s.lookupKey() + "|" + s.asked())).count();
            System.out.printf(Locale.ROOT, "second run: %,d cached, %,d paid lookups; cache hit rate %.3f; repeat purchases %d;"
                    + " credits %.2f%n", cached, paid, cached + paid == 0 ? 0 : (double) cached / (cached + paid), repeats, second.cost());
            opened.forEach(Connector::close);
        } finally {
            crustdata.stop();
            fullenrich.shutdown();
            apollo.stop();
        }
    }

    private static Tally run(ConfigurableApplicationContext engine, Governance governance, EnrichStores stores, Waterfall waterfall,
                             Map<String, Enricher> enrichers, List<Subject> subjects, String job, int pageSize) {
        JobRun run = engine.getBean(RunStore.class).start(job, "bench", "contacts", "bench");
        WaterfallRun waterfallRun = new WaterfallRun(waterfall, enrichers::get, stores, new GovernedCalls(governance, run), run.id(),
                job, Clock.systemUTC(), duration -> Thread.sleep(duration.toMillis()));
        for (int from = 0; from < subjects.size(); from += pageSize) {
            waterfallRun.enrich(subjects.subList(from, Math.min(subjects.size(), from + pageSize)));
        }
        return waterfallRun.tally();
    }

    private static double minutes(long requests, int perMinute) {
        return (double) requests / perMinute;
    }

    private static ConnectorConfig config(String type, String baseUrl, int perMinute, List<String> fields) {
        return config(type, type, baseUrl, perMinute, fields);
    }

    private static ConnectorConfig config(String id, String type, String baseUrl, int perMinute, List<String> fields) {
        AuthConfig auth = "apollo".equals(type) ? new AuthConfig("api-key", null, "${KEY}", null, null, null, null, null, null)
                : new AuthConfig("bearer-token", "${KEY}", null, null, null, null, null, null, null);
        return new ConnectorConfig(id, type, null, null, baseUrl, auth, Map.of("people", new ObjectConfig(null, null, fields)), null,
                null, null, new EnrichmentSettings(perMinute, 30, 1, null, null));
    }

    /** The groups' provider orders as written: cheapest provider per field group first, by the vendors' price lists. */
    private static final List<List<String>> LISTED = List.of(List.of("crustdata", "apollo", "fullenrich"),
            List.of("crustdata", "fullenrich"), List.of("crustdata", "apollo"));

    private static EnrichConfig waterfallConfig() {
        return waterfallConfig("bench", LISTED, "");
    }

    /** The benchmark's waterfall with these orders (work email, mobile phone, job), its connections named with a suffix. */
    private static EnrichConfig waterfallConfig(String id, List<List<String>> orders, String suffix) {
        List<EnrichConfig.Group> groups = List.of(
                new EnrichConfig.Group("work-email", List.of("email"), new EnrichConfig.StopWhen(List.of("DELIVERABLE", "verified"), 0.9),
                        steps(orders.get(0), suffix)),
                new EnrichConfig.Group("mobile-phone", List.of("mobilePhone"), null, steps(orders.get(1), suffix)),
                new EnrichConfig.Group("job", List.of("title", "seniority"), null, steps(orders.get(2), suffix)));
        Map<String, Double> prices = new HashMap<>();
        PRICES.forEach((vendor, price) -> prices.put(vendor + suffix, price));
        return new EnrichConfig(id, null, "person", groups, "listed", null, prices, null, null, new EnrichConfig.Pending(600));
    }

    private static List<EnrichConfig.Step> steps(List<String> connections, String suffix) {
        return connections.stream().map(c -> new EnrichConfig.Step(c + suffix, List.of())).toList();
    }

    /**
     * The cheapest order for the same contacts: every combination of the groups' provider orders run through the
     * waterfall, each against emulators of its own of the same world without rate limits (so the same hits at the
     * same prices). Returns the cheapest combination's cost and prints it.
     */
    private static double cheapestOrder(ConfigurableApplicationContext engine, Governance governance, EnrichStores stores,
                                        EnrichmentWorld world, List<Subject> subjects, Path workspace) {
        List<List<List<String>>> combinations = new ArrayList<>();
        for (List<String> email : io.middlemile.enrich.SpendReport.permutations(LISTED.get(0))) {
            for (List<String> phone : io.middlemile.enrich.SpendReport.permutations(LISTED.get(1))) {
                for (List<String> job : io.middlemile.enrich.SpendReport.permutations(LISTED.get(2))) {
                    combinations.add(List.of(email, phone, job));
                }
            }
        }
        // the combinations run side by side (each waits mostly on asynchronous answers, not on the CPU), each against
        // emulators of its own: FullEnrich does not charge a contact enriched again within three months
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(6);
        List<java.util.concurrent.Future<Double>> costs = new ArrayList<>();
        for (int i = 0; i < combinations.size(); i++) {
            int index = i;
            costs.add(pool.submit(() -> orderCost(engine, governance, stores, world, subjects, workspace, combinations.get(index), index)));
        }
        double best = Double.MAX_VALUE;
        List<List<String>> bestOrders = null;
        double listed = Double.NaN;
        try {
            for (int i = 0; i < combinations.size(); i++) {
                double cost = costs.get(i).get();
                if (combinations.get(i).equals(LISTED)) {
                    listed = cost;
                }
                if (cost < best) {
                    best = cost;
                    bestOrders = combinations.get(i);
                }
            }
        } catch (InterruptedException | java.util.concurrent.ExecutionException e) {
            throw new IllegalStateException("an order's run failed", e);
        } finally {
            pool.shutdownNow();
        }
        System.out.printf(Locale.ROOT, "cheapest order of %d (each run on the same contacts): work-email %s, mobile-phone %s,"
                        + " job %s: %.2f; the order as written, run the same way: %.2f%n", combinations.size(),
                bestOrders.get(0), bestOrders.get(1), bestOrders.get(2), best, listed);
        return best;
    }

    /** One combination of orders run on the contacts against fresh emulators without rate limits; its cost. */
    private static double orderCost(ConfigurableApplicationContext engine, Governance governance, EnrichStores stores,
                                    EnrichmentWorld world, List<Subject> subjects, Path workspace, List<List<String>> orders, int index) {
        int unlimited = 1_000_000;
        CrustdataEmulator crustdata = CrustdataEmulator.start(CrustdataEmulatorSettings.defaults("k").withWorld(world)
                .withCredits(1e9).withRequestsPerMinute(unlimited), 0);
        FullEnrichEmulator fullenrich = FullEnrichEmulator.start(FullEnrichEmulatorSettings.defaults("k").withWorld(world)
                .withCredits(1e9).withRequestsPerMinute(unlimited).withAsyncDelay(Duration.ofMillis(50)), 0);
        ApolloEmulator apollo = ApolloEmulator.start(ApolloEmulatorSettings.defaults("k", world).withCredits(1e9)
                .withLimits(unlimited, unlimited, unlimited), 0);
        List<Connector> opened = new ArrayList<>();
        try {
            Map<String, String> urls = Map.of("crustdata", crustdata.baseUrl(), "fullenrich", fullenrich.apiUrl(), "apollo",
                    apollo.apiBaseUrl());
            Map<String, List<String>> fields = Map.of("crustdata", List.of("email", "mobilePhone", "title", "seniority"),
                    "fullenrich", List.of("email", "mobilePhone"), "apollo", List.of("email", "title", "seniority"));
            // connections named for the combination, so that no run reuses another's cache
            String suffix = "-order" + index;
            Map<String, Enricher> enrichers = new HashMap<>();
            for (String vendor : urls.keySet()) {
                ConnectorConfig config = config(vendor + suffix, vendor, urls.get(vendor), unlimited, fields.get(vendor));
                Connector connector = Providers.CATALOG.provider(vendor).orElseThrow().open(config, workspace, Map.of("KEY", "k"));
                opened.add(connector);
                enrichers.put(vendor + suffix, connector.capability(Enricher.class).orElseThrow());
            }
            Waterfall waterfall = Waterfall.of(waterfallConfig("bench-order" + index, orders, suffix));
            return run(engine, governance, stores, waterfall, enrichers, subjects, "bench-order-" + index, subjects.size()).cost();
        } finally {
            opened.forEach(Connector::close);
            crustdata.stop();
            fullenrich.shutdown();
            apollo.stop();
        }
    }

    /**
     * What each record's hits would have cost had we known who finds what: of every way to give each group's found
     * values to a provider that knows them all, the cheapest, a provider asked once for all the groups it is given
     * (one base fee per provider and record, as a waterfall that shares a lookup among groups pays).
     */
    private static double cheapest(EnrichmentWorld world, List<EnrichSpendStore.Spend> ledger) {
        Map<String, WorldPerson> byKey = new HashMap<>();
        for (WorldPerson person : world.people()) {
            byKey.put(io.middlemile.enrich.LookupKey.of(io.middlemile.model.Entity.PERSON, inputs(person)), person);
        }
        Map<String, Map<String, Set<String>>> found = new LinkedHashMap<>();
        for (EnrichSpendStore.Spend spend : ledger) {
            found.computeIfAbsent(spend.lookupKey(), k -> new LinkedHashMap<>())
                    .computeIfAbsent(spend.group(), k -> new LinkedHashSet<>()).addAll(spend.found());
        }
        double total = 0;
        for (Map.Entry<String, Map<String, Set<String>>> entry : found.entrySet()) {
            List<Set<String>> groups = entry.getValue().values().stream().filter(values -> !values.isEmpty()).toList();
            double best = cheapest(byKey.get(entry.getKey()), groups, 0, new HashMap<>());
            total += best == Double.MAX_VALUE ? 0 : best;
        }
        return total;
    }

    /** The cheapest way to buy groups {@code from..} given what {@code bought} already asks of each vendor. */
    private static double cheapest(WorldPerson person, List<Set<String>> groups, int from, Map<String, Set<String>> bought) {
        if (from == groups.size()) {
            return bought.entrySet().stream().mapToDouble(e -> price(e.getKey(), e.getValue()) * PRICES.get(e.getKey())).sum();
        }
        double best = Double.MAX_VALUE;
        for (String vendor : List.of("crustdata", "fullenrich", "apollo")) {
            Set<String> known = new HashSet<>();
            person.knownTo(vendor).forEach(column -> known.add(column.equals("workEmail") ? "email" : column));
            boolean reachable = !vendor.equals("crustdata") || person.linkedinUrl() != null;
            if (reachable && known.containsAll(groups.get(from))) {
                Map<String, Set<String>> more = new HashMap<>();
                bought.forEach((v, values) -> more.put(v, new HashSet<>(values)));
                more.computeIfAbsent(vendor, v -> new HashSet<>()).addAll(groups.get(from));
                best = Math.min(best, cheapest(person, groups, from + 1, more));
            }
        }
        return best;
    }

    /** The vendors' price lists for values found (the emulators charge the same). */
    private static double price(String vendor, Set<String> values) {
        boolean phone = values.contains("mobilePhone");
        return switch (vendor) {
            case "crustdata" -> 1 + (values.contains("email") ? 1 : 0) + (phone ? 2 : 0);
            case "fullenrich" -> (values.contains("email") ? 1 : 0) + (phone ? 10 : 0);
            default -> 1 + (phone ? 8 : 0);
        };
    }

    private static Map<String, String> inputs(WorldPerson person) {
        Map<String, String> inputs = new LinkedHashMap<>();
        inputs.put("firstName", person.firstName());
        inputs.put("lastName", person.lastName());
        inputs.put("companyDomain", person.companyDomain());
        inputs.put("companyName", person.companyName());
        if (person.linkedinUrl() != null) {
            inputs.put("linkedinUrl", person.linkedinUrl());
        }
        return inputs;
    }

    private static List<Subject> subjects(EnrichmentWorld world) {
        List<Subject> subjects = new ArrayList<>();
        int i = 0;
        for (WorldPerson person : world.people()) {
            Map<String, Object> values = new LinkedHashMap<>(inputs(person));
            values.put("country", "US");
            subjects.add(new Subject(String.valueOf(i++), values));
        }
        return subjects;
    }

    /** People with a seeded share known to each vendor; 60 % have a LinkedIn URL (Crustdata needs one, or an email). */
    static EnrichmentWorld world(int count, Random random) {
        List<WorldPerson> people = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String first = "First" + i;
            String last = "Last" + i;
            String domain = "company" + (i % 2_000) + ".com";
            Map<String, Set<String>> knownBy = new HashMap<>();
            knownBy.put("crustdata", pick(random, 0.40, "workEmail", 0.20, "mobilePhone", 0.70, "title", 0.70, "seniority"));
            knownBy.put("fullenrich", pick(random, 0.65, "workEmail", 0.35, "mobilePhone"));
            knownBy.put("apollo", pick(random, 0.55, "workEmail", 0.60, "title", 0.60, "seniority"));
            people.add(new WorldPerson(random.nextDouble() < 0.6 ? "https://www.linkedin.com/in/first" + i + "-last" + i : null, first, last,
                    domain, "Company " + (i % 2_000), (first + "." + last + "@" + domain).toLowerCase(Locale.ROOT),
                    random.nextDouble() < 0.85 ? "DELIVERABLE" : "HIGH_PROBABILITY", String.format("+1555%07d", i), "Engineer",
                    "individual-contributor", knownBy));
        }
        return new EnrichmentWorld(people, List.of());
    }

    private static Set<String> pick(Random random, Object... shareAndColumn) {
        Set<String> columns = new LinkedHashSet<>();
        for (int i = 0; i < shareAndColumn.length; i += 2) {
            if (random.nextDouble() < (double) shareAndColumn[i]) {
                columns.add((String) shareAndColumn[i + 1]);
            }
        }
        return columns;
    }
}
