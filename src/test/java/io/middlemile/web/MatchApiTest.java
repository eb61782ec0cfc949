package io.middlemile.web;

import io.middlemile.cli.EngineLauncherAccess;
import io.middlemile.testing.Cli;
import io.middlemile.testing.TestDatabase;
import io.middlemile.testing.TestWorkspaces;
import io.middlemile.dedupe.IncrementalMatcher;
import io.middlemile.match.MatchIndexes;
import io.middlemile.model.CanonicalRecord;
import io.middlemile.model.Entity;
import io.middlemile.model.FieldValue;
import io.middlemile.model.SourceRef;
import io.middlemile.store.MatchIndexStore;
import io.middlemile.workspace.Workspace;
import io.middlemile.connector.instantly.InstantlyConnector;
import io.middlemile.connector.instantly.InstantlySettings;
import io.middlemile.govern.Governance;
import io.middlemile.outreach.OutreachRun;
import io.middlemile.outreach.OutreachRuns;
import io.middlemile.sandbox.instantly.InstantlyEmulator;
import io.middlemile.store.JobRun;
import io.middlemile.store.OutreachSendStore;
import io.middlemile.store.RunStore;
import io.middlemile.workspace.AuthConfig;
import io.middlemile.workspace.ConnectorConfig;
import io.middlemile.workspace.OutreachConfig;
import io.middlemile.workspace.PolicyConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.context.ConfigurableApplicationContext;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@code POST /api/match/{rule}} on the bundled workspace: the index a `middlemile dedupe contacts` run saved,
 * grown by the import job's reads, loaded by a freshly started engine (so it survived the restart).
 */
class MatchApiTest {

    @TempDir
    static Path workspace;

    private static ConfigurableApplicationContext engine;
    private static String base;
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @BeforeAll
    static void buildTheIndexThenRestart() throws Exception {
        TestWorkspaces.copyBundled(workspace);
        TestDatabase.fresh();
        String ws = workspace.toString();
        Cli.Result dedupe = Cli.run("dedupe", "contacts", "--workspace", ws);
        assertThat(dedupe.exitCode()).as(dedupe.out() + dedupe.err()).isZero();
        assertThat(dedupe.out()).contains("Match index of contacts saved: 38 records");
        // a person the dedupe run never saw, read by the import job afterwards
        appendLegacyRow("1999,Zelda,Quartermaine,zelda.quartermaine@quartzlabs.io,(212) 555-0199,Quartz Labs,quartzlabs.io,CTO,USA,2024-05-01T10:00:00Z");
        Cli.Result job = Cli.run("job", "run", "import-contacts", "--workspace", ws);
        assertThat(job.exitCode()).as(job.out() + job.err()).isZero();

        System.setProperty("MIDDLEMILE_API_TOKENS", "ana@revops=test-token-for-the-match-api");
        System.setProperty("server.port", "0");
        System.setProperty("middlemile.http.max-body-size", "8KB");
        engine = EngineLauncherAccess.serve(workspace);
        base = "http://localhost:" + engine.getEnvironment().getProperty("local.server.port") + "/api/match/";
        // a starting engine loads saved indexes in the background (calls meanwhile get 503); wait for it here
        engine.getBean(io.middlemile.match.MatchIndexes.class).load("contacts");
    }

    @AfterAll
    static void stop() {
        System.clearProperty("MIDDLEMILE_API_TOKENS");
        System.clearProperty("server.port");
        System.clearProperty("middlemile.http.max-body-size");
        if (engine != null) {
            engine.close();
        }
    }

    @Test
    void aKnownDuplicateComesBackWithItsBandAndWhy() throws Exception {
        HttpResponse<String> answer = post("contacts", "{\"email\": \"Bob.McDonald@acme.com\", \"firstName\": \"Bob\","
                + " \"lastName\": \"McDonald\", \"companyName\": \"Acme, Inc.\", \"phone\": \"+1 415-555-0134\"}");

        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        assertThat(answer.body()).contains("\"band\":\"AUTO_MERGE\"")
                .contains("\"record\":{\"connection\":\"hubspot-export\",\"object\":\"contacts\",\"sourceId\":\"51001\"}")
                .contains("\"record\":{\"connection\":\"legacy-crm-export\",\"object\":\"contacts\",\"sourceId\":\"1001\"}")
                .contains("\"comparison\":\"email (email)\",\"level\":\"exact\"")
                .contains("\"conflicts\":[]");
    }

