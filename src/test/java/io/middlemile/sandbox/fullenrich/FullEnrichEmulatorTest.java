package io.middlemile.sandbox.fullenrich;

import io.middlemile.sandbox.MutableClock;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import io.middlemile.sandbox.enrichment.EnrichmentWorld;
import io.middlemile.sandbox.enrichment.WorldPerson;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

/** The FullEnrich emulator is as strict as FullEnrich: auth, batch maximum, input rules, minute window, credits, async, webhooks. */
class FullEnrichEmulatorTest {

    static final String KEY = "fe-emulator-key";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    /** Jane: email and phone known to FullEnrich; Bob: email only; Carl: an INVALID email. */
    static final EnrichmentWorld WORLD = new EnrichmentWorld(List.of(
            person("jane", "Jane", "Doe", "acme.com", "jane@acme.com", "DELIVERABLE", "+15550001", Set.of("workEmail", "mobilePhone")),
            person("bob", "Bob", "Roe", "acme.com", "bob@acme.com", "HIGH_PROBABILITY", "+15550002", Set.of("workEmail")),
            person("carl", "Carl", "Poe", "acme.com", "carl@acme.com", "INVALID", null, Set.of("workEmail"))), List.of());

    private final MutableClock clock = new MutableClock(Instant.parse("2026-03-02T10:00:05Z"));
    private FullEnrichEmulator emulator;
    private WireMockServer receiver;

    @AfterEach
    void stop() {
        if (emulator != null) {
            emulator.shutdown();
        }
        if (receiver != null) {
            receiver.stop();
        }
    }

    private FullEnrichEmulator start(double credits, int perMinute) {
        emulator = FullEnrichEmulator.start(new FullEnrichEmulatorSettings(KEY, WORLD, credits, perMinute, Duration.ofSeconds(60),
                clock, Duration.ofMillis(50), 2), 0);
        return emulator;
    }

    // ---------------------------------------------------------------- auth

    @Test
    void everyCallNeedsTheBearerKeyAndEachFailureHasItsDocumentedCode() throws Exception {
        start(100, 60);

        assertThat(call("GET", "/account/credits", null, null)).extracting(Answer::status, a -> a.code())
                .containsExactly(401, "error.authorization.not_set");
        assertThat(call("GET", "/account/credits", null, "Token " + KEY).code()).isEqualTo("error.authorization.not_bearer");
        assertThat(call("GET", "/account/credits", null, "Bearer wrong").code()).isEqualTo("error.api.key");
        Answer ok = call("GET", "/account/credits", null, "Bearer " + KEY);
        assertThat(ok.status()).isEqualTo(200);
        assertThat(ok.json().path("balance").asDouble()).isEqualTo(100);
        assertThat(call("GET", "/account/keys/verify", null, "Bearer " + KEY).json().has("workspace_id")).isTrue();
    }

    // ---------------------------------------------------------------- submit rules

    @Test
    void atMostOneHundredContactsAnEnrichment() throws Exception {
        start(1_000, 1_000);

        Answer tooMany = submit(contacts(101));
        Answer hundred = submit(contacts(100));

        assertThat(tooMany.status()).isEqualTo(400);
        assertThat(tooMany.code()).startsWith("error.enrichment.");
        assertThat(hundred.status()).isEqualTo(200);
        assertThat(hundred.json().path("enrichment_id").asText()).isNotBlank();
        assertThat(emulator.enrichmentsAccepted()).isEqualTo(1);
        assertThat(emulator.submissionsReceived()).isEqualTo(2);
    }

