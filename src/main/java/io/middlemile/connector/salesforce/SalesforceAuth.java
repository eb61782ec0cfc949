package io.middlemile.connector.salesforce;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
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
import java.time.Duration;
import java.util.Map;

/**
 * Supplies the session (access token) of a connection and the instance URL calls go to: a static
 * bearer token, the OAuth 2.0 client credentials flow of a connected app, or the OAuth 2.0 JWT bearer
 * flow (a JWT signed with the connected app's certificate key). Neither flow's tokens carry an expiry,
 * so a token is kept until Salesforce answers 401 and then fetched again.
 * Secrets never appear in messages or {@code toString}.
 */
public abstract sealed class SalesforceAuth permits SalesforceAuth.Static, SalesforceAuth.TokenGrant {

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
            case "jwt-bearer" -> JwtBearer.create(connectionId, auth, baseUrl, env, http);
            default -> throw new ConnectorException(Kind.AUTH, "Salesforce connection '" + connectionId + "' uses auth type " + auth.type()
                    + "; this version supports oauth2-client-credentials and jwt-bearer (a connected app) and bearer-token.");
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
     * What both OAuth grants share: the session is kept until {@link #invalidate()} (Salesforce tokens carry no expiry), and
     * fetched by POSTing a form to the token endpoint, which answers access_token and instance_url. A subclass supplies only
     * the form body and what a refusal means for its grant.
     * Doc: https://help.salesforce.com/s/articleView?id=xcloud.remoteaccess_oauth_endpoints.htm&language=en_US&type=5 (token endpoint https://hostname/services/oauth2/token).
     */
    abstract static sealed class TokenGrant extends SalesforceAuth permits ClientCredentials, JwtBearer {
        static final ObjectMapper JSON = new ObjectMapper();
        final String connectionId;
        final String tokenUrl;
        /** The token URL as messages print it: without user information, so a password written into the URL never reaches a log. */
        final String shownTokenUrl;
        private final String baseUrl;
        private final HttpClient http;
        private String token;
        private String instanceUrl;
        private long requests;

        TokenGrant(String connectionId, String tokenUrl, String baseUrl, HttpClient http) {
            this.connectionId = connectionId;
            this.tokenUrl = tokenUrl;
            this.shownTokenUrl = SecretRefs.withoutUserInfo(tokenUrl);
            this.baseUrl = baseUrl;
            this.http = http;
        }

        /** The form-encoded body of the token request (grant_type and the grant's credentials). */
        abstract String form();

        /** The error for a non-2xx answer of the token endpoint: what it means for this grant and what to check. */
        abstract ConnectorException refused(int status, String body);

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
            String form = form();
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
                    throw refused(response.statusCode(), response.body());
                }
                // read apart from the I/O failures below: an unreadable answer is not worth another try
                JsonNode json = new AnswerReader("Salesforce", connectionId).json("fetch an access token from " + shownTokenUrl,
                        response.statusCode(), response.body());
                String access = json.path("access_token").asText(null);
                if (access == null || access.isBlank()) {
                    throw new ConnectorException(Kind.AUTH, "Salesforce connection '" + connectionId + "': the token endpoint "
                            + shownTokenUrl + " answered without an access_token.");
                }
                String instance = json.path("instance_url").asText(null);
                token = access;
                instanceUrl = instance == null || instance.isBlank() ? baseUrl : instance.replaceAll("/$", "");
            } catch (IOException e) {
                throw new ConnectorException(Kind.RETRIABLE, "Salesforce connection '" + connectionId + "': the token endpoint "
                        + shownTokenUrl + " did not answer (" + e.getMessage() + "). Retry later.", e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new ConnectorException(Kind.RETRIABLE, "Interrupted while fetching a Salesforce token", e);
            }
        }
    }

    /**
     * OAuth 2.0 client credentials flow: POST {My Domain}/services/oauth2/token, form-encoded grant_type=client_credentials,
     * client_id, client_secret; answer access_token, instance_url, id, token_type, issued_at, signature.
     * Doc: https://developer.salesforce.com/docs/atlas.en-us.chatterapi.meta/chatterapi/quickstart_connecting.htm (curl example
     * and answer) and https://developer.salesforce.com/blogs/2024/02/invoke-rest-apis-with-the-salesforce-integration-user-and-oauth-client-credentials.
     */
    static final class ClientCredentials extends TokenGrant {
        private final String clientId;
        private final String clientSecret;

        ClientCredentials(String connectionId, String clientId, String clientSecret, String tokenUrl, String baseUrl, HttpClient http) {
            super(connectionId, tokenUrl, baseUrl, http);
            this.clientId = clientId;
            this.clientSecret = clientSecret;
        }

        @Override
        String form() {
            return "grant_type=client_credentials&client_id=" + enc(clientId) + "&client_secret=" + enc(clientSecret);
        }

        @Override
        ConnectorException refused(int status, String body) {
            Kind kind = status >= 500 ? Kind.RETRIABLE : Kind.AUTH;
            return new ConnectorException(kind, "Salesforce connection '" + connectionId + "': the token endpoint " + shownTokenUrl
                    + " refused the client credentials (HTTP " + status + " "
                    + SalesforceErrorClassifier.parse(body) + "). Check the consumer key and secret in the "
                    + "environment, that the connected app enables the client credentials flow and names a run-as user.");
        }

        private static String enc(String value) {
            return URLEncoder.encode(value, StandardCharsets.UTF_8);
        }

        @Override
        public String toString() {
            return "SalesforceAuth[oauth2-client-credentials clientId=" + clientId + ", secret ***]";
        }
    }

    /**
     * OAuth 2.0 JWT bearer flow for server-to-server integration: a JWT with header {"alg":"RS256"} and claims iss = the
     * connected app's consumer key, sub = the username, aud = the login server, exp = now + 3 minutes, signed SHA256withRSA
     * with the private key of the certificate uploaded to the connected app; POST {token endpoint}
     * grant_type=urn:ietf:params:oauth:grant-type:jwt-bearer&assertion=JWT -> access_token, instance_url (no refresh token).
     * Doc: https://help.salesforce.com/s/articleView?id=sf.remoteaccess_oauth_jwt_flow.htm (aud is https://login.salesforce.com,
     * https://test.salesforce.com for a sandbox, or the Experience Cloud site URL; exp within 3 minutes).
     *
     * <p>Where: the token is asked of auth.tokenUrl when set, else of {baseUrl}/services/oauth2/token (the My Domain). The
     * audience is auth.tokenUrl without /services/oauth2/token when set (so tokenUrl: https://test.salesforce.com/services/oauth2/token
     * makes a sandbox login), else https://test.salesforce.com for a sandbox My Domain (*.sandbox.my.salesforce.com) and
     * https://login.salesforce.com otherwise. The private key is a PEM PKCS#8 RSA key (BEGIN PRIVATE KEY) from the environment;
     * it is parsed once and never printed.
     */
    static final class JwtBearer extends TokenGrant {
        static final String GRANT_TYPE = "urn:ietf:params:oauth:grant-type:jwt-bearer";
        private static final String TOKEN_PATH = "/services/oauth2/token";
        private final String clientId;
        private final String username;
        private final java.security.PrivateKey key;
        private final String keyVariable;
        private final String audience;
        private final java.time.Clock clock;

        JwtBearer(String connectionId, String clientId, String username, java.security.PrivateKey key, String keyVariable, String tokenUrl,
                  String audience, String baseUrl, HttpClient http, java.time.Clock clock) {
            super(connectionId, tokenUrl, baseUrl, http);
            this.clientId = clientId;
            this.username = username;
            this.key = key;
            this.keyVariable = keyVariable;
            this.audience = audience;
            this.clock = clock;
        }

        static JwtBearer create(String connectionId, AuthConfig auth, String baseUrl, Map<String, String> env, HttpClient http) {
            String clientId = require(connectionId, "clientId", auth.clientId(), env, true);
            String username = require(connectionId, "username", auth.username(), env, true);
            String pem = require(connectionId, "privateKey", auth.privateKey(), env, false);
            String variable = SecretRefs.variable(auth.privateKey()).orElse("privateKey");
            boolean custom = auth.tokenUrl() != null && !auth.tokenUrl().isBlank();
            String tokenUrl = custom ? auth.tokenUrl().trim() : baseUrl + TOKEN_PATH;
            return new JwtBearer(connectionId, clientId, username, privateKey(connectionId, variable, pem), variable, tokenUrl,
                    audience(custom ? tokenUrl : null, baseUrl), baseUrl, http, java.time.Clock.systemUTC());
        }

        /** The login server the assertion is meant for (see the class comment). */
        static String audience(String tokenUrl, String baseUrl) {
            if (tokenUrl != null) {
                String url = tokenUrl.replaceAll("/+$", "");
                return url.endsWith(TOKEN_PATH) ? url.substring(0, url.length() - TOKEN_PATH.length()) : url;
            }
            String host = URI.create(baseUrl).getHost();
            return host != null && host.endsWith(".sandbox.my.salesforce.com") ? "https://test.salesforce.com" : "https://login.salesforce.com";
        }

        /** A PEM PKCS#8 RSA private key; a message that says how to convert any other form, never showing the key. */
        static java.security.PrivateKey privateKey(String connectionId, String variable, String pem) {
            String text = pem.replace("\\n", "\n").trim();
            String where = "Salesforce connection '" + connectionId + "': the private key in environment variable " + variable + " (auth.privateKey)";
            if (text.contains("BEGIN RSA PRIVATE KEY")) {
                throw new ConnectorException(Kind.AUTH, where + " is a PKCS#1 key (BEGIN RSA PRIVATE KEY). Convert it to PKCS#8 with "
                        + "'openssl pkcs8 -topk8 -nocrypt -in server.key -out server.pk8' and put that file's content in " + variable + ".");
            }
            if (text.contains("BEGIN ENCRYPTED PRIVATE KEY")) {
                throw new ConnectorException(Kind.AUTH, where + " is encrypted. Export it unencrypted (openssl pkcs8 -topk8 -nocrypt) "
                        + "and keep it only in the secret store that sets " + variable + ".");
            }
            if (!text.contains("BEGIN PRIVATE KEY")) {
                throw new ConnectorException(Kind.AUTH, where + " is not a PEM private key: it must start with -----BEGIN PRIVATE KEY----- "
                        + "(PKCS#8). Check that " + variable + " holds the key file's content, not its path or the certificate.");
            }
            String base64 = text.replaceAll("-----(BEGIN|END) PRIVATE KEY-----", "").replaceAll("\\s", "");
            try {
                byte[] der = java.util.Base64.getDecoder().decode(base64);
                return java.security.KeyFactory.getInstance("RSA").generatePrivate(new java.security.spec.PKCS8EncodedKeySpec(der));
            } catch (IllegalArgumentException | java.security.GeneralSecurityException e) {
                throw new ConnectorException(Kind.AUTH, where + " cannot be read as a PKCS#8 RSA key (" + e.getClass().getSimpleName()
                        + "). Check that " + variable + " holds the whole PEM file, line breaks included (or written as \\n).");
            }
        }

        /** The signed assertion: base64url(header).base64url(claims).base64url(SHA256withRSA signature). */
        String assertion() {
            long exp = clock.instant().getEpochSecond() + 180;
            String header = JSON.createObjectNode().put("alg", "RS256").toString();
            String claims = JSON.createObjectNode().put("iss", clientId).put("sub", username).put("aud", audience).put("exp", exp).toString();
            java.util.Base64.Encoder b64 = java.util.Base64.getUrlEncoder().withoutPadding();
            String signingInput = b64.encodeToString(header.getBytes(StandardCharsets.UTF_8)) + "."
                    + b64.encodeToString(claims.getBytes(StandardCharsets.UTF_8));
            try {
                java.security.Signature rsa = java.security.Signature.getInstance("SHA256withRSA");
                rsa.initSign(key);
                rsa.update(signingInput.getBytes(StandardCharsets.US_ASCII));
                return signingInput + "." + b64.encodeToString(rsa.sign());
            } catch (java.security.GeneralSecurityException e) {
                throw new ConnectorException(Kind.AUTH, "Salesforce connection '" + connectionId + "': cannot sign the JWT with the key in "
                        + keyVariable + " (" + e.getClass().getSimpleName() + "). Check that it is an RSA key.");
            }
        }

        @Override
        String form() {
            return "grant_type=" + URLEncoder.encode(GRANT_TYPE, StandardCharsets.UTF_8) + "&assertion=" + assertion();
        }

        /** What the refusal means and what to check, by the token endpoint's error_description. */
        @Override
        ConnectorException refused(int status, String body) {
            String error = "";
            String description = "";
            try {
                JsonNode json = JSON.readTree(body);
                error = json.path("error").asText("");
                description = json.path("error_description").asText("");
            } catch (IOException | RuntimeException e) {
                description = body == null ? "" : body.substring(0, Math.min(200, body.length()));
            }
            String start = "Salesforce connection '" + connectionId + "': the token endpoint " + shownTokenUrl
                    + " refused the JWT bearer login of "
                    + username + " (HTTP " + status + " " + error + ": " + description + "). ";
            String check = switch (description) {
                case "invalid assertion" -> "The signature does not match the certificate of the connected app: check that " + keyVariable
                        + " holds the private key of the certificate uploaded under 'Use digital signatures', and that clientId is that app's consumer key.";
                case "expired authorization code" -> "Salesforce found the assertion expired: check this machine's clock (NTP); the assertion is valid for 3 minutes.";
                case "audience is invalid" -> "The assertion was addressed to " + SecretRefs.withoutUserInfo(audience)
                        + ". A sandbox needs auth.tokenUrl: "
                        + "https://test.salesforce.com/services/oauth2/token; production https://login.salesforce.com/services/oauth2/token.";
                case "user hasn't approved this consumer" -> "The user " + username + " is not pre-authorized: set the connected app's policy to "
                        + "'Admin approved users are pre-authorized' and add the user's profile or permission set to the app.";
                default -> error.equals("invalid_client_id") || error.equals("invalid_client")
                        ? "Check auth.clientId: it must be the connected app's consumer key."
                        : "Check auth.clientId, auth.username, the key in " + keyVariable + " and the connected app's JWT settings.";
            };
            return new ConnectorException(status >= 500 ? Kind.RETRIABLE : Kind.AUTH, start + check);
        }

        @Override
        public String toString() {
            return "SalesforceAuth[jwt-bearer clientId=" + clientId + ", username=" + username + ", key ***]";
        }
    }
}
