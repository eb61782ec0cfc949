package io.middlemile.connector.salesforce;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.middlemile.connector.ConnectorException;
import io.middlemile.connector.ConnectorException.Kind;
import io.middlemile.workspace.AuthConfig;
import io.middlemile.workspace.SecretRefs;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

/**
 * Supplies the session (access token) of a connection and the instance URL calls go to: a static
 * bearer token, or the OAuth 2.0 client credentials flow of a connected app. Client credentials
 * tokens carry no expiry, so a token is kept until Salesforce answers 401 and then fetched again.
 * Secrets never appear in messages or {@code toString}.
 */
public abstract sealed class SalesforceAuth permits SalesforceAuth.Static, SalesforceAuth.ClientCredentials {

    public abstract String accessToken();

    /** Where REST calls go: the token answer's instance_url, else the connection's baseUrl. */
    public abstract String instanceUrl();

    /** Forgets the session after a 401 so the next call gets a fresh one. */
    public void invalidate() {
    }

    /** Token requests made so far (for tests and run summaries). */
    public long tokenRequests() {
        return 0;
    }

    public static SalesforceAuth from(String connectionId, AuthConfig auth, String baseUrl, Map<String, String> env, HttpClient http) {
        if (auth == null) {
            throw new ConnectorException(Kind.AUTH, "Salesforce connection '" + connectionId + "' has no auth: section. Add auth: {type: "
                    + "oauth2-client-credentials, clientId: ${SALESFORCE_CLIENT_ID}, clientSecret: ${SALESFORCE_CLIENT_SECRET}}.");
        }
        return switch (auth.type()) {
            case "bearer-token" -> new Static(require(connectionId, "token", auth.token(), env, false), baseUrl);
            case "oauth2-client-credentials" -> new ClientCredentials(connectionId,
                    require(connectionId, "clientId", auth.clientId(), env, true),
                    require(connectionId, "clientSecret", auth.clientSecret(), env, false),
                    auth.tokenUrl() == null || auth.tokenUrl().isBlank() ? baseUrl + "/services/oauth2/token" : auth.tokenUrl(),
                    baseUrl, http);
            default -> throw new ConnectorException(Kind.AUTH, "Salesforce connection '" + connectionId + "' uses auth type " + auth.type()
                    + "; this version supports oauth2-client-credentials (a connected app) and bearer-token.");
        };
    }

    /** Resolves a ${VAR}; a literal is accepted only where it is not a secret (clientId). */
    private static String require(String connectionId, String field, String value, Map<String, String> env, boolean literalAllowed) {
        if (value == null || value.isBlank()) {
            throw new ConnectorException(Kind.AUTH, "Salesforce connection '" + connectionId + "' needs auth." + field
                    + " in its connector file, as an environment reference like ${SALESFORCE_CLIENT_SECRET}.");
        }
        var variable = SecretRefs.variable(value);
        if (variable.isEmpty()) {
            if (literalAllowed) {
                return value.trim();
            }
            throw new ConnectorException(Kind.AUTH, "Salesforce connection '" + connectionId + "': auth." + field
                    + " must be an environment reference like ${SALESFORCE_CLIENT_SECRET}, not a literal value. Move the secret to "
                    + "the environment and rotate it: it may have been committed.");
        }
        return SecretRefs.resolve(value, env).orElseThrow(() -> new ConnectorException(Kind.AUTH, "Salesforce connection '"
                + connectionId + "': environment variable " + variable.get() + " (auth." + field + ") is not set or empty. "
                + "Export it in the environment that runs Middlemile."));
    }

    static final class Static extends SalesforceAuth {
        private final String token;
        private final String instanceUrl;

        Static(String token, String instanceUrl) {
            this.token = token;
            this.instanceUrl = instanceUrl;
        }

        @Override
        public String accessToken() {
            return token;
        }

        @Override
        public String instanceUrl() {
            return instanceUrl;
        }

        @Override
        public String toString() {
            return "SalesforceAuth[bearer-token ***]";
        }
    }

    /**
     * OAuth 2.0 client credentials flow: POST {My Domain}/services/oauth2/token, form-encoded grant_type=client_credentials,
     * client_id, client_secret; answer access_token, instance_url, id, token_type, issued_at, signature.
     * Doc: https://developer.salesforce.com/docs/atlas.en-us.chatterapi.meta/chatterapi/quickstart_connecting.htm (curl example
     * and answer) and https://developer.salesforce.com/blogs/2024/02/invoke-rest-apis-with-the-salesforce-integration-user-and-oauth-client-credentials.
     */
    static final class ClientCredentials extends SalesforceAuth {
        private static final ObjectMapper JSON = new ObjectMapper();
        private final String connectionId;
        private final String clientId;
        private final String clientSecret;
        private final String tokenUrl;
        private final String baseUrl;
        private final HttpClient http;
        private String token;
        private String instanceUrl;
        private long requests;

        ClientCredentials(String connectionId, String clientId, String clientSecret, String tokenUrl, String baseUrl, HttpClient http) {
            this.connectionId = connectionId;
            this.clientId = clientId;
            this.clientSecret = clientSecret;
            this.tokenUrl = tokenUrl;
            this.baseUrl = baseUrl;
            this.http = http;
        }

        @Override
        public synchronized String accessToken() {
            if (token == null) {
                fetch();
            }
            return token;
        }

        @Override
        public synchronized String instanceUrl() {
            if (token == null) {
                fetch();
            }
            return instanceUrl;
        }

        @Override
        public synchronized void invalidate() {
            token = null;
        }

        @Override
        public synchronized long tokenRequests() {
            return requests;
        }

        private void fetch() {
            String form = "grant_type=client_credentials&client_id=" + enc(clientId) + "&client_secret=" + enc(clientSecret);
            HttpRequest request = HttpRequest.newBuilder(URI.create(tokenUrl))
                    .timeout(Duration.ofSeconds(30))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .header("Accept", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(form))
                    .build();
            requests++;
            try {
                HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() / 100 != 2) {
                    Kind kind = response.statusCode() >= 500 ? Kind.RETRIABLE : Kind.AUTH;
                    throw new ConnectorException(kind, "Salesforce connection '" + connectionId + "': the token endpoint " + tokenUrl
                            + " refused the client credentials (HTTP " + response.statusCode() + " "
                            + SalesforceErrorClassifier.parse(response.body()) + "). Check the consumer key and secret in the "
                            + "environment, that the connected app enables the client credentials flow and names a run-as user.");
                }
                JsonNode json = JSON.readTree(response.body());
                String access = json.path("access_token").asText(null);
                if (access == null || access.isBlank()) {
                    throw new ConnectorException(Kind.AUTH, "Salesforce connection '" + connectionId + "': the token endpoint "
                            + tokenUrl + " answered without an access_token.");
                }
                String instance = json.path("instance_url").asText(null);
                token = access;
                instanceUrl = instance == null || instance.isBlank() ? baseUrl : instance.replaceAll("/$", "");
            } catch (IOException e) {
                throw new ConnectorException(Kind.RETRIABLE, "Salesforce connection '" + connectionId + "': the token endpoint "
                        + tokenUrl + " did not answer (" + e.getMessage() + "). Retry later.", e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new ConnectorException(Kind.RETRIABLE, "Interrupted while fetching a Salesforce token", e);
            }
        }

        private static String enc(String value) {
            return URLEncoder.encode(value, StandardCharsets.UTF_8);
        }

        @Override
        public String toString() {
            return "SalesforceAuth[oauth2-client-credentials clientId=" + clientId + ", secret ***]";
        }
    }
}