    @Test
    void aProviderShapedRecordIsMappedFirst() throws Exception {
        HttpResponse<String> answer = post("contacts?mapping=legacy-contacts", "{\"First Name\": \"Rajesh\", \"Last Name\": \"Kumar\","
                + " \"Email\": \"RAJ.KUMAR@globex.io\", \"Company\": \"Globex GmbH\", \"Country\": \"Deutschland\"}");

        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        assertThat(answer.body()).startsWith("{\"rule\":\"contacts\",\"band\":\"AUTO_MERGE\"")
                .contains("\"sourceId\":\"51003\"").contains("\"sourceId\":\"1003\"").doesNotContain("unread");

        // a field the mapping does not read is named in the answer: a misspelt one matched nothing, and says so
        HttpResponse<String> misspelt = post("contacts?mapping=legacy-contacts", "{\"First Name\": \"Rajesh\", \"Emial\":"
                + " \"raj.kumar@globex.io\", \"Lead Score\": \"80\"}");
        assertThat(misspelt.statusCode()).as(misspelt.body()).isEqualTo(200);
        assertThat(misspelt.body()).endsWith(",\"unread\":[\"Emial\",\"Lead Score\"]}");
    }

    @Test
    void aMappedRecordsValuesMustHaveTheKindsOfTheCanonicalFieldsTheyAreReadInto() throws Exception {
        // mapped as text, these matched nobody and were answered NO_MATCH, while the canonical form refused them
        HttpResponse<String> phoneAsNumber = post("contacts?mapping=hubspot-contacts", "{\"phone\": 14155550134}");
        HttpResponse<String> emailAsNumber = post("contacts?mapping=hubspot-contacts", "{\"email\": 5, \"lastname\": \"McDonald\"}");
        HttpResponse<String> salesforcePhone = post("contacts?mapping=salesforce-contacts", "{\"Phone\": 14155550134}");
        HttpResponse<String> phoneAsText = post("contacts?mapping=hubspot-contacts", "{\"phone\": \"+14155550134\"}");

        assertThat(phoneAsNumber.statusCode()).as(phoneAsNumber.body()).isEqualTo(400);
        assertThat(phoneAsNumber.body()).contains("\\\"phone\\\" must be text (a JSON string), e.g.")
                .contains("a number loses the leading + and zeros; got 14155550134 (mapping hubspot-contacts reads it into phone)");
        assertThat(emailAsNumber.statusCode()).as(emailAsNumber.body()).isEqualTo(400);
        assertThat(emailAsNumber.body()).contains("\\\"email\\\" must be text (a JSON string); got 5 (mapping hubspot-contacts"
                + " reads it into email)");
        assertThat(salesforcePhone.statusCode()).as(salesforcePhone.body()).isEqualTo(400);
        assertThat(salesforcePhone.body()).contains("\\\"Phone\\\" must be text").contains("reads it into phone");
        assertThat(phoneAsText.statusCode()).as(phoneAsText.body()).isEqualTo(200);
        assertThat(phoneAsText.body()).contains("\"candidatesScored\":2"); // Bob's two records, found by the phone
    }

    @Test
    void aMappingsDefaultForWritesIsNotEvidenceOfWhoTheRecordIs() throws Exception {
        // salesforce-contacts fills LastName with "[not provided]" for Salesforce, which requires one: read in here it made
        // every record look matchable and be looked up by that last name
        HttpResponse<String> misspelt = post("contacts?mapping=salesforce-contacts", "{\"Emial\": \"bob.mcdonald@acme.com\"}");
        HttpResponse<String> emailOnly = post("contacts?mapping=salesforce-contacts", "{\"Email\": \"bob.mcdonald@acme.com\"}");

        assertThat(misspelt.statusCode()).as(misspelt.body()).isEqualTo(400);
        assertThat(misspelt.body()).contains("The record has none of the fields rule contacts compares")
                .contains("once mapped with salesforce-contacts; send at least one of them");
        assertThat(emailOnly.statusCode()).as(emailOnly.body()).isEqualTo(200);
        assertThat(emailOnly.body()).contains("\"sourceId\":\"51001\"")
                .contains("{\"comparison\":\"lastName (last-name)\",\"level\":\"missing\"")
                .doesNotContain("not provided");
    }

