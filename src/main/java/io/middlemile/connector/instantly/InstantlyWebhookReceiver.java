package io.middlemile.connector.instantly;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.middlemile.connector.EventIds;
import io.middlemile.connector.SecretHeaderCheck;
import io.middlemile.connector.WebhookReceiver;
import java.util.Optional;
import io.middlemile.workspace.ConnectorConfig;

import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Instantly's webhook deliveries to one connection, at {@code POST /webhooks/instantly/{connection}}.
 *
 * <p>Doc: https://developer.instantly.ai/webhook-events (payload: {@code timestamp, event_type, workspace, campaign_id,
 * campaign_name}, and for lead events {@code lead_email, email_account, unibox_url, step, variant, ...} plus the lead's
 * fields) and https://developer.instantly.ai/api-reference/webhook/create-a-webhook ({@code headers{}}: custom headers
 * Instantly sends with every delivery).
 *
 * <ul>
 *   <li>Instantly signs nothing. The operator sets a header on the webhook subscription ({@code headers:
 *       {"X-Middlemile-Secret": "<secret>"}}) and names it in the connection's {@code webhooks:} section; a delivery
 *       without it or with another value is {@link Refused} (401). The comparison takes the same time whatever the
 *       value. Without the section the connection takes no deliveries (Refused); with it but without the variable set,
 *       it is {@link Unavailable} (503, Instantly delivers again).</li>
 *   <li>Events: one per delivery (a JSON array is read as several). Their id is the payload's {@code id} or
 *       {@code event_id} when it has one (the docs show none), else {@code sha256:} of the payload with its keys sorted,
 *       so the same event delivered again gets the same id and is recorded once. {@code kind} is the
 *       {@code event_type} as sent (reply_received, email_bounced, lead_unsubscribed, lead_interested,
 *       auto_reply_received, ...), {@code objectId} the lead's email. The events the outreach loop acts on ({@link #LOOP_EVENTS}) are kept
 *       whole ({@link Event#kept}) for the jobs reading {@code hub-read:CONNECTION/events}, which write them back to
 *       the CRM; the others (email_sent, email_opened, ...) are recorded by id only.</li>
 * </ul>
 * Neither the secret nor any header value goes into a verdict's reason.
 */
public final class InstantlyWebhookReceiver implements WebhookReceiver {

    /** The event types the outreach loop acts on; others (email_sent, email_opened, ...) are recorded all the same. */
    public static final Set<String> LOOP_EVENTS = Set.of("reply_received", "auto_reply_received", "email_bounced",
            "lead_unsubscribed", "lead_interested", "lead_not_interested", "lead_meeting_booked", "lead_out_of_office");

    private static final ObjectMapper JSON = new ObjectMapper();

    @Override
    public String vendor() {
        return "Instantly";
    }

    @Override
    public String urlSetting() {
        return "the Instantly webhook's target_hook_url (Instantly: Settings > Integrations > Webhooks)";
    }

    @Override
    public String refusalChecklist() {
        return "that the Instantly webhook sends the header named in webhooks.secretHeader with the value of the variable named"
                + " in webhooks.secret (Instantly: the webhook's custom headers)";
    }

    @Override
    public Verdict receive(ConnectorConfig connection, Request request, Map<String, String> environment, Clock clock) {
        Optional<Verdict> refused = SecretHeaderCheck.refusal(connection, request, environment, vendor(), "INSTANTLY_WEBHOOK_SECRET");
        if (refused.isPresent()) {
            return refused.get();
        }
        JsonNode root;
        try {
            root = JSON.readTree(request.body());
        } catch (IOException e) {
            return new Unreadable("The body is not JSON; an Instantly webhook delivery is a JSON object with event_type and timestamp.");
        }
        List<JsonNode> payloads = new ArrayList<>();
        if (root != null && root.isArray()) {
            root.forEach(payloads::add);
        } else if (root != null) {
            payloads.add(root);
        }
        if (payloads.isEmpty()) {
            return new Unreadable("The body holds no event; an Instantly webhook delivery is a JSON object with event_type and timestamp.");
        }
        List<Event> events = new ArrayList<>();
        for (JsonNode payload : payloads) {
            String type = text(payload, "event_type");
            if (!payload.isObject() || type == null) {
                return new Unreadable("An event has no event_type; Instantly's deliveries carry one (reply_received,"
                        + " email_bounced, lead_unsubscribed, ...).");
            }
            String id = idempotencyKey(payload);
            Instant at = instant(text(payload, "timestamp"));
            String lead = text(payload, "lead_email");
            if (LOOP_EVENTS.contains(type) && lead != null) {
                events.add(Event.kept(id, type, lead, at, bytes(payload)));
            } else {
                events.add(new Event(id, type, null, lead, at, 0));
            }
        }
        return new Accepted(events);
    }

    /** The payload's own id when it has one, else a hash of its content that does not depend on key order. */
    static String idempotencyKey(JsonNode payload) {
        return EventIds.idOrContentHash(payload, "id", "event_id");
    }

    private static byte[] bytes(JsonNode payload) {
        try {
            return JSON.writeValueAsBytes(payload);
        } catch (IOException e) {
            throw new IllegalStateException("cannot write back an Instantly webhook payload just read", e);
        }
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
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