    @Test
    void anInvalidContactRefusesTheBatchUnlessSilentFailDropsIt() throws Exception {
        start(100, 60);
        String data = "[" + contact("Jane", "Doe", "acme.com", "k1", "contact.work_emails") + ","
                + "{\"first_name\":\"No\",\"last_name\":\"Company\",\"enrich_fields\":[\"contact.work_emails\"]}]";

        Answer strict = call("POST", "/contact/enrich/bulk", "{\"name\":\"t\",\"data\":" + data + "}", "Bearer " + KEY);
        Answer silent = call("POST", "/contact/enrich/bulk?silentFail=true", "{\"name\":\"t\",\"data\":" + data + "}", "Bearer " + KEY);

        assertThat(strict.status()).isEqualTo(400);
        assertThat(strict.code()).isEqualTo("error.enrichment.domain.empty");
        assertThat(silent.status()).isEqualTo(200);
        clock.advance(Duration.ofSeconds(61));
        emulator.finishDue();
        assertThat(results(silent.json().path("enrichment_id").asText()).json().path("data")).hasSize(1);
        assertThat(call("POST", "/contact/enrich/bulk", "{\"data\":" + data + "}", "Bearer " + KEY).code())
                .isEqualTo("error.enrichment.name.empty");
        assertThat(submit("[{\"linkedin_url\":\"https://www.linkedin.com/in/jane\",\"enrich_fields\":[\"contact.emails\"]}]").code())
                .isEqualTo("error.enrichment.enrich_field.value");
    }

    // ---------------------------------------------------------------- async and credits

    @Test
    void resultsAreReadyAfterTheDelayAndOnlyHitsAreCharged() throws Exception {
        start(100, 60);
        String id = submit("[" + contact("Jane", "Doe", "acme.com", "k1", "contact.work_emails", "contact.phones") + ","
                + contact("Bob", "Roe", "acme.com", "k2", "contact.work_emails", "contact.phones") + ","
                + contact("Carl", "Poe", "acme.com", "k3", "contact.work_emails") + ","
                + contact("Nobody", "Known", "acme.com", "k4", "contact.work_emails") + "]").json().path("enrichment_id").asText();

        Answer early = results(id);
        assertThat(early.status()).isEqualTo(400);
        assertThat(early.code()).isEqualTo("error.enrichment.in_progress");
        assertThat(emulator.creditsSpent()).isZero();

        clock.advance(Duration.ofSeconds(61));
        Answer done = results(id);

        assertThat(done.status()).isEqualTo(200);
        assertThat(done.json().path("status").asText()).isEqualTo("FINISHED");
        JsonNode data = done.json().path("data");
        assertThat(data).hasSize(4);
        assertThat(data.get(0).path("custom").path("key").asText()).isEqualTo("k1");
        assertThat(data.get(0).path("contact_info").path("most_probable_work_email").path("email").asText()).isEqualTo("jane@acme.com");
        assertThat(data.get(0).path("contact_info").path("most_probable_phone").path("number").asText()).isEqualTo("+15550001");
        assertThat(data.get(1).path("contact_info").path("most_probable_work_email").path("status").asText()).isEqualTo("HIGH_PROBABILITY");
        assertThat(data.get(1).path("contact_info").has("most_probable_phone")).isFalse();
        assertThat(data.get(2).path("contact_info").path("most_probable_work_email").path("status").asText()).isEqualTo("INVALID");
        assertThat(data.get(3).path("contact_info").has("most_probable_work_email")).isFalse();
        // Jane 1 + 10, Bob 1; Carl's INVALID address and the unknown contact are free
        assertThat(done.json().path("cost").path("credits").asDouble()).isEqualTo(12);
        assertThat(emulator.creditsSpent()).isEqualTo(12);
        assertThat(emulator.creditBalance()).isEqualTo(88);
    }

    @Test
    void aValuePaidForEarlierIsFreeButNotWithinTheSameOrASimultaneousEnrichment() throws Exception {
        start(100, 60);
        String jane = contact("Jane", "Doe", "acme.com", "k1", "contact.work_emails");
        String first = submit("[" + jane + "," + jane + "]").json().path("enrichment_id").asText();
        String simultaneous = submit("[" + jane + "]").json().path("enrichment_id").asText();
        clock.advance(Duration.ofSeconds(61));
        emulator.finishDue();
        String later = submit("[" + jane + "]").json().path("enrichment_id").asText();
        clock.advance(Duration.ofSeconds(61));

        assertThat(results(first).json().path("cost").path("credits").asDouble()).isEqualTo(2);
        assertThat(results(simultaneous).json().path("cost").path("credits").asDouble()).isEqualTo(1);
        assertThat(results(later).json().path("cost").path("credits").asDouble()).isZero();
        assertThat(emulator.creditsSpent()).isEqualTo(3);
    }

