package io.middlemile.cluster;

import io.middlemile.cli.EngineLauncherAccess;
import io.middlemile.sandbox.hubspot.EmulatorSettings;
import io.middlemile.sandbox.hubspot.HubSpotEmulator;
import io.middlemile.store.JobRun;
import io.middlemile.store.RunStore;
import io.middlemile.store.WebhookEventStore;
import io.middlemile.testing.KafkaBroker;
import io.middlemile.testing.SyncEmulators;
import io.middlemile.testing.TestDatabase;
import io.middlemile.testing.TestWorkspaces;
import io.middlemile.web.WebhookTopicRoute;
import io.middlemile.web.WebhookWakeup;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.context.ConfigurableApplicationContext;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * Webhook ingress through Kafka ({@code middlemile.kafka.bootstrap-servers}): an in-process KRaft broker
 * ({@link KafkaBroker}) and one serving engine in this JVM, started once for the class. The job reading Instantly's
 * kept events writes each one back to the HubSpot emulator as a note; its schedule never fires during the test, so
 * only a webhook runs it.
 * <ol>
 *   <li>A delivery is stored, answered, published once to the topic keyed by its connection, and consumed: the job
 *       runs once and writes one note.</li>
 *   <li>The same event delivered again is recorded once: nothing is published and nothing runs.</li>
 *   <li>A wake-up another node published for an event it stored runs the job here.</li>
 *   <li>With the broker down, a delivery is still stored and answered at once, and its job runs (this node wakes it
 *       itself when Kafka does not take the wake-up); with the broker back, wake-ups flow through Kafka again.</li>
 * </ol>
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class KafkaIngressTest {

    private static final String JOB = "instantly-replies";
    private static final String TOPIC = "middlemile.webhooks.test";
    private static final String HUBSPOT_TOKEN = "pat-na1-kafka-test";
    private static final String SECRET = "kafka-test-webhook-secret";
    private static final Map<String, String> ENVIRONMENT = Map.of("HUBSPOT_TOKEN", HUBSPOT_TOKEN, "INSTANTLY_API_KEY", "instantly-test-key",
            "INSTANTLY_WEBHOOK_SECRET", SECRET);

    private KafkaBroker broker;
    private Path workspace;
    private HubSpotEmulator hubspot;
    private ConfigurableApplicationContext engine;
    private String base;
    private KafkaConsumer<String, String> observer;
    private final List<ConsumerRecord<String, String>> published = new ArrayList<>();
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    void startBrokerAndEngine() throws Exception {
        broker = KafkaBroker.start();
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", broker.bootstrapServers()))) {
            admin.createTopics(List.of(new NewTopic(TOPIC, KafkaBroker.PARTITIONS, (short) 1))).all().get(30, TimeUnit.SECONDS);
        }
        // reads the topic as a bystander in a group of its own: what the engine published, and with which key
        observer = new KafkaConsumer<>(Map.of("bootstrap.servers", broker.bootstrapServers(), "group.id", "test-observer",
                "auto.offset.reset", "earliest"), new StringDeserializer(), new StringDeserializer());
        observer.subscribe(List.of(TOPIC));

        workspace = Files.createTempDirectory("middlemile-kafka-ingress");
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
        // started, so a webhook may run it, but its schedule does not fire while the test runs
        Files.writeString(workspace.resolve("routes/instantly-replies.camel.yaml"), """
                - route:
                    id: instantly-replies
                    from:
                      uri: hub-read:instantly/events
                      parameters: {delay: 3600000, initialDelay: 3600000}
                      steps:
                        - to: hub-map:instantly-events?direction=in
                        - to: hub-writeback:hubspot/contacts?mapping=hubspot-contacts&notes=notes&noteMapping=hubspot-notes
                """);
        TestDatabase.fresh();
        ENVIRONMENT.forEach((name, value) -> System.setProperty("middlemile.sandbox.env." + name, value));
        System.setProperty("server.port", "0");
        try {
            engine = EngineLauncherAccess.serve(workspace, Map.of("middlemile.kafka.bootstrap-servers", broker.bootstrapServers(),
                    "middlemile.kafka.topic", TOPIC, "middlemile.kafka.group-id", "kafka-ingress-test"));
        } finally {
            System.clearProperty("server.port");
        }
        base = "http://localhost:" + engine.getEnvironment().getProperty("local.server.port");
    }

    @AfterAll
    void stopEverything() throws IOException {
        ENVIRONMENT.keySet().forEach(name -> System.clearProperty("middlemile.sandbox.env." + name));
        if (engine != null) {
            engine.close();
        }
        if (observer != null) {
            observer.close();
        }
        if (hubspot != null) {
            hubspot.stop();
        }
        if (broker != null) {
            broker.close();
        }
        try (Stream<Path> paths = Files.walk(workspace)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        }
    }

    @Test
    @Order(1)
    void aDeliveryIsStoredAnsweredPublishedOnceByConnectionAndRunsTheJobOnce() throws Exception {
        long jane = contact("jane@globex.com");

        HttpResponse<String> delivered = deliver(event("reply_received", "jane@globex.com"));

        assertThat(delivered.statusCode()).as(delivered.body()).isEqualTo(200);
        assertThat(delivered.body()).contains("\"new\":1").contains("\"triggered\":[\"" + JOB + "\"]");
        awaitThat(() -> notesOn(jane).size() == 1, "the note of Jane's reply");
        JobRun run = awaitRunsEnded(1).get(0);
        assertThat(run.status()).isEqualTo(JobRun.Status.SUCCEEDED);
        assertThat(run.written()).isEqualTo(1);

        List<ConsumerRecord<String, String>> wakeups = awaitPublished(1);
        assertThat(wakeups).singleElement().satisfies(record -> {
            assertThat(record.key()).isEqualTo("instantly");
            WebhookWakeup wakeup = WebhookWakeup.fromJson(record.value());
            assertThat(wakeup.connection()).isEqualTo("instantly");
            assertThat(wakeup.jobs()).containsExactly(JOB);
            assertThat(wakeup.events()).hasSize(1);
        });
        assertThat(engine.getBean(org.apache.camel.CamelContext.class).getRoute(WebhookTopicRoute.ID)).isNotNull();
    }

    @Test
    @Order(2)
    void aRedeliveredEventIsRecordedOnceAndWakesNothing() throws Exception {
        long jane = hubspot.store().idOf("contacts", "email", "jane@globex.com");

        HttpResponse<String> again = deliver(event("reply_received", "jane@globex.com"));

        assertThat(again.statusCode()).isEqualTo(200);
        assertThat(again.body()).contains("\"new\":0").contains("\"triggered\":[]");
        // a later wake-up shows the topic in order: had the redelivery published one, it would come first
        long tom = contact("tom@initech.com");
        deliver(event("lead_interested", "tom@initech.com"));
        awaitThat(() -> notesOn(tom).size() == 1, "the note of Tom's event");
        List<ConsumerRecord<String, String>> wakeups = awaitPublished(2);
        assertThat(WebhookWakeup.fromJson(wakeups.get(1).value()).events()).doesNotContainAnyElementsOf(
                WebhookWakeup.fromJson(wakeups.get(0).value()).events());
        assertThat(awaitRunsEnded(2)).hasSize(2);
        assertThat(notesOn(jane)).hasSize(1);
    }

    @Test
    @Order(3)
    void aWakeUpAnotherNodePublishedRunsTheJobHere() throws Exception {
        long ann = contact("ann@hooli.example");
        // another node received and stored the event, and published its wake-up
        String body = event("lead_meeting_booked", "ann@hooli.example");
        engine.getBean(WebhookEventStore.class).record("instantly", List.of(new WebhookEventStore.Event("other-node-1",
                "lead_meeting_booked", "ann@hooli.example", Instant.now(), 0, body.getBytes(java.nio.charset.StandardCharsets.UTF_8))));
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of("bootstrap.servers", broker.bootstrapServers()),
                new StringSerializer(), new StringSerializer())) {
            producer.send(new ProducerRecord<>(TOPIC, "instantly", new WebhookWakeup("instantly", List.of("other-node-1"),
                    List.of(JOB)).toJson())).get(30, TimeUnit.SECONDS);
        }

        awaitThat(() -> notesOn(ann).size() == 1, "the note of Ann's event, stored and published by another node");
        assertThat(awaitRunsEnded(3)).hasSize(3);
    }

    @Test
    @Order(4)
    void withTheBrokerDownADeliveryIsStoredAnsweredAndStillRuns() throws Exception {
        long sam = contact("sam@initech.com");
        WebhookEventStore store = engine.getBean(WebhookEventStore.class);
        long stored = store.count("instantly");
        broker.pause();
        try {
            long start = System.nanoTime();
            HttpResponse<String> delivered = deliver(event("lead_unsubscribed", "sam@initech.com"));

            assertThat(delivered.statusCode()).as(delivered.body()).isEqualTo(200);
            assertThat(delivered.body()).contains("\"new\":1");
            assertThat(store.count("instantly")).isEqualTo(stored + 1);
            System.out.printf("KafkaIngressTest: with the broker down a delivery was answered in %d ms%n",
                    TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
            awaitThat(() -> notesOn(sam).size() == 1, "the note of Sam's event, with Kafka down");
            assertThat(awaitRunsEnded(4)).hasSize(4);
        } finally {
            broker.resume();
        }

        long lee = contact("lee@hooli.example");
        deliver(event("lead_interested", "lee@hooli.example"));
        awaitThat(() -> notesOn(lee).size() == 1, "the note of Lee's event, with Kafka back");
        assertThat(awaitPublished(3)).last().satisfies(record -> assertThat(record.value()).contains(JOB));
        assertThat(awaitRunsEnded(5)).hasSize(5);
        assertThat(notesOn(sam)).hasSize(1);
    }

    private long contact(String email) {
        hubspot.store().create("contacts", Map.of("email", email, "firstname", "Test"));
        return hubspot.store().idOf("contacts", "email", email);
    }

    private List<Long> notesOn(long contact) {
        return hubspot.associations().associated("contacts", contact, "notes");
    }

    /** An Instantly delivery as https://developer.instantly.ai/webhook-events shows it. */
    private static String event(String type, String email) {
        return "{\"timestamp\":\"2026-12-01T09:30:00.000Z\",\"event_type\":\"" + type + "\",\"workspace\":\"ws-1\","
                + "\"campaign_id\":\"c-1\",\"campaign_name\":\"Q1 outbound\",\"lead_email\":\"" + email + "\","
                + "\"email_account\":\"sdr@example.com\",\"email_subject\":\"Quick question\",\"reply_text\":\"Yes\"}";
    }

    private HttpResponse<String> deliver(String body) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(base + "/webhooks/instantly/instantly"))
                .header("Content-Type", "application/json").header("X-Middlemile-Secret", SECRET)
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** The job's runs once there are {@code count} and none is running; fails on more. */
    private List<JobRun> awaitRunsEnded(int count) throws InterruptedException {
        RunStore runs = engine.getBean(RunStore.class);
        awaitThat(() -> {
            List<JobRun> history = runs.history(JOB, 100);
            return history.size() >= count && history.stream().noneMatch(run -> run.status() == JobRun.Status.RUNNING);
        }, count + " ended runs of " + JOB);
        return runs.history(JOB, 100);
    }

    /** What the engine has published to the topic so far, once there are at least {@code count}. */
    private List<ConsumerRecord<String, String>> awaitPublished(int count) throws InterruptedException {
        awaitThat(() -> {
            observer.poll(Duration.ofMillis(200)).forEach(published::add);
            return published.size() >= count;
        }, count + " wake-ups on topic " + TOPIC);
        observer.poll(Duration.ofMillis(500)).forEach(published::add);
        return List.copyOf(published);
    }

    private static void awaitThat(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            if (condition.getAsBoolean()) {
                return;
            }
            Thread.sleep(100);
        }
        fail("waited 60 s for " + what);
    }
}
