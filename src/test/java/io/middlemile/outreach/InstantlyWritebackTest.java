package io.middlemile.outreach;

import io.middlemile.cli.EngineLauncherAccess;
import io.middlemile.sandbox.hubspot.EmulatorSettings;
import io.middlemile.sandbox.hubspot.HubSpotEmulator;
import io.middlemile.store.JobRun;
import io.middlemile.store.OutreachSendStore;
import io.middlemile.store.RecordOutcome;
import io.middlemile.store.RunStore;
import io.middlemile.testing.Cli;
import io.middlemile.testing.SyncEmulators;
import io.middlemile.testing.TestDatabase;
import io.middlemile.testing.TestWorkspaces;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Instantly's events back in HubSpot, through the running engine: a delivery to {@code /webhooks/instantly/instantly}
 * with the secret header is kept (401 without it or with another value), and the job reading {@code instantly/events}
 * ({@code hub-read → hub-map:instantly-events → hub-writeback:hubspot/contacts}) writes one note on the contact (in the
 * HubSpot emulator) and the contact's outreach fields. The job runs on demand, as a separate engine start: an event
 * received while nothing processes it (the engine that answered 2xx could have died right after) is written when the
 * job runs later, once. One engine serves the whole class; each test uses people of its own.
 */
class InstantlyWritebackTest {

    private static final String JOB = "instantly-replies";
    private static final String HUBSPOT_TOKEN = "pat-na1-writeback-test";
    private static final String SECRET = "writeback-test-webhook-secret";
    private static final Map<String, String> ENVIRONMENT = Map.of("HUBSPOT_TOKEN", HUBSPOT_TOKEN, "INSTANTLY_API_KEY", "instantly-test-key",
            "INSTANTLY_WEBHOOK_SECRET", SECRET);

    private static Path workspace;
    private static HubSpotEmulator hubspot;
    private static ConfigurableApplicationContext engine;
    private static String base;
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    static void startEngine() throws IOException {
        workspace = Files.createTempDirectory("middlemile-writeback");
        TestWorkspaces.copyBundled(workspace);
        hubspot = HubSpotEmulator.start(EmulatorSettings.defaults(HUBSPOT_TOKEN).withBurst(SyncEmulators.GENEROUS_BURST, 10_000)
                .withSearchPerSecond(100_000), 0);
        Path connector = workspace.resolve("connectors/hubspot.yaml");
        Files.writeString(connector, Files.readString(connector).replace("https://api.hubapi.com", hubspot.baseUrl()));
        try (Stream<Path> routes = Files.list(workspace.resolve("routes"))) {
            for (Path route : routes.toList()) {
                Files.delete(route);
            }
        }
        Files.writeString(workspace.resolve("routes/instantly-replies.camel.yaml"), """
                - route:
                    id: instantly-replies
                    autoStartup: false
                    from:
                      uri: hub-read:instantly/events
                      steps:
                        - to: hub-map:instantly-events?direction=in
                        - to: hub-writeback:hubspot/contacts?mapping=hubspot-contacts&notes=notes&noteMapping=hubspot-notes
                """);
        TestDatabase.fresh();
        ENVIRONMENT.forEach((name, value) -> System.setProperty("middlemile.sandbox.env." + name, value));
        System.setProperty("server.port", "0");
        try {
            engine = EngineLauncherAccess.serve(workspace);
        } finally {
            System.clearProperty("server.port");
        }
        base = "http://localhost:" + engine.getEnvironment().getProperty("local.server.port");
    }

    @AfterAll
    static void stopEngine() throws IOException {
        ENVIRONMENT.keySet().forEach(name -> System.clearProperty("middlemile.sandbox.env." + name));
        if (engine != null) {
            engine.close();
        }
        if (hubspot != null) {
            hubspot.stop();
        }
        try (Stream<Path> paths = Files.walk(workspace)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        }
    }

