package io.middlemile.web;

import java.util.Map;
import java.time.Instant;
import java.nio.charset.StandardCharsets;
import io.middlemile.store.EnrichTicketStore;
import io.middlemile.store.NodeStore;
import io.middlemile.cli.EngineLauncherAccess;
import io.middlemile.testing.Cli;
import io.middlemile.testing.TestDatabase;
import io.middlemile.testing.TestHubSpot;
import io.middlemile.testing.TestWorkspaces;
import org.apache.camel.CamelContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.context.ConfigurableApplicationContext;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The operator's REST API on the sample workspace: jobs and runs with their rejected records (paged), the
 * kill switch and a rollback after its preview, each recorded under the caller's token name; a read-only
 * token reads everything and acts on nothing; the OpenAPI description is served behind the token too. The Prometheus
 * scrape shows a run's records, the API calls of a connection whose provider answered 429 once, the quota it reports,
 * its Resilience4j guards and the policy's decisions.
 */
class OperatorApiTest {

    private static final String OPERATOR = "operator-token-for-the-api";
    private static final String READER = "dashboard-token-for-the-api";
    private static final String AGENT = "agent-token-for-the-hygiene-bot";

    @TempDir
    Path workspace;

    /** FullEnrich's key for the engine, as a rehearsal passes it: the webhook signature is checked with it. */
    private static final String FULLENRICH_KEY_PROPERTY = "middlemile.sandbox.env.FULLENRICH_API_KEY";
    private static final String FULLENRICH_KEY = "fullenrich-webhook-test-key";

    private static final String HUBSPOT_TOKEN = "operator-api-hubspot-sandbox-token";

    /** The sample portal of connectors/hubspot-sandbox.yaml, for a run that calls an API (the clean-up job). */
    @RegisterExtension
    final TestHubSpot hubspot = new TestHubSpot(HUBSPOT_TOKEN);

    private final HttpClient http = HttpClient.newHttpClient();
    private String base;

    @AfterEach
    void clearProperties() {
        System.clearProperty("MIDDLEMILE_API_TOKENS");
        System.clearProperty("MIDDLEMILE_API_READ_ONLY");
        System.clearProperty("server.port");
        System.clearProperty(FULLENRICH_KEY_PROPERTY);
    }

