package io.middlemile.connector.hubspot;

import io.middlemile.connector.Providers;
import io.middlemile.connector.WebhookReceiver;
import io.middlemile.sandbox.hubspot.WebhookSender;
import io.middlemile.workspace.AuthConfig;
import io.middlemile.workspace.ConnectorConfig;
import io.middlemile.workspace.ObjectConfig;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * HubSpot's part of the webhook endpoint, without HTTP: which deliveries are accepted, refused (401) or cannot be
 * checked yet (503), and which object each event is about. The endpoint itself is exercised end to end by
 * {@code web.HubSpotWebhookTest}.
 */
class HubSpotWebhookReceiverTest {

    private static final String SECRET = "app-client-secret-for-tests";
    private static final String URL = "https://hub.example.com/webhooks/hubspot/crm?from=https%3A%2F%2Fapp.hubspot.com%2F";
    private static final Map<String, String> ENVIRONMENT = Map.of("HUBSPOT_APP_SECRET", SECRET);
    private static final String BODY = """
            [{"eventId":4711,"portalId":62515,"occurredAt":1717243200000,"subscriptionType":"contact.creation",
              "attemptNumber":1,"objectId":1001},
             {"eventId":4712,"portalId":62515,"occurredAt":1717243200000,"subscriptionType":"company.deletion","objectId":7},
             {"eventId":4713,"portalId":62515,"occurredAt":1717243200000,"subscriptionType":"ticket.creation","objectId":9}]""";

    private final Instant now = Instant.parse("2024-06-01T12:00:00Z");
    private final Clock clock = Clock.fixed(now, ZoneOffset.UTC);
    private final WebhookReceiver receiver = Providers.CATALOG.provider(HubSpotProvider.TYPE).flatMap(p -> p.webhooks()).orElseThrow();

    @Test
    void aSignedDeliveryOfTheConnectionsAccountBecomesEventsAboutTheHubsObjects() {
        WebhookReceiver.Verdict verdict = receiver.receive(connection("${HUBSPOT_APP_SECRET}", 62515L), signed(BODY, SECRET),
                ENVIRONMENT, clock);

        assertThat(verdict).isInstanceOf(WebhookReceiver.Accepted.class);
        assertThat(((WebhookReceiver.Accepted) verdict).events()).containsExactly(
                new WebhookReceiver.Event("4711", "contact.creation", "contacts", "1001", Instant.ofEpochMilli(1717243200000L), 1),
                new WebhookReceiver.Event("4712", "company.deletion", "companies", "7", Instant.ofEpochMilli(1717243200000L), 0),
                new WebhookReceiver.Event("4713", "ticket.creation", null, "9", Instant.ofEpochMilli(1717243200000L), 0));
    }

    @Test
    void forgedUnsignedOrOtherAccountDeliveriesAreRefusedWithAReasonThatHoldsNoBody() {
        ConnectorConfig connection = connection("${HUBSPOT_APP_SECRET}", 62515L);

        WebhookReceiver.Verdict forged = receiver.receive(connection, signed(BODY, "not-the-app-secret"), ENVIRONMENT, clock);
        WebhookReceiver.Verdict unsigned = receiver.receive(connection,
                new WebhookReceiver.Request("POST", URL, Map.of(), BODY.getBytes(StandardCharsets.UTF_8)), ENVIRONMENT, clock);
        WebhookReceiver.Verdict otherAccount = receiver.receive(connection, signed(BODY.replace("62515", "99999"), SECRET),
                ENVIRONMENT, clock);

        assertThat(forged).isInstanceOfSatisfying(WebhookReceiver.Refused.class,
                refused -> assertThat(refused.reason()).contains("signature does not match").doesNotContain("contact.creation"));
        assertThat(unsigned).isInstanceOfSatisfying(WebhookReceiver.Refused.class,
                refused -> assertThat(refused.reason()).contains("X-HubSpot-Signature-v3"));
        assertThat(otherAccount).isInstanceOfSatisfying(WebhookReceiver.Refused.class, refused -> assertThat(refused.reason())
                .contains("events of HubSpot account(s) [99999], but auth.portalId is 62515"));
        WebhookReceiver.Verdict noAccount = receiver.receive(connection, signed(BODY.replace("\"portalId\":62515,", ""), SECRET),
                ENVIRONMENT, clock);
        assertThat(noAccount).isInstanceOfSatisfying(WebhookReceiver.Refused.class, refused -> assertThat(refused.reason())
                .contains("events of HubSpot account(s) [none (an event without portalId)], but auth.portalId is 62515")
                .doesNotContain("[0]"));
    }

    @Test
    void aConnectionWithoutItsSecretOrPortalIdCannotCheckDeliveriesYet() {
        WebhookReceiver.Verdict noSecretField = receiver.receive(connection(null, 62515L), signed(BODY, SECRET), ENVIRONMENT, clock);
        WebhookReceiver.Verdict secretNotSet = receiver.receive(connection("${HUBSPOT_APP_SECRET}", 62515L), signed(BODY, SECRET),
                Map.of(), clock);
        WebhookReceiver.Verdict noPortal = receiver.receive(connection("${HUBSPOT_APP_SECRET}", null), signed(BODY, SECRET),
                ENVIRONMENT, clock);

        assertThat(noSecretField).isEqualTo(new WebhookReceiver.Unavailable(
                "connectors/crm.yaml sets no auth.clientSecret (add clientSecret: ${HUBSPOT_APP_SECRET})"));
        assertThat(secretNotSet).isEqualTo(new WebhookReceiver.Unavailable("the environment variable HUBSPOT_APP_SECRET is not set"));
        assertThat(noPortal).isInstanceOfSatisfying(WebhookReceiver.Unavailable.class,
                unavailable -> assertThat(unavailable.reason()).contains("connectors/crm.yaml sets no auth.portalId"));
    }

    @Test
    void aSignedBodyThatIsNotAnArrayOfEventsIsUnreadable() {
        WebhookReceiver.Verdict verdict = receiver.receive(connection("${HUBSPOT_APP_SECRET}", 62515L), signed("{}", SECRET),
                ENVIRONMENT, clock);

        assertThat(verdict).isEqualTo(new WebhookReceiver.Unreadable("HubSpot webhook body must be a JSON array of events"));
    }

    /** Signed as HubSpot signs (v3), a second ago; header names in HubSpot's spelling differ in case from the constants. */
    private WebhookReceiver.Request signed(String body, String secret) {
        String timestamp = Long.toString(now.toEpochMilli() - 1_000);
        return new WebhookReceiver.Request("POST", URL, Map.of("x-hubspot-signature-v3",
                new WebhookSender(secret).sign("POST", URL, body, timestamp), "x-hubspot-request-timestamp", timestamp),
                body.getBytes(StandardCharsets.UTF_8));
    }

    private static ConnectorConfig connection(String clientSecret, Long portalId) {
        return new ConnectorConfig("crm", HubSpotProvider.TYPE, null, null, "https://api.hubapi.com",
                new AuthConfig("bearer-token", "${HUBSPOT_TOKEN}", null, null, clientSecret, null, null, null, null, portalId),
                Map.of("contacts", new ObjectConfig("hs_object_id", "lastmodifieddate", List.of("hs_object_id", "email"))), null);
    }
}
