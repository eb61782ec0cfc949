package io.middlemile.connector.instantly;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import io.middlemile.connector.ConnectorException.Kind;
import io.middlemile.connector.instantly.InstantlyRecords.AddOptions;
import io.middlemile.connector.instantly.InstantlyRecords.AddResult;
import io.middlemile.connector.instantly.InstantlyRecords.CampaignPage;
import io.middlemile.connector.instantly.InstantlyRecords.Lead;
import io.middlemile.connector.instantly.InstantlyRecords.Outcome;
import io.middlemile.connector.instantly.InstantlyRecords.Target;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.http.HttpClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static com.github.tomakehurst.wiremock.client.WireMock.*;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** The Instantly client against stubs shaped like the examples of Instantly's OpenAPI (api-evangelist/instantly-ai). */
class InstantlyClientWireMockTest {

    private static final String ADD = "/api/v2/leads/add";
    private static final String CAMPAIGN = "019ffad2-9c4e-7be6-8364-ed444afb02d5";

    private WireMockServer wm;

    @BeforeEach
    void start() {
        wm = new WireMockServer(wireMockConfig().dynamicPort());
        wm.start();
    }

    @AfterEach
    void stop() {
        wm.stop();
    }

    private InstantlyClient client() {
        InstantlySettings settings = InstantlySettings.defaults(wm.baseUrl() + "/api/v2").withMaxAttempts(3)
                .withTimeout(Duration.ofSeconds(2));
        return new InstantlyClient("instantly", settings, "key-123", HttpClient.newHttpClient());
    }

    private static String error(int status, String error, String message) {
        return "{\"statusCode\":" + status + ",\"error\":\"" + error + "\",\"message\":\"" + message + "\"}";
    }

    @Test
    void aBulkAddSendsTheDocumentedBodyAndTellsEachLeadsOutcome() {
        wm.stubFor(post(urlPathEqualTo(ADD)).willReturn(okJson("""
                {"status":"success","total_sent":4,"leads_uploaded":2,"in_blocklist":0,"blocklist_used":null,
                 "duplicated_leads":0,"skipped_count":0,"invalid_email_count":1,"incomplete_count":0,
                 "duplicate_email_count":1,"remaining_in_plan":9993,
                 "created_leads":[{"id":"019ffad2-0000-0000-0000-000000000001","email":"ana@acme.com","index":0},
                                  {"id":"019ffad2-0000-0000-0000-000000000002","email":"bo@acme.com","index":1}]}""")));
        List<Lead> leads = List.of(
                new Lead("ana@acme.com", "Ana", "Ruiz", "Acme", "CTO", null, "https://acme.com", "Hi Ana",
                        Map.of("past_customer", true)),
                Lead.email("bo@acme.com"), Lead.email("ANA@acme.com"), Lead.email("not-an-email"));

        AddResult result = client().addLeads(Target.campaign(CAMPAIGN), leads, AddOptions.skipAnyInWorkspace());

        assertThat(result.leads()).extracting(InstantlyRecords.LeadResult::outcome)
                .containsExactly(Outcome.UPLOADED, Outcome.UPLOADED, Outcome.DUPLICATE, Outcome.INVALID);
        assertThat(result.leads().get(0).leadId()).isEqualTo("019ffad2-0000-0000-0000-000000000001");
        assertThat(result.counts().remainingInPlan()).isEqualTo(9993);
        wm.verify(postRequestedFor(urlPathEqualTo(ADD))
                .withHeader("Authorization", equalTo("Bearer key-123"))
                .withRequestBody(matchingJsonPath("$.campaign_id", equalTo(CAMPAIGN)))
                .withRequestBody(matchingJsonPath("$.skip_if_in_workspace", equalTo("true")))
                .withRequestBody(matchingJsonPath("$.leads[0].custom_variables.past_customer", equalTo("true")))
                .withRequestBody(matchingJsonPath("$.leads[0].company_name", equalTo("Acme")))
                .withRequestBody(notMatching(".*list_id.*")));
    }