    @Test
    void aReplyBecomesOneNoteOnTheContactAndSetsItsFieldsHoweverOftenItComes() throws Exception {
        long jane = contact("jane@globex.com");
        String reply = event("reply_received", "Jane@Globex.com", "\"reply_subject\":\"Re: Quick question\","
                + "\"reply_text\":\"Sounds good, send me the deck.\"");

        assertThat(deliver(reply, null).statusCode()).isEqualTo(401);
        assertThat(deliver(reply, "not-the-secret").statusCode()).isEqualTo(401);
        HttpResponse<String> delivered = deliver(reply, SECRET);
        assertThat(delivered.statusCode()).as(delivered.body()).isEqualTo(200);
        assertThat(delivered.body()).contains("\"new\":1");
        assertThat(notesOn(jane)).as("nothing is written before the job runs").isEmpty();

        runJob();

        List<Long> notes = notesOn(jane);
        assertThat(notes).hasSize(1);
        assertThat(hubspot.store().get("notes", notes.get(0))).containsEntry("hs_note_body", "Sounds good, send me the deck.")
                .containsKey("hs_timestamp");
        assertThat(hubspot.store().get("contacts", jane)).containsEntry("hs_lead_status", "CONNECTED")
                .containsEntry("outreach_status", "replied");
        assertThat(outcomes(RecordOutcome.Outcome.WRITTEN)).singleElement().satisfies(outcome -> assertThat(outcome.reason())
                .contains("note " + notes.get(0) + " on contact " + jane).contains("hs_lead_status").contains("outreach_status"));

        // the same delivery again: recorded once, nothing new to read
        HttpResponse<String> again = deliver(reply, SECRET);
        assertThat(again.body()).contains("\"new\":0");
        runJob();
        // the whole store read again (a lost cursor): the note is found by the event, not written twice
        runJob("--from-start");
        // and should the crosswalk have lost the link, the journal's result for the note's placeholder still names it
        engine.getBean(JdbcTemplate.class).update("delete from crosswalk where connection = 'hubspot' and object = 'notes'");
        runJob("--from-start");

        assertThat(notesOn(jane)).isEqualTo(notes);
        assertThat(outcomes(RecordOutcome.Outcome.SKIPPED)).anySatisfy(outcome -> assertThat(outcome.reason())
                .contains("already written as note " + notes.get(0)));
    }

    @Test
    void anUnsubscribeSetsTheOptOutAndAnEventReceivedButNotYetProcessedIsWrittenLaterOnce() throws Exception {
        long sam = contact("sam@initech.com");
        // received and answered 2xx; no job runs now (it runs on demand): as if the engine died right after answering
        assertThat(deliver(event("lead_unsubscribed", "sam@initech.com", null), SECRET).statusCode()).isEqualTo(200);
        assertThat(notesOn(sam)).isEmpty();

        runJob(); // a later engine start runs it from the store
        runJob();

        assertThat(notesOn(sam)).hasSize(1);
        assertThat(hubspot.store().get("notes", notesOn(sam).get(0)))
                .containsEntry("hs_note_body", "Instantly: the contact unsubscribed from the campaign.");
        assertThat(hubspot.store().get("contacts", sam)).containsEntry("outreach_email_opt_out", "true")
                .containsEntry("outreach_status", "unsubscribed");
    }

    @Test
    void anEventForSomeoneTheCrmDoesNotHaveIsSkippedWithTheReason() throws Exception {
        int before = hubspot.store().count("notes");
        assertThat(deliver(event("reply_received", "nobody@nowhere.example", "\"reply_text\":\"Who are you?\""), SECRET)
                .statusCode()).isEqualTo(200);

        runJob();

        assertThat(hubspot.store().count("notes")).isEqualTo(before);
        assertThat(outcomes(RecordOutcome.Outcome.SKIPPED)).singleElement().satisfies(outcome -> assertThat(outcome.reason())
                .isEqualTo("no contact in hubspot with email nobody@nowhere.example; the event is kept in the store"));
    }

