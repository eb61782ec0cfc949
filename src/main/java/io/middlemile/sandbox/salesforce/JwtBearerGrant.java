package io.middlemile.sandbox.salesforce;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.security.Signature;
import java.time.Instant;
import java.util.Base64;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The token endpoint's side of the OAuth 2.0 JWT bearer flow
 * (https://help.salesforce.com/s/articleView?id=sf.remoteaccess_oauth_jwt_flow.htm): the assertion is a JWT signed
 * RS256 with the key of the certificate uploaded to the connected app; iss is the app's consumer key, sub a
 * pre-authorized username, aud the login server (https://login.salesforce.com, https://test.salesforce.com for
 * sandboxes), exp at most a few minutes ahead. Refusals are answered with the real bodies, e.g.
 * {@code {"error":"invalid_grant","error_description":"invalid assertion"}} for a bad signature,
 * "expired authorization code" for an expired assertion, "audience is invalid", "user hasn't approved this consumer".
 */
public final class JwtBearerGrant {

    public static final String GRANT_TYPE = "urn:ietf:params:oauth:grant-type:jwt-bearer";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String clientId;
    private final Set<String> users = ConcurrentHashMap.newKeySet();
    private volatile PublicKey certificateKey;
    private volatile String audience = "https://login.salesforce.com";

    JwtBearerGrant(String clientId) {
        this.clientId = clientId;
    }

    /** The public key of the certificate uploaded to the connected app ("Use digital signatures"). */
    public JwtBearerGrant trust(PublicKey key) {
        this.certificateKey = key;
        return this;
    }

    /** A user the connected app pre-authorizes (admin-approved users through a profile or permission set). */
    public JwtBearerGrant approve(String username) {
        users.add(username);
        return this;
    }

    /** The login server the org expects in aud (https://test.salesforce.com for a sandbox). */
    public JwtBearerGrant audience(String value) {
        this.audience = value;
        return this;
    }

    /** Null when the assertion is good, else the error body the token endpoint answers with HTTP 400. */
    ObjectNode check(String assertion) {
        if (assertion == null || assertion.isBlank()) {
            return error("invalid_request", "assertion is required");
        }
        String[] parts = assertion.split("\\.", -1);
        if (parts.length != 3) {
            return error("invalid_grant", "invalid assertion");
        }
        JsonNode header;
        JsonNode claims;
        try {
            header = JSON.readTree(Base64.getUrlDecoder().decode(parts[0]));
            claims = JSON.readTree(Base64.getUrlDecoder().decode(parts[1]));
        } catch (Exception e) {
            return error("invalid_grant", "invalid assertion");
        }
        if (!"RS256".equals(header.path("alg").asText())) {
            return error("invalid_grant", "invalid assertion");
        }
        if (!clientId.equals(claims.path("iss").asText())) {
            return error("invalid_client_id", "client identifier invalid");
        }
        if (certificateKey == null || !verifies(parts)) {
            return error("invalid_grant", "invalid assertion");
        }
        if (!audience.equals(claims.path("aud").asText())) {
            return error("invalid_grant", "audience is invalid");
        }
        if (!claims.path("exp").canConvertToLong() || claims.path("exp").asLong() <= Instant.now().getEpochSecond()) {
            return error("invalid_grant", "expired authorization code");
        }
        if (!users.contains(claims.path("sub").asText())) {
            return error("invalid_grant", "user hasn't approved this consumer");
        }
        return null;
    }

    private boolean verifies(String[] parts) {
        try {
            Signature rsa = Signature.getInstance("SHA256withRSA");
            rsa.initVerify(certificateKey);
            rsa.update((parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII));
            return rsa.verify(Base64.getUrlDecoder().decode(parts[2]));
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            return false;
        }
    }

    private static ObjectNode error(String code, String description) {
        return JSON.createObjectNode().put("error", code).put("error_description", description);
    }
}
