package io.middlemile.connector.hubspot;

import com.fasterxml.jackson.databind.JsonNode;
import io.middlemile.connector.AnswerReader;
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
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/**
 * Supplies the bearer token of a connection: a private app token, or an OAuth access token obtained
 * (and refreshed before it expires) with a refresh token. Secrets are resolved from the environment
 * when the connection is opened and never appear in messages or {@code toString}.
 */
public abstract sealed class HubSpotAuth permits HubSpotAuth.Static, HubSpotAuth.Refreshing {

    /** The token to send as {@code Authorization: Bearer ...}. */
    public abstract String accessToken();

    /** Forgets a cached token after a 401 so the next call fetches a fresh one. */
    public void invalidate() {
    }

    public static HubSpotAuth from(String connectionId, AuthConfig auth, String baseUrl, Map<String, String> env, HttpClient http) {
        if (auth == null) {
            throw new ConnectorException(Kind.AUTH, "HubSpot connection '" + connectionId + "' has no auth: section. Add "
                    + "auth: {type: bearer-token, token: ${HUBSPOT_TOKEN}} to its connector file.");
        }
        return switch (auth.type()) {
            case "bearer-token" -> new Static(require(connectionId, "token", auth.token(), env));
            case "oauth2-refresh-token" -> new Refreshing(connectionId,
                    require(connectionId, "clientId", auth.clientId(), env, true),
                    require(connectionId, "clientSecret", auth.clientSecret(), env),
                    require(connectionId, "refreshToken", auth.refreshToken(), env),
                    auth.tokenUrl() == null || auth.tokenUrl().isBlank() ? baseUrl + "/oauth/v1/token" : auth.tokenUrl(),
                    http, Clock.systemUTC());
            default -> throw new ConnectorException(Kind.AUTH, "HubSpot connection '" + connectionId + "' uses auth type "
                    + auth.type() + "; HubSpot supports bearer-token (private app) and oauth2-refresh-token.");
        };
    }

    private static String require(String connectionId, String field, String value, Map<String, String> env) {
        return require(connectionId, field, value, env, false);
    }

    /** Resolves a ${VAR}; a literal is accepted only for non-secret fields (clientId). */
    private static String require(String connectionId, String field, String value, Map<String, String> env, boolean literalAllowed) {
        if (value == null || value.isBlank()) {
            throw new ConnectorException(Kind.AUTH, "HubSpot connection '" + connectionId + "' needs auth." + field
                    + " in its connector file, as an environment reference like ${HUBSPOT_TOKEN}.");
        }
        var variable = SecretRefs.variable(value);
        if (variable.isEmpty()) {
            if (literalAllowed) {
                return value.trim();
            }
            throw new ConnectorException(Kind.AUTH, "HubSpot connection '" + connectionId + "': auth." + field
                    + " must be an environment reference like ${HUBSPOT_TOKEN}, not a literal value " + SecretRefs.redact(value)
                    + ". Move the secret to the environment and rotate it: it may have been committed.");
        }
        return SecretRefs.resolve(value, env).orElseThrow(() -> new ConnectorException(Kind.AUTH, "HubSpot connection '"
                + connectionId + "': environment variable " + variable.get() + " (auth." + field + ") is not set or empty. "
                + "Export it in the environment that runs Middlemile."));
    }

    /** A private app token: used as is. */
    static final class Static extends HubSpotAuth {
        private final String token;

        Static(String token) {
            this.token = token;
        }

        @Override
        public String accessToken() {
            return token;
        }

        @Override
        public String toString() {
            return "HubSpotAuth[bearer-token ***]";
        }
    }

    /**
     * OAuth 2.0 refresh-token grant (POST /oauth/v1/token, form-encoded grant_type=refresh_token,
     * client_id, client_secret, refresh_token; answer access_token and expires_in seconds).
     * Doc: https://developers.hubspot.com/docs/api/oauth/tokens (tokenUrl also in the CRM OpenAPI
     * specs' securitySchemes: https://api.hubapi.com/oauth/v1/token).
     */
    static final class Refreshing extends HubSpotAuth {
        private final String connectionId;
        private final String clientId;
        private final String clientSecret;
        private final String refreshToken;
        private final String tokenUrl;
        /** The token URL as messages print it: without user information, so a password written into the URL never reaches a log. */
        private final String shownTokenUrl;
        private final HttpClient http;
        private final Clock clock;
        private String token;
        private Instant expiresAt = Instant.MIN;

        Refreshing(String connectionId, String clientId, String clientSecret, String refreshToken, String tokenUrl,
                   HttpClient http, Clock clock) {
            this.connectionId = connectionId;
            this.clientId = clientId;
            this.clientSecret = clientSecret;
            this.refreshToken = refreshToken;
            this.tokenUrl = tokenUrl;
            this.shownTokenUrl = SecretRefs.withoutUserInfo(tokenUrl);
            this.http = http;
            this.clock = clock;
        }

        @Override
        public synchronized String accessToken() {
            // Refresh a minute early so a long batch does not start with a token about to expire.
            if (token == null || clock.instant().isAfter(expiresAt.minusSeconds(60))) {
                refresh();
            }
            return token;
        }

        @Override
        public synchronized void invalidate() {
            token = null;
        }

        private void refresh() {
            String form = "grant_type=refresh_token&client_id=" + enc(clientId) + "&client_secret=" + enc(clientSecret)
                    + "&refresh_token=" + enc(refreshToken);
            HttpRequest request = HttpRequest.newBuilder(URI.create(tokenUrl))
                    .timeout(Duration.ofSeconds(30))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString(form))
                    .build();
            try {
                HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() / 100 != 2) {
                    Kind kind = response.statusCode() >= 500 ? Kind.RETRIABLE : Kind.AUTH;
                    throw new ConnectorException(kind, "HubSpot connection '" + connectionId + "': refreshing the OAuth "
                            + "access token at " + shownTokenUrl + " failed with HTTP " + response.statusCode() + ". Check that "
                            + "the refresh token and client secret in the environment belong to the app and were not revoked.");
                }
                // read apart from the I/O failures below: an unreadable answer is not worth another try
                JsonNode json = new AnswerReader("HubSpot", connectionId).json("refresh the OAuth access token at " + shownTokenUrl,
                        response.statusCode(), response.body());
                token = json.path("access_token").asText(null);
                long expiresIn = json.path("expires_in").asLong(1800);
                expiresAt = clock.instant().plusSeconds(expiresIn);
                if (token == null || token.isBlank()) {
                    throw new ConnectorException(Kind.AUTH, "HubSpot connection '" + connectionId + "': the token endpoint "
                            + shownTokenUrl + " answered without an access_token.");
                }
            } catch (IOException e) {
                throw new ConnectorException(Kind.RETRIABLE, "HubSpot connection '" + connectionId + "': the token endpoint "
                        + shownTokenUrl + " did not answer (" + e.getMessage() + "). Retry later.", e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new ConnectorException(Kind.RETRIABLE, "Interrupted while refreshing a HubSpot token", e);
            }
        }

        private static String enc(String value) {
            return URLEncoder.encode(value, StandardCharsets.UTF_8);
        }

        @Override
        public String toString() {
            return "HubSpotAuth[oauth2-refresh-token clientId=" + clientId + ", secrets ***]";
        }
    }
}
