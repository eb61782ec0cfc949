package io.middlemile.sandbox.fullenrich;

import io.middlemile.connector.ConnectorException;
import io.middlemile.connector.ConnectorException.Kind;
import io.middlemile.connector.EnrichAnswer;
import io.middlemile.connector.EnrichRequest;
import io.middlemile.connector.EnrichResult;
import io.middlemile.connector.EnrichResult.Outcome;
import io.middlemile.connector.EnrichTicket;
import io.middlemile.connector.WebhookReceiver;
import io.middlemile.connector.fullenrich.FullEnrichConnector;
import io.middlemile.connector.fullenrich.FullEnrichProvider;
import io.middlemile.connector.fullenrich.FullEnrichSettings;
import io.middlemile.model.Entity;
import io.middlemile.workspace.AuthConfig;
import io.middlemile.workspace.ConnectorConfig;
import io.middlemile.workspace.EnrichmentSettings;
import io.middlemile.workspace.ObjectConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The FullEnrich connector against the FullEnrich emulator: the world's values, and credits that add up. */
class FullEnrichConnectorAgainstEmulatorTest {

    private static final String KEY = FullEnrichEmulatorTest.KEY;

    private FullEnrichEmulator emulator;

    @AfterEach
    void stop() {
        if (emulator != null) {
            emulator.shutdown();
        }
    }

    private FullEnrichConnector connect(double credits, Duration timeout) {
        emulator = FullEnrichEmulator.start(new FullEnrichEmulatorSettings(KEY, FullEnrichEmulatorTest.WORLD, credits, 60,
                Duration.ofMillis(200), Clock.systemUTC(), Duration.ofMillis(50), 1), 0);
        FullEnrichSettings settings = new FullEnrichSettings(emulator.apiUrl(), KEY, 60, timeout, Duration.ofMillis(200), null, 2,
                Clock.systemUTC());
        return new FullEnrichConnector(config(emulator.apiUrl()), settings, HttpClient.newHttpClient());
    }

    @Test
    void lookupsGiveTheWorldsValuesAndTheCreditsTheEmulatorCharged() throws Exception {
        FullEnrichConnector connector = connect(100, Duration.ofSeconds(5));

        EnrichAnswer submitted = connector.submit(Entity.PERSON, List.of(
                request("jane", Map.of("firstName", "Jane", "lastName", "Doe", "companyDomain", "acme.com"), "email", "mobilePhone"),
                request("bob", Map.of("linkedinUrl", "https://www.linkedin.com/in/bob/"), "email", "mobilePhone"),
                request("carl", Map.of("firstName", "Carl", "lastName", "Poe", "companyDomain", "acme.com"), "email"),
                request("ghost", Map.of("firstName", "Nobody", "lastName", "Known", "companyName", "Acme"), "email")));
        Map<String, EnrichResult> results = byKey(pollUntilDone(connector, submitted.pending().orElseThrow()));

        assertThat(results.get("jane").values().get("email").value()).isEqualTo("jane@acme.com");
        assertThat(results.get("jane").values().get("email").verification()).isEqualTo("DELIVERABLE");
        assertThat(results.get("jane").values().get("mobilePhone").value()).isEqualTo("+15550001");
        assertThat(results.get("jane").credits()).isEqualTo(11);
        assertThat(results.get("bob").values()).containsOnlyKeys("email");
        assertThat(results.get("bob").credits()).isEqualTo(1);
        assertThat(results.get("carl").outcome()).isEqualTo(Outcome.NOT_FOUND);
        assertThat(results.get("ghost").outcome()).isEqualTo(Outcome.NOT_FOUND);
        assertThat(results.values().stream().mapToDouble(EnrichResult::credits).sum()).isEqualTo(emulator.creditsSpent()).isEqualTo(12);
        assertThat(connector.creditBalance().getAsDouble()).isEqualTo(88);
        assertThat(emulator.submissionsReceived()).isEqualTo(1);
        assertThat(connector.check().healthy()).isTrue();
    }

    @Test
    void aRepeatedLookupIsFreeAndTheResultsSaySo() throws Exception {
        FullEnrichConnector connector = connect(100, Duration.ofSeconds(5));
        EnrichRequest jane = request("jane", Map.of("linkedinUrl", "https://www.linkedin.com/in/jane"), "email", "mobilePhone");
        pollUntilDone(connector, connector.submit(Entity.PERSON, List.of(jane)).pending().orElseThrow());

        List<EnrichResult> again = pollUntilDone(connector, connector.submit(Entity.PERSON, List.of(jane)).pending().orElseThrow());

        assertThat(again).singleElement().satisfies(result -> {
            assertThat(result.outcome()).isEqualTo(Outcome.FOUND);
            assertThat(result.credits()).isZero();
        });
        assertThat(emulator.creditsSpent()).isEqualTo(11);
    }

