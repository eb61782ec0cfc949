package io.middlemile.connector.unipile;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.middlemile.connector.WebhookReceiver;
import io.middlemile.connector.WebhookReceiver.Accepted;
import io.middlemile.connector.WebhookReceiver.Refused;
import io.middlemile.connector.WebhookReceiver.Unavailable;
import io.middlemile.connector.WebhookReceiver.Unreadable;
import io.middlemile.workspace.AuthConfig;
import io.middlemile.workspace.ConnectorConfig;
import io.middlemile.workspace.ObjectConfig;
import io.middlemile.workspace.WebhookSettings;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Unipile's unsigned deliveries are authenticated by the secret header; accepted invitations and replies are kept once. */
class UnipileWebhookReceiverTest {

    // developer.unipile.com/docs/detecting-accepted-invitations
    private static final String NEW_RELATION = """
            {"event":"new_relation","account_id":"t5XY4yQzR9WVrlNFyzPMhw","account_type":"LINKEDIN","webhook_name":"middlemile",
             "user_full_name":"Jane Doe","user_provider_id":"ACoAAAcDMMQBODyLwZrRcgYhrkCafURGqva0U4E",
             "user_public_identifier":"jane-doe-1234","user_profile_url":"https://www.linkedin.com/in/jane-doe-1234",
             "user_picture_url":"https://media.licdn.com/x.jpg"}""";
    private static final String SAME_RELATION_REORDERED = """
            {"account_type":"LINKEDIN","event":"new_relation","account_id":"t5XY4yQzR9WVrlNFyzPMhw","webhook_name":"middlemile",
             "user_provider_id":"ACoAAAcDMMQBODyLwZrRcgYhrkCafURGqva0U4E","user_full_name":"Jane Doe",
             "user_profile_url":"https://www.linkedin.com/in/jane-doe-1234","user_public_identifier":"jane-doe-1234",
             "user_picture_url":"https://media.licdn.com/x.jpg"}""";
    // developer.unipile.com/docs/new-messages-webhook
    private static final String REPLY = """
            {"account_id":"t5XY4yQzR9WVrlNFyzPMhw","account_type":"LINKEDIN","event":"message_received","chat_id":"R8J-xM9WX7eoHLp6gSVtWQ",
             "timestamp":"2023-09-24T13:49:07.965Z","webhook_name":"middlemile","message_id":"ykmhfXlRW0W_cqReJYrfBw",
             "message":"Hello World !","account_info":{"type":"LINKEDIN","user_id":"ACoSELF"},
             "sender":{"attendee_id":"C8zaRZTlVcmfnke_Vai4Gg","attendee_name":"Kim Unipile",
                       "attendee_provider_id":"ACoAAAcDMMQBODyLwZrRcgYhrkCafURGqva0U4E",
                       "attendee_profile_url":"https://www.linkedin.com/in/kim-unipile/"},
             "attendees":[],"attachments":[]}""";
    private static final Map<String, String> ENV = Map.of("UNIPILE_WEBHOOK_SECRET", "s3cret-value");
    private static final Map<String, String> SECRET = Map.of("x-middlemile-secret", "s3cret-value");

    private final UnipileWebhookReceiver receiver = new UnipileWebhookReceiver();

    private static ConnectorConfig connection(WebhookSettings webhooks) {
        return new ConnectorConfig("linkedin", "unipile", null, null, "https://api8.unipile.com:13851/api/v1",
                new AuthConfig("api-key", null, "${UNIPILE_API_KEY}", null, null, null, null, null, null),
                Map.of("people", new ObjectConfig("public_identifier", null, List.of("public_identifier"))), null, null, null,
                null, webhooks);
    }

    private static final ConnectorConfig CONFIGURED = connection(new WebhookSettings("X-Middlemile-Secret", "${UNIPILE_WEBHOOK_SECRET}"));

    private WebhookReceiver.Verdict deliver(ConnectorConfig config, String body, Map<String, String> headers, Map<String, String> env) {
        return receiver.receive(config, new WebhookReceiver.Request("POST", "https://hub.example.com/webhooks/unipile/linkedin",
                headers, body.getBytes(StandardCharsets.UTF_8)), env, Clock.systemUTC());
    }

    private static WebhookReceiver.Event only(WebhookReceiver.Verdict verdict) {
        assertThat(verdict).isInstanceOf(Accepted.class);
        List<WebhookReceiver.Event> events = ((Accepted) verdict).events();
        assertThat(events).hasSize(1);
        return events.get(0);
    }

