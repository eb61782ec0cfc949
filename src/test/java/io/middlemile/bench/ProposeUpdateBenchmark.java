package io.middlemile.bench;

import io.middlemile.cli.EngineLauncherAccess;
import io.middlemile.sandbox.hubspot.EmulatorSettings;
import io.middlemile.sandbox.hubspot.HubSpotEmulator;
import io.middlemile.store.JournalStore;
import io.middlemile.testing.TestDatabase;
import io.middlemile.testing.TestWorkspaces;
import org.springframework.context.ConfigurableApplicationContext;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The agent gateway's {@code propose_update} round trip against the HubSpot emulator, as an agent makes it over REST
 * ({@code POST /api/actions/propose_update}): the bundled policy lets {@code agent:hygiene-bot} change a contact's
 * country ({@code auto}), so every call reads the contact's current values from HubSpot, decides, journals the
 * before-image and the intent, writes through HubSpot's batch update and journals the result. One agent, one record a
 * call, paced under the connection's request budget (faster, the proposals queue for the budget and the wait is the figure);
 * prints p50/p90/p99/max and checks each write reached the emulator and the journal.
 *
 * <p>Run: {@code java -cp "target/classes:target/test-classes:$(cat target/cp.txt)" io.middlemile.bench.ProposeUpdateBenchmark
 * [calls] [per second]} (defaults 200 and 1.5).
 */
public final class ProposeUpdateBenchmark {

    private static final String TOKEN = "bench-hubspot-token";
    private static final String AGENT = "bench-agent-token";

    private ProposeUpdateBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int calls = args.length > 0 ? Integer.parseInt(args[0]) : 200;
        double perSecond = args.length > 1 ? Double.parseDouble(args[1]) : 1.5;
        Path workspace = TestWorkspaces.copyBundled(Files.createTempDirectory("propose-bench"));
        TestDatabase.fresh();
        HubSpotEmulator hubspot = HubSpotEmulator.start(EmulatorSettings.defaults(TOKEN).withBurst(190, 10_000), 0);
        List<Long> ids = new ArrayList<>();
        for (int i = 0; i < calls; i++) {
            String email = "agent" + i + "@bench.example.com";
            hubspot.store().create("contacts", Map.of("email", email, "firstname", "Agent", "lastname", "Bench" + i, "country",
                    "United States"));
            ids.add(hubspot.store().idOf("contacts", "email", email));
        }
        System.setProperty("MIDDLEMILE_API_TOKENS", "agent:hygiene-bot=" + AGENT);
        System.setProperty("server.port", "0");
        Map<String, Object> properties = new LinkedHashMap<>();
        properties.put("middlemile.sandbox.base-url.hubspot", hubspot.baseUrl());
        properties.put("middlemile.sandbox.env.HUBSPOT_TOKEN", TOKEN);
        try (ConfigurableApplicationContext engine = EngineLauncherAccess.serve(workspace, properties)) {
            String url = "http://localhost:" + engine.getEnvironment().getProperty("local.server.port") + "/api/actions/propose_update";
            HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
            long gap = (long) (1e9 / perSecond);
            List<Double> millis = new ArrayList<>();
            int failed = 0;
            long next = System.nanoTime();
            for (int i = 0; i < calls; i++) {
                String country = i % 2 == 0 ? "Canada" : "Mexico";
                String body = "{\"connection\": \"hubspot\", \"object\": \"contacts\", \"records\": [{\"key\": \"" + ids.get(i)
                        + "\", \"fields\": {\"country\": \"" + country + "\"}}], \"reason\": \"benchmark: country from the signup form\"}";
                long wait = next - System.nanoTime();
                if (wait > 0) {
                    Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
                }
                next += gap;
                long started = System.nanoTime();
                HttpResponse<String> answer = http.send(HttpRequest.newBuilder(URI.create(url)).header("Authorization", "Bearer " + AGENT)
                        .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                        HttpResponse.BodyHandlers.ofString());
                millis.add((System.nanoTime() - started) / 1e6);
                boolean written = answer.statusCode() == 200 && country.equals(hubspot.store().get("contacts", ids.get(i)).get("country"));
                if (!written) {
                    failed++;
                    if (failed <= 3) {
                        System.out.println("not written: HTTP " + answer.statusCode() + " " + answer.body());
                    }
                }
            }
            long journaled = engine.getBean(JournalStore.class).ofActor("agent:hygiene-bot", java.time.Instant.EPOCH).stream()
                    .filter(entry -> entry.action().equals("update")).count();
            Collections.sort(millis);
            Map<String, Long> byCall = new java.util.TreeMap<>();
            hubspot.requestLog().forEach(entry -> byCall.merge(entry.method() + " " + entry.target().replaceAll("\\?.*", "")
                    .replaceAll("/\\d+", "/{id}") + " " + entry.status(), 1L, Long::sum));
            System.out.println("HubSpot calls: " + byCall);
            System.out.printf(Locale.ROOT, "propose_update over REST, one contact a call, %d calls at %.1f/s against the HubSpot emulator:"
                            + " p50 %.1f ms, p90 %.1f ms, p99 %.1f ms, max %.1f ms; written to HubSpot %d, journaled updates %d, 429s %d;"
                            + " load average %.2f%n", calls, perSecond, at(millis, 0.50), at(millis, 0.90), at(millis, 0.99),
                    millis.get(millis.size() - 1), calls - failed, journaled,
                    hubspot.requestLog().stream().filter(entry -> entry.status() == 429).count(),
                    java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        } finally {
            hubspot.stop();
            System.clearProperty("MIDDLEMILE_API_TOKENS");
            System.clearProperty("server.port");
        }
        System.exit(0); // the engine's non-daemon threads (Camel's run controller) must not keep a finished benchmark alive
    }

    private static double at(List<Double> sorted, double quantile) {
        return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(quantile * sorted.size()) - 1));
    }
}