    @Test
    void whenCreditsRunOutTheRestIsRejectedAndTheChargesStillAddUp() throws Exception {
        FullEnrichConnector connector = connect(5, Duration.ofSeconds(5));

        EnrichAnswer submitted = connector.submit(Entity.PERSON, List.of(
                request("bob", Map.of("linkedinUrl", "https://www.linkedin.com/in/bob"), "email"),
                request("jane", Map.of("linkedinUrl", "https://www.linkedin.com/in/jane"), "email", "mobilePhone")));
        Map<String, EnrichResult> results = byKey(pollUntilDone(connector, submitted.pending().orElseThrow()));

        assertThat(results.get("bob").outcome()).isEqualTo(Outcome.FOUND);
        assertThat(results.get("jane").outcome()).isEqualTo(Outcome.REJECTED);
        assertThat(results.get("jane").reason()).startsWith("FullEnrich ran out of credits");
        assertThat(results.values().stream().mapToDouble(EnrichResult::credits).sum()).isEqualTo(emulator.creditsSpent()).isEqualTo(1);
    }

    @Test
    void aSubmissionWhoseAnswerIsLostIsNeverSentAgain() {
        FullEnrichConnector connector = connect(100, Duration.ofMillis(300));
        emulator.stallNext(Duration.ofSeconds(1), 1);

        assertThatThrownBy(() -> connector.submit(Entity.PERSON, List.of(
                request("jane", Map.of("linkedinUrl", "https://www.linkedin.com/in/jane"), "email"))))
                .isInstanceOfSatisfying(ConnectorException.class, e -> assertThat(e.kind()).isEqualTo(Kind.FATAL));
        assertThat(emulator.submissionsReceived()).isEqualTo(1);
        assertThat(emulator.enrichmentsAccepted()).isEqualTo(1);
    }

    @Test
    void aWebhookDeliveryIsAcceptedByTheReceiverAndReadByTheConnector() throws Exception {
        FullEnrichConnector connector = connect(100, Duration.ofSeconds(5));
        EnrichTicket ticket = connector.submit(Entity.PERSON, List.of(
                request("jane", Map.of("linkedinUrl", "https://www.linkedin.com/in/jane"), "email"))).pending().orElseThrow();
        List<EnrichResult> polled = pollUntilDone(connector, ticket);
        // the body FullEnrich posts equals the poll answer; sign it as the emulator's webhook sender does
        String body = new String(java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
                java.net.URI.create(emulator.apiUrl() + "/contact/enrich/bulk/" + ticket.id())).header("Authorization", "Bearer " + KEY)
                .build(), java.net.http.HttpResponse.BodyHandlers.ofString()).body());

        WebhookReceiver.Verdict verdict = new FullEnrichProvider().webhooks().orElseThrow().receive(config(emulator.apiUrl()),
                new WebhookReceiver.Request("POST", "https://hub.example.com/webhooks/fullenrich/fullenrich",
                        Map.of("X-Signature-SHA1", emulator.signature(body)), body.getBytes(StandardCharsets.UTF_8)),
                Map.of("FULLENRICH_API_KEY", KEY), Clock.systemUTC());

        assertThat(verdict).isInstanceOf(WebhookReceiver.Accepted.class);
        byte[] payload = ((WebhookReceiver.Accepted) verdict).events().get(0).payload();
        assertThat(connector.delivered(ticket, payload).results()).isEqualTo(polled);
    }

    private static List<EnrichResult> pollUntilDone(FullEnrichConnector connector, EnrichTicket ticket) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (System.nanoTime() < deadline) {
            Thread.sleep(150);
            EnrichAnswer answer = connector.poll(ticket);
            if (answer.pending().isEmpty()) {
                return answer.results();
            }
            ticket = answer.pending().get();
        }
        throw new AssertionError("enrichment " + ticket.id() + " did not finish within 5 s");
    }

    private static EnrichRequest request(String key, Map<String, String> inputs, String... wanted) {
        return new EnrichRequest(key, inputs, Set.of(wanted));
    }

    private static Map<String, EnrichResult> byKey(List<EnrichResult> results) {
        return results.stream().collect(Collectors.toMap(EnrichResult::key, Function.identity()));
    }

    private static ConnectorConfig config(String baseUrl) {
        return new ConnectorConfig("fullenrich", "fullenrich", null, null, baseUrl,
                new AuthConfig("bearer-token", "${FULLENRICH_API_KEY}", null, null, null, null, null, null, null),
                Map.of("people", new ObjectConfig(null, null, List.of("email", "mobilePhone"))), null, null, null,
                new EnrichmentSettings(null, null, null, null, null));
    }
}