    @Test
    void aHubSpotObjectAndASalesforceRecordAreTakenAsTheirApisReturnThem() throws Exception {
        HttpResponse<String> hubspot = post("contacts?mapping=hubspot-contacts", "{\"id\": \"901\", \"properties\": {\"email\":"
                + " \"Bob.McDonald@acme.com\", \"firstname\": \"Bob\", \"lastname\": \"McDonald\", \"hs_object_id\": \"901\","
                + " \"createdate\": \"2024-01-02T10:00:00.000Z\", \"hs_lead_status\": null}, \"createdAt\": \"2024-01-02T10:00:00.000Z\","
                + " \"updatedAt\": \"2024-03-01T09:00:00.000Z\", \"archived\": false}");
        HttpResponse<String> salesforce = post("contacts?mapping=salesforce-contacts", "{\"attributes\": {\"type\": \"Contact\","
                + " \"url\": \"/services/data/v59.0/sobjects/Contact/003Dn0000001001AAA\"}, \"Id\": \"003Dn0000001001AAA\","
                + " \"Email\": \"bob.mcdonald@acme.com\", \"FirstName\": \"Bob\", \"LastName\": \"McDonald\","
                + " \"Phone\": \"(415) 555-0134\", \"HasOptedOutOfEmail\": false,"
                + " \"MailingAddress\": {\"city\": \"San Francisco\", \"country\": \"United States\"}}");
        // a property beside "properties" would be dropped unread as if it were the object's metadata
        HttpResponse<String> beside = post("contacts?mapping=hubspot-contacts", "{\"id\": \"901\", \"properties\": {\"firstname\":"
                + " \"Bob\"}, \"email\": \"bob.mcdonald@acme.com\"}");

        assertThat(hubspot.statusCode()).as(hubspot.body()).isEqualTo(200);
        assertThat(hubspot.body()).startsWith("{\"rule\":\"contacts\",\"band\":\"AUTO_MERGE\"").contains("\"sourceId\":\"51001\"")
                .endsWith(",\"unread\":[\"hs_object_id\"]}");
        assertThat(salesforce.statusCode()).as(salesforce.body()).isEqualTo(200);
        assertThat(salesforce.body()).startsWith("{\"rule\":\"contacts\",\"band\":\"AUTO_MERGE\"").contains("\"sourceId\":\"51001\"")
                .endsWith(",\"unread\":[\"Id\",\"HasOptedOutOfEmail\",\"MailingAddress\"]}");
        assertThat(beside.statusCode()).as(beside.body()).isEqualTo(400);
        assertThat(beside.body()).contains("The record is a HubSpot object (it has \\\"properties\\\"), but \\\"email\\\" is beside"
                + " \\\"properties\\\" instead of in it; move it into \\\"properties\\\"");
    }

    @Test
    void aRecordTheImportJobReadIsACandidateWithoutAnotherDedupeRunAndAfterARestart() throws Exception {
        String zelda = "{\"email\": \"zelda.quartermaine@quartzlabs.io\", \"firstName\": \"Zelda\", \"lastName\": \"Quartermaine\"}";
        HttpResponse<String> answer = post("contacts", zelda);

        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        assertThat(answer.body()).contains("\"sourceId\":\"1999\"").contains("\"band\":\"AUTO_MERGE\"");

        // with the index loaded in this engine, the job's next read reaches it in memory too
        appendLegacyRow("2000,Yusuf,Oyelaran-Brandt,yusuf.oyelaran@brightpath.io,(312) 555-0100,Brightpath,brightpath.io,COO,USA,2024-05-02T10:00:00Z");
        assertThat(engine.getBean(JobTriggers.class).trigger("import-contacts")).isTrue();
        String yusuf = "{\"email\": \"yusuf.oyelaran@brightpath.io\", \"lastName\": \"Oyelaran-Brandt\"}";
        long deadline = System.nanoTime() + 45_000_000_000L; // a loaded CI machine, and maybe a newer index loading beside
        HttpResponse<String> later = post("contacts", yusuf);
        long nextTrigger = System.nanoTime() + 5_000_000_000L;
        while (!later.body().contains("\"sourceId\":\"2000\"") && System.nanoTime() < deadline) {
            Thread.sleep(100);
            later = post("contacts", yusuf);
            if (System.nanoTime() > nextTrigger) {
                // a trigger that finds the job's scheduled run in progress (started at engine start, before the row was
                // added) is not run again until the next schedule: ask again
                engine.getBean(JobTriggers.class).trigger("import-contacts");
                nextTrigger = System.nanoTime() + 5_000_000_000L;
            }
        }
        assertThat(later.body()).contains("\"sourceId\":\"2000\"");
    }

