package io.middlemile.connector.fullenrich;

import io.middlemile.connector.WebhookReceiver.Accepted;
import io.middlemile.connector.WebhookReceiver.Event;
import io.middlemile.connector.WebhookReceiver.Refused;
import io.middlemile.connector.WebhookReceiver.Request;
import io.middlemile.connector.WebhookReceiver.Unavailable;
import io.middlemile.connector.WebhookReceiver.Unreadable;
import io.middlemile.connector.WebhookReceiver.Verdict;
import io.middlemile.workspace.ConnectorConfig;
import org.junit.jupiter.api.Test;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** FullEnrich deliveries: X-Signature-SHA1 (hex HMAC-SHA1 of the raw body, keyed with the API key), and their events. */
class FullEnrichWebhookReceiverTest {

    private static final String KEY = FullEnrichFixtures.API_KEY;
    private static final Map<String, String> ENV = Map.of("FULLENRICH_API_KEY", KEY);
    private static final ConnectorConfig CONNECTION = FullEnrichFixtures.config("https://app.fullenrich.com/api/v2",
            List.of("email"), "https://hub.example.com/webhooks/fullenrich/fullenrich");
    private static final String FINISHED = FullEnrichConnectorTest.enrichment("FINISHED", 1,
            FullEnrichConnectorTest.contact("crm-1", "a@x.com", "DELIVERABLE", null));

    private final FullEnrichWebhookReceiver receiver = new FullEnrichWebhookReceiver();

    @Test
    void aDeliverySignedWithTheApiKeyIsAcceptedAsOneEventCarryingTheBody() {
        Verdict verdict = receive(FINISHED, hmac(KEY, FINISHED), ENV);

        assertThat(verdict).isInstanceOfSatisfying(Accepted.class, accepted -> assertThat(accepted.events()).singleElement()
                .satisfies(event -> {
                    assertThat(event.id()).isEqualTo("2db5ea61-1752-42cf-8ea1-ab1da060cd0a:FINISHED");
                    assertThat(event.kind()).isEqualTo("enrichment.finished");
                    assertThat(event.object()).isNull();
                    assertThat(event.objectId()).isEqualTo("2db5ea61-1752-42cf-8ea1-ab1da060cd0a");
                    assertThat(new String(event.payload(), StandardCharsets.UTF_8)).isEqualTo(FINISHED);
                }));
    }

    @Test
    void aPerContactDeliveryIsAnEventOfThatContact() {
        String body = FullEnrichConnectorTest.enrichment("IN_PROGRESS", 1, FullEnrichConnectorTest.contact("crm-7", "a@x.com", "DELIVERABLE", null));

        Verdict verdict = receive(body, hmac(KEY, body), ENV);

        assertThat(verdict).isInstanceOfSatisfying(Accepted.class, accepted -> assertThat(accepted.events())
                .extracting(Event::id, Event::kind)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("2db5ea61-1752-42cf-8ea1-ab1da060cd0a:IN_PROGRESS:crm-7",
                        "enrichment.in_progress")));
    }

    @Test
    void aDeliverySignedWithAnotherKeyIsRefused() {
        assertThat(receive(FINISHED, hmac("someone-elses-key", FINISHED), ENV)).isInstanceOf(Refused.class);
    }

    @Test
    void anAlteredBodyIsRefused() {
        String altered = FINISHED.replace("a@x.com", "attacker@evil.com");

        assertThat(receive(altered, hmac(KEY, FINISHED), ENV)).isInstanceOfSatisfying(Refused.class,
                refused -> assertThat(refused.reason()).doesNotContain(KEY).contains("does not match"));
    }

    @Test
    void anUnsignedDeliveryIsRefused() {
        assertThat(receive(FINISHED, null, ENV)).isInstanceOf(Refused.class);
    }

    @Test
    void withoutTheKeyInTheEnvironmentTheConnectionIsUnavailable() {
        assertThat(receive(FINISHED, hmac(KEY, FINISHED), Map.of())).isInstanceOfSatisfying(Unavailable.class,
                unavailable -> assertThat(unavailable.reason()).contains("FULLENRICH_API_KEY"));
    }

    @Test
    void anAuthenticButUnreadableBodyIsUnreadable() {
        String body = "{not json";

        assertThat(receive(body, hmac(KEY, body), ENV)).isInstanceOf(Unreadable.class);
    }

    private Verdict receive(String body, String signature, Map<String, String> env) {
        Map<String, String> headers = signature == null ? Map.of("Content-Type", "application/json")
                : Map.of("Content-Type", "application/json", "x-signature-sha1", signature);
        return receiver.receive(CONNECTION, new Request("POST", "https://hub.example.com/webhooks/fullenrich/fullenrich", headers,
                body.getBytes(StandardCharsets.UTF_8)), env, Clock.systemUTC());
    }

    /** Computed here, apart from the receiver, as FullEnrich's docs show it. */
    private static String hmac(String key, String body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA1");
            mac.init(new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), "HmacSHA1"));
            return HexFormat.of().formatHex(mac.doFinal(body.getBytes(StandardCharsets.UTF_8)));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
