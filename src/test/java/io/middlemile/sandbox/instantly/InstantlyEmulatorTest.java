package io.middlemile.sandbox.instantly;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The Instantly emulator refuses what Instantly refuses and counts leads as Instantly's answer documents. */
class InstantlyEmulatorTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newHttpClient();
    private final MutableClock clock = new MutableClock();
    private final InstantlyEmulator emulator = InstantlyEmulator.start("tok", 0, clock, 10, 50);

    @AfterEach
    void stop() {
        emulator.stop();
    }

    private record Answer(int status, JsonNode body) {
    }

    private Answer call(String method, String path, String body, String token) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(emulator.apiBaseUrl() + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                .header("Content-Type", "application/json");
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        return new Answer(r.statusCode(), r.body().isEmpty() ? null : JSON.readTree(r.body()));
    }

    private Answer add(String body) throws Exception {
        return call("POST", "/leads/add", body, "tok");
    }

    @Test
    void aWrongOrMissingKeyIs401() throws Exception {
        assertThat(call("GET", "/campaigns", null, null).status()).isEqualTo(401);
        Answer wrong = call("GET", "/campaigns", null, "nope");
        assertThat(wrong.status()).isEqualTo(401);
        assertThat(wrong.body().get("error").asText()).isEqualTo("Unauthorized");
    }

    @Test
    void aLatencyDelaysEveryAnswerAndChangesNothingElse() throws Exception {
        String campaign = emulator.addCampaign("Q3");
        emulator.latency(java.time.Duration.ofMillis(300));
        long started = System.nanoTime();
        Answer answer = add("{\"campaign_id\":\"" + campaign + "\",\"leads\":[{\"email\":\"a@x.io\"}]}");
        long tookMillis = (System.nanoTime() - started) / 1_000_000;

        assertThat(answer.status()).isEqualTo(200);
        assertThat(emulator.leadsOf(campaign)).containsExactly("a@x.io");
        assertThat(tookMillis).as("the answer waited the latency").isGreaterThanOrEqualTo(300);
        emulator.latency(java.time.Duration.ZERO);
    }

    @Test
    void theTargetAndBatchSizeAreValidatedLikeInstantly() throws Exception {
        String campaign = emulator.addCampaign("Q3");
        String list = emulator.addList();
        Answer both = add("{\"campaign_id\":\"" + campaign + "\",\"list_id\":\"" + list + "\",\"leads\":[{\"email\":\"a@x.io\"}]}");
        assertThat(both.status()).isEqualTo(400);
        assertThat(both.body().get("message").asText()).contains("not both");
        assertThat(add("{\"leads\":[{\"email\":\"a@x.io\"}]}").status()).isEqualTo(400);
        StringBuilder many = new StringBuilder("{\"campaign_id\":\"" + campaign + "\",\"leads\":[");
        for (int i = 0; i < 1_001; i++) {
            many.append(i == 0 ? "" : ",").append("{\"email\":\"l").append(i).append("@x.io\"}");
        }
        Answer tooMany = add(many.append("]}").toString());
        assertThat(tooMany.status()).isEqualTo(400);
        assertThat(tooMany.body().get("message").asText()).contains("1000");
        assertThat(add("{\"campaign_id\":\"" + campaign + "\",\"leads\":[{\"mail\":\"a@x.io\"}]}").status()).isEqualTo(400);
        assertThat(emulator.leadsOf(campaign)).isEmpty();
    }

    @Test
    void eachLeadIsCountedUnderOneReasonAndCreatedLeadsCarryTheirIndex() throws Exception {
        String campaign = emulator.addCampaign("Q3");
        String other = emulator.addCampaign("Q2");
        emulator.block("blocked@x.io");
        add("{\"campaign_id\":\"" + other + "\",\"leads\":[{\"email\":\"elsewhere@x.io\"}]}");
        add("{\"campaign_id\":\"" + campaign + "\",\"leads\":[{\"email\":\"already@x.io\"}]}");

        Answer answer = add("{\"campaign_id\":\"" + campaign + "\",\"skip_if_in_workspace\":true,\"leads\":["
                + "{\"email\":\"new@x.io\",\"custom_variables\":{\"tier\":\"A\"}},{\"email\":\"NEW@x.io\"},{\"first_name\":\"No Email\"},"
                + "{\"email\":\"bad\"},{\"email\":\"blocked@x.io\"},{\"email\":\"elsewhere@x.io\"},{\"email\":\"already@x.io\"}]}");

        JsonNode b = answer.body();
        assertThat(answer.status()).isEqualTo(200);
        assertThat(b.get("total_sent").asInt()).isEqualTo(7);
        assertThat(b.get("leads_uploaded").asInt()).isEqualTo(1);
        assertThat(b.get("duplicate_email_count").asInt()).isEqualTo(1);
        assertThat(b.get("invalid_email_count").asInt()).isEqualTo(2);
        assertThat(b.get("in_blocklist").asInt()).isEqualTo(1);
        assertThat(b.get("skipped_count").asInt()).isEqualTo(1);
        assertThat(b.get("duplicated_leads").asInt()).isEqualTo(1);
        assertThat(b.get("created_leads")).hasSize(1);
        assertThat(b.get("created_leads").get(0).get("index").asInt()).isEqualTo(0);
        assertThat(emulator.leadsOf(campaign)).containsExactlyInAnyOrder("new@x.io", "already@x.io");

        // without the skip flag the lead in another campaign is added here too
        Answer again = add("{\"campaign_id\":\"" + campaign + "\",\"leads\":[{\"email\":\"elsewhere@x.io\"}]}");
        assertThat(again.body().get("leads_uploaded").asInt()).isEqualTo(1);
    }

    @Test
    void interestStatusIs202ForAKnownLeadAnd400Otherwise() throws Exception {
        String campaign = emulator.addCampaign("Q3");
        add("{\"campaign_id\":\"" + campaign + "\",\"leads\":[{\"email\":\"a@x.io\"}]}");
        Answer ok = call("POST", "/leads/update-interest-status",
                "{\"lead_email\":\"a@x.io\",\"interest_value\":4,\"campaign_id\":\"" + campaign + "\"}", "tok");
        assertThat(ok.status()).isEqualTo(202);
        assertThat(emulator.interestOf("a@x.io")).isEqualTo(4);
        Answer unknown = call("POST", "/leads/update-interest-status", "{\"lead_email\":\"z@x.io\",\"interest_value\":1}", "tok");
        assertThat(unknown.status()).isEqualTo(400);
        assertThat(unknown.body().get("error").asText()).isEqualTo("Invalid lead email");
    }

    @Test
    void deletingALeadTakesItOutOfItsCampaignAndAnUnknownIdIs404() throws Exception {
        String campaign = emulator.addCampaign("Q3");
        Answer added = add("{\"campaign_id\":\"" + campaign + "\",\"leads\":[{\"email\":\"a@x.io\"},{\"email\":\"b@x.io\"}]}");
        String id = added.body().get("created_leads").get(0).get("id").asText();

        assertThat(call("DELETE", "/leads/" + id, null, null).status()).isEqualTo(401);
        assertThat(emulator.leadsOf(campaign)).containsExactlyInAnyOrder("a@x.io", "b@x.io");
        Answer deleted = call("DELETE", "/leads/" + id, null, "tok");
        assertThat(deleted.status()).isEqualTo(200);
        assertThat(deleted.body().get("id").asText()).isEqualTo(id);
        assertThat(deleted.body().get("email").asText()).isEqualTo("a@x.io");
        assertThat(emulator.leadsOf(campaign)).containsExactly("b@x.io");

        Answer again = call("DELETE", "/leads/" + id, null, "tok");
        assertThat(again.status()).isEqualTo(404);
        assertThat(again.body().get("error").asText()).isEqualTo("Not Found");
        assertThat(call("DELETE", "/leads/" + java.util.UUID.randomUUID(), null, "tok").status()).isEqualTo(404);
        // the deleted lead is no longer a lead of the campaign: its interest cannot be set there
        assertThat(call("POST", "/leads/update-interest-status", "{\"lead_email\":\"a@x.io\",\"interest_value\":4,\"campaign_id\":\""
                + campaign + "\"}", "tok").status()).isEqualTo(400);
    }

    @Test
    void campaignsArePagedWithStartingAfter() throws Exception {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            ids.add(emulator.addCampaign("c" + i));
        }
        Answer first = call("GET", "/campaigns?limit=2", null, "tok");
        assertThat(first.body().get("items")).hasSize(2);
        String next = first.body().get("next_starting_after").asText();
        Answer second = call("GET", "/campaigns?limit=2&starting_after=" + next, null, "tok");
        assertThat(second.body().get("items")).hasSize(1);
        assertThat(second.body().get("items").get(0).get("id").asText()).isEqualTo(ids.get(2));
        assertThat(second.body().has("next_starting_after")).isFalse();
        assertThat(call("GET", "/campaigns?limit=101", null, "tok").status()).isEqualTo(400);
    }

    @Test
    void bothWindowsOfTheBudgetAreEnforced() throws Exception {
        // this emulator runs at 10 a second and 50 a minute; the workspace's are 100 and 6,000 (PER_SECOND, PER_MINUTE)
        for (int i = 0; i < 10; i++) {
            assertThat(call("GET", "/campaigns", null, "tok").status()).isEqualTo(200);
        }
        Answer limited = call("GET", "/campaigns", null, "tok");
        assertThat(limited.status()).isEqualTo(429);
        assertThat(limited.body().get("message").asText()).isEqualTo("Rate limit exceeded");
        int admitted = 10;
        for (int s = 1; s < 10; s++) {
            clock.advance(Duration.ofSeconds(1));
            for (int i = 0; i < 10; i++) {
                admitted += call("GET", "/campaigns", null, "tok").status() == 200 ? 1 : 0;
            }
        }
        assertThat(admitted).isEqualTo(50); // the minute's 50, though each second allowed 10
        clock.advance(Duration.ofSeconds(51)); // the first second's requests leave the minute window
        assertThat(call("GET", "/campaigns", null, "tok").status()).isEqualTo(200);
    }

    /** A clock the test moves: the emulator's windows follow it. */
    private static final class MutableClock extends Clock {
        private Instant now = Instant.parse("2025-01-01T00:00:00Z");

        void advance(Duration d) {
            now = now.plus(d);
        }

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
