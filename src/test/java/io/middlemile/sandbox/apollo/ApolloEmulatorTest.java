package io.middlemile.sandbox.apollo;

import io.middlemile.connector.EnrichAnswer;
import io.middlemile.connector.EnrichRequest;
import io.middlemile.connector.EnrichResult;
import io.middlemile.connector.apollo.ApolloConnector;
import io.middlemile.connector.apollo.ApolloSettings;
import io.middlemile.model.Entity;
import io.middlemile.sandbox.enrichment.EnrichmentWorld;
import io.middlemile.workspace.AuthConfig;
import io.middlemile.workspace.ConnectorConfig;
import io.middlemile.workspace.ObjectConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/** The Apollo emulator's strictness, and the connector against it. */
class ApolloEmulatorTest {

    private final HttpClient http = HttpClient.newHttpClient();
    private ApolloEmulator apollo;

    @AfterEach
    void stop() {
        if (apollo != null) {
            apollo.stop();
        }
    }

    private ApolloEmulator start(ApolloEmulatorSettings settings) {
        apollo = ApolloEmulator.start(settings, 0);
        return apollo;
    }

    private HttpResponse<String> post(String path, String key, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(apollo.apiBaseUrl() + path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (key != null) {
            b.header("x-api-key", key);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String details(int n) {
        return "{\"details\":[" + IntStream.range(0, n).mapToObj(i -> "{\"email\":\"p" + i + "@x.io\"}").collect(Collectors.joining(","))
                + "]}";
    }

    @Test
    void refusesAWrongKeyElevenDetailsAndNoDetailsAsApolloDocuments() throws Exception {
        start(ApolloEmulatorSettings.defaults("k", EnrichmentWorld.bundled()));

        HttpResponse<String> unauthorized = post("/people/bulk_match", "wrong", details(1));
        assertThat(unauthorized.statusCode()).isEqualTo(401);
        assertThat(unauthorized.body()).startsWith("Invalid API key.");
        assertThat(post("/people/bulk_match", "k", details(11)).body()).contains("RECORD_LIMIT_EXCEEDED");
        assertThat(post("/people/bulk_match", "k", "{}").body()).contains("INVALID_REQUEST");
        assertThat(post("/people/bulk_match?reveal_phone_number=true", "k", details(1)).statusCode()).isEqualTo(400);
    }

    @Test
    void countsFixedMinuteWindowsWithApollosHeadersAnd429Message() throws Exception {
        start(ApolloEmulatorSettings.defaults("k", EnrichmentWorld.bundled()).withLimits(2, 100, 1000));

        HttpResponse<String> first = post("/people/bulk_match", "k", details(1));
        assertThat(first.headers().firstValue("x-minute-requests-left")).hasValue("1");
        assertThat(first.headers().firstValue("x-rate-limit-minute")).hasValue("2");
        post("/people/bulk_match", "k", details(1));
        HttpResponse<String> third = post("/people/bulk_match", "k", details(1));
        assertThat(third.statusCode()).isEqualTo(429);
        assertThat(third.body()).contains("The maximum number of api calls allowed for api/v1/people/bulk_match is 2 times per minute");
        assertThat(third.headers().firstValue("x-minute-requests-left")).hasValue("0");
    }

    @Test
    void chargesOnlyHitsAndAnswers402WhenTheBalanceCannotPay() throws Exception {
        start(ApolloEmulatorSettings.defaults("k", EnrichmentWorld.bundled()).withCredits(1));
        String robert = "{\"details\":[{\"email\":\"bob.mcdonald@acme.com\"},{\"email\":\"nobody@nowhere.io\"}]}";

        HttpResponse<String> hit = post("/people/bulk_match", "k", robert);
        assertThat(hit.body()).contains("\"credits_consumed\":1.0").contains("null]");
        assertThat(apollo.creditsSpent()).isEqualTo(1.0);
        HttpResponse<String> broke = post("/people/bulk_match", "k", robert);
        assertThat(broke.statusCode()).isEqualTo(402);
        assertThat(apollo.creditBalance()).isZero();
        assertThat(post("/people/bulk_match", "k", "{\"details\":[{\"email\":\"nobody@nowhere.io\"}]}").statusCode()).isEqualTo(200);
    }

    @Test
    void phonesArePendingUntilTheDelayThenPolledAndCharged8() throws Exception {
        start(ApolloEmulatorSettings.defaults("k", EnrichmentWorld.bundled()).withPhoneDelay(Duration.ofMillis(300)));
        String liz = "{\"details\":[{\"linkedin_url\":\"https://www.linkedin.com/in/liz-o-brien\"}]}";

        HttpResponse<String> submitted = post("/people/bulk_match?reveal_phone_number=true&webhook_url=http%3A%2F%2F127.0.0.1%3A9%2Fx",
                "k", liz);
        String requestId = submitted.body().replaceAll(".*\"request_id\":(-?\\d+).*", "$1");
        HttpResponse<String> pending = get("/webhook_result/" + requestId);
        assertThat(pending.statusCode()).isEqualTo(404);
        assertThat(pending.body()).contains("result_pending").contains("retry_after_seconds");
        Thread.sleep(400);
        HttpResponse<String> ready = get("/webhook_result/" + requestId);
        assertThat(ready.statusCode()).isEqualTo(200);
        assertThat(ready.body()).contains("+15705550301").contains("\"type_cd\":\"mobile\"");
        assertThat(apollo.creditsSpent()).isEqualTo(9.0);
        assertThat(get("/webhook_result/12345").body()).contains("request_id_unknown");
        assertThat(get("/webhook_result/abc").statusCode()).isEqualTo(400);
    }

    @Test
    void theConnectorFindsTheWorldsValuesAndReportsWhatTheEmulatorCharged() {
        start(ApolloEmulatorSettings.defaults("k", EnrichmentWorld.bundled()).withPhoneDelay(Duration.ofMillis(200)));
        ConnectorConfig config = new ConnectorConfig("apollo", "apollo", null, null, apollo.apiBaseUrl(),
                new AuthConfig("api-key", "${SECRET}", "${KEY}", null, null, null, null, null, null),
                Map.of("people", new ObjectConfig(null, null, List.of("email", "mobilePhone", "title", "seniority")),
                        "companies", new ObjectConfig(null, null, List.of("employeeCount", "industry", "country"))), null);
        ApolloConnector connector = new ApolloConnector("apollo", config, Map.of("KEY", "k", "SECRET", "s"),
                ApolloSettings.from(config).withWebhookUrl("http://127.0.0.1:9/webhooks/apollo/apollo"));

        EnrichAnswer people = connector.submit(Entity.PERSON, List.of(
                new EnrichRequest("bob", Map.of("firstName", "Robert", "lastName", "McDonald", "companyDomain", "acme.com"),
                        Set.of("email", "title")),
                new EnrichRequest("liz", Map.of("linkedinUrl", "https://www.linkedin.com/in/liz-o-brien"), Set.of("title", "mobilePhone")),
                new EnrichRequest("ghost", Map.of("email", "ghost@nowhere.io"), Set.of("email"))));
        EnrichAnswer companies = connector.submit(Entity.COMPANY, List.of(
                new EnrichRequest("acme", Map.of("domain", "acme.com"), Set.of("employeeCount", "country"))));
        EnrichAnswer phones = connector.poll(people.pending().orElseThrow());
        for (int i = 0; i < 20 && phones.pending().isPresent(); i++) {
            sleep(100);
            phones = connector.poll(phones.pending().get());
        }

        Map<String, EnrichResult> byKey = people.results().stream().collect(Collectors.toMap(EnrichResult::key, r -> r));
        assertThat(byKey.get("bob").values().get("email").value()).isEqualTo("bob.mcdonald@acme.com");
        assertThat(byKey.get("bob").values().get("title").value()).isEqualTo("VP, Sales");
        assertThat(byKey.get("liz").values().get("title").value()).isEqualTo("Head of Marketing");
        assertThat(byKey.get("ghost").outcome()).isEqualTo(EnrichResult.Outcome.NOT_FOUND);
        assertThat(companies.results().get(0).values().get("country").value()).isEqualTo("US");
        assertThat(companies.results().get(0).values().get("employeeCount").value()).isEqualTo(5200);
        assertThat(phones.results()).singleElement().satisfies(r -> assertThat(r.values().get("mobilePhone").value())
                .isEqualTo("+15705550301"));
        double reported = people.results().stream().mapToDouble(EnrichResult::credits).sum()
                + companies.results().stream().mapToDouble(EnrichResult::credits).sum()
                + phones.results().stream().mapToDouble(EnrichResult::credits).sum();
        assertThat(reported).isEqualTo(apollo.creditsSpent()).isEqualTo(11.0);
        assertThat(apollo.submissionCount()).isEqualTo(3);
    }

    private HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(apollo.apiBaseUrl() + path)).header("x-api-key", "k").GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
