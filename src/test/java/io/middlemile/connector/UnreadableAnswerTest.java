package io.middlemile.connector;

import com.sun.net.httpserver.HttpExchange;
import io.middlemile.connector.ConnectorException.Kind;
import io.middlemile.connector.hubspot.HubSpotConnector;
import io.middlemile.connector.hubspot.HubSpotSettings;
import io.middlemile.connector.salesforce.SalesforceConnector;
import io.middlemile.connector.salesforce.SalesforceSettings;
import io.middlemile.sandbox.LoopbackServer;
import io.middlemile.workspace.AuthConfig;
import io.middlemile.workspace.ConnectorConfig;
import io.middlemile.workspace.ObjectConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A provider answering JSON nested 2,000 levels deep (over Jackson's limit of 1,000): each connector sends the call
 * once, with its default retry settings, and fails with an error that names the provider, the call and why, and says
 * it was not retried.
 */
class UnreadableAnswerTest {

    private static final String DEEP = "{\"results\":" + "[".repeat(2_000) + "]".repeat(2_000) + "}";

    private final List<String> apiCalls = new CopyOnWriteArrayList<>();
    private LoopbackServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    /** Answers the Salesforce token endpoint properly and every other request with the deep JSON. */
    private String start() {
        server = LoopbackServer.start("Stub", 0, this::answer);
        return server.baseUrl();
    }

    private void answer(HttpExchange exchange) throws IOException {
        try (exchange) {
            exchange.getRequestBody().readAllBytes();
            String body;
            if (exchange.getRequestURI().getPath().equals("/services/oauth2/token")) {
                body = "{\"access_token\":\"00Dstub!token\",\"instance_url\":\"" + server.baseUrl() + "\",\"token_type\":\"Bearer\"}";
            } else {
                apiCalls.add(exchange.getRequestMethod() + " " + exchange.getRequestURI().getPath());
                body = DEEP;
            }
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, bytes.length);
            exchange.getResponseBody().write(bytes);
        }
    }

    private void assertNotRetried(ConnectorException e, String provider, String connection) {
        assertThat(e.kind()).isEqualTo(Kind.FATAL);
        assertThat(e.getMessage()).startsWith(provider + " connection '" + connection + "', ")
                .contains("the HTTP 200 answer cannot be read as JSON").contains("nesting depth (1001) exceeds the maximum allowed (1000")
                .contains("the call was not retried");
        assertThat(apiCalls).as("exactly one request").hasSize(1);
    }

    @Test
    void hubSpotSendsTheCallOnce() {
        String baseUrl = start();
        HubSpotSettings settings = HubSpotSettings.defaults(baseUrl).withRequestsPer10s(1_000_000).withSearchPerSecond(100_000);
        assertThat(settings.maxAttempts()).as("the default, which used to retry this answer").isGreaterThan(1);
        ConnectorConfig config = new ConnectorConfig("hubspot-deep", "hubspot", null, null, baseUrl,
                new AuthConfig("bearer-token", "${HUBSPOT_TOKEN}", null, null, null, null, null, null, null),
                Map.of("contacts", new ObjectConfig("hs_object_id", "lastmodifieddate", List.of("hs_object_id", "email", "lastmodifieddate"))),
                null);
        HubSpotConnector connector = new HubSpotConnector("hubspot-deep", config, Map.of("HUBSPOT_TOKEN", "pat-na1-stub"), settings);

        assertThatThrownBy(() -> connector.readChanges("contacts", Cursor.START, 10))
                .isInstanceOfSatisfying(ConnectorException.class, e -> assertNotRetried(e, "HubSpot", "hubspot-deep"));
    }

    @Test
    void salesforceSendsTheCallOnce() {
        String baseUrl = start();
        SalesforceSettings settings = SalesforceSettings.defaults(baseUrl).withRequestsPerSecond(100_000);
        assertThat(settings.maxAttempts()).as("the default, which used to retry this answer").isGreaterThan(1);
        ConnectorConfig config = new ConnectorConfig("salesforce-deep", "salesforce", null, null, baseUrl,
                new AuthConfig("oauth2-client-credentials", null, null, "${SALESFORCE_CLIENT_ID}", "${SALESFORCE_CLIENT_SECRET}",
                        null, null, null, null),
                Map.of("Contact", new ObjectConfig("Id", "SystemModstamp", List.of("Id", "Email", "SystemModstamp"))), null);
        SalesforceConnector connector = new SalesforceConnector("salesforce-deep", config,
                Map.of("SALESFORCE_CLIENT_ID", "stub-id", "SALESFORCE_CLIENT_SECRET", "stub-secret"), settings);

        assertThatThrownBy(() -> connector.readChanges("Contact", Cursor.START, 10))
                .isInstanceOfSatisfying(ConnectorException.class, e -> {
                    assertNotRetried(e, "Salesforce", "salesforce-deep");
                    assertThat(e.getMessage()).contains("queryAll");
                });
        assertThat(apiCalls).containsExactly("GET /services/data/v60.0/queryAll");
    }
}