    @Test
    void aRecordASyncWroteIsACandidateInMemoryAndForTheNextEngine() throws Exception {
        MatchIndexes indexes = engine.getBean(MatchIndexes.class);
        // what hub-sync reports after writing a record: the values it wrote, under the id the target gave it
        CanonicalRecord written = new CanonicalRecord(Entity.PERSON, new SourceRef("hubspot-export", "contacts", "77001"),
                Instant.now(), Map.of("email", new FieldValue("wilhelmina.oduya@ferrisworks.io", null),
                "firstName", new FieldValue("Wilhelmina", null), "lastName", new FieldValue("Oduya", null)));

        indexes.seen(List.of(written));

        String wilhelmina = "{\"email\": \"wilhelmina.oduya@ferrisworks.io\", \"lastName\": \"Oduya\"}";
        assertThat(post("contacts", wilhelmina).body()).contains("\"sourceId\":\"77001\"");
        // saved as well: an engine started now (a fresh index over the same store) has it
        MatchIndexes restarted = new MatchIndexes(engine.getBean(Workspace.class), engine.getBean(MatchIndexStore.class));
        IncrementalMatcher.Match match = restarted.lookup("contacts", written);
        assertThat(match.matches()).extracting(d -> d.right().sourceId()).contains("77001");
    }

    @Test
    void aRecordASyncReadAgainReplacesTheDedupeRunsCopyForTheNextEngine() {
        MatchIndexStore store = engine.getBean(MatchIndexStore.class);
        Workspace ws = engine.getBean(Workspace.class);
        int before = new MatchIndexes(ws, store).load("contacts");
        // Ryan as the dedupe run saved him (HubSpot export row 51012), read again by a sync after his address changed
        CanonicalRecord moved = new CanonicalRecord(Entity.PERSON, new SourceRef("hubspot-export", "contacts", "51012"),
                Instant.now(), Map.of("email", new FieldValue("ryan@howard-ventures.example", null),
                "firstName", new FieldValue("Ryan", null), "lastName", new FieldValue("Howard", null)));

        engine.getBean(MatchIndexes.class).seen(List.of(moved));

        MatchIndexes restarted = new MatchIndexes(ws, store);
        assertThat(restarted.load("contacts")).isEqualTo(before);
        assertThat(restarted.lookup("contacts", byEmail("ryan@howard-ventures.example")).matches())
                .extracting(d -> d.right().sourceId()).contains("51012");
        // the synced record replaced the run's copy instead of standing beside it
        assertThat(restarted.lookup("contacts", byEmail("ryan.howard@wuphf.com")).matches())
                .extracting(d -> d.right().sourceId()).doesNotContain("51012");
    }

    private static CanonicalRecord byEmail(String email) {
        return new CanonicalRecord(Entity.PERSON, new SourceRef("probe", "contacts", "1"), Instant.now(),
                Map.of("email", new FieldValue(email, null)));
    }

    @Test
    void aNewDedupeRunReachesTheServingEngineWithoutARestart() throws Exception {
        String ulrike = "{\"email\": \"ulrike.nakamura-voss@tidewater.io\", \"lastName\": \"Nakamura-Voss\"}";
        assertThat(post("contacts", ulrike).body()).doesNotContain("\"sourceId\":\"2001\"");
        appendLegacyRow("2001,Ulrike,Nakamura-Voss,ulrike.nakamura-voss@tidewater.io,(617) 555-0142,Tidewater,tidewater.io,CFO,USA,2024-05-03T10:00:00Z");

        Cli.Result dedupe = Cli.run("dedupe", "contacts", "--workspace", workspace.toString());
        assertThat(dedupe.exitCode()).as(dedupe.out() + dedupe.err()).isZero();

        MatchIndexes indexes = engine.getBean(MatchIndexes.class);
        indexes.refresh("contacts"); // what a lookup's background check does within 10 s (this call may find it done)
        assertThat(post("contacts", ulrike).body()).contains("\"sourceId\":\"2001\"");
        assertThat(indexes.refresh("contacts")).isFalse(); // nothing newer than what is in memory now
    }

