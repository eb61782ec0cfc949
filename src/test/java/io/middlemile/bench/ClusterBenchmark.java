package io.middlemile.bench;

import io.middlemile.sandbox.hubspot.EmulatorSettings;
import io.middlemile.sandbox.hubspot.HubSpotEmulator;
import io.middlemile.testing.ChildProcess;
import io.middlemile.testing.TestDatabase;
import io.middlemile.testing.TestWorkspaces;
import org.springframework.jdbc.core.JdbcTemplate;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Issue #20's benchmark: 20 jobs over {@value #PORTALS} HubSpot connections (one HubSpot emulator each, with HubSpot's
 * own limits: 5 searches a second, 190 requests per 10 s), run by a cluster of `middlemile run` nodes (child JVMs)
 * on one PostgreSQL, first by one node, then by three (and, for comparison, first by one engine outside a cluster). Each job reads its portal's contacts from the start (search,
 * 200 a page) and writes them to a CSV file of its own, so the portals' search budgets are the only binding limit.
 * Prints per scenario: records/s (and against one node), 429s (target 0), and per connection the search budget used
 * against its limit (target at least 0.9, never above 1.0) over the time its jobs were reading, plus the busiest
 * rolling second seen. Not a test. Arguments: contacts per portal (6,000), API latency in ms (40).
 *
 * <p>The ceiling is {@value #PORTALS} portals × 5 searches/s × 199 new records a page (the reader reads the newest
 * millisecond of a page again, so ties at a page boundary are never skipped).
 */
public final class ClusterBenchmark {

    private static final int PORTALS = 4;
    private static final int JOBS = 20;
    private static final int SEARCH_PER_SECOND = 5;
    private static final int BURST = 190;
    private static final Duration SAMPLE = Duration.ofMillis(100);

    /** One scenario's figures. */
    private record Figures(String name, double seconds, long records, long rateLimited, double[] searchUse, double[] peakSecond,
                           double[] generalUse) {
        double perSecond() {
            return records / seconds;
        }
    }

    public static void main(String[] args) throws Exception {
        int contacts = args.length > 0 ? Integer.parseInt(args[0]) : 6_000;
        int latency = args.length > 1 ? Integer.parseInt(args[1]) : 40;
        // every node's pool is sized to its jobs (two connections each): more sessions than one engine needs
        System.setProperty("middlemile.test-db.max-connections", "200");
        List<Figures> all = new ArrayList<>();
        // for comparison: one engine outside a cluster, its budgets counted in the process
        all.add(scenario("1 engine, no cluster", 1, false, contacts, latency));
        all.add(scenario("1 node", 1, true, contacts, latency));
        all.add(scenario("3 nodes", 3, true, contacts, latency));

        double one = all.get(1).perSecond();
        double ceiling = PORTALS * SEARCH_PER_SECOND * 199.0;
        System.out.println();
        System.out.printf("%d jobs over %d HubSpot connections (%,d contacts each, %d searches/s and %d requests/10 s each, %d ms latency);"
                + " ceiling %,.0f records/s%n", JOBS, PORTALS, contacts, SEARCH_PER_SECOND, BURST, latency, ceiling);
        System.out.println("| engines | records/s | against 1 node | against ceiling | 429s | search budget used per connection"
                + " (target >= 0.9) | busiest rolling second / limit (<= 1.0) | general budget used per connection |");
        System.out.println("|---|---|---|---|---|---|---|---|");
        for (Figures f : all) {
            System.out.printf("| %s | %,.0f | %.2f | %.2f | %d | %s | %s | %s |%n", f.name(), f.perSecond(), f.perSecond() / one,
                    f.perSecond() / ceiling, f.rateLimited(), list(f.searchUse()), list(f.peakSecond()), list(f.generalUse()));
        }
        System.exit(0);
    }