    @Test
    void leadsNotCreatedShareTheOnlyReasonCountedOrAreReportedAsUndecided() {
        wm.stubFor(post(urlPathEqualTo(ADD)).inScenario("s").whenScenarioStateIs(Scenario.STARTED).willReturn(okJson("""
                {"status":"success","total_sent":2,"leads_uploaded":0,"in_blocklist":2,"duplicated_leads":0,"skipped_count":0,
                 "invalid_email_count":0,"incomplete_count":0,"duplicate_email_count":0,"remaining_in_plan":10,
                 "created_leads":[]}""")).willSetStateTo("two"));
        wm.stubFor(post(urlPathEqualTo(ADD)).inScenario("s").whenScenarioStateIs("two").willReturn(okJson("""
                {"status":"success","total_sent":2,"leads_uploaded":0,"in_blocklist":1,"duplicated_leads":0,"skipped_count":1,
                 "invalid_email_count":0,"incomplete_count":0,"duplicate_email_count":0,"remaining_in_plan":10,
                 "created_leads":[]}""")));
        List<Lead> two = List.of(Lead.email("a@x.io"), Lead.email("b@x.io"));

        assertThat(client().addLeads(Target.campaign(CAMPAIGN), two, AddOptions.none()).count(Outcome.BLOCKLISTED)).isEqualTo(2);
        AddResult mixed = client().addLeads(Target.campaign(CAMPAIGN), two, AddOptions.none());
        assertThat(mixed.count(Outcome.NOT_ADDED)).isEqualTo(2);
        assertThat(mixed.leads().get(0).reason()).contains("1 blocklisted").contains("1 skipped");
    }

    @Test
    void a429IsRetriedAfterTheWaitAndThenSucceeds() {
        wm.stubFor(get(urlPathEqualTo("/api/v2/campaigns")).inScenario("rl").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withStatus(429).withHeader("Retry-After", "0.2")
                        .withBody(error(429, "Too Many Requests", "Rate limit exceeded"))).willSetStateTo("ok"));
        wm.stubFor(get(urlPathEqualTo("/api/v2/campaigns")).inScenario("rl").whenScenarioStateIs("ok")
                .willReturn(okJson("{\"items\":[{\"id\":\"c1\",\"name\":\"Q3\",\"status\":1}],\"next_starting_after\":\"c1\"}")));
        InstantlyClient client = client();

        CampaignPage page = client.listCampaigns(10, null);