    @Test
    void anAcceptedInvitationIsKeptWholeUnderThePersonsIdentifier() throws Exception {
        WebhookReceiver.Event event = only(deliver(CONFIGURED, NEW_RELATION, SECRET, ENV));

        assertThat(event.kind()).isEqualTo("new_relation");
        assertThat(event.object()).isEqualTo(WebhookReceiver.EVENTS);
        assertThat(event.objectId()).isEqualTo("jane-doe-1234");
        assertThat(event.id()).startsWith("sha256:");
        assertThat(new ObjectMapper().readTree(event.payload())).isEqualTo(new ObjectMapper().readTree(NEW_RELATION));
    }

    @Test
    void aRedeliveryGetsTheSameIdWhateverTheKeyOrder() {
        String first = only(deliver(CONFIGURED, NEW_RELATION, SECRET, ENV)).id();

        assertThat(only(deliver(CONFIGURED, NEW_RELATION, SECRET, ENV)).id()).isEqualTo(first);
        assertThat(only(deliver(CONFIGURED, SAME_RELATION_REORDERED, SECRET, ENV)).id()).isEqualTo(first);
        assertThat(only(deliver(CONFIGURED, REPLY, SECRET, ENV)).id()).isNotEqualTo(first);
    }

    @Test
    void aReplyIsKeptUnderTheSendersIdentifierWithItsTime() {
        WebhookReceiver.Event event = only(deliver(CONFIGURED, REPLY, SECRET, ENV));

        assertThat(event.kind()).isEqualTo("message_received");
        assertThat(event.objectId()).isEqualTo("kim-unipile");
        assertThat(event.occurredAt()).isEqualTo(Instant.parse("2023-09-24T13:49:07.965Z"));

        String noUrl = REPLY.replace("\"attendee_profile_url\":\"https://www.linkedin.com/in/kim-unipile/\"", "\"attendee_profile_url\":null");
        assertThat(only(deliver(CONFIGURED, noUrl, SECRET, ENV)).objectId()).isEqualTo("ACoAAAcDMMQBODyLwZrRcgYhrkCafURGqva0U4E");
    }

    @Test
    void reactionsReadsAndTheAccountsOwnMessagesAreAcceptedButNotKept() {
        String own = REPLY.replace("\"user_id\":\"ACoSELF\"", "\"user_id\":\"ACoAAAcDMMQBODyLwZrRcgYhrkCafURGqva0U4E\"");
        String flagged = REPLY.replace("\"message\":\"Hello World !\"", "\"message\":\"Hello World !\",\"is_sender\":true");

        for (String body : List.of(REPLY.replace("message_received", "message_reaction"),
                REPLY.replace("message_received", "message_read"), own, flagged)) {
            WebhookReceiver.Verdict verdict = deliver(CONFIGURED, body, SECRET, ENV);
            assertThat(verdict).isInstanceOf(Accepted.class);
            assertThat(((Accepted) verdict).events()).isEmpty();
        }
    }

    @Test
    void aMissingOrWrongSecretIsRefusedWithoutSayingTheValue() {
        WebhookReceiver.Verdict missing = deliver(CONFIGURED, NEW_RELATION, Map.of(), ENV);
        WebhookReceiver.Verdict wrong = deliver(CONFIGURED, NEW_RELATION, Map.of("X-Middlemile-Secret", "guess"), ENV);

        assertThat(missing).isInstanceOf(Refused.class);
        assertThat(wrong).isInstanceOf(Refused.class);
        assertThat(((Refused) wrong).reason()).doesNotContain("guess").doesNotContain("s3cret-value");
        assertThat(deliver(connection(null), NEW_RELATION, SECRET, ENV)).isInstanceOf(Refused.class);
    }

    @Test
    void anUnsetSecretVariableIsUnavailableSoUnipileDeliversAgain() {
        WebhookReceiver.Verdict verdict = deliver(CONFIGURED, NEW_RELATION, SECRET, Map.of());

        assertThat(verdict).isInstanceOf(Unavailable.class);
        assertThat(((Unavailable) verdict).reason()).contains("UNIPILE_WEBHOOK_SECRET");
    }

    @Test
    void aBodyThatIsNotAnEventIsUnreadable() {
        assertThat(deliver(CONFIGURED, "not json", SECRET, ENV)).isInstanceOf(Unreadable.class);
        assertThat(deliver(CONFIGURED, "{\"account_id\":\"x\"}", SECRET, ENV)).isInstanceOf(Unreadable.class);
        assertThat(deliver(CONFIGURED, "{\"event\":\"new_relation\"}", SECRET, ENV)).isInstanceOf(Unreadable.class);
    }
}