    private static Figures scenario(String name, int nodes, boolean clustered, int contacts, int latency) throws Exception {
        List<HubSpotEmulator> portals = new ArrayList<>();
        Path workspace = Files.createTempDirectory("middlemile-cluster-bench");
        List<Process> children = new ArrayList<>();
        try {
            Map<String, String> environment = new HashMap<>();
            for (int k = 0; k < PORTALS; k++) {
                String token = "pat-na1-cluster-bench-" + k;
                HubSpotEmulator portal = HubSpotEmulator.start(EmulatorSettings.defaults(token).withBurst(BURST, 10_000)
                        .withSearchPerSecond(SEARCH_PER_SECOND).withLatency(Duration.ofMillis(latency)), 0);
                seed(portal, k, contacts);
                portals.add(portal);
                environment.put("HUBSPOT_TOKEN_" + k, token);
            }
            prepare(workspace, portals);
            String database = TestDatabase.fresh();
            JdbcTemplate jdbc = TestDatabase.jdbc(database);
            environment.put("SPRING_DATASOURCE_URL", TestDatabase.url(database));
            environment.put("MIDDLEMILE_CLUSTER_ENABLED", String.valueOf(clustered));
            environment.put("MIDDLEMILE_CLUSTER_HEARTBEAT_SECONDS", "1");
            environment.put("MIDDLEMILE_CLUSTER_CHECKIN_SECONDS", "1");
            // the nodes together may run all the jobs at once: the connections' budgets, not the nodes' threads, are the limit
            environment.put("MIDDLEMILE_CLUSTER_THREADS", String.valueOf((JOBS + nodes - 1) / nodes));
            environment.put("SERVER_PORT", "0");

            long[] seedRequests = portals.stream().mapToLong(HubSpotEmulator::requestCount).toArray();
            for (int n = 0; n < nodes; n++) {
                children.add(ChildProcess.start(workspace.resolve("node-" + n + ".log"), environment, "run", "--workspace", workspace.toString()));
            }

            // samples every 100 ms: each portal's searches and other calls, and each job's records written so far
            List<long[]> searches = new ArrayList<>();
            List<long[]> calls = new ArrayList<>();
            List<Long> at = new ArrayList<>();
            long[] firstSearch = new long[PORTALS];
            long[] done = new long[PORTALS];
            java.util.Arrays.fill(firstSearch, -1);
            java.util.Arrays.fill(done, -1);
            long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(12);
            while (java.util.Arrays.stream(done).anyMatch(d -> d < 0)) {
                if (System.nanoTime() > deadline || children.stream().anyMatch(child -> !child.isAlive())) {
                    throw new IllegalStateException(name + ": the jobs did not finish (a node ended, or 12 minutes passed); logs in " + workspace);
                }
                Thread.sleep(SAMPLE.toMillis());
                long now = System.nanoTime();
                long[] s = new long[PORTALS];
                long[] c = new long[PORTALS];
                for (int k = 0; k < PORTALS; k++) {
                    s[k] = portals.get(k).requestCount("POST search");
                    c[k] = portals.get(k).requestCount() - seedRequests[k] - s[k];
                    if (firstSearch[k] < 0 && s[k] > 0) {
                        firstSearch[k] = now;
                    }
                }
                searches.add(s);
                calls.add(c);
                at.add(now);
                Map<String, Long> written = new HashMap<>();
                try {
                    jdbc.query("select job, coalesce(sum(written_count), 0) from job_runs group by job",
                            (java.sql.ResultSet rs) -> {
                                written.put(rs.getString(1), rs.getLong(2));
                            });
                } catch (org.springframework.jdbc.BadSqlGrammarException e) {
                    continue; // the first node has not created the state store's tables yet
                }
                for (int k = 0; k < PORTALS; k++) {
                    boolean all = true;
                    for (int j = k; j < JOBS; j += PORTALS) {
                        all &= written.getOrDefault(job(j), 0L) >= contacts;
                    }
                    if (done[k] < 0 && all) {
                        done[k] = now;
                    }
                }
            }

            long start = java.util.Arrays.stream(firstSearch).min().orElseThrow();
            long end = java.util.Arrays.stream(done).max().orElseThrow();
            double[] searchUse = new double[PORTALS];
            double[] peak = new double[PORTALS];
            double[] generalUse = new double[PORTALS];
            for (int k = 0; k < PORTALS; k++) {
                double busy = (done[k] - firstSearch[k]) / 1e9;
                searchUse[k] = (countAt(searches, at, done[k], k) - countAt(searches, at, firstSearch[k], k)) / (SEARCH_PER_SECOND * busy);
                generalUse[k] = (countAt(calls, at, done[k], k) - countAt(calls, at, firstSearch[k], k)) / (BURST / 10.0 * busy);
                peak[k] = busiestSecond(searches, at, k) / (double) SEARCH_PER_SECOND;
            }
            long rateLimited = portals.stream().mapToLong(HubSpotEmulator::rateLimitedCount).sum();
            System.out.printf("%s: %,d records in %.1f s; searches per portal %s; 429s %d by policy %s; logs in %s%n", name,
                    (long) JOBS * contacts, (end - start) / 1e9, portals.stream().map(p -> String.valueOf(p.requestCount("POST search"))).toList(),
                    rateLimited, portals.stream().map(HubSpotEmulator::rateLimitedByPolicy).toList(), workspace);
            return new Figures(name, (end - start) / 1e9, (long) JOBS * contacts, rateLimited, searchUse, peak, generalUse);
        } finally {
            for (Process child : children) {
                child.destroy();
            }
            for (Process child : children) {
                if (!child.waitFor(60, TimeUnit.SECONDS)) {
                    child.destroyForcibly();
                }
            }
            portals.forEach(HubSpotEmulator::stop);
        }
    }

