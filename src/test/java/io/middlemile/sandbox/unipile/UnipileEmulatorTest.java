package io.middlemile.sandbox.unipile;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.middlemile.connector.Outreach;
import io.middlemile.connector.Outreach.Outcome.Status;
import io.middlemile.connector.unipile.UnipileConnector;
import io.middlemile.connector.unipile.UnipileSettings;
import io.middlemile.sandbox.WebhookDispatcher;
import io.middlemile.sandbox.MutableClock;
import io.middlemile.sandbox.WebhookSink;
import io.middlemile.sandbox.unipile.UnipileEmulatorSettings.Account;
import io.middlemile.sandbox.unipile.UnipileEmulatorSettings.Behaviour;
import io.middlemile.sandbox.unipile.UnipileEmulatorSettings.Limits;
import io.middlemile.workspace.AuthConfig;
import io.middlemile.workspace.ConnectorConfig;
import io.middlemile.workspace.ObjectConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The Unipile emulator keeps LinkedIn's per-account limits and fires accepted invitations and replies back, late and retried. */
class UnipileEmulatorTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Instant START = Instant.parse("2026-03-02T09:00:00Z");

    private final HttpClient http = HttpClient.newHttpClient();
    private final MutableClock clock = new MutableClock(START);
    private WebhookSink hook;
    private UnipileEmulator emulator;

    @BeforeEach
    void start() throws IOException {
        hook = new WebhookSink("X-Middlemile-Secret");
        Behaviour everyoneAnswers = new Behaviour(1.0, Duration.ofHours(2), Duration.ofHours(8), 1.0, Duration.ofMinutes(30),
                "Sure, let's talk.", 7);
        UnipileEmulatorSettings settings = UnipileEmulatorSettings.defaults("key-1").withPeople(everyoneAnswers)
                .withAccounts(List.of(
                        Account.premium("acc-paid", "Paid", ZoneId.of("Europe/Paris")).withLimits(new Limits(2, 3, 5, 10)),
                        Account.free("acc-free", "Free", ZoneOffset.UTC)))
                .withRetryDelays(List.of(Duration.ofMinutes(1), Duration.ofMinutes(5)));
        emulator = UnipileEmulator.start(settings, 0, clock);
        for (String who : List.of("jane-doe", "ann-lee", "bo-chen", "cy-diaz")) {
            emulator.addProfile(who, who.split("-")[0], who.split("-")[1], "Head of Sales");
        }
    }

    @AfterEach
    void stop() {
        emulator.stop();
        hook.close();
    }

    private record Answer(int status, JsonNode body) {
    }

    private Answer call(String method, String path, String body, String key) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(emulator.apiBaseUrl() + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                .header("Content-Type", "application/json");
        if (key != null) {
            request.header("X-API-KEY", key);
        }
        HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        return new Answer(response.statusCode(), response.body().isEmpty() ? null : JSON.readTree(response.body()));
    }

    private String providerId(String account, String who) throws Exception {
        return call("GET", "/users/" + who + "?account_id=" + account, null, "key-1").body().get("provider_id").asText();
    }

    private Answer invite(String account, String providerId, String message) throws Exception {
        String note = message == null ? "" : ",\"message\":\"" + message + "\"";
        return call("POST", "/users/invite", "{\"account_id\":\"" + account + "\",\"provider_id\":\"" + providerId + "\"" + note + "}", "key-1");
    }

    private void subscribe(String source) throws Exception {
        Answer created = call("POST", "/webhooks", """
                {"request_url":"%s","source":"%s","name":"middlemile","headers":[{"key":"X-Middlemile-Secret","value":"s3cret"}]}"""
                .formatted(hook.url("/webhooks/unipile/linkedin"), source), "key-1");
        assertThat(created.status()).isEqualTo(201);
        assertThat(created.body().get("object").asText()).isEqualTo("WebhookCreated");
    }

    @Test
    void aMissingOrWrongKeyIs401AndADisconnectedAccountSaysSo() throws Exception {
        assertThat(call("GET", "/accounts", null, null).status()).isEqualTo(401);
        assertThat(call("GET", "/accounts", null, "nope").status()).isEqualTo(401);
        assertThat(call("GET", "/accounts", null, "key-1").body().get("items")).hasSize(2);

        emulator.disconnect("acc-free");
        Answer disconnected = call("GET", "/users/jane-doe?account_id=acc-free", null, "key-1");
        assertThat(disconnected.status()).isEqualTo(401);
        assertThat(disconnected.body().get("type").asText()).isEqualTo("errors/disconnected_account");
    }

    @Test
    void theAccountsDailyAndWeeklyInvitationLimitsAnswer429AndAreCountedPerLocalDay() throws Exception {
        List<String> people = new ArrayList<>();
        for (String who : List.of("jane-doe", "ann-lee", "bo-chen", "cy-diaz")) {
            people.add(providerId("acc-paid", who));
        }
        assertThat(invite("acc-paid", people.get(0), null).status()).isEqualTo(201);
        assertThat(invite("acc-paid", people.get(1), null).status()).isEqualTo(201);
        Answer overDay = invite("acc-paid", people.get(2), null);
        assertThat(overDay.status()).isEqualTo(429);
        assertThat(overDay.body().get("type").asText()).isEqualTo("errors/too_many_requests");

        LocalDate parisDay = LocalDate.of(2026, 3, 2);
        assertThat(emulator.usage("acc-paid", parisDay)).isEqualTo(new UnipileEmulator.Usage(2, 4, 0, 1));

        clock.advance(Duration.ofHours(15)); // 01:00 the next day in Paris: a new day, the same week
        assertThat(invite("acc-paid", people.get(2), null).status()).isEqualTo(201);
        assertThat(invite("acc-paid", people.get(3), null).status()).isEqualTo(429);
        assertThat(emulator.usage("acc-paid", parisDay.plusDays(1))).isEqualTo(new UnipileEmulator.Usage(1, 0, 0, 1));

        // five look-ups a day pass, the sixth is refused
        clock.advance(Duration.ofDays(1));
        for (int i = 0; i < 5; i++) {
            assertThat(call("GET", "/users/jane-doe?account_id=acc-paid", null, "key-1").status()).isEqualTo(200);
        }
        assertThat(call("GET", "/users/jane-doe?account_id=acc-paid", null, "key-1").status()).isEqualTo(429);
    }

    @Test
    void aNoteOverTheAccountsLengthAndASecondInvitationAreRefused() throws Exception {
        String jane = providerId("acc-free", "jane-doe");

        Answer long201 = invite("acc-free", jane, "x".repeat(201));
        assertThat(long201.status()).isEqualTo(400);
        assertThat(long201.body().get("type").asText()).isEqualTo("errors/too_many_characters");
        assertThat(invite("acc-paid", providerId("acc-paid", "jane-doe"), "x".repeat(300)).status()).isEqualTo(201);
        assertThat(invite("acc-paid", providerId("acc-paid", "ann-lee"), "x".repeat(301)).status()).isEqualTo(400);

        assertThat(invite("acc-free", jane, "x".repeat(200)).status()).isEqualTo(201);
        Answer again = invite("acc-free", jane, null);
        assertThat(again.status()).isEqualTo(422);
        assertThat(again.body().get("type").asText()).contains("already_invited");
    }

    @Test
    void anAcceptedInvitationIsARelationFirstAndANewRelationWebhookLateWithTheSecretHeader() throws Exception {
        subscribe("users");
        String jane = providerId("acc-free", "jane-doe");
        assertThat(invite("acc-free", jane, null).status()).isEqualTo(201);

        clock.advance(Duration.ofHours(3));
        assertThat(emulator.deliverDue()).isZero();
        Answer relations = call("GET", "/users/relations?account_id=acc-free&limit=10", null, "key-1");
        assertThat(relations.body().get("items").get(0).get("public_identifier").asText()).isEqualTo("jane-doe");
        assertThat(hook.received()).isEmpty();

        clock.advance(Duration.ofHours(8));
        assertThat(emulator.deliverDue()).isEqualTo(1);
        assertThat(hook.received()).singleElement().satisfies(delivery -> {
            assertThat(delivery.secret()).isEqualTo("s3cret");
            JsonNode payload = JSON.readTree(delivery.body());
            assertThat(payload.get("event").asText()).isEqualTo("new_relation");
            assertThat(payload.get("account_id").asText()).isEqualTo("acc-free");
            assertThat(payload.get("user_public_identifier").asText()).isEqualTo("jane-doe");
            assertThat(payload.get("user_provider_id").asText()).isEqualTo(jane);
            assertThat(payload.get("webhook_name").asText()).isEqualTo("middlemile");
        });
    }

    @Test
    void aDeliveryNotAnswered200IsRetriedAfterTheNextDelay() throws Exception {
        subscribe("users");
        hook.answer(500, 503);
        invite("acc-free", providerId("acc-free", "jane-doe"), null);

        clock.advance(Duration.ofHours(10));
        emulator.deliverDue();
        clock.advance(Duration.ofSeconds(30));
        assertThat(emulator.deliverDue()).isZero();
        clock.advance(Duration.ofSeconds(30));
        emulator.deliverDue();
        clock.advance(Duration.ofMinutes(5));
        emulator.deliverDue();

        assertThat(emulator.deliveries()).extracting(WebhookDispatcher.Attempt::attempt, WebhookDispatcher.Attempt::status)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(0, 500), org.assertj.core.groups.Tuple.tuple(1, 503),
                        org.assertj.core.groups.Tuple.tuple(2, 200));
        assertThat(hook.received()).hasSize(3).extracting(WebhookSink.Delivery::body).containsOnly(hook.received().get(0).body());
        assertThat(emulator.pendingDeliveries()).isZero();
    }

    @Test
    void aMessageToARelationIsRepliedToAndBothFireMessageReceivedWithTheirSender() throws Exception {
        subscribe("messaging");
        String jane = providerId("acc-free", "jane-doe");
        assertThat(call("POST", "/users/invite", "{\"account_id\":\"acc-free\",\"provider_id\":\"" + jane + "\"}", "key-1").status())
                .isEqualTo(201);
        assertThat(multipart("/chats", Map.of("account_id", "acc-free", "attendees_ids", jane, "text", "Hi")).status())
                .as("not a relation yet").isEqualTo(422);
        clock.advance(Duration.ofHours(2));

        Answer started = multipart("/chats", Map.of("account_id", "acc-free", "attendees_ids", jane, "text", "Thanks for connecting"));
        assertThat(started.status()).isEqualTo(201);
        String chat = started.body().get("chat_id").asText();
        Answer reused = multipart("/chats", Map.of("account_id", "acc-free", "attendees_ids", jane, "text", "Second"));
        assertThat(reused.body().get("chat_id").asText()).isEqualTo(chat);
        assertThat(multipart("/chats/" + chat + "/messages", Map.of("text", "Third")).status()).isEqualTo(201);

        clock.advance(Duration.ofMinutes(31));
        emulator.deliverDue();

        assertThat(emulator.messagesOf(chat)).containsExactly("Thanks for connecting", "Second", "Third", "Sure, let's talk.");
        List<JsonNode> events = new ArrayList<>();
        for (WebhookSink.Delivery delivery : hook.received()) {
            events.add(JSON.readTree(delivery.body()));
        }
        assertThat(events).allMatch(e -> e.get("event").asText().equals("message_received"));
        assertThat(events).filteredOn(e -> e.get("sender").get("attendee_provider_id").asText().equals(jane))
                .singleElement().satisfies(e -> {
                    assertThat(e.get("message").asText()).isEqualTo("Sure, let's talk.");
                    assertThat(e.get("sender").get("attendee_profile_url").asText()).contains("/in/jane-doe");
                });
        assertThat(events).filteredOn(e -> e.get("sender").get("attendee_provider_id").asText()
                .equals(e.get("account_info").get("user_id").asText())).hasSize(3);
    }

    @Test
    void theConnectorSendsThroughTheEmulatorAndDefersAtTheAccountsLimit() {
        ConnectorConfig config = new ConnectorConfig("linkedin", "unipile", null, null, emulator.apiBaseUrl(),
                new AuthConfig("api-key", null, "${UNIPILE_API_KEY}", null, null, null, null, null, null),
                Map.of("people", new ObjectConfig("public_identifier", null, List.of("public_identifier"))), null);
        UnipileConnector connector = new UnipileConnector(config, Map.of("UNIPILE_API_KEY", "key-1"),
                UnipileSettings.defaults(emulator.apiBaseUrl()).withPremiumAccounts(Map.of("acc-paid", true)), clock);

        List<Status> statuses = new ArrayList<>();
        for (String who : List.of("jane-doe", "ann-lee", "bo-chen")) {
            statuses.add(connector.send(List.of(new Outreach.Send("k-" + who, Outreach.Kind.INVITE, "acc-paid", null,
                    "https://www.linkedin.com/in/" + who + "/", Map.of(), "y".repeat(280))), Map.of()).get(0).status());
        }

        assertThat(statuses).containsExactly(Status.SENT, Status.SENT, Status.DEFERRED);
        assertThat(emulator.relationsOf("acc-paid")).isEmpty();
        assertThat(connector.check().healthy()).isTrue();
    }

    private Answer multipart(String path, Map<String, String> fields) throws Exception {
        String boundary = "b0undary";
        StringBuilder body = new StringBuilder();
        fields.forEach((name, value) -> body.append("--").append(boundary).append("\r\nContent-Disposition: form-data; name=\"")
                .append(name).append("\"\r\n\r\n").append(value).append("\r\n"));
        body.append("--").append(boundary).append("--\r\n");
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(emulator.apiBaseUrl() + path))
                .header("X-API-KEY", "key-1").header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofString(body.toString())).build(), HttpResponse.BodyHandlers.ofString());
        return new Answer(response.statusCode(), JSON.readTree(response.body()));
    }
}