    @Test
    void whenCreditsRunOutTheEnrichmentStopsAndItsResultsAnswer402() throws Exception {
        start(5, 60);
        String id = submit("[" + contact("Bob", "Roe", "acme.com", "k1", "contact.work_emails") + ","
                + contact("Jane", "Doe", "acme.com", "k2", "contact.work_emails", "contact.phones") + "]").json().path("enrichment_id").asText();
        clock.advance(Duration.ofSeconds(61));

        Answer answer = results(id);

        assertThat(answer.status()).isEqualTo(402);
        assertThat(answer.json().path("status").asText()).isEqualTo("CREDITS_INSUFFICIENT");
        assertThat(answer.json().path("data")).hasSize(1);
        assertThat(answer.json().path("cost").path("credits").asDouble()).isEqualTo(1);
        assertThat(emulator.creditBalance()).isEqualTo(4);
    }

    @Test
    void anUnknownEnrichmentIs404() throws Exception {
        start(5, 60);

        Answer answer = results("00000000-0000-0000-0000-000000000000");

        assertThat(answer.status()).isEqualTo(404);
        assertThat(answer.code()).isEqualTo("error.enrichment.not_found");
    }

    // ---------------------------------------------------------------- limits

    @Test
    void everyCallCountsInTheCalendarMinuteAndTheNextMinuteStartsAfresh() throws Exception {
        start(5, 3);
        for (int i = 0; i < 3; i++) {
            assertThat(call("GET", "/account/credits", null, "Bearer " + KEY).status()).isEqualTo(200);
        }

        Answer limited = call("GET", "/account/credits", null, "Bearer " + KEY);

        assertThat(limited.status()).isEqualTo(429);
        assertThat(limited.json()).isEqualTo(JSON.readTree("{\"code\":\"error.rate.limit\",\"message\":\"Too many requests. Try again in 1m\"}"));
        assertThat(limited.headers().keySet()).noneMatch(h -> h.toLowerCase().contains("ratelimit") || h.equalsIgnoreCase("retry-after"));
        assertThat(emulator.rateLimited()).isEqualTo(1);
        clock.advance(Duration.ofSeconds(55)); // 10:01:00: a new calendar minute
        assertThat(call("GET", "/account/credits", null, "Bearer " + KEY).status()).isEqualTo(200);
    }

    @Test
    void atMostOneHundredEnrichmentsInProgress() throws Exception {
        start(1_000, 1_000);
        String one = "[" + contact("Jane", "Doe", "acme.com", "k", "contact.work_emails") + "]";
        for (int i = 0; i < 100; i++) {
            assertThat(submit(one).status()).isEqualTo(200);
        }

        assertThat(submit(one).status()).isEqualTo(429);
        clock.advance(Duration.ofSeconds(61));
        emulator.finishDue();
        assertThat(submit(one).status()).isEqualTo(200);
    }

    @Test
    void injectedFailuresAnswerTheGivenStatus() throws Exception {
        start(5, 60);
        emulator.failNext(503, 1);

        assertThat(call("GET", "/account/credits", null, "Bearer " + KEY).status()).isEqualTo(503);
        assertThat(call("GET", "/account/credits", null, "Bearer " + KEY).status()).isEqualTo(200);
    }

    // ---------------------------------------------------------------- webhooks