        assertThat(page.items()).extracting(InstantlyRecords.Campaign::name).containsExactly("Q3");
        assertThat(page.nextStartingAfter()).isEqualTo("c1");
        assertThat(client.retries()).isEqualTo(1);
        wm.verify(2, getRequestedFor(urlEqualTo("/api/v2/campaigns?limit=10")));
    }

    @Test
    void authPlanAndScopeFailuresSayWhatToDo() {
        wm.stubFor(get(urlPathEqualTo("/api/v2/campaigns")).willReturn(aResponse().withStatus(401)
                .withBody(error(401, "Unauthorized", "Invalid API key"))));
        InstantlyCallException unauthorized = catchThrowableOfType(() -> client().listCampaigns(10, null), InstantlyCallException.class);
        assertThat(unauthorized.kind()).isEqualTo(Kind.AUTH);
        assertThat(unauthorized.getMessage()).contains("Invalid API key").contains("auth.token").doesNotContain("key-123");

        wm.stubFor(get(urlPathEqualTo("/api/v2/campaigns")).willReturn(aResponse().withStatus(403)
                .withBody(error(403, "Forbidden", "Missing scope"))));
        InstantlyCallException scope = catchThrowableOfType(() -> client().listCampaigns(10, null), InstantlyCallException.class);
        assertThat(scope.kind()).isEqualTo(Kind.AUTH);
        assertThat(scope.getMessage()).contains("campaigns:read");

        wm.stubFor(get(urlPathEqualTo("/api/v2/campaigns")).willReturn(aResponse().withStatus(402)
                .withBody(error(402, "Payment Required", "Workspace does not have an active paid plan"))));
        InstantlyCallException plan = catchThrowableOfType(() -> client().listCampaigns(10, null), InstantlyCallException.class);
        assertThat(plan.kind()).isEqualTo(Kind.FATAL);
        assertThat(plan.getMessage()).contains("no active paid plan").contains("Billing");
        assertThat(wm.getAllServeEvents()).hasSize(3); // none of them retried
    }

    @Test
    void anInterestUpdateSendsTheDocumentedBodyAndA202IsSuccess() {
        wm.stubFor(post(urlPathEqualTo("/api/v2/leads/update-interest-status")).willReturn(aResponse().withStatus(202)
                .withHeader("Content-Type", "application/json").withBody("{\"message\":\"Lead interest status update background job submitted\"}")));

        client().updateInterestStatus("ana@acme.com", 4, Target.campaign(CAMPAIGN));
        client().updateInterestStatus("bo@acme.com", null, Target.campaign(CAMPAIGN));

        wm.verify(postRequestedFor(urlPathEqualTo("/api/v2/leads/update-interest-status"))
                .withHeader("Authorization", equalTo("Bearer key-123"))
                .withRequestBody(equalToJson("{\"lead_email\":\"ana@acme.com\",\"interest_value\":4,\"campaign_id\":\"" + CAMPAIGN + "\"}")));
        // null resets the lead to Instantly's plain "Lead": the field is sent as null, not left out
        wm.verify(postRequestedFor(urlPathEqualTo("/api/v2/leads/update-interest-status"))
                .withRequestBody(equalToJson("{\"lead_email\":\"bo@acme.com\",\"interest_value\":null,\"campaign_id\":\"" + CAMPAIGN + "\"}")));
    }

    @Test
    void anInterestUpdateRefusedWith429IsRetriedAfterTheWait() {
        String path = "/api/v2/leads/update-interest-status";
        wm.stubFor(post(urlPathEqualTo(path)).inScenario("rl").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withStatus(429).withHeader("Retry-After", "0.2")
                        .withBody(error(429, "Too Many Requests", "Rate limit exceeded"))).willSetStateTo("ok"));
        wm.stubFor(post(urlPathEqualTo(path)).inScenario("rl").whenScenarioStateIs("ok").willReturn(aResponse().withStatus(202)));
        InstantlyClient client = client();

        client.updateInterestStatus("ana@acme.com", -3, Target.campaign(CAMPAIGN));

        assertThat(client.retries()).isEqualTo(1);
        wm.verify(2, postRequestedFor(urlPathEqualTo(path)).withRequestBody(matchingJsonPath("$.interest_value", equalTo("-3"))));
    }

    @Test
    void deletingALeadIsADeleteWithoutBodyAndAnUnknownIdIsNotFound() {
        wm.stubFor(delete(urlPathEqualTo("/api/v2/leads/lead-1")).willReturn(okJson("{\"id\":\"lead-1\",\"email\":\"ana@acme.com\"}")));
        wm.stubFor(delete(urlPathEqualTo("/api/v2/leads/gone")).willReturn(aResponse().withStatus(404)
                .withBody(error(404, "Not Found", "Lead not found"))));

        client().deleteLead("lead-1");
        InstantlyCallException gone = catchThrowableOfType(() -> client().deleteLead("gone"), InstantlyCallException.class);

        wm.verify(deleteRequestedFor(urlPathEqualTo("/api/v2/leads/lead-1")).withHeader("Authorization", equalTo("Bearer key-123"))
                .withoutHeader("Content-Type"));
        assertThat(gone.kind()).isEqualTo(Kind.NOT_FOUND);
        assertThat(gone.getMessage()).contains("delete lead gone");
    }

    @Test
    void aBadRequestCarriesInstantlysMessage() {
        wm.stubFor(post(urlPathEqualTo("/api/v2/leads/update-interest-status")).willReturn(aResponse().withStatus(400)
                .withBody("{\"error\":\"Invalid lead email\"}")));
        InstantlyCallException bad = catchThrowableOfType(() -> client().updateInterestStatus("nobody@x.io", 1,
                Target.campaign(CAMPAIGN)), InstantlyCallException.class);
        assertThat(bad.kind()).isEqualTo(Kind.INVALID_REQUEST);
        assertThat(bad.getMessage()).contains("Invalid lead email");
    }

    @Test
    void moreThanAThousandLeadsAreRefusedBeforeAnythingIsSent() {
        List<Lead> many = new ArrayList<>();
        for (int i = 0; i < 1_001; i++) {
            many.add(Lead.email("l" + i + "@x.io"));
        }
        assertThatThrownBy(() -> client().addLeads(Target.campaign(CAMPAIGN), many, AddOptions.none()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("1 to 1000 leads").hasMessageContaining("1001");
        assertThat(wm.getAllServeEvents()).isEmpty();
        assertThatThrownBy(() -> new Target(CAMPAIGN, "list-1")).hasMessageContaining("exactly one");
    }
}