    @Test
    void readersReadOperatorsActAndTheStoreRecordsWho() throws Exception {
        TestWorkspaces.copyBundled(workspace);
        TestDatabase.fresh();
        Cli.Result imported = Cli.run("job", "run", "import-contacts", "--workspace", workspace.toString());
        assertThat(imported.exitCode()).as(imported.out() + imported.err()).isZero();
        String output = Files.readString(workspace.resolve("out/contacts-clean.csv"));
        Cli.Result enriched = Cli.run("job", "run", "enrich-contacts", "--sandbox", "--workspace", workspace.toString());
        assertThat(enriched.exitCode()).as(enriched.out() + enriched.err()).isZero();

        System.setProperty("MIDDLEMILE_API_TOKENS", "ana@revops=" + OPERATOR + ",dashboard=" + READER + ",agent:hygiene-bot=" + AGENT);
        System.setProperty("MIDDLEMILE_API_READ_ONLY", "dashboard");
        System.setProperty("server.port", "0");
        System.setProperty(FULLENRICH_KEY_PROPERTY, FULLENRICH_KEY);
        for (String object : List.of("companies", "contacts", "deals")) {
            hubspot.emulator().seedCsv(object, workspace.resolve("samples/hubspot/" + object + ".csv"));
        }
        Map<String, Object> portal = Map.of("middlemile.sandbox.base-url.hubspot-sandbox", hubspot.emulator().baseUrl(),
                "middlemile.sandbox.env.HUBSPOT_SANDBOX_TOKEN", HUBSPOT_TOKEN);
        try (ConfigurableApplicationContext engine = EngineLauncherAccess.serve(workspace, portal)) {
            base = "http://localhost:" + engine.getEnvironment().getProperty("local.server.port");

            assertThat(send("GET", "/api/jobs", null, null).statusCode()).isEqualTo(401);
            HttpResponse<String> jobs = send("GET", "/api/jobs", READER, null);
            assertThat(jobs.statusCode()).isEqualTo(200);
            assertThat(jobs.body()).contains("\"name\":\"import-contacts\"").contains("\"status\":\"succeeded\"")
                    .contains("\"rejected\":2").contains("\"pendingRetries\":2");
            long run = Long.parseLong(find(jobs.body(), "\"name\":\"import-contacts\",[^}]*?\"lastRun\":\\{\"id\":(\\d+)"));

            HttpResponse<String> first = send("GET", "/api/runs/" + run + "/records?outcome=rejected&limit=1", READER, null);
            HttpResponse<String> second = send("GET", "/api/runs/" + run + "/records?outcome=rejected&offset=1&limit=1", READER, null);
            assertThat(first.body()).contains("samples/contacts.csv:28").contains("expected 10 columns").doesNotContain("contacts.csv:29");
            assertThat(second.body()).contains("samples/contacts.csv:29").contains("bad quoting");
            assertThat(send("GET", "/api/runs/" + run + "/records?outcome=lost", READER, null).body())
                    .contains("outcome=lost is not a record outcome; use written, skipped or rejected");
            // "retry failed": both pending rows are unreadable CSV, so nothing runs and the answer says how to fix them
            assertThat(send("POST", "/api/jobs/import-contacts/retry-failed", READER, null).statusCode()).isEqualTo(403);
            HttpResponse<String> retry = send("POST", "/api/jobs/import-contacts/retry-failed", OPERATOR, null);
            assertThat(retry.statusCode()).as(retry.body()).isEqualTo(200);
            assertThat(retry.body()).contains("\"status\":\"NOTHING_TO_RETRY\"").contains("\"pending\":2,\"unreadable\":2")
                    .contains("Fix them at the source, then run the job again")
                    .contains("{\"sourceId\":\"1026\",\"location\":\"samples/contacts.csv:28\",\"reason\":\"expected 10 columns")
                    .contains("{\"sourceId\":\"line-29\",\"location\":\"samples/contacts.csv:29\"");
            assertThat(send("POST", "/api/jobs/clean-hubspot-contacts/retry-failed", OPERATOR, null).body())
                    .contains("has no failed records waiting to be retried");
            // what ran lately across jobs, newest first, by status and since when (the engine's own timers may add runs meanwhile)
            String recent = send("GET", "/api/runs?since=PT1H", READER, null).body();
            assertThat(recent).contains("\"job\":\"import-contacts\"").contains("\"job\":\"enrich-contacts\"");
            List<Long> ids = java.util.regex.Pattern.compile("\\{\"id\":(\\d+)").matcher(recent).results()
                    .map(m -> Long.parseLong(m.group(1))).toList();
            assertThat(ids).as("newest first").isSortedAccordingTo(java.util.Comparator.reverseOrder());
            assertThat(send("GET", "/api/runs?status=succeeded", READER, null).body()).contains("\"job\":\"import-contacts\"")
                    .doesNotContain("\"status\":\"failed\"").doesNotContain("\"status\":\"running\"");
            assertThat(send("GET", "/api/runs?limit=1", READER, null).body()).containsOnlyOnce("\"id\":");
            // a size or an offset out of range, or a parameter the endpoint does not take, is refused with what it takes,
            // not answered as if it had been something else (limit=-5 answered one run; ?stauts= every run)
            Map<String, String> refused = Map.of(
                    "/api/runs?limit=-5", "limit=-5 is out of range: give 1 to 500",
                    "/api/jobs/import-contacts/runs?limit=501", "limit=501 is out of range: give 1 to 500",
                    "/api/runs/" + run + "/records?offset=-1", "offset=-1 is out of range: give 0 (the first item) or more",
                    "/api/runs?stauts=failed", "GET /api/runs does not take the query parameter 'stauts'; it takes status, since,"
                            + " limit (the API's paths and parameters: GET /api/openapi).",
                    "/api/enrich/contacts/report?since=P7D&x", "GET /api/enrich/contacts/report does not take the query parameters"
                            + " 'since', 'x'; it takes days",
                    "/api/jobs?page=2", "GET /api/jobs does not take the query parameter 'page'; it takes none",
                    // a duration or time out of what the store holds (271760 BC was the database's 500), or a negative one
                    // (a time to come, answered with nothing), is refused with the range
                    "/api/runs?since=P99999999D", "since=P99999999D is out of range: give a duration back from now from PT0S to"
                            + " P36500D (PT1H for the last hour, P1D for the last day) or a time from 1970-01-01T00:00:00Z to"
                            + " 9999-12-31T23:59:59Z",
                    "/api/runs?since=PT999999999999H", "since=PT999999999999H is out of range: give a duration back from now",
                    "/api/runs?since=P-1D", "since=P-1D is out of range: give a duration back from now from PT0S to P36500D",
                    "/api/runs?since=%2B275760-09-13T00:00:00Z", "since=+275760-09-13T00:00:00Z is out of range");
            for (Map.Entry<String, String> request : refused.entrySet()) {
                HttpResponse<String> answer = send("GET", request.getKey(), READER, null);
                assertThat(answer.statusCode()).as(request.getKey()).isEqualTo(400);
                assertThat(answer.body()).as(request.getKey()).startsWith("{\"error\":\"" + request.getValue());
            }
            assertThat(send("GET", "/api/runs?%73tatus=succeeded&limit=2", READER, null).statusCode()).as("an escaped name").isEqualTo(200);
            assertThat(send("GET", "/api/runs?since=2999-01-01T00:00:00Z", READER, null).body()).isEqualTo("[]");
            HttpResponse<String> lost = send("GET", "/api/runs?status=lost", READER, null);
            assertThat(lost.statusCode()).isEqualTo(400);
            assertThat(lost.body()).contains("status=lost is not a run status; use running, succeeded, failed, paused, halted, planned");
            assertThat(send("GET", "/api/runs?since=yesterday", READER, null).body()).contains("since=yesterday is neither a time");
            assertThat(send("GET", "/api/runs", null, null).statusCode()).isEqualTo(401);
            HttpResponse<String> unknownJob = send("GET", "/api/jobs/no-such-job/runs", READER, null);
            assertThat(unknownJob.statusCode()).isEqualTo(404);
            assertThat(unknownJob.body()).contains("There is no job no-such-job").contains("import-contacts");

            // the kill switch: a reader may look, not touch; an operator must say why
            HttpResponse<String> readerTurnsOn = send("PUT", "/api/kill-switch", READER, "{\"on\":true,\"reason\":\"test\"}");
            assertThat(readerTurnsOn.statusCode()).isEqualTo(403);
            assertThat(readerTurnsOn.body()).contains("This token is read-only (MIDDLEMILE_API_READ_ONLY)");
            assertThat(send("PUT", "/api/kill-switch", OPERATOR, "{\"on\":true}").body()).contains("reason\\\" is required to turn the kill switch on");
            // a body's field misspelt or of the wrong kind: said in the field's words, and the switch stays as it was
            HttpResponse<String> misspelt = send("PUT", "/api/kill-switch", OPERATOR, "{\"on\":true,\"reasn\":\"bad deploy\"}");
            assertThat(misspelt.statusCode()).isEqualTo(400);
            assertThat(misspelt.body()).isEqualTo("{\"error\":\"\\\"reasn\\\" is not a field of this endpoint's body; it takes"
                    + " \\\"on\\\", \\\"reason\\\"\"}");
            assertThat(send("PUT", "/api/kill-switch", OPERATOR, "{\"on\":\"yes\",\"reason\":\"x\"}").body())
                    .isEqualTo("{\"error\":\"\\\"on\\\" must be true or false; got \\\"yes\\\"\"}");
            assertThat(send("GET", "/api/kill-switch", READER, null).body()).contains("\"on\":false");
            HttpResponse<String> on = send("PUT", "/api/kill-switch", OPERATOR, "{\"on\":true,\"reason\":\"bad mapping deployed\"}");
            assertThat(on.body()).contains("\"on\":true").contains("\"setBy\":\"ana@revops\"").contains("bad mapping deployed")
                    .contains("\"changed\":true").contains("\"message\":\"Kill switch on, set by ana@revops: every write");
            assertThat(send("GET", "/api/kill-switch", READER, null).body()).contains("\"on\":true");
            // a second "on" (another operator, a retry) keeps when, by whom and why writes stopped, and says nothing changed
            assertThat(send("PUT", "/api/kill-switch", OPERATOR, "{\"on\":true,\"reason\":\"still looking\"}").body())
                    .contains("bad mapping deployed").doesNotContain("still looking").contains("\"changed\":false")
                    .contains("\"message\":\"The kill switch was on already; nothing changed (your reason was not recorded");
            assertThat(send("PUT", "/api/kill-switch", OPERATOR, "{\"on\":false}").body()).contains("\"on\":false")
                    .contains("\"changed\":true").contains("writes are allowed again");
            assertThat(send("PUT", "/api/kill-switch", OPERATOR, "{\"on\":false}").body()).contains("\"changed\":false")
                    .contains("The kill switch was off already; nothing changed.");
            // the agents' own switch says the same
            assertThat(send("PUT", "/api/kill-switch/agents", OPERATOR, "{\"on\":true,\"reason\":\"agent loops\"}").body())
                    .contains("\"on\":true").contains("\"changed\":true").contains("Agents' kill switch on, set by ana@revops");
            assertThat(send("PUT", "/api/kill-switch/agents", OPERATOR, "{\"on\":true,\"reason\":\"again\"}").body())
                    .contains("agent loops").doesNotContain("again\"").contains("\"changed\":false")
                    .contains("The agents' kill switch was on already; nothing changed");
            assertThat(send("PUT", "/api/kill-switch/agents", OPERATOR, "{\"on\":false}").body()).contains("\"on\":false")
                    .contains("\"changed\":true");

            // a run id that names no run: neither previewed nor rolled back (no rollback run of nothing is recorded)
            HttpResponse<String> noSuchRun = send("POST", "/api/runs/" + (run + 1000) + "/rollback?plan=false", OPERATOR, null);
            assertThat(noSuchRun.statusCode()).as(noSuchRun.body()).isEqualTo(404);
            assertThat(noSuchRun.body()).contains("There is no run " + (run + 1000));
            assertThat(send("POST", "/api/runs/" + (run + 1000) + "/rollback", OPERATOR, null).statusCode()).isEqualTo(404);
            // a rollback: the preview first, then the rollback, recorded under the operator's name
            assertThat(send("POST", "/api/runs/" + run + "/rollback", READER, null).statusCode()).isEqualTo(403);
            // what the run parked for review, a send nobody decided and a lookup approved that no run made yet: the preview
            // lists both as the CLI's does, and the rollback withdraws them
            io.middlemile.store.ReviewStore reviews = engine.getBean(io.middlemile.store.ReviewStore.class);
            long parkedSend = reviews.park(new io.middlemile.store.ReviewItem(0, run, "import-contacts", "instantly", "leads", "1001",
                    "send", null, Map.of("send", "email", "to", "1001"), "policy.default review",
                    io.middlemile.store.ReviewItem.Status.PENDING, null, null, null, null, null), Duration.ofDays(1));
            long approvedLookup = reviews.park(new io.middlemile.store.ReviewItem(0, run, "import-contacts", "fullenrich", "people",
                    "1002", "spend", null, Map.of("fields", List.of("phone"), "maxCredits", 10), "policy.default review",
                    io.middlemile.store.ReviewItem.Status.PENDING, null, null, null, null, null), Duration.ofDays(1));
            assertThat(reviews.decide(approvedLookup, io.middlemile.store.ReviewItem.Status.APPROVED, "ana@revops", null, null)).isTrue();
            HttpResponse<String> preview = send("POST", "/api/runs/" + run + "/rollback?plan=true", OPERATOR, null);
            assertThat(preview.statusCode()).isEqualTo(200);
            assertThat(preview.body()).startsWith("{\"run\":" + run + ",\"steps\":[{").contains("\"action\"")
                    .contains("\"withdrawing\":\"It would withdraw 2 reviews (1 pending, 1 approved, not made yet) of run " + run
                            + " (nothing of them is made; approving one later is refused, and no run makes an approved one)\"")
                    .containsPattern("\\{\"review\":" + parkedSend + ",\"action\":\"send\",\"connection\":\"instantly\","
                            + "\"object\":\"leads\",\"recordKey\":\"1001\",\"values\":\"\\[(send, to|to, send)]\",\"state\":\"pending\"}")
                    .contains("{\"review\":" + approvedLookup + ",\"action\":\"spend\",\"connection\":\"fullenrich\","
                            + "\"object\":\"people\",\"recordKey\":\"1002\",\"values\":\"[phone] for up to 10 credits\","
                            + "\"state\":\"approved by ana@revops, not made yet\"}");
            assertThat(reviews.find(parkedSend).orElseThrow().status()).as("a preview withdraws nothing")
                    .isEqualTo(io.middlemile.store.ReviewItem.Status.PENDING);
            assertThat(Files.readString(workspace.resolve("out/contacts-clean.csv"))).as("a preview writes nothing").isEqualTo(output);
            HttpResponse<String> rollback = send("POST", "/api/runs/" + run + "/rollback?plan=false", OPERATOR, null);
            assertThat(rollback.statusCode()).as(rollback.body()).isEqualTo(200);
            long rollbackRun = Long.parseLong(find(rollback.body(), "\"runId\":(\\d+)"));
            assertThat(rollback.body()).contains("2 reviews (1 pending, 1 approved, not made yet) of run " + run + " withdrawn: #"
                    + parkedSend + ", #" + approvedLookup);
            assertThat(send("GET", "/api/runs/" + rollbackRun + "/journal", READER, null).body())
                    .contains("via rollback of run " + run + " by ana@revops");
            // the same rollback again (a retry, a second operator): nothing is left to undo, so nothing is recorded
            HttpResponse<String> again = send("POST", "/api/runs/" + run + "/rollback?plan=false", OPERATOR, null);
            assertThat(again.statusCode()).as(again.body()).isEqualTo(409);
            assertThat(again.body()).contains("Run " + run + " was rolled back by run " + rollbackRun)
                    .contains("nothing of it is left to undo");

            // enrichment spend, as `enrich report` prints it
            assertThat(send("GET", "/api/enrich", READER, null).body()).isEqualTo("[\"contacts\"]");
            HttpResponse<String> spend = send("GET", "/api/enrich/contacts/report?days=7", READER, null);
            assertThat(spend.statusCode()).isEqualTo(200);
            assertThat(spend.body()).contains("\"connection\":\"fullenrich\",\"lookups\":26,\"hits\":13,\"credits\":130.0")
                    .contains("\"name\":\"mobile-phone\",\"listed\":[\"fullenrich\",\"apollo\"]");
            assertThat(send("GET", "/api/enrich/nothing/report", READER, null).statusCode()).isEqualTo(404);
            // a 404 says what is missing and where to look, as JSON, not an empty body or Spring's bare error page
            Map<String, String> missing = Map.of("/api/enrich/nothing/report", "no waterfall nothing; waterfalls: [contacts]",
                    "/api/runs/999999", "There is no run 999999",
                    "/api/runs/999999/records", "There is no run 999999",
                    "/api/runs/999999/journal", "There is no run 999999",
                    "/api/runs/999999/progress", "There is no run 999999",
                    "/api/dedupe/runs/999999/clusters", "There is no dedupe run 999999; GET /api/dedupe/runs lists",
                    "/api/reviews/999999", "There is no review item #999999; GET /api/reviews lists");
            for (Map.Entry<String, String> path : missing.entrySet()) {
                HttpResponse<String> answer = send("GET", path.getKey(), READER, null);
                assertThat(answer.statusCode()).as(path.getKey()).isEqualTo(404);
                assertThat(answer.body()).as(path.getKey()).startsWith("{\"error\":\"" + path.getValue());
            }
            assertThat(send("GET", "/api/enrich/contacts/report?days=0", READER, null).statusCode()).isEqualTo(400);
            // a typo in the path, a method the path does not take, a body not sent: what and where, not Spring's bare words
            HttpResponse<String> typo = send("GET", "/api/run/1", READER, null);
            assertThat(typo.statusCode()).isEqualTo(404);
            assertThat(typo.body()).contains("\"error\":\"There is nothing at GET /api/run/1; the API's paths and methods are"
                    + " listed at GET /api/openapi.\"");
            HttpResponse<String> wrongMethod = send("DELETE", "/api/runs/" + run, OPERATOR, null);
            assertThat(wrongMethod.statusCode()).isEqualTo(405);
            assertThat(wrongMethod.headers().firstValue("Allow")).hasValue("GET");
            assertThat(wrongMethod.body()).contains("\"error\":\"/api/runs/" + run + " does not take DELETE; it takes GET (the"
                    + " API's paths and methods: GET /api/openapi).\"");
            HttpResponse<String> noBody = send("PUT", "/api/kill-switch", OPERATOR, null);
            assertThat(noBody.statusCode()).isEqualTo(400);
            assertThat(noBody.body()).isEqualTo("{\"error\":\"This endpoint takes a JSON body with Content-Type: application/json;"
                    + " none was sent.\"}");

            // FullEnrich's answer to a pending submission: signed, it is kept for the waterfall; forged, refused
            EnrichTicketStore tickets = engine.getBean(EnrichTicketStore.class);
            long ticket = tickets.save("fullenrich", "person", "enr-77", Map.of("1001", Map.of("lookupKey", "name:liz|o'brien|x.com")),
                    "", Instant.now().plusSeconds(3600), null, "enrich-contacts", "contacts");
            String body = "{\"id\":\"enr-77\",\"name\":\"middlemile\",\"status\":\"FINISHED\",\"data\":[]}";
            HttpResponse<String> forged = post("/webhooks/fullenrich/fullenrich", body, sign("another-workspace-key", body));
            assertThat(forged.statusCode()).isEqualTo(401);
            assertThat(tickets.get(ticket).orElseThrow().delivered()).isNull();
            HttpResponse<String> signed = post("/webhooks/fullenrich/fullenrich", body, sign(FULLENRICH_KEY, body));
            assertThat(signed.statusCode()).as(signed.body()).isEqualTo(200);
            assertThat(new String(tickets.get(ticket).orElseThrow().delivered(), StandardCharsets.UTF_8)).isEqualTo(body);
            assertThat(post("/webhooks/fullenrich/fullenrich", body.replace("FINISHED", "FINISHED "), sign(FULLENRICH_KEY, body))
                    .statusCode()).as("the same signature on an altered body").isEqualTo(401);

            // observability: health and the Prometheus scrape, behind the tokens like the API
            assertThat(send("GET", "/actuator/health", null, null).statusCode()).isEqualTo(401);
            HttpResponse<String> health = send("GET", "/actuator/health", READER, null);
            assertThat(health.body()).contains("\"db\":{\"status\":\"UP\"").contains("\"killSwitch\":{\"status\":\"UP\",\"details\":{\"on\":false")
                    .contains("\"legacy-crm-export\":{\"status\":\"UP\"");
            // an API connection without its secrets is FAILING and says which are missing, and the engine stays UP
            assertThat(send("GET", "/actuator/health/connections/hubspot", READER, null).body()).contains("\"status\":\"FAILING\"")
                    .contains("HUBSPOT_TOKEN");
            assertThat(health.body()).startsWith("{\"status\":\"UP\"");
            HttpResponse<String> ran = send("POST", "/api/jobs/import-contacts/run", OPERATOR, null);
            assertThat(ran.statusCode()).as(ran.body()).isLessThan(300);
            String scrape = "";
            for (int i = 0; i < 100 && !scrape.contains("middlemile_runs_seconds_count{job=\"import-contacts\""); i++) {
                Thread.sleep(100);
                scrape = send("GET", "/actuator/prometheus", READER, null).body();
            }
            // the runs in this engine (its schedule's first and the one asked for), each reading the export's 28 records
            double runs = 0;
            double read = -1;
            for (int i = 0; i < 50 && read != 28 * runs; i++) { // a run that counted its page but has not finished yet
                Thread.sleep(100);
                scrape = send("GET", "/actuator/prometheus", READER, null).body();
                runs = Double.parseDouble(find(scrape, "middlemile_runs_seconds_count\\{job=\"import-contacts\",status=\"succeeded\"} ([\\d.]+)"));
                read = Double.parseDouble(find(scrape, "middlemile_records_total\\{job=\"import-contacts\",outcome=\"read\"} ([\\d.E]+)"));
            }
            assertThat(runs).isGreaterThanOrEqualTo(1);
            assertThat(read).isEqualTo(28 * runs);
            // and the store's figures, whichever process made them
            assertThat(scrape).containsPattern("middlemile_retries_pending\\{job=\"import-contacts\"} 2")
                    .contains("middlemile_enrich_credits_total{connection=\"fullenrich\"} 130.0")
                    .contains("middlemile_reviews_pending ");

            // a run that calls an API whose provider answers 429 once: the calls by status class, the quota HubSpot
            // reports, the connection's Resilience4j guards, and the policy's decisions (country rewrites wait for review)
            hubspot.emulator().rateLimitNext(1, Duration.ofSeconds(1));
            CamelContext camel = engine.getBean(CamelContext.class);
            camel.getRouteController().startRoute("clean-hubspot-contacts"); // on demand (autoStartup: false): its first poll runs it
            for (int i = 0; i < 150 && !scrape.contains("middlemile_runs_seconds_count{job=\"clean-hubspot-contacts\""); i++) {
                Thread.sleep(100);
                scrape = send("GET", "/actuator/prometheus", READER, null).body();
            }
            camel.getRouteController().stopRoute("clean-hubspot-contacts");
            assertThat(hubspot.emulator().rateLimitsPending()).as("the emulator answered its 429").isZero();
            assertThat(scrape).containsPattern("middlemile_runs_seconds_count\\{job=\"clean-hubspot-contacts\",status=\"succeeded\"} [1-9]")
                    .contains("middlemile_api_calls_total{connection=\"hubspot-sandbox\",status=\"429\"} 1.0")
                    .containsPattern("middlemile_api_calls_total\\{connection=\"hubspot-sandbox\",status=\"2xx\"} [1-9]")
                    .containsPattern("middlemile_api_quota_left\\{connection=\"hubspot-sandbox\",quota=\"daily\"} [1-9]")
                    .containsPattern("middlemile_api_quota_left\\{connection=\"hubspot-sandbox\",quota=\"ten-secondly\"} \\d")
                    .containsPattern("resilience4j_retry_calls_total\\{kind=\"successful_with_retry\",name=\"hubspot-hubspot-sandbox\"} \\d")
                    .contains("resilience4j_circuitbreaker_state{name=\"hubspot-hubspot-sandbox\",state=\"closed\"} 1.0")
                    .containsPattern("middlemile_policy_decisions_total\\{action=\"update\",connection=\"hubspot-sandbox\","
                            + "decision=\"auto\",object=\"contacts\"} [1-9]")
                    .containsPattern("middlemile_policy_decisions_total\\{action=\"update\",connection=\"hubspot-sandbox\","
                            + "decision=\"review\",object=\"contacts\"} [1-9]")
                    .doesNotContain("/crm/v3/");

            // the cluster's nodes, as `cluster status` reads them: this process as a node that beats, with the runs it ran,
            // and one that fell silent while running a job; a read-only token sees them in the API and the console
            NodeStore nodes = engine.getBean(NodeStore.class);
            String here = java.net.InetAddress.getLocalHost().getHostName();
            nodes.register("this-node", here, ProcessHandle.current().pid(), Instant.now(), Duration.ofSeconds(5));
            nodes.register("gone-node", "web-9", 9, Instant.now(), Duration.ofSeconds(1));
            nodes.beat("gone-node", List.of("sync-contacts-to-salesforce"));
            org.springframework.jdbc.core.JdbcTemplate store = engine.getBean(org.springframework.jdbc.core.JdbcTemplate.class);
            store.update("update cluster_nodes set last_heartbeat = now() - interval '1 minute' where node_id = 'gone-node'");
            // its run is still in flight in the run store: nothing has resumed it yet
            store.update("insert into job_runs (job, source_connection, source_object, status, host, kind) values"
                    + " ('sync-contacts-to-salesforce', 'hubspot-sandbox', 'contacts', 'running', 'web-9 pid 9', 'run')");
            HttpResponse<String> cluster = send("GET", "/api/cluster/nodes", READER, null);
            assertThat(cluster.statusCode()).as(cluster.body()).isEqualTo(200);
            assertThat(cluster.body()).containsPattern("\\{\"id\":\"this-node\",[^{]*\"state\":\"running\",\"dead\":false,\"jobs\":\\[],"
                            + "\"lastRun\":\\{\"id\":\\d+,\"job\":\"")
                    .containsPattern("\\{\"id\":\"gone-node\",[^{]*\"state\":\"silent\",\"dead\":true,"
                            + "\"jobs\":\\[\"sync-contacts-to-salesforce\"],"
                            + "\"lastRun\":\\{\"id\":\\d+,\"job\":\"sync-contacts-to-salesforce\",\"status\":\"running\"")
                    .containsPattern("gone-node has not beaten for 6\\d s \\(it beats every 1 s\\): it is dead or cannot reach the database.");
            // a console address that is no page (a stale bookmark): the console's own page says so, not Spring's whitelabel
            HttpResponse<String> stale = consoleAnswer("/console/reviews/42", READER);
            assertThat(stale.statusCode()).isEqualTo(404);
            assertThat(stale.body()).contains("<h1>Not found</h1>", "There is no page at /console/reviews/42.",
                    "href=\"/console\"").doesNotContain("Whitelabel");
            HttpResponse<String> notARun = consoleAnswer("/console/runs/last", READER);
            assertThat(notARun.statusCode()).isEqualTo(400);
            assertThat(notARun.body()).contains("<h1>Not done</h1>", "&#39;id&#39; must be a whole number; got &quot;last&quot;")
                    .doesNotContain("Whitelabel", "java.lang", "Failed to convert");
            // an agent's token is turned away at the sign-in, saying which token to use, instead of signed in to a 403 on every page
            Browser agent = signIn(AGENT);
            assertThat(agent.signedIn().statusCode()).isEqualTo(302);
            assertThat(agent.signedIn().headers().firstValue("Location"))
                    .hasValueSatisfying(to -> assertThat(to).endsWith("/console/login?agent"));
            assertThat(agent.get("/console/login?agent").body().replaceAll("\\s+", " ")).contains("That is an AI agent's token")
                    .contains("never the console. Sign in with a person's token from MIDDLEMILE_API_TOKENS");
            assertThat(agent.get("/console").statusCode()).as("not signed in").isEqualTo(302);
            // a reader posting a form anyway is told what was refused: its own request, not the forward to the 403 page
            Browser reader = signIn(READER);
            String csrf = find(reader.get("/console").body(), "name=\"_csrf\" value=\"([^\"]+)\"");
            HttpResponse<String> readerActs = reader.post("/console/kill-switch", "on=true&reason=x&confirmed=true&_csrf=" + csrf);
            assertThat(readerActs.statusCode()).isEqualTo(403);
            assertThat(readerActs.body()).contains("Your token (dashboard) is read-only (MIDDLEMILE_API_READ_ONLY): it may look at"
                    + " every page, not POST /console/kill-switch.").doesNotContain("/console/denied");
            assertThat(send("GET", "/api/kill-switch", READER, null).body()).contains("\"on\":false");
            String page = consolePage("/console/cluster", READER);
            assertThat(page).contains("href=\"/console/cluster\"").contains("<strong>1</strong> <span>node</span> running.")
                    .containsPattern("id=\"node-this-node\"[\\s\\S]*href=\"/console/runs/\\d+\"")
                    .containsPattern("id=\"node-gone-node\"[^>]*class=\"attention\">[\\s\\S]*dead \\(silent\\)[\\s\\S]*"
                            + "The jobs it was running \\(sync-contacts-to-salesforce\\) resume from their checkpoints on another node");

            // as `job retry-failed`, on the same two pending rows: the bad rows deleted from the export, the retry reads the file
            // and settles them as skipped
            deleteLines(workspace.resolve("samples/contacts.csv"), 28, 29);
            HttpResponse<String> settling = send("POST", "/api/jobs/import-contacts/retry-failed", OPERATOR, null);
            assertThat(settling.statusCode()).as(settling.body()).isEqualTo(202);
            assertThat(settling.body()).contains("\"status\":\"STARTED\"").contains("\"pending\":2,\"unreadable\":0,\"gone\":2")
                    .contains("Retrying 2 failed records of job import-contacts now")
                    .contains("2 of them are rows the reader could not parse that the file no longer holds: the retry settles them"
                            + " as skipped, off the queue.").contains("\"stillUnreadable\":[]");
            String settled = awaitJob("import-contacts", "\"pendingRetries\":0");
            assertThat(settled).contains("\"name\":\"import-contacts\"");

            HttpResponse<String> openapi = send("GET", "/api/openapi", READER, null);
            assertThat(openapi.statusCode()).isEqualTo(200);
            assertThat(openapi.body()).contains("/api/runs/{id}/records").contains("/api/kill-switch").contains("/api/reviews")
                    .contains("/api/enrich/{waterfall}/report").contains("/api/cluster/nodes");
        }
    }