    /** Contacts changed a millisecond apart, as organic CRM activity is (see SyncBenchmark). */
    private static void seed(HubSpotEmulator portal, int k, int contacts) {
        portal.clock().freezeAt(Instant.parse("2026-01-05T09:00:00Z"));
        for (int i = 0; i < contacts; i++) {
            portal.store().create("contacts", Map.of("email", "p" + k + "-contact" + i + "@example.com", "firstname", "First" + i,
                    "lastname", "Last" + i, "jobtitle", "Account Executive", "country", "United States"));
            portal.clock().advance(Duration.ofMillis(1));
        }
        portal.clock().resume();
    }

    /**
     * The bundled workspace with {@value #PORTALS} HubSpot connections ({@code hubspot-K}, at professional limits) and
     * {@value #JOBS} jobs ({@code export-J}, on {@code hubspot-(J mod PORTALS)}) each writing to its own CSV connection,
     * scheduled every 5 s; the bundled jobs are removed.
     */
    private static void prepare(Path workspace, List<HubSpotEmulator> portals) throws IOException {
        TestWorkspaces.copyBundled(workspace);
        try (var routes = Files.list(workspace.resolve("routes"))) {
            for (Path route : routes.toList()) {
                Files.delete(route);
            }
        }
        String hubspot = Files.readString(workspace.resolve("connectors/hubspot.yaml"));
        String hubspotMapping = Files.readString(workspace.resolve("mappings/hubspot-contacts.yaml"));
        String csv = Files.readString(workspace.resolve("connectors/clean-contacts.yaml"));
        String csvMapping = Files.readString(workspace.resolve("mappings/clean-contacts.yaml"));
        for (int k = 0; k < portals.size(); k++) {
            Files.writeString(workspace.resolve("connectors/hubspot-" + k + ".yaml"), hubspot
                    .replace("https://api.hubapi.com", portals.get(k).baseUrl())
                    .replace("${HUBSPOT_TOKEN}", "${HUBSPOT_TOKEN_" + k + "}")
                    + "limits:\n  tier: professional\n  searchPerSecond: " + SEARCH_PER_SECOND + "\n");
            Files.writeString(workspace.resolve("mappings/hubspot-" + k + "-contacts.yaml"),
                    hubspotMapping.replace("connector: hubspot\n", "connector: hubspot-" + k + "\n"));
        }
        StringBuilder routes = new StringBuilder();
        for (int j = 0; j < JOBS; j++) {
            String job = job(j);
            Files.writeString(workspace.resolve("connectors/" + job + ".yaml"), csv.replace("out/contacts-clean.csv", "out/" + job + ".csv"));
            Files.writeString(workspace.resolve("mappings/" + job + ".yaml"),
                    csvMapping.replace("connector: clean-contacts\n", "connector: " + job + "\n"));
            routes.append("- route:\n")
                    .append("    id: ").append(job).append('\n')
                    .append("    from:\n")
                    .append("      uri: hub-read:hubspot-").append(j % PORTALS).append("/contacts\n")
                    // Camel allows one consumer per endpoint URI: the jobs of a portal differ in a setting Quartz ignores
                    .append("      parameters: {pageSize: 200, delay: 5000, initialDelay: ").append(1000 + j).append("}\n")
                    .append("      steps:\n")
                    .append("        - to: hub-map:hubspot-").append(j % PORTALS).append("-contacts?direction=in\n")
                    .append("        - to: hub-map:").append(job).append("?direction=out\n")
                    .append("        - to: hub-write:").append(job).append("/contacts\n");
        }
        Files.writeString(workspace.resolve("routes/cluster-bench.camel.yaml"), routes.toString());
    }

    private static String job(int j) {
        return "export-" + j;
    }

    /** A portal's count at the last sample taken at or before {@code time}. */
    private static long countAt(List<long[]> samples, List<Long> at, long time, int portal) {
        long count = 0;
        for (int i = 0; i < at.size() && at.get(i) <= time; i++) {
            count = samples.get(i)[portal];
        }
        return count;
    }

    /** The most calls a portal answered within one second, as far as 100 ms samples tell. */
    private static long busiestSecond(List<long[]> samples, List<Long> at, int portal) {
        long most = 0;
        for (int i = 0; i < at.size(); i++) {
            for (int j = i + 1; j < at.size() && at.get(j) - at.get(i) <= 1_000_000_000L; j++) {
                most = Math.max(most, samples.get(j)[portal] - samples.get(i)[portal]);
            }
        }
        return most;
    }

    private static String list(double[] values) {
        StringBuilder out = new StringBuilder();
        for (double value : values) {
            out.append(out.isEmpty() ? "" : " ").append(String.format("%.2f", value));
        }
        return out.toString();
    }
}
