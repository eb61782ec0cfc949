package io.middlemile.workspace;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The {@code auth:} section of a connector file. Secret fields hold only {@code ${ENV_VAR}}
 * references; the value is read from the environment when the connection is used, never stored.
 *
 * <p>{@code portalId} (HubSpot) is the Hub ID of the account whose webhook deliveries this connection
 * accepts: an app's deliveries from every account that installed it carry the same signature secret.
 */
public record AuthConfig(
        @NotBlank(message = "is required: one of bearer-token, api-key, oauth2-refresh-token, oauth2-client-credentials, jwt-bearer")
        @Pattern(regexp = "bearer-token|api-key|oauth2-refresh-token|oauth2-client-credentials|jwt-bearer",
                message = "must be one of bearer-token, api-key, oauth2-refresh-token, oauth2-client-credentials, jwt-bearer")
        String type,
        String token,
        String apiKey,
        String clientId,
        String clientSecret,
        String refreshToken,
        String privateKey,
        String username,
        String tokenUrl,
        @jakarta.validation.constraints.Positive(message = "must be the HubSpot account's Hub ID, a positive number")
        Long portalId) {

    /** Auth without a webhook account id (every provider but HubSpot, and code that builds configs by hand). */
    public AuthConfig(String type, String token, String apiKey, String clientId, String clientSecret, String refreshToken,
                      String privateKey, String username, String tokenUrl) {
        this(type, token, apiKey, clientId, clientSecret, refreshToken, privateKey, username, tokenUrl, null);
    }

    /** Fields that must be environment references: a literal value here is a leaked secret. */
    public Map<String, String> secretFields() {
        Map<String, String> secrets = new LinkedHashMap<>();
        secrets.put("token", token);
        secrets.put("apiKey", apiKey);
        secrets.put("clientSecret", clientSecret);
        secrets.put("refreshToken", refreshToken);
        secrets.put("privateKey", privateKey);
        secrets.values().removeIf(value -> value == null);
        return secrets;
    }

    /** Fields each auth type needs. */
    public java.util.List<String> requiredFields() {
        return switch (type == null ? "" : type) {
            case "bearer-token" -> java.util.List.of("token");
            case "api-key" -> java.util.List.of("apiKey");
            case "oauth2-refresh-token" -> java.util.List.of("clientId", "clientSecret", "refreshToken");
            case "oauth2-client-credentials" -> java.util.List.of("clientId", "clientSecret");
            case "jwt-bearer" -> java.util.List.of("clientId", "username", "privateKey");
            default -> java.util.List.of();
        };
    }

    public String get(String field) {
        return switch (field) {
            case "token" -> token;
            case "apiKey" -> apiKey;
            case "clientId" -> clientId;
            case "clientSecret" -> clientSecret;
            case "refreshToken" -> refreshToken;
            case "privateKey" -> privateKey;
            case "username" -> username;
            case "tokenUrl" -> tokenUrl;
            default -> null;
        };
    }
}