    /** Deletes physical lines {@code from} to {@code to} (1-based, inclusive) of a file, keeping its line ends. */
    private static void deleteLines(Path file, int from, int to) throws java.io.IOException {
        List<String> lines = new java.util.ArrayList<>(List.of(Files.readString(file).split("(?<=\\n)")));
        lines.subList(from - 1, to).clear();
        Files.writeString(file, String.join("", lines));
    }

    /**
     * The job as GET /api/jobs shows it once it shows {@code expected}: a retry started over the API runs after the answer.
     * Polls for at most a minute (a slow machine), a few milliseconds apart.
     */
    private String awaitJob(String job, String expected) throws Exception {
        Pattern one = Pattern.compile("\\{\"name\":\"" + Pattern.quote(job) + "\",.*?\"pendingRetries\":\\d+");
        String seen = "";
        for (long until = System.nanoTime() + Duration.ofMinutes(1).toNanos(); System.nanoTime() < until; Thread.sleep(50)) {
            Matcher m = one.matcher(send("GET", "/api/jobs", READER, null).body());
            seen = m.find() ? m.group() : "";
            if (seen.contains(expected)) {
                return seen;
            }
        }
        throw new AssertionError("job " + job + " never showed " + expected + "; last seen: " + seen);
    }

    /** A console page as the holder of {@code token} sees it after signing in on the login page. */
    private String consolePage(String path, String token) throws Exception {
        HttpResponse<String> page = consoleAnswer(path, token);
        assertThat(page.statusCode()).as(page.body()).isEqualTo(200);
        return page.body();
    }

