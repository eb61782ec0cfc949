package io.middlemile.connector.crustdata;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import io.middlemile.connector.AnswerReader;
import io.middlemile.connector.ConnectorException;
import io.middlemile.connector.ConnectorException.Kind;
import io.middlemile.connector.EnrichAnswer;
import io.middlemile.connector.EnrichResult;
import io.middlemile.connector.EnrichResult.Outcome;
import io.middlemile.connector.EnrichTicket;
import io.middlemile.model.Entity;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.zip.GZIPOutputStream;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static io.middlemile.connector.crustdata.CrustdataTestSupport.KEY;
import static io.middlemile.connector.crustdata.CrustdataTestSupport.company;
import static io.middlemile.connector.crustdata.CrustdataTestSupport.person;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The connector against stubs built from Crustdata's documented answers (docs.crustdata.com, API 2025-11-01). */
class CrustdataConnectorWireMockTest {

    private static final String ROBERT = "https://www.linkedin.com/in/robert-mcdonald";
    private static final String JANE = "https://www.linkedin.com/in/jane-doe";

    /** The documented person answer shape: an array of {matched_on, match_type, matches[{confidence_score, person_data}]}. */
    private static final String ROBERT_FOUND = """
            [{"matched_on": "https://www.linkedin.com/in/robert-mcdonald", "match_type": "professional_network_profile_url",
              "matches": [{"confidence_score": 0.98, "person_data": {
                 "basic_profile": {"name": "Robert McDonald", "current_title": "VP, Sales"},
                 "contact": {"business_emails": [{"email": "bob.mcdonald@acme.com", "status": "deliverable"}]}}}]}]""";
    private static final String JANE_MISSING = """
            [{"matched_on": "https://www.linkedin.com/in/jane-doe", "match_type": "professional_network_profile_url", "matches": []}]""";
    private static final String INSUFFICIENT = """
            {"error": {"type": "insufficient_credits", "message": "Insufficient credits to complete this request.",
             "metadata": {"required_credits": 2, "available_credits": 0}}}""";

    private WireMockServer wm;
    private CrustdataConnector connector;

    @BeforeEach
    void start() {
        wm = new WireMockServer(options().dynamicPort());
        wm.start();
        connector = CrustdataTestSupport.connector(wm.baseUrl());
    }

    @AfterEach
    void stop() {
        wm.stop();
    }

    @Test
    void aPersonFoundByProfileUrlAsksOnlyForTheWantedFieldsAndReportsTheCreditsCharged() {
        wm.stubFor(post(urlEqualTo("/person/enrich")).willReturn(okJson(ROBERT_FOUND)));

        EnrichAnswer answer = connector.submit(Entity.PERSON, List.of(person("r1", ROBERT, null, "email", "title")));

        EnrichResult result = answer.results().get(0);
        assertThat(answer.pending()).isEmpty();
        assertThat(result.outcome()).isEqualTo(Outcome.FOUND);
        assertThat(result.values().get("email").value()).isEqualTo("bob.mcdonald@acme.com");
        assertThat(result.values().get("email").verification()).isEqualTo("deliverable");
        assertThat(result.values().get("email").confidence()).isEqualTo(0.98);
        assertThat(result.values().get("title").value()).isEqualTo("VP, Sales");
        assertThat(result.credits()).isEqualTo(2.0); // 1 base + 1 business email; no phone asked, none charged
        wm.verify(1, postRequestedFor(urlEqualTo("/person/enrich"))
                .withHeader("Authorization", equalTo("Bearer " + KEY))
                .withHeader("x-api-version", equalTo("2025-11-01"))
                .withRequestBody(equalToJson("""
                        {"professional_network_profile_urls": ["https://www.linkedin.com/in/robert-mcdonald"],
                         "fields": ["basic_profile", "contact.business_emails"]}""")));
    }

    @Test
    void aMissIsNotFoundAndCostsNothing() {
        wm.stubFor(post(urlEqualTo("/person/enrich")).willReturn(okJson(JANE_MISSING)));

        EnrichResult result = connector.submit(Entity.PERSON, List.of(person("j", JANE, null, "title"))).results().get(0);

        assertThat(result.outcome()).isEqualTo(Outcome.NOT_FOUND);
        assertThat(result.credits()).isZero();
    }