    @Test
    void aFinishedEnrichmentIsPostedSignedAndARefusedDeliveryIsRetried() throws Exception {
        receiver = new WireMockServer(options().dynamicPort());
        receiver.start();
        receiver.stubFor(post(urlPathEqualTo("/hook")).inScenario("r").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withStatus(500)).willSetStateTo("ok"));
        receiver.stubFor(post(urlPathEqualTo("/hook")).inScenario("r").whenScenarioStateIs("ok").willReturn(aResponse().withStatus(200)));
        receiver.stubFor(post(urlPathEqualTo("/contact")).willReturn(aResponse().withStatus(200)));
        start(100, 60);
        String body = "{\"name\":\"t\",\"webhook_url\":\"" + receiver.baseUrl() + "/hook\",\"webhook_events\":{\"contact_finished\":\""
                + receiver.baseUrl() + "/contact\"},\"data\":[" + contact("Jane", "Doe", "acme.com", "k1", "contact.work_emails") + "]}";
        String id = call("POST", "/contact/enrich/bulk", body, "Bearer " + KEY).json().path("enrichment_id").asText();

        clock.advance(Duration.ofSeconds(61));
        emulator.finishDue();
        waitFor(() -> emulator.webhookAttempts().size() >= 3);

        receiver.verify(2, postRequestedFor(urlPathEqualTo("/hook")));
        receiver.verify(1, postRequestedFor(urlPathEqualTo("/contact")));
        var delivered = receiver.findAll(postRequestedFor(urlPathEqualTo("/hook"))).get(1);
        assertThat(delivered.getHeader("X-Signature-SHA1")).isEqualTo(hmac(KEY, delivered.getBodyAsString()));
        JsonNode result = JSON.readTree(delivered.getBodyAsString());
        assertThat(result.path("id").asText()).isEqualTo(id);
        assertThat(result.path("status").asText()).isEqualTo("FINISHED");
        JsonNode perContact = JSON.readTree(receiver.findAll(postRequestedFor(urlPathEqualTo("/contact"))).get(0).getBodyAsString());
        assertThat(perContact.path("status").asText()).isEqualTo("IN_PROGRESS");
        assertThat(perContact.path("data")).hasSize(1);
    }

    // ---------------------------------------------------------------- helpers

    record Answer(int status, JsonNode json, Map<String, List<String>> headers) {
        String code() {
            return json.path("code").asText(null);
        }
    }

    private Answer submit(String data) throws Exception {
        return call("POST", "/contact/enrich/bulk", "{\"name\":\"test\",\"data\":" + data + "}", "Bearer " + KEY);
    }

    private Answer results(String id) throws Exception {
        return call("GET", "/contact/enrich/bulk/" + id, null, "Bearer " + KEY);
    }

    private Answer call(String method, String path, String body, String authorization) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(emulator.apiUrl() + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                .header("Content-Type", "application/json");
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        JsonNode json = response.body().isEmpty() ? JSON.createObjectNode() : JSON.readTree(response.body());
        return new Answer(response.statusCode(), json, response.headers().map());
    }

    static String contact(String first, String last, String domain, String key, String... fields) {
        StringBuilder enrich = new StringBuilder();
        for (String field : fields) {
            enrich.append(enrich.isEmpty() ? "" : ",").append('"').append(field).append('"');
        }
        return "{\"first_name\":\"" + first + "\",\"last_name\":\"" + last + "\",\"domain\":\"" + domain
                + "\",\"enrich_fields\":[" + enrich + "],\"custom\":{\"key\":\"" + key + "\"}}";
    }

    private static String contacts(int n) {
        StringBuilder data = new StringBuilder("[");
        for (int i = 0; i < n; i++) {
            data.append(i == 0 ? "" : ",").append(contact("P" + i, "Q" + i, "acme.com", "k" + i, "contact.work_emails"));
        }
        return data.append("]").toString();
    }

    static WorldPerson person(String handle, String first, String last, String domain, String email, String status, String phone,
                              Set<String> knownToFullEnrich) {
        return new WorldPerson("https://www.linkedin.com/in/" + handle, first, last, domain, null, email, status, phone, null, null,
                Map.of("fullenrich", knownToFullEnrich));
    }

    static String hmac(String key, String body) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA1");
        mac.init(new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), "HmacSHA1"));
        return HexFormat.of().formatHex(mac.doFinal(body.getBytes(StandardCharsets.UTF_8)));
    }

    private static void waitFor(java.util.function.BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (!condition.getAsBoolean() && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(condition.getAsBoolean()).as("condition within 5 s").isTrue();
    }
}
