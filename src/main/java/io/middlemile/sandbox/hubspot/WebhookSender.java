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
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Delivers webhook events the way HubSpot does: POST of a JSON array, signed with the v3 scheme
 * (base64 HMAC-SHA256 of method + URI + body + timestamp under the app's client secret) in
 * {@code X-HubSpot-Signature-v3}, with the epoch-millisecond timestamp in
 * {@code X-HubSpot-Request-Timestamp}.
 *
 * <p>Like HubSpot, it signs the URI with the twelve reserved characters of the v3 rules unencoded
 * (: / ? @ ! $ ' ( ) * , ;) while the request goes to the URL as written, escapes and all; a receiver
 * must decode those escapes to match (https://developers.hubspot.com/docs/apps/legacy-apps/authentication/validating-requests).
 * The decoding is written here independently of the connector's verifier, so a test of one against
 * the other is not a test of the same code twice.
 */
public final class WebhookSender {

    private static final Pattern SIGNED_UNESCAPED = Pattern.compile("%(3A|2F|3F|40|21|24|27|28|29|2A|2C|3B)", Pattern.CASE_INSENSITIVE);

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

    /** The v3 signature of one request to {@code uri} (as written, escapes and all), as HubSpot computes it. */
    public String sign(String method, String uri, String body, String timestamp) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(clientSecret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            byte[] digest = mac.doFinal((method + unescapeReserved(uri) + body + timestamp).getBytes(StandardCharsets.UTF_8));
            return Base64.getEncoder().encodeToString(digest);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 unavailable in this JVM", e);
        }
    }

    /** The URI with %3A %2F %3F %40 %21 %24 %27 %28 %29 %2A %2C %3B (either hex case) turned back into their characters. */
    static String unescapeReserved(String uri) {
        Matcher escape = SIGNED_UNESCAPED.matcher(uri);
        StringBuilder signed = new StringBuilder();
        while (escape.find()) {
            char reserved = (char) Integer.parseInt(escape.group(1), 16);
            escape.appendReplacement(signed, Matcher.quoteReplacement(String.valueOf(reserved)));
        }
        escape.appendTail(signed);
        return signed.toString();
    }

    @Override
    public String toString() {
        return "WebhookSender[client secret ***]";
    }
}
