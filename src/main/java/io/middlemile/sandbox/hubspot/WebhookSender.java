package io.middlemile.sandbox.hubspot;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;

/**
 * Delivers webhook events the way HubSpot does: POST of a JSON array, signed with the v3 scheme
 * (base64 HMAC-SHA256 of method + URI + body + timestamp under the app's client secret) in
 * {@code X-HubSpot-Signature-v3}, with the epoch-millisecond timestamp in
 * {@code X-HubSpot-Request-Timestamp}.
 */
public final class WebhookSender {

    private final String clientSecret;
    private final HttpClient http = HttpClient.newHttpClient();

    public WebhookSender(String clientSecret) {
        this.clientSecret = clientSecret;
    }

    /** Signs and posts; returns the receiver's HTTP status. */
    public int send(URI target, String jsonArray, long timestampMillis) throws IOException, InterruptedException {
        String timestamp = Long.toString(timestampMillis);
        HttpRequest request = HttpRequest.newBuilder(target)
                .header("Content-Type", "application/json")
                .header("X-HubSpot-Signature-v3", sign("POST", target.toString(), jsonArray, timestamp))
                .header("X-HubSpot-Request-Timestamp", timestamp)
                .POST(HttpRequest.BodyPublishers.ofString(jsonArray))
                .build();
        return http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    /** The v3 signature of one request. */
    public String sign(String method, String uri, String body, String timestamp) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(clientSecret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            byte[] digest = mac.doFinal((method + uri + body + timestamp).getBytes(StandardCharsets.UTF_8));
            return Base64.getEncoder().encodeToString(digest);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 unavailable in this JVM", e);
        }
    }

    @Override
    public String toString() {
        return "WebhookSender[client secret ***]";
    }
}
