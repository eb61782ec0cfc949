package io.middlemile.connector.apollo;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.http.Fault;
import io.middlemile.connector.ConnectorException;
import io.middlemile.connector.ConnectorException.Kind;
import io.middlemile.connector.EnrichAnswer;
import io.middlemile.connector.EnrichRequest;
import io.middlemile.connector.EnrichResult;
import io.middlemile.model.Entity;
import io.middlemile.workspace.AuthConfig;
import io.middlemile.workspace.ConnectorConfig;
import io.middlemile.workspace.ObjectConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static com.github.tomakehurst.wiremock.client.WireMock.*;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** The Apollo connector against stubs built from the examples of Apollo's OpenAPI. */
class ApolloConnectorWireMockTest {

    private static final String MATCH = "/api/v1/people/bulk_match";
    private static final String ORGS = "/api/v1/organizations/bulk_enrich";
    private static final String TWO_MATCHES = """
            {"status":"success","error_code":null,"error_message":null,"request_id":-1039995589705121900,
             "total_requested_enrichments":2,"unique_enriched_records":1,"missing_records":1,"credits_consumed":1,
             "matches":[{"id":"64a7ff0cc4dfae00013df1a5","first_name":"Marcus","title":"VP of Sales Operations",
                         "email":"marcus.ellery@apollo.io","email_status":"verified","seniority":"vp"}, null]}""";

    private WireMockServer wm;
    private final List<Duration> slept = new ArrayList<>();

    @BeforeEach
    void start() {
        wm = new WireMockServer(wireMockConfig().dynamicPort());
        wm.start();
    }

    @AfterEach
    void stop() {
        wm.stop();
    }

    private ApolloConnector connector(ApolloSettings settings, String webhookUrl) {
        ConnectorConfig config = new ConnectorConfig("apollo", "apollo", null, null, wm.baseUrl() + "/api/v1",
                new AuthConfig("api-key", "${APOLLO_WEBHOOK_SECRET}", "${APOLLO_API_KEY}", null, null, null, null, null, null),
                Map.of("people", new ObjectConfig(null, null, List.of("email", "mobilePhone", "title", "seniority")),
                        "companies", new ObjectConfig(null, null, List.of("employeeCount", "industry", "annualRevenue", "country"))),
                null);
        return new ApolloConnector("apollo", config, Map.of("APOLLO_API_KEY", "key-123", "APOLLO_WEBHOOK_SECRET", "s3cret"),
                settings.withWebhookUrl(webhookUrl), slept::add);
    }

    private ApolloSettings settings() {
        // a process counts a connection's requests per minute in one budget, whichever connector makes them
        // (CallGuard.limiter): at Apollo's 20 the class's tests shared it and waited up to a minute for the next window
        return ApolloSettings.defaults(wm.baseUrl() + "/api/v1").withMaxAttempts(2).withTimeout(Duration.ofMillis(500))
                .withRequestsPerMinute(10_000);
    }

    private static EnrichRequest person(String key, Set<String> wanted) {
        return new EnrichRequest(key, Map.of("email", key + "@apollo.io"), wanted);
    }

    @Test
    void aMatchGivesTheWantedValuesWithVerificationAndAMissCostsNothing() {
        wm.stubFor(post(urlPathEqualTo(MATCH)).willReturn(okJson(TWO_MATCHES)));

        EnrichAnswer answer = connector(settings(), null).submit(Entity.PERSON,
                List.of(person("marcus", Set.of("email", "title")), person("nobody", Set.of("email"))));

        assertThat(answer.pending()).isEmpty();
        EnrichResult hit = answer.results().get(0);
        assertThat(hit.outcome()).isEqualTo(EnrichResult.Outcome.FOUND);
        assertThat(hit.values()).containsOnlyKeys("email", "title");
        assertThat(hit.values().get("email").verification()).isEqualTo("verified");
        assertThat(hit.credits()).isEqualTo(1.0);
        assertThat(answer.results().get(1).outcome()).isEqualTo(EnrichResult.Outcome.NOT_FOUND);
        assertThat(answer.results().get(1).credits()).isZero();
        wm.verify(postRequestedFor(urlPathEqualTo(MATCH)).withHeader("x-api-key", equalTo("key-123"))
                .withQueryParam("reveal_phone_number", equalTo("false")));
    }

