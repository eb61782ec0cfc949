package io.middlemile.bench;

import io.middlemile.sandbox.hubspot.EmulatorSettings;
import io.middlemile.sandbox.hubspot.HubSpotEmulator;
import io.middlemile.sandbox.salesforce.SalesforceEmulator;
import io.middlemile.sandbox.salesforce.SalesforceEmulatorSettings;
import io.middlemile.testing.ChildProcess;
import io.middlemile.testing.SyncWorkspace;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * HubSpot-emulator → Salesforce-emulator contact sync through the whole engine (a child JVM running
 * `middlemile job run`), with network latency on both APIs and HubSpot's rate limits. Prints records/s,
 * API calls per record on each side, 429s, batch fill and the ratio of throughput to the rate-limit
 * ceiling; then a wave of deletions (up to 10,000 contacts archived in HubSpot) and the API calls per
 * archived record on each side. Not a test. Arguments: contacts (100,000), latency in ms (40).
 *
 * <p>The ceiling is the least of what each rate limit allows: HubSpot's search budget × 200 records
 * a search (5/s × 200 = 1,000 records/s), its burst budget × records per call, and Salesforce's.
 * Only the first binds here: the read uses only search, which HubSpot exempts from the burst limit,
 * and Salesforce limits calls per day, not per second (200 records a collection call). Two costs of
 * the engine's own are counted against it, not taken off the ceiling: the reader emits 199 of each
 * 200 records (it reads the newest millisecond again, so ties at a page boundary are never skipped)
 * and a search's place in HubSpot's rolling second is held until its answer is in (no 429s).
 */
public final class SyncBenchmark {

    private static final String TOKEN = "pat-na1-benchmark";

    /**
     * Archives {@code wave} of the synced contacts in HubSpot and syncs again: every deletion reaches Salesforce
     * as an archive, and the calls each side answered per archived record are printed (the sync reads the
     * recycle bin in pages, Salesforce's before-images in one query per batch and deletes 200 per call).
     */
    private static int deletionWave(HubSpotEmulator hubspot, SalesforceEmulator salesforce, Path workspace,
                                    Map<String, String> environment, int wave) throws Exception {
        hubspot.clock().advance(Duration.ofSeconds(1));
        for (int i = 0; i < wave; i++) {
            hubspot.store().archive("contacts", hubspot.store().idOf("contacts", "email", "contact" + i + "@example.com"));
        }
        long hubspotBefore = hubspot.requestCount();
        long salesforceBefore = salesforce.requestCount();
        ChildProcess.Result result = ChildProcess.run(workspace.resolve("deletes.log"), environment, 3_600,
                "job", "run", SyncWorkspace.JOB, "--workspace", workspace.toString());
        long hubspotCalls = hubspot.requestCount() - hubspotBefore;
        long salesforceCalls = salesforce.requestCount() - salesforceBefore;
        long archived = salesforce.store().all("Contact").stream().filter(c -> Boolean.TRUE.equals(c.get("IsDeleted"))).count();
        System.out.println();
        System.out.printf("| deletion wave: archived in HubSpot / archived in Salesforce by the sync | %,d / %,d |%n", wave, archived);
        System.out.printf("| archive calls per archived record: HubSpot (read) / Salesforce (before-image + delete) | %.4f / %.4f |%n",
                (double) hubspotCalls / wave, (double) salesforceCalls / wave);
        return result.exitCode();
    }

