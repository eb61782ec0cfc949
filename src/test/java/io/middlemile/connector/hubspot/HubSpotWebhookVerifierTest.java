package io.middlemile.connector.hubspot;

import com.sun.net.httpserver.HttpServer;
import io.middlemile.sandbox.hubspot.WebhookSender;
import org.junit.jupiter.api.Test;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class HubSpotWebhookVerifierTest {

    private static final String SECRET = "app-client-secret-for-tests";
    private static final String URI_TEXT = "https://hub.example.com/webhooks/hubspot?connection=crm";
    private static final String BODY = "[{\"eventId\":1001,\"subscriptionId\":7,\"portalId\":24681357,\"appId\":9,"
            + "\"occurredAt\":1717171717000,\"subscriptionType\":\"contact.propertyChange\",\"attemptNumber\":0,"
            + "\"objectId\":1234,\"propertyName\":\"email\",\"propertyValue\":\"new@example.com\",\"changeSource\":\"CRM_UI\"}]";

    private final Instant now = Instant.parse("2024-06-01T12:00:00Z");
    private final HubSpotWebhookVerifier verifier = new HubSpotWebhookVerifier(SECRET, Clock.fixed(now, ZoneOffset.UTC));
    private final WebhookSender sender = new WebhookSender(SECRET);

    @Test
    void acceptsAGenuineSignature() {
        String ts = Long.toString(now.toEpochMilli() - 10_000);
        assertThat(verifier.verify("POST", URI_TEXT, BODY, sender.sign("POST", URI_TEXT, BODY, ts), ts).valid()).isTrue();
    }

    @Test
    void rejectsForgedOrAlteredRequests() {
        String ts = Long.toString(now.toEpochMilli());
        String forged = new WebhookSender("someone-elses-secret").sign("POST", URI_TEXT, BODY, ts);
        assertThat(verifier.verify("POST", URI_TEXT, BODY, forged, ts).valid()).isFalse();
        String genuine = sender.sign("POST", URI_TEXT, BODY, ts);
        assertThat(verifier.verify("POST", URI_TEXT, BODY.replace("new@", "evil@"), genuine, ts).valid()).isFalse();
        assertThat(verifier.verify("POST", URI_TEXT, BODY, "not base64!", ts).valid()).isFalse();
        assertThat(verifier.verify("POST", URI_TEXT, BODY, null, ts).valid()).isFalse();
    }

    @Test
    void rejectsStaleRequests() {
        String ts = Long.toString(now.toEpochMilli() - 5 * 60_000 - 1);
        HubSpotWebhookVerifier.Verdict verdict = verifier.verify("POST", URI_TEXT, BODY, sender.sign("POST", URI_TEXT, BODY, ts), ts);
        assertThat(verdict.valid()).isFalse();
        assertThat(verdict.reason()).contains("old");
    }

    /**
     * HubSpot signs the URI with : / ? @ ! $ ' ( ) * , ; unencoded, while the request line carries them
     * escaped (any hex case); the v3 rules decode exactly those twelve before hashing.
     */
    @Test
    void acceptsADeliveryToAnEncodedUrlSignedOverTheDecodedOne() {
        String ts = Long.toString(now.toEpochMilli());
        String asHubSpotSigns = "https://hub.example.com/webhooks/hubspot/crm?return=https://app.example.com/a?b@c!d$e'f(g)h*i,j;k";
        String asReceived = "https://hub.example.com/webhooks/hubspot/crm?return=https%3A%2F%2Fapp.example.com%2fa%3Fb%40c%21d"
                + "%24e%27f%28g%29h%2Ai%2cj%3bk";
        String signature = hmacBase64(SECRET, "POST" + asHubSpotSigns + BODY + ts);

        HubSpotWebhookVerifier.Verdict verdict = verifier.verify("POST", asReceived, BODY, signature, ts);

        assertThat(verdict.valid()).as(verdict.reason()).isTrue();
    }

    /** Only the twelve listed escapes are decoded: %20, %2B, %25, %3D and %26 stay as received. */
    @Test
    void decodesNoOtherEscape() {
        String ts = Long.toString(now.toEpochMilli());
        String received = "https://hub.example.com/hooks?name=a%20b%2Bc%25d%3De%26f";
        assertThat(verifier.verify("POST", received, BODY, hmacBase64(SECRET, "POST" + received + BODY + ts), ts).valid())
                .as("a URI with only other escapes is hashed as received").isTrue();
        for (String decodedTooFar : List.of("https://hub.example.com/hooks?name=a b%2Bc%25d%3De%26f",
                "https://hub.example.com/hooks?name=a%20b+c%25d%3De%26f",
                "https://hub.example.com/hooks?name=a%20b%2Bc%d%3De%26f",
                "https://hub.example.com/hooks?name=a%20b%2Bc%25d=e&f")) {
            assertThat(verifier.verify("POST", received, BODY, hmacBase64(SECRET, "POST" + decodedTooFar + BODY + ts), ts).valid())
                    .as("signed over " + decodedTooFar).isFalse();
        }
        // %253A is an escaped '%' followed by "3A", not an escaped ':'
        String doubleEscaped = "https://hub.example.com/hooks?u=x%253Ay";
        assertThat(verifier.verify("POST", doubleEscaped, BODY, hmacBase64(SECRET, "POST" + doubleEscaped + BODY + ts), ts)
                .valid()).isTrue();
        assertThat(verifier.verify("POST", doubleEscaped, BODY,
                hmacBase64(SECRET, "POST" + "https://hub.example.com/hooks?u=x%:y" + BODY + ts), ts).valid()).isFalse();
    }

    @Test
    void parsesEventArrays() {
        List<HubSpotWebhookEvent> events = verifier.parse(BODY);
        assertThat(events).singleElement().satisfies(e -> {
            assertThat(e.objectType()).isEqualTo("contact");
            assertThat(e.action()).isEqualTo("propertyChange");
            assertThat(e.objectId()).isEqualTo("1234");
            assertThat(e.propertyValue()).isEqualTo("new@example.com");
        });
    }

    @Test
    void anEventWithoutAWholeNumberIdIsRefusedNotTakenForARedeliveryOfEventZero() {
        for (String id : List.of("", "\"eventId\":null,", "\"eventId\":\"abc\",", "\"eventId\":99999999999999999999999,", "\"eventId\":1.5,")) {
            String body = BODY.replace("\"eventId\":1001,", id);
            assertThatThrownBy(() -> verifier.parse(body)).as(id).isInstanceOf(io.middlemile.connector.ConnectorException.class)
                    .hasMessageStartingWith("HubSpot webhook event 1 of the delivery has ")
                    .hasMessageEndingWith(", which must be a whole number (HubSpot's id of the event, which tells a redelivery from"
                            + " a new event)");
        }
        assertThatThrownBy(() -> verifier.parse("[{\"eventId\": 1,")).hasMessageStartingWith("HubSpot webhook body is not JSON: ")
                .hasMessageContaining("(line 1, column ").hasMessageNotContaining("Source");
        assertThat(verifier.parse(BODY.replace("\"eventId\":1001,", "\"eventId\":\"1001\","))).singleElement()
                .extracting(HubSpotWebhookEvent::eventId).isEqualTo(1001L);
    }

    /** The emulator's sender and the verifier agree on a delivery to a URL with escapes, over real HTTP. */
    @Test
    void verifiesADeliveryToAnEncodedUrlOverHttp() throws Exception {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        AtomicReference<HubSpotWebhookVerifier.Verdict> verdict = new AtomicReference<>();
        HubSpotWebhookVerifier live = new HubSpotWebhookVerifier(SECRET, Clock.systemUTC());
        server.createContext("/hooks", exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            // getRawPath/getRawQuery: the request line as sent, escapes kept (as the web controller passes it)
            String uri = "http://127.0.0.1:" + server.getAddress().getPort() + exchange.getRequestURI().getRawPath()
                    + "?" + exchange.getRequestURI().getRawQuery();
            verdict.set(live.verify(exchange.getRequestMethod(), uri, body,
                    exchange.getRequestHeaders().getFirst(HubSpotWebhookVerifier.SIGNATURE_HEADER),
                    exchange.getRequestHeaders().getFirst(HubSpotWebhookVerifier.TIMESTAMP_HEADER)));
            exchange.sendResponseHeaders(verdict.get().valid() ? 204 : 401, -1);
            exchange.close();
        });
        server.start();
        try {
            URI target = URI.create("http://127.0.0.1:" + server.getAddress().getPort()
                    + "/hooks?return=https%3A%2F%2Fapp.example.com%2Fdone%3Fid%3D7&who=ops%40example.com");
            assertThat(sender.send(target, BODY, System.currentTimeMillis())).isEqualTo(204);
            assertThat(verdict.get().valid()).as(verdict.get().reason()).isTrue();
        } finally {
            server.stop(0);
        }
    }

    @Test
    void verifiesADeliveryOverHttp() throws Exception {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        AtomicReference<Boolean> valid = new AtomicReference<>();
        HubSpotWebhookVerifier live = new HubSpotWebhookVerifier(SECRET, Clock.systemUTC());
        server.createContext("/hooks", exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            String uri = "http://127.0.0.1:" + server.getAddress().getPort() + exchange.getRequestURI();
            valid.set(live.verify(exchange.getRequestMethod(), uri, body,
                    exchange.getRequestHeaders().getFirst(HubSpotWebhookVerifier.SIGNATURE_HEADER),
                    exchange.getRequestHeaders().getFirst(HubSpotWebhookVerifier.TIMESTAMP_HEADER)).valid());
            exchange.sendResponseHeaders(valid.get() ? 204 : 401, -1);
            exchange.close();
        });
        server.start();
        try {
            URI target = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/hooks?x=1");
            assertThat(sender.send(target, BODY, System.currentTimeMillis())).isEqualTo(204);
            assertThat(valid.get()).isTrue();
        } finally {
            server.stop(0);
        }
    }

    /** HubSpot's v3 signature computed here from the doc, not with the code under test. */
    static String hmacBase64(String secret, String source) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return Base64.getEncoder().encodeToString(mac.doFinal(source.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
