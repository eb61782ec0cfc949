package io.middlemile.connector.hubspot;

import io.middlemile.connector.ConnectorException;
import io.middlemile.connector.WebhookReceiver;
import io.middlemile.workspace.ConnectorConfig;
import io.middlemile.workspace.SecretRefs;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.Map;

/**
 * HubSpot's webhook deliveries to one HubSpot connection, served at {@code POST /webhooks/hubspot/{connection}}
 * (the URL to enter in the app's webhook settings).
 *
 * <p>Doc: https://developers.hubspot.com/docs/api/webhooks (payload: a JSON array of events with
 * eventId, subscriptionId, portalId, appId, occurredAt, subscriptionType, attemptNumber, objectId,
 * changeSource, propertyName/propertyValue, mergedObjectIds...; HubSpot retries a delivery that fails,
 * times out or gets a 5xx, up to 10 times over 24 hours, and does not retry 400/401/403/404/405) and
 * https://developers.hubspot.com/docs/apps/legacy-apps/authentication/validating-requests (v3 signature).
 *
 * <ul>
 *   <li>The signature is checked with the app's client secret, the connection's {@code auth.clientSecret}
 *       (a {@code ${VAR}} reference, read from the environment), by {@link HubSpotWebhookVerifier}. Every
 *       event must be of the connection's account ({@code auth.portalId}): an app's deliveries from every
 *       account that installed it are signed with the same secret. A forged, altered, stale (over 5 minutes)
 *       or other-account delivery is {@link WebhookReceiver.Refused}.</li>
 *   <li>Without the secret in the environment or without {@code auth.portalId} the connection is
 *       {@link WebhookReceiver.Unavailable}: the 503 makes HubSpot retry while the operator fixes it.</li>
 *   <li>Each event is about the object its subscription type names: contact.* → contacts, company.* →
 *       companies, deal.* → deals. Deletions, merges and restores are events about that object too: the
 *       incremental reader reads the recycle bin and {@code hs_merged_object_ids}.</li>
 * </ul>
 */
public final class HubSpotWebhookReceiver implements WebhookReceiver {

    /** The object of a subscription type's prefix, named as routes name the connection's objects. */
    private static final Map<String, String> OBJECTS = Map.of("contact", "contacts", "company", "companies", "deal", "deals");

    @Override
    public String vendor() {
        return "HubSpot";
    }

    @Override
    public String urlSetting() {
        return "the HubSpot app's webhook settings";
    }

    @Override
    public String refusalChecklist() {
        return "that auth.clientSecret is the app's client secret, auth.portalId the account's Hub ID, and this server's clock";
    }

    @Override
    public Verdict receive(ConnectorConfig connection, Request request, Map<String, String> environment, Clock clock) {
        String reference = connection.auth() == null ? null : connection.auth().clientSecret();
        String secret = SecretRefs.resolve(reference, environment).orElse(null);
        Long portalId = connection.auth() == null ? null : connection.auth().portalId();
        if (secret == null) {
            return new Unavailable(reference == null
                    ? "connectors/" + connection.id() + ".yaml sets no auth.clientSecret (add clientSecret: ${HUBSPOT_APP_SECRET})"
                    : "the environment variable " + SecretRefs.variable(reference).orElse(reference) + " is not set");
        }
        if (portalId == null) {
            return new Unavailable("connectors/" + connection.id() + ".yaml sets no auth.portalId (add portalId: <the account's"
                    + " Hub ID>, so deliveries from other accounts that installed the app are refused)");
        }
        String signature = request.header(HubSpotWebhookVerifier.SIGNATURE_HEADER);
        String timestamp = request.header(HubSpotWebhookVerifier.TIMESTAMP_HEADER);
        if (signature == null || timestamp == null) {
            return new Refused("no " + HubSpotWebhookVerifier.SIGNATURE_HEADER + " or " + HubSpotWebhookVerifier.TIMESTAMP_HEADER
                    + " header");
        }
        HubSpotWebhookVerifier verifier = new HubSpotWebhookVerifier(secret, clock);
        String body = new String(request.body(), StandardCharsets.UTF_8);
        HubSpotWebhookVerifier.Verdict verdict = verifier.verify(request.method(), request.url(), body, signature, timestamp);
        if (!verdict.valid()) {
            return new Refused(verdict.reason());
        }
        List<HubSpotWebhookEvent> delivered;
        try {
            delivered = verifier.parse(body);
        } catch (ConnectorException e) {
            return new Unreadable(e.getMessage());
        }
        // an event without portalId reads as 0: say so rather than name an account 0
        List<String> otherPortals = delivered.stream().map(HubSpotWebhookEvent::portalId).filter(id -> !id.equals(portalId))
                .distinct().map(id -> id == 0 ? "none (an event without portalId)" : Long.toString(id)).toList();
        if (!otherPortals.isEmpty()) {
            // signed by the app, but for an account this connection does not speak for
            return new Refused("events of HubSpot account(s) " + otherPortals + ", but auth.portalId is " + portalId
                    + " (another account that installed the same app, or a wrong portalId)");
        }
        return new Accepted(delivered.stream().map(event -> new Event(Long.toString(event.eventId()), event.subscriptionType(),
                OBJECTS.get(event.objectType()), event.objectId(), event.occurredAt(), event.attemptNumber())).toList());
    }
}