    public static void main(String[] args) throws Exception {
        int contacts = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        int latency = args.length > 1 ? Integer.parseInt(args[1]) : 40;
        int searchPerSecond = 5;
        HubSpotEmulator hubspot = HubSpotEmulator.start(EmulatorSettings.defaults(TOKEN).withBurst(190, 10_000)
                .withSearchPerSecond(searchPerSecond).withLatency(Duration.ofMillis(latency)), 0);
        SalesforceEmulator salesforce = SalesforceEmulator.start(SalesforceEmulatorSettings.defaults("bench", "bench-secret"), 0);
        Path workspace = Files.createTempDirectory("middlemile-sync-bench");
        try {
            // records changed a millisecond apart, as organic CRM activity is (a bulk import stamping thousands of
            // records with one millisecond costs the reader extra searches per page; see the closing note)
            hubspot.clock().freezeAt(java.time.Instant.parse("2026-01-05T09:00:00Z"));
            for (int i = 0; i < contacts; i++) {
                hubspot.store().create("contacts", Map.of("email", "contact" + i + "@example.com", "firstname", "First" + i,
                        "lastname", "Last" + i, "phone", "+1415555" + String.format("%04d", i % 10_000), "jobtitle", "Account Executive",
                        "country", "United States"));
                hubspot.clock().advance(Duration.ofMillis(1));
            }
            hubspot.clock().resume();
            long seedRequests = hubspot.requestCount();
            SyncWorkspace.prepare(workspace, hubspot.baseUrl(), salesforce.baseUrl(), 200);
            Map<String, String> environment = SyncWorkspace.environment(TOKEN, "bench", "bench-secret");
            long started = System.nanoTime();
            ChildProcess.Result result = ChildProcess.run(workspace.resolve("sync.log"), environment, 3_600,
                    "job", "run", SyncWorkspace.JOB, "--workspace", workspace.toString());
            double wall = (System.nanoTime() - started) / 1e9;
            Matcher run = Pattern.compile("SUCCEEDED in ([0-9.]+) s").matcher(result.output());
            double seconds = run.find() ? Double.parseDouble(run.group(1)) : wall;
            Set<Object> emails = new HashSet<>();
            int created = salesforce.store().all("Contact").size();
            salesforce.store().all("Contact").forEach(contact -> emails.add(contact.get("Email")));
            long hubspotCalls = hubspot.requestCount() - seedRequests;
            long searches = hubspot.requestCount("POST search");
            long sfCalls = salesforce.requestCount("GET query") + salesforce.requestCount("GET query more")
                    + salesforce.requestCount("POST composite/sobjects") + salesforce.requestCount("PATCH composite/sobjects");
            long sfWrites = salesforce.requestCount("POST composite/sobjects") + salesforce.requestCount("PATCH composite/sobjects");
            double perSecond = created / seconds;
            double ceiling = searchPerSecond * 200.0; // see the class comment: the search budget is the binding limit
            System.out.println(result.output().lines().filter(line -> line.startsWith("Job ") || line.startsWith("  ")).limit(8)
                    .reduce("", (a, b) -> a + b + "\n"));
            System.out.println("| figure | value |");
            System.out.println("|---|---|");
            System.out.printf("| contacts in HubSpot / in Salesforce after / distinct emails | %,d / %,d / %,d |%n", contacts, created, emails.size());
            System.out.printf("| run time (engine start excluded) / wall | %.1f s / %.1f s |%n", seconds, wall);
            System.out.printf("| records/s | %,.0f |%n", perSecond);
            System.out.printf("| HubSpot API calls per record (searches %,d of %,d calls) | %.4f |%n", searches, hubspotCalls,
                    (double) hubspotCalls / contacts);
            System.out.printf("| Salesforce API calls per record (%,d calls, %,d collection writes) | %.4f |%n", sfCalls, sfWrites,
                    (double) sfCalls / contacts);
            System.out.printf("| HubSpot 429 answers | %,d |%n", hubspot.rateLimitedCount());
            System.out.printf("| Salesforce write batch fill (records per collection call / 200) | %.1f %% |%n",
                    sfWrites == 0 ? 0 : 100.0 * created / sfWrites / 200);
            System.out.printf("| throughput / API ceiling (HubSpot allows %d searches/s x 200 records) | %.2f |%n", searchPerSecond,
                    perSecond / ceiling);
            int budget = io.middlemile.connector.hubspot.HubSpotSettings.defaults("http://unused").searchPerSecond();
            System.out.printf("| throughput / connector's search budget (%d searches/s x 200 records) | %.2f |%n", budget,
                    perSecond / (budget * 200.0));
            System.out.printf("| latency per API call | %d ms |%n", latency);
            if (result.exitCode() != 0) {
                System.exit(result.exitCode());
            }
            System.exit(deletionWave(hubspot, salesforce, workspace, environment, Math.min(contacts, 10_000)));
        } finally {
            hubspot.stop();
            salesforce.stop();
            SyncWorkspace.stopStore(workspace);
        }
    }
}