    /** What a browser signed in with {@code token} gets for {@code path}, whatever its status. */
    private HttpResponse<String> consoleAnswer(String path, String token) throws Exception {
        Browser browser = signIn(token);
        assertThat(browser.signedIn().statusCode()).as(browser.signedIn().body()).isLessThan(400);
        return browser.get(path);
    }

    /** A browser (its cookies) that sent {@code token} on the login page, and the sign-in's answer. */
    private Browser signIn(String token) throws Exception {
        HttpClient client = HttpClient.newBuilder().cookieHandler(new java.net.CookieManager()).build();
        String login = client.send(HttpRequest.newBuilder(URI.create(base + "/console/login")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        String csrf = find(login, "name=\"_csrf\" value=\"([^\"]+)\"");
        Browser browser = new Browser(client, base, null);
        return new Browser(client, base, browser.post("/console/login", "token=" + token + "&_csrf=" + csrf));
    }

    private record Browser(HttpClient client, String base, HttpResponse<String> signedIn) {

        HttpResponse<String> get(String path) throws Exception {
            return client.send(HttpRequest.newBuilder(URI.create(base + path)).header("Accept", "text/html,application/xhtml+xml")
                    .build(), HttpResponse.BodyHandlers.ofString());
        }

        HttpResponse<String> post(String path, String form) throws Exception {
            return client.send(HttpRequest.newBuilder(URI.create(base + path)).header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
        }
    }

    private HttpResponse<String> post(String path, String body, String signature) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(base + path)).header("Content-Type", "application/json")
                .header("X-Signature-SHA1", signature).POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** FullEnrich's signature: lowercase hex HMAC-SHA1 of the raw body, keyed with the API key. */
    private static String sign(String key, String body) throws Exception {
        javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA1");
        mac.init(new javax.crypto.spec.SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), "HmacSHA1"));
        return java.util.HexFormat.of().formatHex(mac.doFinal(body.getBytes(StandardCharsets.UTF_8)));
    }

    private HttpResponse<String> send(String method, String path, String token, String json) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path))
                .method(method, json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json));
        if (json != null) {
            request.header("Content-Type", "application/json");
        }
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String find(String body, String regex) {
        Matcher m = Pattern.compile(regex).matcher(body);
        assertThat(m.find()).as(body).isTrue();
        return m.group(1);
    }
}
