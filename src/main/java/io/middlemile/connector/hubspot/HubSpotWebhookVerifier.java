package io.middlemile.connector.hubspot;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.middlemile.connector.ConnectorException;
import io.middlemile.connector.ConnectorException.Kind;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Verifies HubSpot's v3 request signature and parses webhook deliveries.
 *
 * <p>Doc: https://developers.hubspot.com/docs/apps/legacy-apps/authentication/validating-requests and
 * https://developers.hubspot.com/changelog/introducing-version-3-of-webhook-signatures:
 * {@code X-HubSpot-Signature-v3} = base64(HMAC-SHA256(app client secret, method + URI + body +
 * timestamp)), with the timestamp (epoch milliseconds) from {@code X-HubSpot-Request-Timestamp};
 * requests older than 5 minutes are rejected. The URI is the full URL HubSpot called
 * (https://host/path?query). Signatures are compared in constant time.
 *
 * <p>HubSpot signs the URI with twelve reserved characters unescaped, and the v3 rules say to decode
 * exactly these before hashing: %3A : , %2F / , %3F ? , %40 @ , %21 ! , %24 $ , %27 ' , %28 ( ,
 * %29 ) , %2A * , %2C , and %3B ; (hex digits in either case). Every other escape (%20, %2B, %25...)
 * stays as received. Without this a delivery to a URL such as {@code ...?return=https%3A%2F%2F...}
 * fails the check, and HubSpot does not retry a 401: the events are lost.
 */
public final class HubSpotWebhookVerifier {

    public static final String SIGNATURE_HEADER = "X-HubSpot-Signature-v3";
    public static final String TIMESTAMP_HEADER = "X-HubSpot-Request-Timestamp";
    static final Duration MAX_AGE = Duration.ofMinutes(5);
    private static final ObjectMapper JSON = new ObjectMapper();
    /** The escapes HubSpot's v3 rules decode before hashing (hex in upper case), and their characters. */
    private static final Map<String, Character> SIGNED_UNENCODED = Map.ofEntries(
            Map.entry("3A", ':'), Map.entry("2F", '/'), Map.entry("3F", '?'), Map.entry("40", '@'),
            Map.entry("21", '!'), Map.entry("24", '$'), Map.entry("27", '\''), Map.entry("28", '('),
            Map.entry("29", ')'), Map.entry("2A", '*'), Map.entry("2C", ','), Map.entry("3B", ';'));

    private final byte[] clientSecret;
    private final Clock clock;

    public HubSpotWebhookVerifier(String clientSecret, Clock clock) {
        if (clientSecret == null || clientSecret.isEmpty()) {
            throw new IllegalArgumentException("A HubSpot webhook verifier needs the app's client secret (from the environment)");
        }
        this.clientSecret = clientSecret.getBytes(StandardCharsets.UTF_8);
        this.clock = clock;
    }

    /** The outcome of a verification; {@code reason} says why a request was refused. */
    public record Verdict(boolean valid, String reason) {
    }

    public Verdict verify(String method, String uri, String body, String signature, String timestamp) {
        if (signature == null || signature.isBlank() || timestamp == null || timestamp.isBlank()) {
            return new Verdict(false, "missing " + SIGNATURE_HEADER + " or " + TIMESTAMP_HEADER + " header");
        }
        long sentAt;
        try {
            sentAt = Long.parseLong(timestamp.trim());
        } catch (NumberFormatException e) {
            return new Verdict(false, TIMESTAMP_HEADER + " is not epoch milliseconds");
        }
        long age = clock.millis() - sentAt;
        if (age > MAX_AGE.toMillis()) {
            return new Verdict(false, "request is " + Duration.ofMillis(age).toSeconds() + " s old; HubSpot requests older than "
                    + MAX_AGE.toMinutes() + " minutes are refused (replay protection)");
        }
        if (age < -MAX_AGE.toMillis()) {
            return new Verdict(false, "request timestamp is in the future; check this server's clock");
        }
        byte[] expected = sign(method + signedForm(uri) + (body == null ? "" : body) + timestamp.trim());
        byte[] given;
        try {
            given = Base64.getDecoder().decode(signature.trim());
        } catch (IllegalArgumentException e) {
            return new Verdict(false, SIGNATURE_HEADER + " is not base64");
        }
        if (!MessageDigest.isEqual(expected, given)) {
            return new Verdict(false, "signature does not match: the body, URL or client secret differ (forged or altered request)");
        }
        return new Verdict(true, "valid");
    }