    @Test
    void mobilePhonesGoInACallOfTheirOwnWithTheSecretWebhookAndComeBackByPollAndByDelivery() {
        wm.stubFor(post(urlPathEqualTo(MATCH)).withQueryParam("reveal_phone_number", equalTo("true")).willReturn(okJson("""
                {"status":"success","request_id":-42,"credits_consumed":1,
                 "matches":[{"id":"p1","email":"a@x.io","email_status":"verified","title":"CRO"}]}""")));
        wm.stubFor(get(urlPathEqualTo("/api/v1/webhook_result/-42")).inScenario("poll").whenScenarioStateIs("Started")
                .willReturn(aResponse().withStatus(404).withBody("{\"error_code\":\"result_pending\",\"retry_after_seconds\":10}"))
                .willSetStateTo("ready"));
        String payload = """
                {"request_id":"-42","status":"success","credits_consumed":8,
                 "people":[{"id":"p1","status":"success","phone_numbers":[{"sanitized_number":"+15555550164","type_cd":"mobile",
                 "status_cd":"valid_number","confidence_cd":"high"}]}]}""";
        wm.stubFor(get(urlPathEqualTo("/api/v1/webhook_result/-42")).inScenario("poll").whenScenarioStateIs("ready")
                .willReturn(okJson("{\"request_id\":\"-42\",\"webhook_status\":\"success\",\"webhook_result\":" + payload + "}")));
        ApolloConnector apollo = connector(settings(), "https://hub.example.com/webhooks/apollo/apollo");

        EnrichAnswer answer = apollo.submit(Entity.PERSON, List.of(person("a", Set.of("email", "mobilePhone"))));

        assertThat(answer.results()).singleElement().satisfies(r -> assertThat(r.values()).containsOnlyKeys("email"));
        assertThat(answer.pending()).hasValueSatisfying(t -> assertThat(t.id()).isEqualTo("-42"));
        wm.verify(postRequestedFor(urlPathEqualTo(MATCH)).withQueryParam("webhook_url",
                equalTo("https://hub.example.com/webhooks/apollo/apollo?token=s3cret")));
        EnrichAnswer pending = apollo.poll(answer.pending().get());
        assertThat(pending.results()).isEmpty();
        assertThat(pending.pending()).isPresent();
        EnrichAnswer done = apollo.poll(pending.pending().get());
        assertThat(done.results()).singleElement().satisfies(r -> {
            assertThat(r.values().get("mobilePhone").value()).isEqualTo("+15555550164");
            assertThat(r.credits()).isEqualTo(8.0);
        });
        EnrichAnswer delivered = apollo.delivered(answer.pending().get(), payload.getBytes(StandardCharsets.UTF_8));
        assertThat(delivered.results()).isEqualTo(done.results());
    }

    @Test
    void withoutAWebhookMobilePhoneIsNotOfferedAndNeverRevealed() {
        wm.stubFor(post(urlPathEqualTo(MATCH)).willReturn(okJson(TWO_MATCHES)));
        ApolloConnector apollo = connector(settings(), null);

        assertThat(apollo.offers()).filteredOn(o -> o.entity() == Entity.PERSON).singleElement()
                .satisfies(o -> assertThat(o.values()).containsExactlyInAnyOrder("email", "title", "seniority"));
        apollo.submit(Entity.PERSON, List.of(person("a", Set.of("mobilePhone", "email")), person("b", Set.of("email"))));
        wm.verify(0, postRequestedFor(urlPathEqualTo(MATCH)).withQueryParam("reveal_phone_number", equalTo("true")));
        assertThat(apollo.maxCost(Entity.PERSON, Set.of("email", "mobilePhone"))).isEqualTo(9.0);
    }

    @Test
    void companiesAreMatchedByDomainAndCountriesBecomeIsoCodes() {
        wm.stubFor(post(urlPathEqualTo(ORGS)).willReturn(okJson("""
                {"status":"success","organizations":[{"primary_domain":"apollo.io","estimated_num_employees":1600,
                 "industry":"information technology & services","annual_revenue":100000000,"country":"United States"}]}""")));

        EnrichAnswer answer = connector(settings(), null).submit(Entity.COMPANY, List.of(
                new EnrichRequest("c1", Map.of("domain", "www.Apollo.io"), Set.of("employeeCount", "country")),
                new EnrichRequest("c2", Map.of("domain", "unknown.example"), Set.of("industry"))));

        assertThat(answer.results().get(0).values().get("country").value()).isEqualTo("US");
        assertThat(answer.results().get(0).values().get("employeeCount").value()).isEqualTo(1600);
        assertThat(answer.results().get(0).credits()).isEqualTo(1.0);
        assertThat(answer.results().get(1).outcome()).isEqualTo(EnrichResult.Outcome.NOT_FOUND);
        wm.verify(postRequestedFor(urlPathEqualTo(ORGS)).withQueryParam("domains[]", havingExactly("apollo.io", "unknown.example")));
    }

