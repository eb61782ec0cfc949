package io.middlemile.connector;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.middlemile.connector.apollo.ApolloClient;
import io.middlemile.connector.apollo.ApolloConnector;
import io.middlemile.connector.apollo.ApolloSettings;
import io.middlemile.connector.crustdata.CrustdataConnector;
import io.middlemile.connector.crustdata.CrustdataSettings;
import io.middlemile.connector.fullenrich.FullEnrichConnector;
import io.middlemile.connector.fullenrich.FullEnrichSettings;
import io.middlemile.connector.hubspot.HubSpotSettings;
import io.middlemile.connector.instantly.InstantlyClient;
import io.middlemile.connector.instantly.InstantlyConnector;
import io.middlemile.connector.instantly.InstantlySettings;
import io.middlemile.connector.salesforce.SalesforceSettings;
import io.middlemile.connector.unipile.UnipileClient;
import io.middlemile.connector.unipile.UnipileConnector;
import io.middlemile.connector.unipile.UnipileSettings;
import io.middlemile.workspace.AuthConfig;
import io.middlemile.workspace.ConnectorConfig;
import io.middlemile.workspace.ObjectConfig;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.net.http.HttpClient;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A user and password written into a connection's baseUrl (validate refuses it; a connector opened with one anyway) never
 * show in what the connectors, their clients and settings print: toString, which logs and traces use, and the connection
 * checks that {@code /actuator/health} and the console show.
 */
class BaseUrlPasswordNotPrintedTest {

    private static final String PASSWORD = "pAssw0rdLiteral";
    private static final String USER = "integration";
    private static final String API = "https://api.example.com/api/v1";
    private static final String WITH_PASSWORD = API.replace("://", "://" + USER + ":" + PASSWORD + "@");
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    /** UnipileConnector and InstantlyConnector print their connection's id alone; their checks are below. */
    static Stream<Arguments> printed() {
        return Stream.of(
                printed("ApolloSettings", url -> ApolloSettings.defaults(url)),
                printed("ApolloClient", url -> new ApolloClient("apollo", ApolloSettings.defaults(url), "key-123", HTTP)),
                printed("ApolloConnector", BaseUrlPasswordNotPrintedTest::apollo),
                printed("CrustdataSettings", url -> CrustdataSettings.defaults(url)),
                printed("CrustdataConnector", url -> new CrustdataConnector("crustdata", config("crustdata", url, "bearer-token"),
                        Map.of("API_KEY", "key-123"))),
                printed("UnipileSettings", url -> UnipileSettings.defaults(url)),
                printed("UnipileClient", url -> new UnipileClient("linkedin", UnipileSettings.defaults(url), "key-123", HTTP)),
                printed("FullEnrichSettings", url -> FullEnrichSettings.defaults(url, "key-123")),
                printed("FullEnrichConnector", url -> new FullEnrichConnector(config("fullenrich", url, "bearer-token"),
                        FullEnrichSettings.defaults(url, "key-123"), HTTP)),
                printed("InstantlySettings", url -> InstantlySettings.defaults(url)),
                printed("InstantlyClient", url -> new InstantlyClient("instantly", InstantlySettings.defaults(url), "key-123", HTTP)),
                printed("HubSpotSettings", url -> HubSpotSettings.defaults(url)),
                printed("SalesforceSettings", url -> SalesforceSettings.defaults(url)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("printed")
    void toStringLeavesTheUserAndPasswordOut(String what, Function<String, Object> opened) throws Exception {
        Object withPassword = opened.apply(WITH_PASSWORD);

        assertThat(withPassword.toString()).contains(API).doesNotContain(PASSWORD).doesNotContain(USER);
        if (withPassword instanceof AutoCloseable closeable) {
            closeable.close();
        }
    }

    static Stream<Arguments> checked() {
        return Stream.of(printed("Apollo", BaseUrlPasswordNotPrintedTest::apollo),
                printed("Unipile", BaseUrlPasswordNotPrintedTest::unipile),
                printed("Instantly", BaseUrlPasswordNotPrintedTest::instantly));
    }

    /** The connection's check names where it called, the provider having accepted the key. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("checked")
    void theConnectionCheckLeavesTheUserAndPasswordOut(String what, Function<String, Object> opened) {
        WireMockServer provider = new WireMockServer(wireMockConfig().dynamicPort());
        provider.start();
        provider.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/json")
                .withBody("{\"items\":[]}")));
        String api = provider.baseUrl() + "/api/v1";
        try (Connector connector = (Connector) opened.apply(api.replace("://", "://" + USER + ":" + PASSWORD + "@"))) {
            HealthCheck check = connector.check();

            assertThat(check.message()).as(check.message()).contains(what + " at " + api + " accepted the API key")
                    .doesNotContain(PASSWORD).doesNotContain(USER);
        } finally {
            provider.stop();
        }
    }

    private static Arguments printed(String what, Function<String, Object> opened) {
        return Arguments.of(what, opened);
    }

    private static ConnectorConfig config(String type, String url, String auth) {
        AuthConfig key = auth.equals("api-key")
                ? new AuthConfig("api-key", null, "${API_KEY}", null, null, null, null, null, null)
                : new AuthConfig("bearer-token", "${API_KEY}", null, null, null, null, null, null, null);
        return new ConnectorConfig(type, type, null, null, url, key,
                Map.of("people", new ObjectConfig(null, null, List.of("email", "mobilePhone"))), null);
    }

    private static ApolloConnector apollo(String url) {
        return new ApolloConnector("apollo", config("apollo", url, "api-key"), Map.of("API_KEY", "key-123"),
                ApolloSettings.defaults(url).withMaxAttempts(1).withTimeout(Duration.ofSeconds(2)));
    }

    private static UnipileConnector unipile(String url) {
        return new UnipileConnector(config("unipile", url, "api-key"), Map.of("API_KEY", "key-123"),
                UnipileSettings.defaults(url).withTimeout(Duration.ofSeconds(2)));
    }

    private static InstantlyConnector instantly(String url) {
        return new InstantlyConnector(config("instantly", url, "bearer-token"), Map.of("API_KEY", "key-123"),
                InstantlySettings.defaults(url).withMaxAttempts(1));
    }
}