    @Test
    void aStoppingEngineGivesUpItsIndexLoadsAndLeavesTheStoreWorking() {
        MatchIndexStore store = engine.getBean(MatchIndexStore.class);
        Workspace ws = engine.getBean(Workspace.class);
        MatchIndexes stopped = new MatchIndexes(ws, store);
        stopped.close();
        assertThatThrownBy(() -> stopped.load("contacts")).isInstanceOf(MatchIndexes.StoppingException.class)
                .hasMessageContaining("the match index of rule contacts was not loaded");
        // a load racing the stop either ends whole or is given up; either way the store's connections come back
        for (int i = 0; i < 5; i++) {
            MatchIndexes racing = new MatchIndexes(ws, store);
            java.util.concurrent.CompletableFuture<Integer> loading =
                    java.util.concurrent.CompletableFuture.supplyAsync(() -> racing.load("contacts"));
            racing.close();
            try {
                assertThat(loading.join()).isPositive();
            } catch (java.util.concurrent.CompletionException e) {
                assertThat(e.getCause()).isInstanceOf(MatchIndexes.StoppingException.class);
            }
        }
        assertThat(new MatchIndexes(ws, store).load("contacts")).isPositive();
    }

    @Test
    void theApiTokenIsRequired() throws Exception {
        HttpResponse<String> anonymous = HTTP.send(HttpRequest.newBuilder(URI.create(base + "contacts"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("{\"email\": \"a@b.com\"}"))
                .build(), HttpResponse.BodyHandlers.ofString());

        assertThat(anonymous.statusCode()).isEqualTo(401);
        assertThat(anonymous.body()).doesNotContain("candidates");
    }

    @Test
    void badInputIsA400ThatNamesTheField() throws Exception {
        HttpResponse<String> unknownField = post("contacts", "{\"emial\": \"a@b.com\"}");
        HttpResponse<String> nested = post("contacts", "{\"email\": {\"work\": \"a@b.com\"}}");
        HttpResponse<String> notAnObject = post("contacts", "[1, 2]");
        HttpResponse<String> nothingCompared = post("contacts", "{\"city\": \"Berlin\"}");
        HttpResponse<String> unknownMapping = post("contacts?mapping=nope", "{\"Email\": \"a@b.com\"}");
        HttpResponse<String> broken = post("contacts", "{\"email\": ");
        // read as text, these matched nobody and were answered NO_MATCH: "no such person" for a client's bug
        HttpResponse<String> numberForText = post("contacts", "{\"email\": 5, \"lastName\": \"McDonald\"}");
        HttpResponse<String> numberForPhone = post("contacts", "{\"phone\": 14155550134}");

        assertThat(unknownField.statusCode()).isEqualTo(400);
        assertThat(unknownField.body()).contains("\\\"emial\\\" is not a canonical person field");
        assertThat(nested.statusCode()).isEqualTo(400);
        assertThat(nested.body()).contains("\\\"email\\\" must be a string, number or boolean; got an object");
        assertThat(notAnObject.statusCode()).isEqualTo(400);
        assertThat(notAnObject.body()).contains("must be one JSON object");
        assertThat(nothingCompared.statusCode()).isEqualTo(400);
        assertThat(nothingCompared.body()).contains("none of the fields rule contacts compares");
        assertThat(unknownMapping.statusCode()).isEqualTo(400);
        assertThat(unknownMapping.body()).contains("there is no mapping \\\"nope\\\"").contains("legacy-contacts");
        assertThat(broken.statusCode()).isEqualTo(400);
        assertThat(numberForText.statusCode()).isEqualTo(400);
        assertThat(numberForText.body()).contains("\\\"email\\\" must be text (a JSON string); got 5");
        assertThat(numberForPhone.statusCode()).isEqualTo(400);
        assertThat(numberForPhone.body()).contains("\\\"phone\\\" must be text (a JSON string), e.g.")
                .contains("a number loses the leading + and zeros; got 14155550134");
    }

    @Test
    void anUnknownRuleIsA404NamingTheRules() throws Exception {
        HttpResponse<String> answer = post("contact", "{\"email\": \"a@b.com\"}");

        assertThat(answer.statusCode()).isEqualTo(404);
        assertThat(answer.body()).contains("There is no dedupe rule \\\"contact\\\". Rules: accounts, contacts");
    }

    @Test
    void aRuleWithoutASavedIndexSaysWhichCommandBuildsIt() throws Exception {
        HttpResponse<String> answer = post("accounts", "{\"domain\": \"acme.com\"}");

        assertThat(answer.statusCode()).isEqualTo(409);
        assertThat(answer.body()).contains("run `middlemile dedupe accounts`");
    }

    @Test
    void anOversizedBodyIsRefused() throws Exception {
        HttpResponse<String> answer = post("contacts", "{\"email\": \"" + "a".repeat(20_000) + "@b.com\"}");

        assertThat(answer.statusCode()).isEqualTo(413);
    }

    @Test
    void outreachSuppressesAPersonAlreadyEnrolledUnderAnotherRecordThroughTheSavedIndex() {
        // Bob McDonald is in the index twice (the HubSpot export's 51001 and the legacy export's 1001, see the first test):
        // enrolled as the HubSpot record, he must not be enrolled again when the legacy record reaches an outreach run
        InstantlyEmulator instantly = InstantlyEmulator.start("outreach-dedupe-key", 0);
        try {
            String campaign = "5e2c0d9a-0000-4000-8000-00000000b0b1";
            instantly.addCampaign(campaign, "dedupe");
            ConnectorConfig connection = new ConnectorConfig("instantly", "instantly", null, null, instantly.apiBaseUrl(),
                    new AuthConfig("bearer-token", "${KEY}", null, null, null, null, null, null, null), Map.of(), PolicyConfig.allowAll());
            InstantlyConnector connector = new InstantlyConnector(connection, Map.of("KEY", "outreach-dedupe-key"),
                    InstantlySettings.from(connection));
            OutreachConfig config = new OutreachConfig("dedupe-check", null, new OutreachConfig.Email("instantly", campaign, null, true,
                    true, null, Map.of("first_name", "firstName"), Map.of()), null,
                    new OutreachConfig.Suppress(null, null, List.of(), "contacts", null, false, false));
            OutreachRuns runs = new OutreachRuns(Map.of(config.id(), config), engine.getBean(OutreachSendStore.class),
                    engine.getBean(Governance.class), engine.getBean(MatchIndexes.class), Clock.systemUTC(), new Random(3));
            JobRun run = engine.getBean(RunStore.class).start("outreach-dedupe", "hubspot-export", "contacts", "test");
            OutreachRun outreach = runs.of(config.id(), run, name -> connector, null);

            Map<String, OutreachRun.Result> first = outreach.enrol(List.of(new OutreachRun.Subject("hubspot-export/contacts/51001",
                    Map.of("email", "bob.mcdonald@acme.com", "firstName", "Bob", "lastName", "McDonald", "companyName", "Acme"), "test")));
            Map<String, OutreachRun.Result> second = outreach.enrol(List.of(new OutreachRun.Subject("legacy-crm-export/contacts/1001",
                    Map.of("email", "bob.mcdonald+crm@acme.com", "firstName", "Bob", "lastName", "McDonald", "companyName", "Acme, Inc.",
                            "phone", "+14155550134"), "test")));

            assertThat(first.get("hubspot-export/contacts/51001").outcome()).isEqualTo(OutreachRun.Result.Outcome.SENT);
            assertThat(second.get("legacy-crm-export/contacts/1001").text())
                    .startsWith("suppressed (already enrolled): already enrolled as contacts 51001 of hubspot-export (dedupe rule contacts");
            assertThat(instantly.leadsOf(campaign)).containsExactly("bob.mcdonald@acme.com");
        } finally {
            instantly.stop();
        }
    }

    private static HttpResponse<String> post(String path, String json) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(base + path)).header("Authorization", "Bearer test-token-for-the-match-api")
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static void appendLegacyRow(String row) throws Exception {
        Files.writeString(workspace.resolve("samples/contacts.csv"), row + "\n", StandardOpenOption.APPEND);
    }
}