    /** Parses a delivery (a JSON array of events); a malformed body is an INVALID_REQUEST. */
    public List<HubSpotWebhookEvent> parse(String body) {
        JsonNode root;
        try {
            root = JSON.readTree(body);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            // the parser's own words and where, without its "[Source: ...]" trailer
            com.fasterxml.jackson.core.JsonLocation at = e.getLocation();
            throw new ConnectorException(Kind.INVALID_REQUEST, "HubSpot webhook body is not JSON: " + e.getOriginalMessage()
                    + (at == null ? "" : " (line " + at.getLineNr() + ", column " + at.getColumnNr() + ")"));
        } catch (IOException e) {
            throw new ConnectorException(Kind.INVALID_REQUEST, "HubSpot webhook body could not be read: " + e.getMessage());
        }
        if (root == null || !root.isArray()) {
            throw new ConnectorException(Kind.INVALID_REQUEST, "HubSpot webhook body must be a JSON array of events");
        }
        List<HubSpotWebhookEvent> events = new ArrayList<>();
        for (JsonNode e : root) {
            String type = e.path("subscriptionType").asText("");
            int dot = type.indexOf('.');
            events.add(new HubSpotWebhookEvent(eventId(e, events.size()), type, dot < 0 ? type : type.substring(0, dot),
                    dot < 0 ? "" : type.substring(dot + 1), e.path("objectId").asText(null),
                    e.hasNonNull("propertyName") ? e.get("propertyName").asText() : null,
                    e.hasNonNull("propertyValue") ? e.get("propertyValue").asText() : null,
                    Instant.ofEpochMilli(e.path("occurredAt").asLong()), e.path("portalId").asLong(),
                    e.path("attemptNumber").asInt(0), e.path("changeSource").asText(null)));
        }
        return events;
    }

    /**
     * An event's id, which tells a redelivery from a new event: HubSpot sends a whole number. Read leniently (0 for a
     * missing id, the low bits of a too large one), every such event after the first of them was dropped as a redelivery.
     */
    private static long eventId(JsonNode event, int index) {
        JsonNode id = event.path("eventId");
        if (id.isIntegralNumber() && id.canConvertToLong()) {
            return id.asLong();
        }
        if (id.isTextual() && id.asText().matches("\\d{1,18}")) {
            return Long.parseLong(id.asText());
        }
        throw new ConnectorException(Kind.INVALID_REQUEST, "HubSpot webhook event " + (index + 1) + " of the delivery has "
                + (id.isMissingNode() || id.isNull() ? "no eventId" : "the eventId " + abbreviate(id.toString()))
                + ", which must be a whole number (HubSpot's id of the event, which tells a redelivery from a new event)");
    }

    private static String abbreviate(String text) {
        return text.length() <= 40 ? text : text.substring(0, 40) + "...";
    }

    /**
     * The URI as HubSpot signed it: the twelve escapes of the v3 rules decoded (case-insensitive hex),
     * everything else untouched. One left-to-right pass, so a decoded character is never read again.
     * Doc: https://developers.hubspot.com/docs/apps/legacy-apps/authentication/validating-requests
     * (v3: "decode any URL-encoded characters" of the listed set).
     */
    static String signedForm(String uri) {
        if (uri == null) {
            return "";
        }
        StringBuilder decoded = new StringBuilder(uri.length());
        int i = 0;
        while (i < uri.length()) {
            char c = uri.charAt(i);
            if (c == '%' && i + 2 < uri.length()) {
                Character reserved = SIGNED_UNENCODED.get(uri.substring(i + 1, i + 3).toUpperCase(Locale.ROOT));
                if (reserved != null) {
                    decoded.append(reserved.charValue());
                    i += 3;
                    continue;
                }
            }
            decoded.append(c);
            i++;
        }
        return decoded.toString();
    }

    private byte[] sign(String source) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(clientSecret, "HmacSHA256"));
            return mac.doFinal(source.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 unavailable in this JVM", e);
        }
    }

    @Override
    public String toString() {
        return "HubSpotWebhookVerifier[client secret ***]";
    }
}
