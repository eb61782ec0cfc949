package io.middlemile.sandbox.hubspot;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.Test;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The emulator signs deliveries as HubSpot does: over the URI with : / ? @ ! $ ' ( ) * , ; unescaped
 * (https://developers.hubspot.com/docs/apps/legacy-apps/authentication/validating-requests, v3), while
 * the request itself goes to the URL as written.
 */
class WebhookSenderTest {

    private static final String SECRET = "app-client-secret-for-tests";
    private static final String BODY = "[{\"eventId\":1,\"subscriptionType\":\"contact.creation\",\"objectId\":5}]";

    private final WebhookSender sender = new WebhookSender(SECRET);

    @Test
    void signsTheUriWithTheTwelveReservedEscapesDecoded() {
        String written = "https://hub.example.com/hooks?return=https%3A%2F%2Fapp.example.com%2fa%3Fb%40c%21d%24e%27f%28g%29h%2Ai%2cj%3bk"
                + "&keep=a%20b%2Bc%25d%3De%26f";
        String signedByHubSpot = "https://hub.example.com/hooks?return=https://app.example.com/a?b@c!d$e'f(g)h*i,j;k"
                + "&keep=a%20b%2Bc%25d%3De%26f";

        assertThat(sender.sign("POST", written, BODY, "1717171717000"))
                .isEqualTo(hmacBase64("POST" + signedByHubSpot + BODY + "1717171717000"));
    }

    @Test
    void postsToTheUrlAsWrittenWithTheSignatureOfTheDecodedOne() throws Exception {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        AtomicReference<String> rawQuery = new AtomicReference<>();
        AtomicReference<String> signature = new AtomicReference<>();
        server.createContext("/hooks", exchange -> {
            exchange.getRequestBody().readAllBytes();
            rawQuery.set(exchange.getRequestURI().getRawQuery());
            signature.set(exchange.getRequestHeaders().getFirst("X-HubSpot-Signature-v3"));
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        server.start();
        try {
            String base = "http://127.0.0.1:" + server.getAddress().getPort() + "/hooks";
            assertThat(sender.send(URI.create(base + "?who=ops%40example.com"), BODY, 1717171717000L)).isEqualTo(204);

            assertThat(rawQuery.get()).isEqualTo("who=ops%40example.com");
            assertThat(signature.get()).isEqualTo(hmacBase64("POST" + base + "?who=ops@example.com" + BODY + "1717171717000"));
        } finally {
            server.stop(0);
        }
    }

    private static String hmacBase64(String source) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return Base64.getEncoder().encodeToString(mac.doFinal(source.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