    @Test
    void a400ForTheWholeCallIsRetriedOneByOneToRejectOnlyTheBadRecord() {
        wm.stubFor(post(urlPathEqualTo(MATCH)).atPriority(2).withRequestBody(matchingJsonPath("$.details[1]"))
                .willReturn(aResponse().withStatus(422).withBody("{\"status\":\"failed\",\"error_code\":\"UNKNOWN_ERROR\"}")));
        wm.stubFor(post(urlPathEqualTo(MATCH)).withRequestBody(matchingJsonPath("$.details[0].email", containing("bad")))
                .atPriority(1).willReturn(aResponse().withStatus(400).withBody(
                        "{\"status\":\"failed\",\"error_code\":\"INVALID_REQUEST\",\"error_message\":\"invalid email\"}")));
        wm.stubFor(post(urlPathEqualTo(MATCH)).atPriority(5).willReturn(okJson("""
                {"status":"success","request_id":1,"credits_consumed":1,"matches":[{"id":"p","email":"good@apollo.io"}]}""")));

        EnrichAnswer answer = connector(settings(), null).submit(Entity.PERSON,
                List.of(person("good", Set.of("email")), person("bad", Set.of("email"))));

        assertThat(answer.results()).extracting(EnrichResult::outcome)
                .containsExactly(EnrichResult.Outcome.FOUND, EnrichResult.Outcome.REJECTED);
        assertThat(answer.results().get(1).reason()).contains("invalid email");
    }

    @Test
    void authCreditsAndServerFailuresAreClassified() {
        ApolloConnector apollo = connector(settings(), null);
        wm.stubFor(post(urlPathEqualTo(MATCH)).willReturn(aResponse().withStatus(401).withBody(
                "Invalid API key. See https://docs.apollo.io/reference/authentication for how to authenticate.")));
        assertThat(kind(apollo)).isEqualTo(Kind.AUTH);

        wm.resetAll();
        wm.stubFor(post(urlPathEqualTo(MATCH)).willReturn(aResponse().withStatus(402).withBody(
                "{\"status\":\"failed\",\"error_code\":\"INSUFFICIENT_CREDITS\",\"error_message\":\"not enough credits\"}")));
        assertThat(kind(apollo)).isEqualTo(Kind.QUOTA_EXHAUSTED);
        assertThat(wm.countRequestsMatching(postRequestedFor(urlPathEqualTo(MATCH)).build()).getCount()).isEqualTo(1);

        wm.resetAll();
        wm.stubFor(post(urlPathEqualTo(MATCH)).willReturn(aResponse().withStatus(503)));
        assertThat(kind(apollo)).isEqualTo(Kind.RETRIABLE);
        assertThat(wm.countRequestsMatching(postRequestedFor(urlPathEqualTo(MATCH)).build()).getCount()).isEqualTo(2);

        wm.resetAll();
        wm.stubFor(post(urlPathEqualTo(MATCH)).willReturn(okJson("{\"matches\": [")));
        ConnectorException unreadable = catchThrowableOfType(ConnectorException.class, () -> apollo.submit(Entity.PERSON,
                List.of(person("a", Set.of("email")))));
        assertThat(unreadable.kind()).isEqualTo(Kind.FATAL);
        assertThat(unreadable.getMessage()).contains("cannot be read as JSON");
    }

    @Test
    void aSubmitThatTimesOutIsNeverSentAgain() {
        wm.stubFor(post(urlPathEqualTo(MATCH)).willReturn(okJson(TWO_MATCHES).withFixedDelay(1500)));
        ApolloConnector apollo = connector(settings().withMaxAttempts(4), null);

        assertThat(kind(apollo)).isEqualTo(Kind.FATAL);
        assertThat(apollo.client().submissionCount()).isEqualTo(1);
        assertThat(wm.countRequestsMatching(postRequestedFor(urlPathEqualTo(MATCH)).build()).getCount()).isEqualTo(1);
    }

