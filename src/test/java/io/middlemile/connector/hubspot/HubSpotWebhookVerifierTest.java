package io.middlemile.connector.hubspot;

import com.sun.net.httpserver.HttpServer;
import io.middlemile.sandbox.hubspot.WebhookSender;
import org.junit.jupiter.api.Test;

import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

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
}
