package io.middlemile.connector.hubspot;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.middlemile.connector.ConnectorException;
import io.middlemile.connector.CrmUser;
import io.middlemile.sandbox.hubspot.HubSpotEmulator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;

import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The owners a HubSpot connection lists for owner assignment: {@code GET /crm/v3/owners}, paged by {@code after}, once
 * for active and once for archived owners (the API returns one or the other), against stubs shaped like the example of
 * HubSpot's owners guide, and against the emulator.
 */
class HubSpotOwnersTest {

    private static final String OWNERS = "/crm/v3/owners";

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

    private HubSpotConnector connector(String baseUrl) {
        return new HubSpotConnector("hubspot-test", HubSpotTestSupport.config(baseUrl), Map.of("HUBSPOT_TOKEN", HubSpotTestSupport.TOKEN),
                HubSpotSettings.defaults(baseUrl).withRequestsPer10s(1_000_000).withMaxAttempts(1));
    }

    private static String owner(String id, String email, String first, String last, long userId, boolean archived) {
        return """
                {"id":"%s","email":"%s","type":"PERSON","firstName":"%s","lastName":"%s","userId":%d,"userIdIncludingInactive":%d,
                 "createdAt":"2019-12-25T13:01:35.228Z","updatedAt":"2023-08-22T13:40:26.790Z","archived":%s,
                 "teams":[{"id":"368389","name":"Sales Team","primary":true}]}""".formatted(id, email, first, last, userId, userId, archived);
    }

    @Test
    void readsEveryPageOfActiveOwnersThenTheArchivedOnesAsInactive() {
        wm.stubFor(get(urlPathEqualTo(OWNERS)).withQueryParam("archived", equalTo("false")).withQueryParam("after", absent())
                .willReturn(okJson("{\"results\":[" + owner("41629779", "sam@example.com", "Sam", "Lee", 9586504, false) + "],"
                        + "\"paging\":{\"next\":{\"after\":\"NDE2Mjk3Nzk=\",\"link\":\"?after=NDE2Mjk3Nzk=\"}}}")));
        wm.stubFor(get(urlPathEqualTo(OWNERS)).withQueryParam("archived", equalTo("false")).withQueryParam("after", equalTo("NDE2Mjk3Nzk="))
                .willReturn(okJson("{\"results\":[" + owner("41629780", "sue@example.com", "Sue", "Park", 9586505, false) + "]}")));
        wm.stubFor(get(urlPathEqualTo(OWNERS)).withQueryParam("archived", equalTo("true"))
                .willReturn(okJson("{\"results\":[" + owner("41629781", "tom@example.com", "Tom", "Hale", 9586506, true) + "]}")));

        List<CrmUser> users = connector(wm.baseUrl()).users();

        assertThat(users).containsExactly(new CrmUser("41629779", "Sam Lee", "sam@example.com", true),
                new CrmUser("41629780", "Sue Park", "sue@example.com", true),
                new CrmUser("41629781", "Tom Hale", "tom@example.com", false));
        wm.verify(3, getRequestedFor(urlPathEqualTo(OWNERS)).withQueryParam("limit", equalTo("100"))
                .withHeader("Authorization", equalTo("Bearer " + HubSpotTestSupport.TOKEN)));
    }

    @Test
    void aTokenWithoutTheOwnersScopeIsAnAuthFailureNotAnEmptyList() {
        wm.stubFor(get(urlPathEqualTo(OWNERS)).willReturn(aResponse().withStatus(403).withHeader("Content-Type", "application/json")
                .withBody("{\"status\":\"error\",\"message\":\"This app hasn't been granted all required scopes to make this call.\","
                        + "\"correlationId\":\"7c5f2c8e\",\"category\":\"MISSING_SCOPES\",\"errors\":[{\"message\":\"One or more of the"
                        + " following scopes are required.\",\"context\":{\"requiredGranularScopes\":[\"crm.objects.owners.read\"]}}]}")));

        assertThatThrownBy(() -> connector(wm.baseUrl()).users()).isInstanceOf(ConnectorException.class)
                .satisfies(e -> assertThat(((ConnectorException) e).kind()).isEqualTo(ConnectorException.Kind.AUTH))
                .hasMessageContaining("scopes")
                .hasMessageContaining("missing the scope this call needs (crm.objects.owners.read)")
                .hasMessageNotContaining("crm.objects.contacts");
    }

    @Test
    void theScopeNamedForAnAuthFailureIsTheOneItsCallNeeds() {
        assertThat(HubSpotErrorClassifier.scopeFor("GET", "/crm/v3/owners?limit=100&archived=false")).isEqualTo("crm.objects.owners.read");
        assertThat(HubSpotErrorClassifier.scopeFor("POST", "/crm/v3/objects/companies/batch/upsert")).isEqualTo("crm.objects.companies.write");
        assertThat(HubSpotErrorClassifier.scopeFor("POST", "/crm/v3/objects/contacts/search")).isEqualTo("crm.objects.contacts.read");
        assertThat(HubSpotErrorClassifier.scopeFor("POST", "/crm/v3/objects/deals/batch/read")).isEqualTo("crm.objects.deals.read");
        assertThat(HubSpotErrorClassifier.scopeFor("GET", "/crm/v3/objects/contacts/123?properties=email")).isEqualTo("crm.objects.contacts.read");
        assertThat(HubSpotErrorClassifier.scopeFor("POST", "/crm/v3/objects/notes/batch/create")).startsWith("e.g. ");
    }

    @Test
    void theEmulatorPagesOwnersSeparatesArchivedOnesAndRefusesWhatHubSpotRefuses() throws Exception {
        HubSpotEmulator emulator = HubSpotTestSupport.emulator();
        try {
            for (int i = 0; i < 150; i++) {
                emulator.seedOwner("rep" + i + "@example.com", "Rep", "No" + i, false);
            }
            String gone = emulator.seedOwner("gone@example.com", "Gone", "Away", false);
            emulator.archiveOwner(gone, true);

            List<CrmUser> users = connector(emulator.baseUrl()).users();

            assertThat(users).hasSize(151);
            assertThat(users.subList(0, 150)).allMatch(CrmUser::active);
            assertThat(users.get(150)).isEqualTo(new CrmUser(gone, "Gone Away", "gone@example.com", false));

            HttpClient http = HttpClient.newHttpClient();
            assertThat(call(http, emulator.baseUrl() + OWNERS, null).statusCode()).isEqualTo(401);
            HttpResponse<String> badLimit = call(http, emulator.baseUrl() + OWNERS + "?limit=501", HubSpotTestSupport.TOKEN);
            assertThat(badLimit.statusCode()).isEqualTo(400);
            assertThat(badLimit.body()).contains("limit must be between 1 and 500");
            HttpResponse<String> byEmail = call(http, emulator.baseUrl() + OWNERS + "?email=rep7%40example.com", HubSpotTestSupport.TOKEN);
            assertThat(byEmail.body()).contains("\"email\":\"rep7@example.com\"").doesNotContain("rep8@").doesNotContain("paging");
        } finally {
            emulator.stop();
        }
    }

    private static HttpResponse<String> call(HttpClient http, String url, String token) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).GET();
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
