package io.middlemile.sandbox.crustdata;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.zip.GZIPInputStream;

import static org.assertj.core.api.Assertions.assertThat;

/** The Crustdata emulator is as strict as the documented service: auth, version header, batch maxima, limits, credits, batches. */
class CrustdataEmulatorTest {

    private static final String KEY = "emu-key";
    private static final String JIM = "https://www.linkedin.com/in/jim-halpert";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http = HttpClient.newHttpClient();
    private final MutableClock clock = new MutableClock();
    private CrustdataEmulator emulator;

    @AfterEach
    void stop() {
        if (emulator != null) {
            emulator.stop();
        }
    }

    @Test
    void aWrongKeyIs401AndAMissingVersionHeaderIs400() throws Exception {
        emulator = start(CrustdataEmulatorSettings.defaults(KEY).withClock(clock));

        HttpResponse<String> wrongKey = send("POST", "/person/enrich", "wrong", true, personBody(List.of(JIM), null));
        HttpResponse<String> noVersion = send("POST", "/person/enrich", KEY, false, personBody(List.of(JIM), null));

        assertThat(wrongKey.statusCode()).isEqualTo(401);
        assertThat(JSON.readTree(wrongKey.body()).path("error").path("type").asText()).isEqualTo("unauthorized");
        assertThat(noVersion.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(noVersion.body()).path("error").path("message").asText()).contains("x-api-version");
        assertThat(emulator.creditsSpent()).isZero();
    }

    @Test
    void moreThan25IdentifiersOrTwoIdentifierKindsOrOneMalformedUrlAre400() throws Exception {
        emulator = start(CrustdataEmulatorSettings.defaults(KEY).withClock(clock).withRequestsPerMinute(100));
        List<String> urls = IntStream.range(0, 26).mapToObj(i -> "https://www.linkedin.com/in/p" + i).toList();

        HttpResponse<String> tooMany = send("POST", "/person/enrich", KEY, true, personBody(urls, null));
        HttpResponse<String> twoKinds = send("POST", "/person/enrich", KEY, true,
                "{\"professional_network_profile_urls\": [\"" + JIM + "\"], \"business_emails\": [\"jim@dundermifflin.com\"]}");
        HttpResponse<String> malformed = send("POST", "/person/enrich", KEY, true,
                personBody(List.of(JIM, "https://www.linkedin.com/company/acme"), null));
        HttpResponse<String> exactly25 = send("POST", "/person/enrich", KEY, true, personBody(urls.subList(0, 25), null));

        assertThat(tooMany.statusCode()).isEqualTo(400);
        assertThat(tooMany.body()).contains("at most 25");
        assertThat(twoKinds.statusCode()).isEqualTo(400);
        assertThat(malformed.statusCode()).isEqualTo(400);
        assertThat(malformed.body()).contains("linkedin.com/company/acme");
        assertThat(exactly25.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(exactly25.body())).hasSize(25);
    }

    @Test
    void theSlidingWindowAnswers429WithTheRateLimitHeadersAndFreesUpAfterAMinute() throws Exception {
        emulator = start(CrustdataEmulatorSettings.defaults(KEY).withClock(clock).withRequestsPerMinute(3));

        for (int i = 0; i < 3; i++) {
            HttpResponse<String> ok = send("POST", "/person/enrich", KEY, true, personBody(List.of(JIM), List.of("basic_profile")));
            assertThat(ok.statusCode()).isEqualTo(200);
            assertThat(ok.headers().firstValue("x-ratelimit-remaining")).contains(String.valueOf(2 - i));
            clock.advance(Duration.ofSeconds(10));
        }
        HttpResponse<String> limited = send("POST", "/person/enrich", KEY, true, personBody(List.of(JIM), List.of("basic_profile")));

        assertThat(limited.statusCode()).isEqualTo(429);
        assertThat(limited.headers().firstValue("x-ratelimit-limit")).contains("3");
        assertThat(limited.headers().firstValue("x-ratelimit-remaining")).contains("0");
        assertThat(limited.headers().firstValue("x-ratelimit-reset")).contains("30"); // the first call leaves the window in 30 s
        assertThat(JSON.readTree(limited.body()).path("error").path("type").asText()).isEqualTo("rate_limit_exceeded");
        // the company endpoint has its own window
        assertThat(send("POST", "/company/enrich", KEY, true, "{\"domains\": [\"acme.com\"]}").statusCode()).isEqualTo(200);
        clock.advance(Duration.ofSeconds(31));
        assertThat(send("POST", "/person/enrich", KEY, true, personBody(List.of(JIM), List.of("basic_profile"))).statusCode())
                .isEqualTo(200);
    }

    @Test
    void creditsAreChargedOnHitsByThePriceListAnd402WhenTheyRunOut() throws Exception {
        emulator = start(CrustdataEmulatorSettings.defaults(KEY).withClock(clock).withCredits(6).withRequestsPerMinute(100));

        // Jim: crustdata knows title, seniority, work email and mobile phone -> 1 + 1 + 2
        HttpResponse<String> jim = send("POST", "/person/enrich", KEY, true,
                personBody(List.of(JIM), List.of("basic_profile", "contact.business_emails", "contact.phone_numbers")));
        JsonNode match = JSON.readTree(jim.body()).get(0).path("matches").get(0);
        assertThat(match.path("person_data").path("contact").path("business_emails").get(0).path("email").asText())
                .isEqualTo("jim@dundermifflin.com");
        assertThat(emulator.creditsSpent()).isEqualTo(4.0);

        // a miss, and a person crustdata does not know, cost nothing
        send("POST", "/person/enrich", KEY, true, personBody(List.of("https://www.linkedin.com/in/nobody",
                "https://www.linkedin.com/in/angela-martin"), List.of("basic_profile")));
        assertThat(emulator.creditsSpent()).isEqualTo(4.0);

        // two companies cost 4 but 2 are left: 402, nothing charged
        HttpResponse<String> broke = send("POST", "/company/enrich", KEY, true, "{\"domains\": [\"acme.com\", \"globex.io\"]}");
        assertThat(broke.statusCode()).isEqualTo(402);
        assertThat(JSON.readTree(broke.body()).path("error").path("type").asText()).isEqualTo("insufficient_credits");
        assertThat(emulator.creditsBalance()).isEqualTo(2.0);
        assertThat(JSON.readTree(send("GET", "/user/credits", KEY, true, null).body()).path("credits").asDouble()).isEqualTo(2.0);
    }

