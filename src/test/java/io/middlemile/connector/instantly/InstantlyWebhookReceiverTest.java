package io.middlemile.connector.instantly;

import io.middlemile.connector.WebhookReceiver;
import io.middlemile.connector.WebhookReceiver.Accepted;
import io.middlemile.connector.WebhookReceiver.Refused;
import io.middlemile.connector.WebhookReceiver.Unavailable;
import io.middlemile.workspace.AuthConfig;
import io.middlemile.workspace.ConnectorConfig;
import io.middlemile.workspace.ObjectConfig;
import io.middlemile.workspace.WebhookSettings;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Instantly's unsigned deliveries are authenticated by the secret header and recorded once however often they come. */
class InstantlyWebhookReceiverTest {

    private static final String REPLY = """
            {"timestamp":"2025-03-04T10:15:30.000Z","event_type":"reply_received","workspace":"ws-1",
             "campaign_id":"c-1","campaign_name":"Q3","lead_email":"ana@acme.com","reply_text_snippet":"Interested"}""";
    private static final String SAME_REPLY_REORDERED = """
            {"event_type":"reply_received","timestamp":"2025-03-04T10:15:30.000Z","campaign_id":"c-1","workspace":"ws-1",
             "lead_email":"ana@acme.com","campaign_name":"Q3","reply_text_snippet":"Interested"}""";
    private static final Map<String, String> ENV = Map.of("INSTANTLY_WEBHOOK_SECRET", "s3cret-value");

    private final InstantlyWebhookReceiver receiver = new InstantlyWebhookReceiver();

    private static ConnectorConfig connection(WebhookSettings webhooks) {
        return new ConnectorConfig("instantly", "instantly", null, null, "https://api.instantly.ai/api/v2",
                new AuthConfig("bearer-token", "${INSTANTLY_API_KEY}", null, null, null, null, null, null, null),
                Map.of("leads", new ObjectConfig("email", null, List.of("email"))), null, null, null, null, webhooks);
    }

    private static final ConnectorConfig CONFIGURED =
            connection(new WebhookSettings("X-Middlemile-Secret", "${INSTANTLY_WEBHOOK_SECRET}"));

    private WebhookReceiver.Verdict deliver(ConnectorConfig config, String body, Map<String, String> headers, Map<String, String> env) {
        return receiver.receive(config, new WebhookReceiver.Request("POST", "https://hub.example.com/webhooks/instantly/instantly",
                headers, body.getBytes(StandardCharsets.UTF_8)), env, Clock.systemUTC());
    }

    @Test
    void theRightSecretHeaderIsAcceptedAndTheEventRead() {
        WebhookReceiver.Verdict verdict = deliver(CONFIGURED, REPLY, Map.of("x-middlemile-secret", "s3cret-value"), ENV);

        assertThat(verdict).isInstanceOf(Accepted.class);
        WebhookReceiver.Event event = ((Accepted) verdict).events().get(0);
        assertThat(event.kind()).isEqualTo("reply_received");
        assertThat(event.objectId()).isEqualTo("ana@acme.com");
        assertThat(event.occurredAt()).isEqualTo(Instant.parse("2025-03-04T10:15:30Z"));
        assertThat(event.id()).startsWith("sha256:");
    }

    @Test
    void aMissingOrWrongSecretIsRefusedWithoutQuotingIt() {
        WebhookReceiver.Verdict missing = deliver(CONFIGURED, REPLY, Map.of(), ENV);
        WebhookReceiver.Verdict wrong = deliver(CONFIGURED, REPLY, Map.of("X-Middlemile-Secret", "guess"), ENV);

        assertThat(missing).isInstanceOf(Refused.class);
        assertThat(wrong).isInstanceOf(Refused.class);
        assertThat(((Refused) wrong).reason()).contains("X-Middlemile-Secret").doesNotContain("guess").doesNotContain("s3cret");
        assertThat(deliver(connection(null), REPLY, Map.of("X-Middlemile-Secret", "s3cret-value"), ENV)).isInstanceOf(Refused.class);
        assertThat(deliver(CONFIGURED, REPLY, Map.of("X-Middlemile-Secret", "s3cret-value"), Map.of()))
                .isInstanceOf(Unavailable.class);
    }

    @Test
    void aDuplicateDeliveryGetsTheSameIdempotencyKeyAndAnotherEventAnother() {
        Map<String, String> headers = Map.of("X-Middlemile-Secret", "s3cret-value");
        String first = ((Accepted) deliver(CONFIGURED, REPLY, headers, ENV)).events().get(0).id();
        String again = ((Accepted) deliver(CONFIGURED, SAME_REPLY_REORDERED, headers, ENV)).events().get(0).id();
        String bounce = ((Accepted) deliver(CONFIGURED, REPLY.replace("reply_received", "email_bounced"), headers, ENV))
                .events().get(0).id();
        String withId = ((Accepted) deliver(CONFIGURED, REPLY.replace("{", "{\"id\":\"evt-9\","), headers, ENV)).events().get(0).id();

        assertThat(again).isEqualTo(first);
        assertThat(bounce).isNotEqualTo(first);
        assertThat(withId).isEqualTo("evt-9");
    }

    @Test
    void autoRepliesAndOtherDocumentedTypesAreReadAsSent() {
        Map<String, String> headers = Map.of("X-Middlemile-Secret", "s3cret-value");
        List<String> kinds = new ArrayList<>();
        for (String type : List.of("auto_reply_received", "lead_unsubscribed", "lead_interested", "lead_not_interested",
                "lead_meeting_booked", "lead_out_of_office")) {
            kinds.add(((Accepted) deliver(CONFIGURED, REPLY.replace("reply_received", type), headers, ENV)).events().get(0).kind());
        }
        assertThat(kinds).containsExactly("auto_reply_received", "lead_unsubscribed", "lead_interested", "lead_not_interested",
                "lead_meeting_booked", "lead_out_of_office");
        assertThat(deliver(CONFIGURED, "{\"timestamp\":\"x\"}", headers, ENV)).isInstanceOf(WebhookReceiver.Unreadable.class);
    }

    @Test
    void theProviderRefusesAnotherAuthTypeHttpAndALiteralWebhookSecret() {
        List<String> errors = new ArrayList<>();
        ConnectorConfig bad = new ConnectorConfig("instantly", "instantly", null, null, "http://api.instantly.ai/api/v2",
                new AuthConfig("api-key", null, "${K}", null, null, null, null, null, null),
                Map.of("leads", new ObjectConfig("email", null, List.of("email"))), null, null, null, null,
                new WebhookSettings("X-Middlemile-Secret", "plain-secret"));
        new InstantlyProvider().validate(bad, null, (pointer, message) -> errors.add(pointer + ": " + message));

        assertThat(errors).hasSize(3);
        assertThat(errors.get(0)).startsWith("/auth/type: ").contains("bearer-token");
        assertThat(errors.get(1)).startsWith("/baseUrl: ").contains("https");
        assertThat(errors.get(2)).startsWith("/webhooks/secret: ").contains("${INSTANTLY_WEBHOOK_SECRET}").doesNotContain("plain-secret");
        errors.clear();
        new InstantlyProvider().validate(CONFIGURED, null, (pointer, message) -> errors.add(pointer));
        assertThat(errors).isEmpty();
    }
}
