package io.middlemile.connector.unipile;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.middlemile.connector.EventIds;
import io.middlemile.connector.SecretHeaderCheck;
import io.middlemile.connector.WebhookReceiver;
import io.middlemile.workspace.ConnectorConfig;

import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Unipile's webhook deliveries to one connection, at {@code POST /webhooks/unipile/{connection}}.
 *
 * <p>Doc: https://developer.unipile.com/docs/webhooks-2 (a webhook is {@code POST /api/v1/webhooks {request_url, source,
 * name, headers[{key, value}]}}; a delivery not answered 200 within 30 s is retried five times with growing delays),
 * https://developer.unipile.com/docs/detecting-accepted-invitations ({@code source: users}, event {@code new_relation}:
 * {@code {event, account_id, account_type, webhook_name, user_full_name, user_provider_id, user_public_identifier,
 * user_profile_url, user_picture_url}}, sent up to 8 hours after the acceptance) and
 * https://developer.unipile.com/docs/new-messages-webhook ({@code source: messaging}, events {@code message_received},
 * {@code message_reaction}, {@code message_read}: {@code {account_id, account_type, event, chat_id, timestamp,
 * webhook_name, message_id, message, sender{attendee_id, attendee_name, attendee_provider_id, attendee_profile_url},
 * attendees[], attachments}}; messages the account sent itself, from another device, come as well).
 *
 * <ul>
 *   <li>Unipile signs nothing. The operator sets a header on each webhook ({@code headers: [{"key": "X-Middlemile-Secret",
 *       "value": "<secret>"}]}) and names it in the connection's {@code webhooks:} section, checked by
 *       {@link SecretHeaderCheck}: without it or with another value, {@link Refused} (401); the variable unset,
 *       {@link Unavailable} (503, Unipile delivers again).</li>
 *   <li>Events kept whole ({@link Event#kept}, object {@value WebhookReceiver#EVENTS}): {@code new_relation} (objectId:
 *       {@code user_public_identifier}) and {@code message_received} from someone else (objectId: the last part of
 *       {@code sender.attendee_profile_url}, else {@code sender.attendee_provider_id}). Their id is the payload's
 *       {@code id} when it has one, else {@code sha256:} of the payload with its keys sorted, so a redelivery is recorded
 *       once.</li>
 *   <li>Accepted but not kept (an empty {@link Accepted}): {@code message_reaction}, {@code message_read}, a message the
 *       account sent itself ({@code is_sender: true}, or a sender whose provider id is {@code account_info.user_id}), and
 *       events of other sources (account status, email): none is a person's answer.</li>
 * </ul>
 * Neither the secret nor any header value goes into a verdict's reason.
 */
public final class UnipileWebhookReceiver implements WebhookReceiver {

    /** The events kept for the outreach loop. */
    public static final Set<String> KEPT_EVENTS = Set.of("new_relation", "message_received");

    private static final ObjectMapper JSON = new ObjectMapper();

    @Override
    public String vendor() {
        return "Unipile";
    }

    @Override
    public String urlSetting() {
        return "the Unipile webhook's request_url (Unipile dashboard > Webhooks, or POST /api/v1/webhooks)";
    }

    @Override
    public String refusalChecklist() {
        return "that each Unipile webhook (source users and messaging) sends the header named in webhooks.secretHeader with the"
                + " value of the variable named in webhooks.secret (Unipile: the webhook's headers)";
    }

    @Override
    public Verdict receive(ConnectorConfig connection, Request request, Map<String, String> environment, Clock clock) {
        Optional<Verdict> refusal = SecretHeaderCheck.refusal(connection, request, environment, "Unipile", "UNIPILE_WEBHOOK_SECRET");
        if (refusal.isPresent()) {
            return refusal.get();
        }
        JsonNode payload;
        try {
            payload = JSON.readTree(request.body());
        } catch (IOException e) {
            return new Unreadable("The body is not JSON; a Unipile webhook delivery is a JSON object with event and account_id.");
        }
        if (payload == null || !payload.isObject() || text(payload, "event") == null) {
            return new Unreadable("The body has no event; Unipile's deliveries carry one (new_relation, message_received, ...).");
        }
        String event = text(payload, "event");
        if (!KEPT_EVENTS.contains(event) || ("message_received".equals(event) && sentByTheAccount(payload))) {
            return new Accepted(List.of());
        }
        String person = "new_relation".equals(event) ? text(payload, "user_public_identifier") : sender(payload);
        if (person == null) {
            return new Unreadable("The " + event + " event names no person (" + ("new_relation".equals(event)
                    ? "user_public_identifier" : "sender.attendee_profile_url or sender.attendee_provider_id") + ").");
        }
        byte[] body;
        try {
            body = JSON.writeValueAsBytes(payload);
        } catch (IOException e) {
            throw new IllegalStateException("cannot write a Unipile webhook payload back", e);
        }
        return new Accepted(List.of(Event.kept(EventIds.idOrContentHash(payload, "id"), event, person, instant(text(payload, "timestamp")), body)));
    }

    /** A message the connected account sent itself (from another device): not the person's answer. */
    private static boolean sentByTheAccount(JsonNode payload) {
        if (payload.path("is_sender").asBoolean(false)) {
            return true;
        }
        String self = text(payload.path("account_info"), "user_id");
        String sender = text(payload.path("sender"), "attendee_provider_id");
        return self != null && self.equals(sender);
    }

    /** The sender's LinkedIn identifier: the last part of its profile URL, else its provider id. */
    private static String sender(JsonNode payload) {
        JsonNode sender = payload.path("sender");
        String url = text(sender, "attendee_profile_url");
        if (url != null) {
            String identifier = UnipileConnector.publicIdentifier(url);
            if (!identifier.isBlank()) {
                return identifier;
            }
        }
        return text(sender, "attendee_provider_id");
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node == null ? null : node.get(field);
        return value == null || !value.isValueNode() || value.isNull() || value.asText().isBlank() ? null : value.asText();
    }

    private static Instant instant(String value) {
        if (value == null) {
            return null;
        }
        try {
            return Instant.parse(value);
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