    @Test
    void lookupsAreSplitByIdentifierKindBecauseACallTakesOneKind() {
        wm.stubFor(post(urlEqualTo("/person/enrich")).withRequestBody(containing("professional_network_profile_urls"))
                .willReturn(okJson(ROBERT_FOUND)));
        wm.stubFor(post(urlEqualTo("/person/enrich")).withRequestBody(containing("business_emails\":[")).willReturn(okJson("""
                [{"matched_on": "nobody@example.com", "match_type": "business_email", "matches": []}]""")));

        EnrichAnswer answer = connector.submit(Entity.PERSON, List.of(person("r1", ROBERT, null, "title"),
                person("n1", null, "nobody@example.com", "title")));

        assertThat(answer.results()).extracting(EnrichResult::key, EnrichResult::outcome)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("r1", Outcome.FOUND), org.assertj.core.groups.Tuple.tuple("n1", Outcome.NOT_FOUND));
        wm.verify(2, postRequestedFor(urlEqualTo("/person/enrich")));
    }

    @Test
    void aMalformedProfileUrlIsRejectedWithoutACall() {
        EnrichResult result = connector.submit(Entity.PERSON, List.of(person("bad", "https://www.linkedin.com/company/acme", null,
                "title"))).results().get(0);

        assertThat(result.outcome()).isEqualTo(Outcome.REJECTED);
        assertThat(result.reason()).contains("is not a LinkedIn profile URL");
        assertThat(wm.getAllServeEvents()).isEmpty();
    }

    @Test
    void aWholeCall400IsTracedToItsRecordBySendingTheIdentifiersOneByOne() {
        String culprit = "https://www.linkedin.com/in/ghost";
        wm.stubFor(post(urlEqualTo("/person/enrich")).atPriority(1).withRequestBody(containing("ghost"))
                .willReturn(aResponse().withStatus(400).withHeader("Content-Type", "application/json").withBody("""
                        {"error": {"type": "invalid_request", "message": "Invalid profile URL: https://www.linkedin.com/in/ghost",
                         "metadata": {}}}""")));
        wm.stubFor(post(urlEqualTo("/person/enrich")).atPriority(5).willReturn(okJson(ROBERT_FOUND)));

        EnrichAnswer answer = connector.submit(Entity.PERSON, List.of(person("r1", ROBERT, null, "title"),
                person("g1", culprit, null, "title")));

        assertThat(answer.results().get(0).outcome()).isEqualTo(Outcome.FOUND);
        assertThat(answer.results().get(1).outcome()).isEqualTo(Outcome.REJECTED);
        assertThat(answer.results().get(1).reason()).contains("Invalid profile URL");
        wm.verify(3, postRequestedFor(urlEqualTo("/person/enrich"))); // the whole call, then one each
    }

    @Test
    void a401IsAnAuthFailure() {
        wm.stubFor(post(urlEqualTo("/person/enrich")).willReturn(aResponse().withStatus(401)
                .withHeader("Content-Type", "application/json").withBody("{\"error\": {\"type\": \"unauthorized\", \"message\": \"Invalid API key\"}}")));

        assertThatThrownBy(() -> connector.submit(Entity.PERSON, List.of(person("r1", ROBERT, null, "title"))))
                .isInstanceOfSatisfying(ConnectorException.class, e -> {
                    assertThat(e.kind()).isEqualTo(Kind.AUTH);
                    assertThat(e.getMessage()).contains("CRUSTDATA_API_KEY").doesNotContain(KEY);
                });
        wm.verify(1, postRequestedFor(urlEqualTo("/person/enrich")));
    }

    @Test
    void a402IsQuotaExhaustedAndNeverRetried() {
        wm.stubFor(post(urlEqualTo("/company/enrich")).willReturn(aResponse().withStatus(402)
                .withHeader("Content-Type", "application/json").withBody(INSUFFICIENT)));

        assertThatThrownBy(() -> connector.submit(Entity.COMPANY, List.of(company("c1", "acme.com", "industry"))))
                .isInstanceOfSatisfying(ConnectorException.class, e -> assertThat(e.kind()).isEqualTo(Kind.QUOTA_EXHAUSTED));
        wm.verify(1, postRequestedFor(urlEqualTo("/company/enrich")));
    }

    @Test
    void a429IsRetriedAfterTheResetCrustdataAsksFor() {
        wm.stubFor(post(urlEqualTo("/person/enrich")).inScenario("limit").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withStatus(429).withHeader("Content-Type", "application/json")
                        .withHeader("x-ratelimit-limit", "15").withHeader("x-ratelimit-remaining", "0")
                        .withHeader("x-ratelimit-reset", "1")
                        .withBody("{\"error\": {\"type\": \"rate_limit_exceeded\", \"message\": \"Too many requests\"}}"))
                .willSetStateTo("open"));
        wm.stubFor(post(urlEqualTo("/person/enrich")).inScenario("limit").whenScenarioStateIs("open").willReturn(okJson(ROBERT_FOUND)));

        long started = System.nanoTime();
        EnrichResult result = connector.submit(Entity.PERSON, List.of(person("r1", ROBERT, null, "title"))).results().get(0);
        long waitedMs = (System.nanoTime() - started) / 1_000_000;

        assertThat(result.outcome()).isEqualTo(Outcome.FOUND);
        assertThat(waitedMs).isGreaterThanOrEqualTo(900);
        wm.verify(2, postRequestedFor(urlEqualTo("/person/enrich")));
    }

    @Test
    void aServerErrorIsRetried() {
        wm.stubFor(post(urlEqualTo("/person/enrich")).inScenario("outage").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withStatus(503)).willSetStateTo("back"));
        wm.stubFor(post(urlEqualTo("/person/enrich")).inScenario("outage").whenScenarioStateIs("back").willReturn(okJson(ROBERT_FOUND)));

        EnrichResult result = connector.submit(Entity.PERSON, List.of(person("r1", ROBERT, null, "title"))).results().get(0);

        assertThat(result.outcome()).isEqualTo(Outcome.FOUND);
        wm.verify(2, postRequestedFor(urlEqualTo("/person/enrich")));
    }

    @Test
    void aTimedOutSubmissionIsFatalAndNeverSentAgain() {
        wm.stubFor(post(urlEqualTo("/person/enrich")).willReturn(okJson(ROBERT_FOUND).withFixedDelay(1_500)));

        assertThatThrownBy(() -> connector.submit(Entity.PERSON, List.of(person("r1", ROBERT, null, "title"))))
                .isInstanceOfSatisfying(ConnectorException.class, e -> {
                    assertThat(e.kind()).isEqualTo(Kind.FATAL);
                    assertThat(e.getMessage()).contains("NOT sent again");
                });
        wm.verify(1, postRequestedFor(urlEqualTo("/person/enrich")));
    }

    @Test
    void aRefusedConnectionOnASubmissionIsRetriedBecauseNothingWasSent() {
        String nowhere = "http://127.0.0.1:1";
        CrustdataConnector unreachable = CrustdataTestSupport.connector(nowhere, CrustdataTestSupport.fast(nowhere).withMaxAttempts(2));

        assertThatThrownBy(() -> unreachable.submit(Entity.PERSON, List.of(person("r1", ROBERT, null, "title"))))
                .isInstanceOfSatisfying(ConnectorException.class, e -> assertThat(e.kind()).isEqualTo(Kind.RETRIABLE));
        assertThat(unreachable.requestCount()).isEqualTo(2);
        assertThat(unreachable.check().healthy()).isFalse();
    }

    @Test
    void aTimedOutBatchPollIsRetriedBecauseReadingIsIdempotent() {
        wm.stubFor(get(urlEqualTo("/batch/b-1")).inScenario("slow").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(okJson("{\"batch_id\": \"b-1\", \"status\": \"processing\"}").withFixedDelay(1_500)).willSetStateTo("fast"));
        wm.stubFor(get(urlEqualTo("/batch/b-1")).inScenario("slow").whenScenarioStateIs("fast")
                .willReturn(okJson("{\"batch_id\": \"b-1\", \"status\": \"processing\"}")));

        EnrichAnswer answer = connector.poll(batchTicket("b-1"));

        assertThat(answer.pending()).isPresent();
        wm.verify(2, getRequestedFor(urlEqualTo("/batch/b-1")));
    }

    @Test
    void malformedJsonIsUnreadableAndNotRetried() {
        wm.stubFor(post(urlEqualTo("/person/enrich")).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json").withBody("[{\"matched_on\": ")));

        assertThatThrownBy(() -> connector.submit(Entity.PERSON, List.of(person("r1", ROBERT, null, "title"))))
                .isInstanceOfSatisfying(ConnectorException.class, e -> {
                    assertThat(e.kind()).isEqualTo(Kind.FATAL);
                    assertThat(AnswerReader.unreadable(e)).isTrue();
                });
        wm.verify(1, postRequestedFor(urlEqualTo("/person/enrich")));
    }

    @Test
    void noRemainingBudgetInTheHeadersMakesTheNextCallWaitForTheReset() {
        wm.stubFor(post(urlEqualTo("/person/enrich")).willReturn(okJson(ROBERT_FOUND)
                .withHeader("x-ratelimit-limit", "15").withHeader("x-ratelimit-remaining", "0").withHeader("x-ratelimit-reset", "1")));

        connector.submit(Entity.PERSON, List.of(person("r1", ROBERT, null, "title")));
        long started = System.nanoTime();
        connector.submit(Entity.PERSON, List.of(person("r2", ROBERT, null, "title")));
        long waitedMs = (System.nanoTime() - started) / 1_000_000;

        assertThat(waitedMs).isGreaterThanOrEqualTo(900);
        wm.verify(2, postRequestedFor(urlEqualTo("/person/enrich")));
    }

    @Test
    void aCompanyByDomainCostsTwoCreditsAndAsksForTheWantedGroups() {
        wm.stubFor(post(urlEqualTo("/company/enrich")).willReturn(okJson("""
                [{"matched_on": "acme.com", "match_type": "domain", "matches": [{"confidence_score": 1.0, "company_data": {
                   "basic_info": {"name": "Acme", "primary_domain": "acme.com", "industries": ["Manufacturing"]},
                   "headcount": {"total": 5200}}}]}]""")));

        EnrichResult result = connector.submit(Entity.COMPANY, List.of(company("c1", "acme.com", "employeeCount", "industry")))
                .results().get(0);

        assertThat(result.outcome()).isEqualTo(Outcome.FOUND);
        assertThat(result.values().get("employeeCount").value()).isEqualTo(5200L);
        assertThat(result.values().get("industry").value()).isEqualTo("Manufacturing");
        assertThat(result.credits()).isEqualTo(2.0);
        wm.verify(postRequestedFor(urlEqualTo("/company/enrich")).withRequestBody(equalToJson("""
                {"domains": ["acme.com"], "fields": ["basic_info", "headcount"]}""")));
    }

    @Test
    void aBatchIsSubmittedOnceThenPolledUntilItsGzippedResultsAreRead() throws IOException {
        wm.stubFor(post(urlEqualTo("/batch/person/enrich")).willReturn(okJson("{\"batch_id\": \"b-42\"}")));
        wm.stubFor(get(urlEqualTo("/batch/b-42")).inScenario("job").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(okJson("{\"batch_id\": \"b-42\", \"status\": \"processing\"}")).willSetStateTo("done"));
        String url = wm.baseUrl() + "/files/b-42.jsonl.gz?X-Amz-Signature=abc";
        wm.stubFor(get(urlEqualTo("/batch/b-42")).inScenario("job").whenScenarioStateIs("done").willReturn(okJson(
                "{\"batch_id\": \"b-42\", \"status\": \"completed\", \"entities_requested\": 2, \"entities_fulfilled\": 1,"
                        + " \"download_url\": \"" + url + "\", \"download_urls\": [\"" + url + "\"]}")));
        wm.stubFor(get(urlPathEqualTo("/files/b-42.jsonl.gz")).willReturn(aResponse().withStatus(200).withBody(gzip(
                "{\"original_identifier\": \"" + ROBERT + "\", \"internal_id\": \"p-1\", \"data\": {\"basic_profile\":"
                        + " {\"current_title\": \"VP, Sales\"}, \"contact\": {\"business_emails\": [{\"email\": \"bob.mcdonald@acme.com\"}]}}}\n"))));

        EnrichAnswer submitted = connector.submitBatch(Entity.PERSON, List.of(person("r1", ROBERT, null, "title", "email"),
                person("j1", JANE, null, "title")));
        EnrichTicket ticket = submitted.pending().orElseThrow();
        assertThat(ticket.id()).isEqualTo("b-42");
        assertThat(ticket.keys()).containsExactly("r1", "j1");

        EnrichAnswer first = connector.poll(ticket);
        assertThat(first.results()).isEmpty();
        EnrichAnswer done = connector.poll(first.pending().orElseThrow());

        assertThat(done.pending()).isEmpty();
        assertThat(done.results()).extracting(EnrichResult::key, EnrichResult::outcome, EnrichResult::credits).containsExactly(
                org.assertj.core.groups.Tuple.tuple("r1", Outcome.FOUND, 2.0),
                org.assertj.core.groups.Tuple.tuple("j1", Outcome.NOT_FOUND, 0.0));
        assertThat(done.results().get(0).values().get("email").value()).isEqualTo("bob.mcdonald@acme.com");
        wm.verify(1, postRequestedFor(urlEqualTo("/batch/person/enrich")));
        // the pre-signed URL gets no API key, which must not leak to the storage host
        wm.verify(1, getRequestedFor(urlPathEqualTo("/files/b-42.jsonl.gz")).withHeader("Authorization", absent()));
        wm.verify(2, getRequestedFor(urlEqualTo("/batch/b-42")).withHeader("Authorization", equalTo("Bearer " + KEY)));
    }

    @Test
    void aFailedBatchRejectsItsLookupsWithCrustdatasReason() {
        wm.stubFor(get(urlEqualTo("/batch/b-9")).willReturn(okJson(
                "{\"batch_id\": \"b-9\", \"status\": \"failed\", \"error_message\": \"Invalid input file\"}")));

        EnrichAnswer answer = connector.poll(batchTicket("b-9"));

        assertThat(answer.results()).singleElement().satisfies(r -> {
            assertThat(r.outcome()).isEqualTo(Outcome.REJECTED);
            assertThat(r.reason()).contains("Invalid input file");
        });
    }

    @Test
    void checkReadsTheFreeCreditBalanceAndNeverThrows() {
        wm.stubFor(get(urlEqualTo("/user/credits")).inScenario("key").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(okJson("{\"credits\": 1234}")).willSetStateTo("revoked"));
        wm.stubFor(get(urlEqualTo("/user/credits")).inScenario("key").whenScenarioStateIs("revoked")
                .willReturn(aResponse().withStatus(401).withBody("{\"error\": {\"type\": \"unauthorized\", \"message\": \"Invalid API key\"}}")));

        assertThat(connector.check().healthy()).isTrue();
        assertThat(connector.check()).satisfies(check -> {
            assertThat(check.healthy()).isFalse();
            assertThat(check.message()).contains("HTTP 401");
        });
    }

    @Test
    void webhookDeliveriesAreRefusedBecauseCrustdataBatchesArePolled() {
        assertThatThrownBy(() -> connector.delivered(batchTicket("b-1"), new byte[0]))
                .isInstanceOf(UnsupportedOperationException.class).hasMessageContaining("Poll the ticket");
    }

    private static EnrichTicket batchTicket(String id) {
        String state = new CrustdataBatchState(Entity.PERSON, java.util.Set.of("title"),
                java.util.Map.of(CrustdataIdentifiers.key(ROBERT), List.of("r1"))).write();
        return new EnrichTicket(id, List.of("r1"), state, java.time.Instant.now());
    }

    private static byte[] gzip(String text) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (GZIPOutputStream out = new GZIPOutputStream(bytes)) {
            out.write(text.getBytes(StandardCharsets.UTF_8));
        }
        return bytes.toByteArray();
    }
}
