package io.middlemile.sandbox.instantly;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.middlemile.sandbox.WebhookDispatcher;
import io.middlemile.sandbox.MutableClock;
import io.middlemile.sandbox.WebhookSink;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The Instantly emulator's simulated lead events reach the subscriptions of their type, with their headers, retried. */
class InstantlyEmulatorWebhooksTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newHttpClient();
    private static final Instant START = Instant.parse("2026-03-02T09:00:00Z");
    private final MutableClock clock = new MutableClock(START);
    private final InstantlyEmulator.Simulation simulation = new InstantlyEmulator.Simulation(Duration.ofMinutes(10), 0.3, 0.2,
            0.1, 0.1, 3, List.of(Duration.ofMinutes(1), Duration.ofMinutes(4)));
    private InstantlyEmulator emulator;
    private WebhookSink sink;

    @BeforeEach
    void start() throws Exception {
        emulator = InstantlyEmulator.start("tok", 0, clock, 100, 6_000, simulation);
        sink = new WebhookSink("X-Middlemile-Secret");
    }

    @AfterEach
    void stop() {
        emulator.stop();
        sink.close();
    }

    private HttpResponse<String> post(String path, String body) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(emulator.apiBaseUrl() + path)).header("Authorization", "Bearer tok")
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private List<String> addLeads(String campaign, int count) throws Exception {
        List<String> emails = new ArrayList<>();
        StringBuilder leads = new StringBuilder();
        for (int i = 0; i < count; i++) {
            String email = "lead" + i + "@acme.com";
            emails.add(email);
            leads.append(i == 0 ? "" : ",").append("{\"email\":\"").append(email).append("\",\"first_name\":\"L").append(i).append("\"}");
        }
        assertThat(post("/leads/add", "{\"campaign_id\":\"" + campaign + "\",\"leads\":[" + leads + "]}").statusCode()).isEqualTo(200);
        return emails;
    }

    @Test
    void eachLeadGetsItsSimulatedEventAtTheSubscriptionsOfThatTypeWithTheirHeaders() throws Exception {
        String campaign = emulator.addCampaign("Q3 outbound");
        HttpResponse<String> created = post("/webhooks", """
                {"target_hook_url":"%s","event_type":"all_events","name":"hub","headers":{"X-Middlemile-Secret":"s3cret"}}"""
                .formatted(sink.url("/webhooks/instantly/instantly")));
        assertThat(created.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(created.body()).get("target_hook_url").asText()).contains("/webhooks/instantly/instantly");
        WebhookSink replies = new WebhookSink("X-Middlemile-Secret");
        emulator.addWebhook(replies.url("/replies"), "reply_received", null, Map.of("X-Middlemile-Secret", "other"));
        List<String> emails = addLeads(campaign, 40);

        clock.advance(Duration.ofMinutes(9));
        assertThat(emulator.deliverDue()).isZero();
        clock.advance(Duration.ofMinutes(1));
        emulator.deliverDue();

        Map<String, String> expected = new HashMap<>();
        emails.forEach(email -> {
            String event = emulator.simulatedEventFor(email);
            if (event != null) {
                expected.put(email, event);
            }
        });
        assertThat(expected.values()).contains("reply_received", "email_bounced", "lead_unsubscribed", "auto_reply_received");
        Map<String, String> got = new HashMap<>();
        for (WebhookSink.Delivery delivery : sink.received()) {
            assertThat(delivery.secret()).isEqualTo("s3cret");
            JsonNode payload = JSON.readTree(delivery.body());
            got.put(payload.get("lead_email").asText(), payload.get("event_type").asText());
            assertThat(payload.get("campaign_id").asText()).isEqualTo(campaign);
            assertThat(payload.get("campaign_name").asText()).isEqualTo("Q3 outbound");
            assertThat(payload.get("timestamp").asText()).isEqualTo(START.plus(Duration.ofMinutes(10)).toString());
            assertThat(payload.has("workspace") && payload.has("email_account") && payload.has("first_name")).isTrue();
            if (payload.get("event_type").asText().equals("reply_received")) {
                assertThat(payload.get("reply_text_snippet").asText()).isNotBlank();
                assertThat(payload.get("reply_subject").asText()).isNotBlank();
            }
        }
        assertThat(got).isEqualTo(expected);
        long repliesExpected = expected.values().stream().filter("reply_received"::equals).count();
        assertThat(replies.received()).hasSize((int) repliesExpected).allMatch(d -> d.secret().equals("other"));
        replies.close();
    }

    @Test
    void aFailedDeliveryIsRetriedAfterTheConfiguredDelaysThenDropped() throws Exception {
        String campaign = emulator.addCampaign("Q3");
        emulator.addWebhook(sink.url("/hook"), "all_events", null, Map.of());
        String lead = null;
        for (int i = 0; lead == null; i++) {
            lead = emulator.simulatedEventFor("probe" + i + "@acme.com") != null ? "probe" + i + "@acme.com" : null;
        }
        assertThat(post("/leads/add", "{\"campaign_id\":\"" + campaign + "\",\"leads\":[{\"email\":\"" + lead + "\"}]}").statusCode())
                .isEqualTo(200);
        sink.answer(500, 404, 500);

        clock.advance(Duration.ofMinutes(10));
        emulator.deliverDue();
        clock.advance(Duration.ofMinutes(1));
        emulator.deliverDue();
        clock.advance(Duration.ofMinutes(4));
        emulator.deliverDue();
        clock.advance(Duration.ofHours(1));
        emulator.deliverDue();

        assertThat(emulator.deliveries()).extracting(WebhookDispatcher.Attempt::status).containsExactly(500, 404, 500);
        assertThat(sink.received()).hasSize(3);
    }
}