    @Test
    void aReplyGoesToTheRecordTheOutreachSentToEvenWhenTheCrmNoLongerHasThatEmail() throws Exception {
        long ada = contact("ada.lovelace@analytical.example"); // the CRM's address changed after the send
        runJob(); // a run for the ledger row to belong to
        long run = engine.getBean(RunStore.class).history(JOB, 1).get(0).id();
        engine.getBean(OutreachSendStore.class).add(List.of(new OutreachSendStore.Entry(0, "outbound", "enrol-leads", run, "email",
                "enrol", "instantly", null, "hubspot/contacts/" + ada, "ada@analytical.example", OutreachSendStore.Status.SENT, null, null,
                null, Instant.now(), null, Map.of("recipient", "ada@analytical.example"))));

        deliver(event("lead_interested", "ada@analytical.example", null), SECRET);
        runJob();

        assertThat(notesOn(ada)).hasSize(1);
        assertThat(hubspot.store().get("contacts", ada)).containsEntry("outreach_status", "interested")
                .containsEntry("hs_lead_status", "CONNECTED");
    }

    @Test
    void aRolledBackWritebackIsUndoneAndWrittenAgainWhenItsEventIsReadAgain() throws Exception {
        long lee = contact("lee@hooli.example");
        deliver(event("lead_meeting_booked", "lee@hooli.example", null), SECRET);
        runJob();
        long run = engine.getBean(RunStore.class).history(JOB, 1).get(0).id();
        long first = notesOn(lee).get(0);
        assertThat(hubspot.store().get("contacts", lee)).containsEntry("outreach_status", "meeting-booked");

        Cli.Result rollback = Cli.run(ENVIRONMENT, "rollback", Long.toString(run), "--workspace", workspace.toString());
        assertThat(rollback.exitCode()).as(rollback.out() + rollback.err()).isZero();
        assertThat(hubspot.store().get("notes", first)).as("the note is archived").isNull();
        assertThat(hubspot.store().get("contacts", lee)).doesNotContainEntry("outreach_status", "meeting-booked");

        runJob("--from-start");

        List<Long> live = notesOn(lee).stream().filter(note -> hubspot.store().get("notes", note) != null).toList();
        assertThat(live).hasSize(1).doesNotContain(first);
        assertThat(hubspot.store().get("contacts", lee)).containsEntry("outreach_status", "meeting-booked");
    }

    private static long contact(String email) {
        hubspot.store().create("contacts", Map.of("email", email, "firstname", "Test"));
        return hubspot.store().idOf("contacts", "email", email);
    }

    private static List<Long> notesOn(long contact) {
        return hubspot.associations().associated("contacts", contact, "notes");
    }

    /** An Instantly delivery as https://developer.instantly.ai/webhook-events shows it. */
    private static String event(String type, String email, String extra) {
        return "{\"timestamp\":\"2026-12-01T09:30:00.000Z\",\"event_type\":\"" + type + "\",\"workspace\":\"ws-1\","
                + "\"campaign_id\":\"c-1\",\"campaign_name\":\"Q1 outbound\",\"lead_email\":\"" + email + "\","
                + "\"email_account\":\"sdr@example.com\",\"email_subject\":\"Quick question\"" + (extra == null ? "" : "," + extra) + "}";
    }

    private HttpResponse<String> deliver(String body, String secret) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + "/webhooks/instantly/instantly"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body));
        if (secret != null) {
            request.header("X-Middlemile-Secret", secret);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static void runJob(String... options) {
        String[] args = Stream.concat(Stream.of("job", "run", JOB, "--workspace", workspace.toString()), Stream.of(options))
                .toArray(String[]::new);
        Cli.Result result = Cli.run(ENVIRONMENT, args);
        assertThat(result.exitCode()).as(result.out() + result.err()).isZero();
    }

    private static List<RecordOutcome> outcomes(RecordOutcome.Outcome outcome) {
        RunStore runs = engine.getBean(RunStore.class);
        JobRun last = runs.history(JOB, 1).get(0);
        return runs.outcomes(last.id(), outcome);
    }
}