    @Test
    void aBatchJobRunsPendingThenProcessingThenCompletedAndServesGzippedJsonl() throws Exception {
        emulator = start(CrustdataEmulatorSettings.defaults(KEY).withClock(clock).withBatchDelay(Duration.ofSeconds(60)));

        HttpResponse<String> submitted = send("POST", "/batch/person/enrich", KEY, true,
                personBody(List.of(JIM, "https://www.linkedin.com/in/nobody"), List.of("basic_profile")));
        String id = JSON.readTree(submitted.body()).path("batch_id").asText();

        assertThat(status(id).path("status").asText()).isEqualTo("pending");
        clock.advance(Duration.ofSeconds(30));
        assertThat(status(id).path("status").asText()).isEqualTo("processing");
        assertThat(emulator.creditsSpent()).isZero();
        clock.advance(Duration.ofSeconds(30));
        JsonNode done = status(id);
        assertThat(done.path("status").asText()).isEqualTo("completed");
        assertThat(done.path("entities_requested").asInt()).isEqualTo(2);
        assertThat(done.path("entities_fulfilled").asInt()).isEqualTo(1);
        assertThat(emulator.creditsSpent()).isEqualTo(1.0);

        HttpResponse<byte[]> file = http.send(HttpRequest.newBuilder(URI.create(done.path("download_urls").get(0).asText())).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        List<String> lines;
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(new GZIPInputStream(new ByteArrayInputStream(file.body())),
                StandardCharsets.UTF_8))) {
            lines = reader.lines().collect(Collectors.toList());
        }
        assertThat(lines).singleElement().satisfies(line -> {
            JsonNode node = JSON.readTree(line);
            assertThat(node.path("original_identifier").asText()).isEqualTo(JIM);
            assertThat(node.path("data").path("basic_profile").path("current_title").asText()).isEqualTo("Account Executive");
        });
        // a second look does not charge again
        status(id);
        assertThat(emulator.creditsSpent()).isEqualTo(1.0);
    }

    @Test
    void theSixthActiveBatchJobIs429() throws Exception {
        emulator = start(CrustdataEmulatorSettings.defaults(KEY).withClock(clock).withBatchDelay(Duration.ofMinutes(10))
                .withRequestsPerMinute(100));

        for (int i = 0; i < 5; i++) {
            assertThat(send("POST", "/batch/company/enrich", KEY, true, "{\"domains\": [\"acme.com\"]}").statusCode()).isEqualTo(200);
        }
        HttpResponse<String> sixth = send("POST", "/batch/company/enrich", KEY, true, "{\"domains\": [\"acme.com\"]}");

        assertThat(sixth.statusCode()).isEqualTo(429);
        assertThat(sixth.body()).contains("At most 5 batch jobs");
        clock.advance(Duration.ofMinutes(10));
        assertThat(send("POST", "/batch/company/enrich", KEY, true, "{\"domains\": [\"acme.com\"]}").statusCode()).isEqualTo(200);
        assertThat(emulator.submissions()).isEqualTo(7);
    }

    @Test
    void failNextAnswersTheInjectedStatusThenRecovers() throws Exception {
        emulator = start(CrustdataEmulatorSettings.defaults(KEY).withClock(clock));
        emulator.failNext(503, 1);

        assertThat(send("GET", "/user/credits", KEY, true, null).statusCode()).isEqualTo(503);
        assertThat(send("GET", "/user/credits", KEY, true, null).statusCode()).isEqualTo(200);
        assertThat(emulator.requestCount("GET /user/credits")).isEqualTo(2);
    }

    // ---------------------------------------------------------------- helpers

    private static CrustdataEmulator start(CrustdataEmulatorSettings settings) {
        return CrustdataEmulator.start(settings, 0);
    }

    private JsonNode status(String id) throws Exception {
        // the batch status endpoint needs no x-api-version
        return JSON.readTree(send("GET", "/batch/" + id, KEY, false, null).body());
    }

    private static String personBody(List<String> urls, List<String> fields) throws Exception {
        var body = JSON.createObjectNode();
        urls.forEach(body.putArray("professional_network_profile_urls")::add);
        if (fields != null) {
            fields.forEach(body.putArray("fields")::add);
        }
        return body.toString();
    }

    private HttpResponse<String> send(String method, String path, String key, boolean version, String body) throws Exception {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(emulator.baseUrl() + path))
                .header("Authorization", "Bearer " + key).header("Content-Type", "application/json");
        if (version) {
            builder.header("x-api-version", "2025-11-01");
        }
        builder.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        return http.send(builder.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** A clock the test moves by hand, so windows and batch timing need no sleeping. */
    static final class MutableClock extends Clock {
        private volatile Instant now = Instant.parse("2026-01-05T09:00:00Z");

        void advance(Duration duration) {
            now = now.plus(duration);
        }

        @Override
        public ZoneId getZone() {
            return ZoneId.of("UTC");
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
