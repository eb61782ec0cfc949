package io.middlemile.connector.fullenrich;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import io.middlemile.connector.ConnectorException;
import io.middlemile.connector.ConnectorException.Kind;
import io.middlemile.connector.EnrichAnswer;
import io.middlemile.connector.EnrichResult;
import io.middlemile.connector.EnrichResult.Outcome;
import io.middlemile.connector.EnrichTicket;
import io.middlemile.connector.HealthCheck;
import io.middlemile.connector.AnswerReader;
import io.middlemile.model.Entity;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static io.middlemile.connector.fullenrich.FullEnrichFixtures.byLinkedin;
import static io.middlemile.connector.fullenrich.FullEnrichFixtures.byName;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/**
 * The FullEnrich connector against WireMock stubs shaped like FullEnrich's documented examples
 * (https://docs.fullenrich.com/api/v2: bulk enrich, get results, account endpoints, error bodies).
 */
class FullEnrichConnectorTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ID = "2db5ea61-1752-42cf-8ea1-ab1da060cd0a";
    private static final String BULK = "/contact/enrich/bulk";
    private static final String RESULTS = BULK + "/" + ID;

    private WireMockServer wiremock;
    private FullEnrichConnector connector;

    @BeforeEach
    void start() {
        wiremock = new WireMockServer(options().dynamicPort());
        wiremock.start();
        connector = FullEnrichFixtures.connector(wiremock.baseUrl(), Duration.ofMillis(500), 3);
    }

    @AfterEach
    void stop() {
        wiremock.stop();
    }

    // ---------------------------------------------------------------- submit

    @Test
    void aSubmissionAsksOnlyForTheWantedValuesAndCarriesTheKeyInCustom() throws Exception {
        wiremock.stubFor(post(urlPathEqualTo(BULK)).willReturn(okJson("{\"enrichment_id\":\"" + ID + "\"}")));
        Instant before = Instant.now();

        EnrichAnswer answer = connector.submit(Entity.PERSON, List.of(
                byName("crm-1", "John", "Snow", "example.com", "email"),
                byLinkedin("crm-2", "https://www.linkedin.com/in/demoge/", "email", "mobilePhone", "title")));

        assertThat(answer.results()).isEmpty();
        EnrichTicket ticket = answer.pending().orElseThrow();
        assertThat(ticket.id()).isEqualTo(ID);
        assertThat(ticket.keys()).containsExactly("crm-1", "crm-2");
        assertThat(ticket.pollAt()).isAfterOrEqualTo(before.plusSeconds(30));
        wiremock.verify(1, postRequestedFor(urlPathEqualTo(BULK))
                .withQueryParam("silentFail", equalTo("true"))
                .withHeader("Authorization", equalTo("Bearer " + FullEnrichFixtures.API_KEY)));
        JsonNode body = JSON.readTree(wiremock.getAllServeEvents().get(0).getRequest().getBodyAsString());
        assertThat(body.path("name").asText()).isNotBlank();
        assertThat(body.has("webhook_url")).isFalse();
        JsonNode first = body.path("data").get(0);
        assertThat(first.path("first_name").asText()).isEqualTo("John");
        assertThat(first.path("domain").asText()).isEqualTo("example.com");
        assertThat(first.path("enrich_fields").toString()).isEqualTo("[\"contact.work_emails\"]");
        assertThat(first.path("custom").path("middlemile_key").asText()).isEqualTo("crm-1");
        JsonNode second = body.path("data").get(1);
        assertThat(second.path("linkedin_url").asText()).isEqualTo("https://www.linkedin.com/in/demoge/");
        assertThat(second.has("first_name")).isFalse();
        // title is not a FullEnrich value: it is not asked for, and nothing is paid for it
        assertThat(second.path("enrich_fields").toString()).isEqualTo("[\"contact.work_emails\",\"contact.phones\"]");
    }

    @Test
    void lookupsFullEnrichCannotTakeAreRejectedWithoutACall() {
        EnrichAnswer answer = connector.submit(Entity.PERSON, List.of(
                new io.middlemile.connector.EnrichRequest("no-company", Map.of("firstName", "John", "lastName", "Snow"), Set.of("email")),
                byName("only-title", "John", "Snow", "example.com", "title")));

        assertThat(answer.pending()).isEmpty();
        assertThat(answer.results()).extracting(EnrichResult::outcome).containsOnly(Outcome.REJECTED);
        assertThat(byKey(answer).get("no-company").reason()).contains("first and last name with a company domain");
        assertThat(byKey(answer).get("only-title").reason()).contains("it finds email and mobilePhone");
        assertThat(wiremock.getAllServeEvents()).isEmpty();
    }

    @Test
    void theInputRuleAndThePriceListAreKnownWithoutACall() {
        assertThat(connector.canLookUp(byLinkedin("a", "https://www.linkedin.com/in/x"))).isTrue();
        assertThat(connector.canLookUp(byName("b", "A", "B", "x.com"))).isTrue();
        assertThat(connector.canLookUp(new io.middlemile.connector.EnrichRequest("c", Map.of("firstName", "A",
                "companyName", "X"), Set.of()))).isFalse();
        assertThat(connector.maxCost(Entity.PERSON, Set.of("email"))).isEqualTo(1);
        assertThat(connector.maxCost(Entity.PERSON, Set.of("email", "mobilePhone", "title"))).isEqualTo(11);
        assertThat(connector.offers()).singleElement().satisfies(offer -> {
            assertThat(offer.entity()).isEqualTo(Entity.PERSON);
            assertThat(offer.values()).containsExactlyInAnyOrder("email", "mobilePhone");
            assertThat(offer.maxPerCall()).isEqualTo(100);
        });
    }

    @Test
    void aRefusedSubmissionIsAnInvalidRequestAndIsNotRetried() {
        wiremock.stubFor(post(urlPathEqualTo(BULK)).willReturn(aResponse().withStatus(400).withHeader("Content-Type", "application/json")
                .withBody("{\"code\":\"error.enrichment.webhook_url\",\"message\":\"Webhook URL must be start with http or https\"}")));

        assertThatThrownBy(() -> connector.submit(Entity.PERSON, List.of(byName("k", "John", "Snow", "example.com", "email"))))
                .isInstanceOfSatisfying(FullEnrichCallException.class, e -> {
                    assertThat(e.kind()).isEqualTo(Kind.INVALID_REQUEST);
                    assertThat(e.code()).isEqualTo("error.enrichment.webhook_url");
                    assertThat(e.getMessage()).contains("FullEnrich connection 'fullenrich'", "Webhook URL must be start with http");
                });
        wiremock.verify(1, postRequestedFor(urlPathEqualTo(BULK)));
    }

    @Test
    void noCreditsOnSubmitIsQuotaExhaustedAndNeverRetried() {
        wiremock.stubFor(post(urlPathEqualTo(BULK)).willReturn(aResponse().withStatus(402)
                .withBody("{\"code\":\"error.credits.insufficient\",\"message\":\"Not enough credits\"}")));

        assertThatThrownBy(() -> connector.submit(Entity.PERSON, List.of(byName("k", "John", "Snow", "example.com", "email"))))
                .isInstanceOfSatisfying(ConnectorException.class, e -> {
                    assertThat(e.kind()).isEqualTo(Kind.QUOTA_EXHAUSTED);
                    assertThat(e.getMessage()).contains("FullEnrich ran out of credits");
                });
        wiremock.verify(1, postRequestedFor(urlPathEqualTo(BULK)));
    }

    @Test
    void aBadKeyIsAnAuthFailureAndCheckSaysSoWithoutThrowing() {
        String unknownKey = "{\"code\":\"error.api.key\",\"message\":\"Unknown api key\"}";
        wiremock.stubFor(post(urlPathEqualTo(BULK)).willReturn(aResponse().withStatus(401).withBody(unknownKey)));
        wiremock.stubFor(get(urlPathEqualTo("/account/keys/verify")).willReturn(aResponse().withStatus(401).withBody(unknownKey)));

        assertThatThrownBy(() -> connector.submit(Entity.PERSON, List.of(byName("k", "John", "Snow", "example.com", "email"))))
                .isInstanceOfSatisfying(ConnectorException.class, e -> assertThat(e.kind()).isEqualTo(Kind.AUTH));
        HealthCheck check = connector.check();
        assertThat(check.healthy()).isFalse();
        assertThat(check.message()).contains("error.api.key", "FULLENRICH_API_KEY").doesNotContain(FullEnrichFixtures.API_KEY);
        wiremock.verify(1, postRequestedFor(urlPathEqualTo(BULK)));
    }

    @Test
    void aRateLimitedSubmissionIsSentAgainAfterTheWaitBecauseA429AcceptedNothing() {
        wiremock.stubFor(post(urlPathEqualTo(BULK)).inScenario("limit").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withStatus(429).withBody("{\"code\":\"error.rate.limit\",\"message\":\"Too many requests. Try again in 1s\"}"))
                .willSetStateTo("open"));
        wiremock.stubFor(post(urlPathEqualTo(BULK)).inScenario("limit").whenScenarioStateIs("open")
                .willReturn(okJson("{\"enrichment_id\":\"" + ID + "\"}")));
        long started = System.nanoTime();

        EnrichAnswer answer = connector.submit(Entity.PERSON, List.of(byName("k", "John", "Snow", "example.com", "email")));

        assertThat(answer.pending()).map(EnrichTicket::id).contains(ID);
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(Duration.ofMillis(900));
        wiremock.verify(2, postRequestedFor(urlPathEqualTo(BULK)));
    }

    @Test
    void theRateLimitWaitIsWhatFullEnrichAsksButNeverPastTheNextCalendarMinute() {
        FullEnrichErrorClassifier classifier = new FullEnrichErrorClassifier("c", () -> Duration.ofSeconds(12));

        FullEnrichCallException documented = classifier.classify("poll", 429,
                "{\"code\":\"error.rate.limit\",\"message\":\"Too many requests. Try again in 1m\"}", false);

        assertThat(documented.kind()).isEqualTo(Kind.RATE_LIMITED);
        assertThat(documented.retryAfter()).isEqualTo(Duration.ofSeconds(13));
        assertThat(classifier.classify("poll", 429, "{\"message\":\"Try again in 2s\"}", false).retryAfter())
                .isEqualTo(Duration.ofSeconds(2));
        assertThat(classifier.classify("poll", 429, "", false).retryAfter()).isEqualTo(Duration.ofSeconds(13));
    }

    @Test
    void aSubmissionThatTimesOutIsFatalAndNeverSentAgain() {
        wiremock.stubFor(post(urlPathEqualTo(BULK)).willReturn(okJson("{\"enrichment_id\":\"" + ID + "\"}").withFixedDelay(1_500)));

        assertThatThrownBy(() -> connector.submit(Entity.PERSON, List.of(byName("k", "John", "Snow", "example.com", "email"))))
                .isInstanceOfSatisfying(ConnectorException.class, e -> {
                    assertThat(e.kind()).isEqualTo(Kind.FATAL);
                    assertThat(e.getMessage()).contains("may have accepted the submission", "not sent again");
                });
        wiremock.verify(1, postRequestedFor(urlPathEqualTo(BULK)));
        assertThat(connector.client().submissions()).isEqualTo(1);
    }

    @Test
    void aServerErrorOnASubmissionIsFatalAndNeverSentAgain() {
        wiremock.stubFor(post(urlPathEqualTo(BULK)).willReturn(aResponse().withStatus(502).withBody("Bad gateway")));

        assertThatThrownBy(() -> connector.submit(Entity.PERSON, List.of(byName("k", "John", "Snow", "example.com", "email"))))
                .isInstanceOfSatisfying(ConnectorException.class, e -> assertThat(e.kind()).isEqualTo(Kind.FATAL));
        wiremock.verify(1, postRequestedFor(urlPathEqualTo(BULK)));
    }

    // ---------------------------------------------------------------- poll

    @Test
    void aFinishedEnrichmentGivesValuesVerificationAndTheCreditsCharged() {
        wiremock.stubFor(get(urlPathEqualTo(RESULTS)).willReturn(okJson(enrichment("FINISHED", 11,
                contact("crm-1", "john.snow@example.com", "DELIVERABLE", "+1 555-123-4567"),
                contact("crm-2", "arya@example.com", "INVALID", null),
                contact("crm-3", null, null, null)))));

        EnrichAnswer answer = connector.poll(ticket(List.of("crm-1", "crm-2", "crm-3"),
                "{\"crm-1\":[\"email\",\"mobilePhone\"],\"crm-2\":[\"email\"],\"crm-3\":[\"email\"]}"));

        assertThat(answer.pending()).isEmpty();
        Map<String, EnrichResult> results = byKey(answer);
        EnrichResult john = results.get("crm-1");
        assertThat(john.outcome()).isEqualTo(Outcome.FOUND);
        assertThat(john.values().get("email")).isEqualTo(new EnrichResult.Found("john.snow@example.com", null, "DELIVERABLE"));
        assertThat(john.values().get("mobilePhone").value()).isEqualTo("+1 555-123-4567");
        assertThat(john.credits()).isEqualTo(11);
        // an INVALID address is not a hit, and FullEnrich does not charge for it
        assertThat(results.get("crm-2").outcome()).isEqualTo(Outcome.NOT_FOUND);
        assertThat(results.get("crm-2").credits()).isZero();
        assertThat(results.get("crm-3").outcome()).isEqualTo(Outcome.NOT_FOUND);
    }

    @Test
    void whenFullEnrichChargedLessThanThePriceListTheResultsAddUpToWhatItCharged() {
        // two phones and an email would be 21 credits; one phone was a duplicate of the last 3 months: 11 charged
        wiremock.stubFor(get(urlPathEqualTo(RESULTS)).willReturn(okJson(enrichment("FINISHED", 11,
                contact("a", "a@x.com", "DELIVERABLE", "+1 1"), contact("b", null, null, "+1 2")))));

        EnrichAnswer answer = connector.poll(ticket(List.of("a", "b"), "{\"a\":[\"email\",\"mobilePhone\"],\"b\":[\"mobilePhone\"]}"));

        assertThat(answer.results().stream().mapToDouble(EnrichResult::credits).sum()).isCloseTo(11, within(1e-9));
        assertThat(answer.results()).extracting(EnrichResult::outcome).containsOnly(Outcome.FOUND);
    }

    @Test
    void anEnrichmentInProgressKeepsItsTicketForALaterPoll() {
        wiremock.stubFor(get(urlPathEqualTo(RESULTS)).willReturn(aResponse().withStatus(400)
                .withBody("{\"code\":\"error.enrichment.in_progress\",\"message\":\"Enrichment not ready, try again in 30 seconds\"}")));
        EnrichTicket ticket = ticket(List.of("a"), "{\"a\":[\"email\"]}");

        EnrichAnswer answer = connector.poll(ticket);

        assertThat(answer.results()).isEmpty();
        EnrichTicket later = answer.pending().orElseThrow();
        assertThat(later.id()).isEqualTo(ID);
        assertThat(later.keys()).containsExactly("a");
        assertThat(later.pollAt()).isAfter(ticket.pollAt());
        wiremock.verify(1, getRequestedFor(urlPathEqualTo(RESULTS)));
    }

    @Test
    void outOfCreditsGivesTheFinishedContactsAndRejectsTheRest() {
        wiremock.stubFor(get(urlPathEqualTo(RESULTS)).willReturn(aResponse().withStatus(402).withHeader("Content-Type", "application/json")
                .withBody(enrichment("CREDITS_INSUFFICIENT", 1, contact("a", "a@x.com", "DELIVERABLE", null)))));

        EnrichAnswer answer = connector.poll(ticket(List.of("a", "b"), "{\"a\":[\"email\"],\"b\":[\"email\",\"mobilePhone\"]}"));

        Map<String, EnrichResult> results = byKey(answer);
        assertThat(results.get("a").outcome()).isEqualTo(Outcome.FOUND);
        assertThat(results.get("a").credits()).isEqualTo(1);
        assertThat(results.get("b").outcome()).isEqualTo(Outcome.REJECTED);
        assertThat(results.get("b").reason()).startsWith("FullEnrich ran out of credits");
        assertThat(answer.pending()).isEmpty();
    }

    @Test
    void aCanceledEnrichmentRejectsWhatItDidNotFinish() {
        wiremock.stubFor(get(urlPathEqualTo(RESULTS)).willReturn(okJson(enrichment("CANCELED", 0))));

        EnrichAnswer answer = connector.poll(ticket(List.of("a"), "{\"a\":[\"email\"]}"));

        assertThat(answer.results()).singleElement().satisfies(result -> {
            assertThat(result.outcome()).isEqualTo(Outcome.REJECTED);
            assertThat(result.reason()).contains("canceled");
        });
    }

    @Test
    void aContactFullEnrichSkippedAsInvalidIsRejectedAndTheOthersStillCount() {
        wiremock.stubFor(get(urlPathEqualTo(RESULTS)).willReturn(okJson(enrichment("FINISHED", 1,
                contact("a", "a@x.com", "HIGH_PROBABILITY", null)))));

        Map<String, EnrichResult> results = byKey(connector.poll(ticket(List.of("a", "b"), "{\"a\":[\"email\"],\"b\":[\"email\"]}")));

        assertThat(results.get("a").values().get("email").verification()).isEqualTo("HIGH_PROBABILITY");
        assertThat(results.get("b").outcome()).isEqualTo(Outcome.REJECTED);
        assertThat(results.get("b").reason()).contains("skipped it as invalid input");
    }

    @Test
    void anUnknownEnrichmentIsFatalWithWhatToDo() {
        wiremock.stubFor(get(urlPathEqualTo(RESULTS)).willReturn(aResponse().withStatus(404)
                .withBody("{\"code\":\"error.enrichment.not_found\",\"message\":\"Enrichment ID not found\"}")));

        assertThatThrownBy(() -> connector.poll(ticket(List.of("a"), "")))
                .isInstanceOfSatisfying(ConnectorException.class, e -> {
                    assertThat(e.kind()).isEqualTo(Kind.FATAL);
                    assertThat(e.getMessage()).contains("no enrichment with this id", "submitted again on purpose");
                });
        wiremock.verify(1, getRequestedFor(urlPathEqualTo(RESULTS)));
    }

    @Test
    void aServerErrorOnAPollIsRetried() {
        wiremock.stubFor(get(urlPathEqualTo(RESULTS)).inScenario("flaky").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withStatus(503)).willSetStateTo("up"));
        wiremock.stubFor(get(urlPathEqualTo(RESULTS)).inScenario("flaky").whenScenarioStateIs("up")
                .willReturn(okJson(enrichment("FINISHED", 1, contact("a", "a@x.com", "DELIVERABLE", null)))));

        EnrichAnswer answer = connector.poll(ticket(List.of("a"), "{\"a\":[\"email\"]}"));

        assertThat(answer.results()).singleElement().extracting(EnrichResult::outcome).isEqualTo(Outcome.FOUND);
        wiremock.verify(2, getRequestedFor(urlPathEqualTo(RESULTS)));
    }

    @Test
    void aPollThatKeepsTimingOutIsRetriableAfterItsAttempts() {
        FullEnrichConnector twoAttempts = FullEnrichFixtures.connector(wiremock.baseUrl(), Duration.ofMillis(300), 2);
        wiremock.stubFor(get(urlPathEqualTo(RESULTS)).willReturn(okJson(enrichment("FINISHED", 0)).withFixedDelay(1_000)));

        assertThatThrownBy(() -> twoAttempts.poll(ticket(List.of("a"), "")))
                .isInstanceOfSatisfying(ConnectorException.class, e -> assertThat(e.kind()).isEqualTo(Kind.RETRIABLE));
        wiremock.verify(2, getRequestedFor(urlPathEqualTo(RESULTS)));
    }

    @Test
    void aMalformedAnswerIsUnreadableAndNotRetried() {
        wiremock.stubFor(get(urlPathEqualTo(RESULTS)).willReturn(aResponse().withStatus(200).withBody("{\"id\": \"" + ID + "\", \"data\": [")));

        assertThatThrownBy(() -> connector.poll(ticket(List.of("a"), "")))
                .isInstanceOfSatisfying(ConnectorException.class, e -> {
                    assertThat(e.kind()).isEqualTo(Kind.FATAL);
                    assertThat(AnswerReader.unreadable(e)).isTrue();
                });
        wiremock.verify(1, getRequestedFor(urlPathEqualTo(RESULTS)));
    }

    // ---------------------------------------------------------------- webhook payloads, account

    @Test
    void aDeliveredPayloadIsReadLikeAPollWithoutACall() {
        byte[] payload = enrichment("FINISHED", 10, contact("a", null, null, "+33 6 12 34 56 78")).getBytes(StandardCharsets.UTF_8);

        EnrichAnswer answer = connector.delivered(ticket(List.of("a"), "{\"a\":[\"mobilePhone\"]}"), payload);

        assertThat(answer.results()).singleElement().satisfies(result -> {
            assertThat(result.values().get("mobilePhone").value()).isEqualTo("+33 6 12 34 56 78");
            assertThat(result.credits()).isEqualTo(10);
        });
        assertThat(wiremock.getAllServeEvents()).isEmpty();
    }

    @Test
    void aPerContactDeliveryAnswersThatContactAndKeepsWaitingForTheOthers() {
        byte[] payload = enrichment("IN_PROGRESS", 1, contact("a", "a@x.com", "DELIVERABLE", null)).getBytes(StandardCharsets.UTF_8);

        EnrichAnswer answer = connector.delivered(ticket(List.of("a", "b"), "{\"a\":[\"email\"],\"b\":[\"email\"]}"), payload);

        assertThat(answer.results()).extracting(EnrichResult::key).containsExactly("a");
        assertThat(answer.pending().orElseThrow().keys()).containsExactly("b");
    }

    @Test
    void checkVerifiesTheKeyAndTheBalanceIsAFreeCall() {
        wiremock.stubFor(get(urlPathEqualTo("/account/keys/verify")).willReturn(okJson("{\"workspace_id\":\"ws-42\"}")));
        wiremock.stubFor(get(urlPathEqualTo("/account/credits")).willReturn(okJson("{\"balance\":1250}")));

        assertThat(connector.check()).isEqualTo(new HealthCheck(true,
                "FullEnrich connection 'fullenrich': the API key is valid (workspace ws-42)"));
        assertThat(connector.creditBalance().getAsDouble()).isEqualTo(1250);
        assertThat(connector.describe().capabilities()).containsExactly("Enricher");
    }

    // ---------------------------------------------------------------- helpers

    private static EnrichTicket ticket(List<String> keys, String state) {
        return new EnrichTicket(ID, keys, state, Instant.now());
    }

    private static Map<String, EnrichResult> byKey(EnrichAnswer answer) {
        return answer.results().stream().collect(Collectors.toMap(EnrichResult::key, Function.identity()));
    }

    /** FullEnrich's documented result envelope (GET /contact/enrich/bulk/{id}). */
    static String enrichment(String status, double credits, String... contacts) {
        return "{\"id\":\"" + ID + "\",\"name\":\"Sales Operations in London\",\"status\":\"" + status + "\",\"cost\":{\"credits\":"
                + credits + "},\"data\":[" + String.join(",", contacts) + "]}";
    }

    static String contact(String key, String email, String emailStatus, String phone) {
        String workEmail = email == null ? "" : "\"most_probable_work_email\":{\"email\":\"" + email + "\",\"status\":\"" + emailStatus
                + "\"},\"work_emails\":[{\"email\":\"" + email + "\",\"status\":\"" + emailStatus + "\"}],";
        String mobile = phone == null ? "" : "\"most_probable_phone\":{\"number\":\"" + phone + "\",\"region\":\"US\"},";
        return "{\"input\":{\"first_name\":\"John\",\"last_name\":\"Snow\",\"company_domain\":\"example.com\"},\"custom\":{\"middlemile_key\":\""
                + key + "\"},\"contact_info\":{" + workEmail + mobile + "\"personal_emails\":[]},\"profile\":{\"full_name\":\"John Snow\"}}";
    }
}