    @Test
    void aDroppedConnectionOnASubmitIsFatalToo() {
        wm.stubFor(post(urlPathEqualTo(MATCH)).willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));
        ApolloConnector apollo = connector(settings().withMaxAttempts(4), null);

        assertThat(kind(apollo)).isEqualTo(Kind.FATAL);
        assertThat(apollo.client().submissionCount()).isEqualTo(1);
    }

    @Test
    void aMinute429WaitsForTheNextWindowAndAnHourly429PausesTheJob() {
        Clock at59 = Clock.fixed(Instant.parse("2026-12-03T10:15:59Z"), ZoneOffset.UTC);
        ApolloConnector apollo = connector(settings().withClock(at59), null);
        wm.stubFor(post(urlPathEqualTo(MATCH)).inScenario("rl").whenScenarioStateIs("Started").willReturn(aResponse()
                .withStatus(429).withHeader("x-minute-requests-left", "0").withHeader("x-hourly-requests-left", "50")
                .withBody("{\"message\":\"The maximum number of api calls allowed for api/v1/people/bulk_match is 20 times per minute.\"}"))
                .willSetStateTo("ok"));
        wm.stubFor(post(urlPathEqualTo(MATCH)).inScenario("rl").whenScenarioStateIs("ok").willReturn(okJson(TWO_MATCHES)));

        long started = System.nanoTime();
        EnrichAnswer answer = apollo.submit(Entity.PERSON, List.of(person("a", Set.of("email")), person("b", Set.of("email"))));
        assertThat(answer.results().get(0).outcome()).isEqualTo(EnrichResult.Outcome.FOUND);
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(Duration.ofMillis(900));

        wm.resetAll();
        wm.stubFor(post(urlPathEqualTo(MATCH)).willReturn(aResponse().withStatus(429).withBody(
                "{\"message\":\"The maximum number of api calls allowed for api/v1/people/bulk_match is 600 times per hour.\"}")));
        ConnectorException hourly = catchThrowableOfType(ConnectorException.class,
                () -> apollo.submit(Entity.PERSON, List.of(person("a", Set.of("email")))));
        assertThat(hourly.kind()).isEqualTo(Kind.QUOTA_EXHAUSTED);
        assertThat(hourly.resumeAt()).isEqualTo(Instant.parse("2026-12-03T11:00:00Z"));
    }

    @Test
    void aSpentMinuteWindowInTheHeadersIsWaitedOutBeforeTheNextCallAndASpentDayIsNotCalledAtAll() {
        Clock at30 = Clock.fixed(Instant.parse("2026-12-03T10:15:30Z"), ZoneOffset.UTC);
        ApolloConnector apollo = connector(settings().withClock(at30), null);
        wm.stubFor(post(urlPathEqualTo(MATCH)).willReturn(okJson(TWO_MATCHES).withHeader("x-minute-requests-left", "0")));

        apollo.submit(Entity.PERSON, List.of(person("a", Set.of("email")), person("b", Set.of("email"))));
        apollo.submit(Entity.PERSON, List.of(person("a", Set.of("email")), person("b", Set.of("email"))));
        assertThat(slept).containsExactly(Duration.ofSeconds(30));

        wm.resetAll();
        wm.stubFor(post(urlPathEqualTo(MATCH)).willReturn(okJson(TWO_MATCHES).withHeader("x-daily-requests-left", "0")));
        apollo.submit(Entity.PERSON, List.of(person("a", Set.of("email")), person("b", Set.of("email"))));
        ConnectorException daily = catchThrowableOfType(ConnectorException.class,
                () -> apollo.submit(Entity.PERSON, List.of(person("a", Set.of("email")))));
        assertThat(daily.kind()).isEqualTo(Kind.QUOTA_EXHAUSTED);
        assertThat(daily.resumeAt()).isEqualTo(Instant.parse("2026-12-04T00:00:00Z"));
        assertThat(wm.countRequestsMatching(postRequestedFor(urlPathEqualTo(MATCH)).build()).getCount()).isEqualTo(1);
    }

    private static Kind kind(ApolloConnector apollo) {
        return catchThrowableOfType(ConnectorException.class, () -> apollo.submit(Entity.PERSON,
                List.of(new EnrichRequest("a", Map.of("email", "a@x.io"), Set.of("email"))))).kind();
    }
}
