package io.middlemile.connector;

import io.middlemile.workspace.ConnectorConfig;

import java.time.Clock;
import java.time.Instant;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * How a provider that pushes changes has its webhook deliveries checked and read. A {@link Provider}
 * declares one in {@link Provider#webhooks()}; the engine's one webhook endpoint,
 * {@code POST /webhooks/{type}/{connection}} ({@code web.WebhookController}), does everything that is
 * the same for every provider (the connection lookup, the body cap, the one 401 answer, recording each
 * event once, triggering the jobs that read the object) and hands the provider-specific part here:
 * the signature and its secret, the account check, and the payload's format.
 *
 * <p>A receiver is stateless and called on the request thread; it must not call the provider (the
 * provider waits for the answer a few seconds at most) and must never put the body, a secret or a
 * header value into a {@link Verdict}'s reason: reasons are logged.
 */
public interface WebhookReceiver {

    /** The object of events kept whole ({@link Event#kept}): routes read them with {@code hub-read:CONNECTION/events}. */
    String EVENTS = "events";

    /** The provider as an operator knows it, for log lines: "HubSpot". */
    String vendor();

    /** Where the delivery URL is entered at the provider, for the log line of a delivery to an unknown connection. */
    String urlSetting();

    /**
     * What an operator checks when the provider's own deliveries are refused, worded to follow "check":
     * the connector-file fields that hold the secret and the account, the server's clock, ...
     */
    String refusalChecklist();

    /**
     * Checks one delivery to {@code connection} (a connection of this provider's type) and reads its events.
     *
     * @param connection  the connection's connector file
     * @param request     the delivery as received, its body already read within the engine's size cap
     * @param environment where {@code ${VAR}} secret references of the connector file are resolved
     * @param clock       now, for replay windows
     */
    Verdict receive(ConnectorConfig connection, Request request, Map<String, String> environment, Clock clock);

    /**
     * One delivery.
     *
     * @param method  the HTTP method, as the provider sent it (POST)
     * @param url     the full URL the provider called, with its query string: what it signed (behind a proxy, the
     *                public origin; see {@code middlemile.webhooks.public-url})
     * @param headers the request's headers, looked up by {@link #header} without regard to case
     * @param body    the raw body; not copied, do not change it
     */
    record Request(String method, String url, Map<String, String> headers, byte[] body) {

        public Request {
            Objects.requireNonNull(method, "method");
            Objects.requireNonNull(url, "url");
            Objects.requireNonNull(body, "body");
            TreeMap<String, String> caseless = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
            caseless.putAll(headers);
            headers = Collections.unmodifiableMap(caseless);
        }

        /** The header's (first) value; null when the request has none. */
        public String header(String name) {
            return headers.get(name);
        }
    }

    /**
     * One event of an accepted delivery, in the hub's terms.
     *
     * @param id         the provider's event id, unique per connection: a redelivery carries the same id and is
     *                   recorded and acted on once
     * @param kind       the provider's name for what happened, as recorded (HubSpot: contact.creation)
     * @param object     the connection's object the event is about, as routes name it in {@code hub-read:}
     *                   (contacts, companies, deals); null when the hub reads no object for this kind of event
     * @param objectId   the provider's id of the record concerned; may be null
     * @param occurredAt when it happened at the provider; may be null
     * @param attempt    the provider's delivery attempt (0 for the first) where it says so, else 0
     * @param payload    for an event that carries results the hub waits on (an enrichment's answer, whose
     *                   {@code objectId} is the submission's id), the part of the body that holds them, kept with the
     *                   waiting submission and read by the provider's connector; for an event {@link #kept} whole
     *                   (object {@value WebhookReceiver#EVENTS}), the event itself; null for change notifications
     */
    record Event(String id, String kind, String object, String objectId, Instant occurredAt, int attempt, byte[] payload) {

        public Event {
            Objects.requireNonNull(id, "id");
            Objects.requireNonNull(kind, "kind");
        }

        /**
         * An event kept whole (an outreach reply, bounce or accepted invitation): recorded with its body under the
         * object {@value WebhookReceiver#EVENTS}, where jobs reading {@code hub-read:CONNECTION/events} find it.
         *
         * @param objectId the person concerned as the provider names them (a lead's email, a LinkedIn identifier)
         * @param event    the event as delivered (one JSON object)
         */
        public static Event kept(String id, String kind, String objectId, Instant occurredAt, byte[] event) {
            return new Event(id, kind, EVENTS, objectId, occurredAt, 0, Objects.requireNonNull(event, "event"));
        }

        /** A change notification: the hub reads the object again, the delivery carries nothing it keeps. */
        public Event(String id, String kind, String object, String objectId, Instant occurredAt, int attempt) {
            this(id, kind, object, objectId, occurredAt, attempt, null);
        }
    }

    /** What became of a delivery. */
    sealed interface Verdict {
    }

    /** Authentic, and of this connection's account: its events are recorded and their jobs triggered (200). */
    record Accepted(List<Event> events) implements Verdict {

        public Accepted {
            events = List.copyOf(events);
        }
    }

    /**
     * Not authentic (forged, altered, stale, unsigned) or not for this connection's account: the same 401 as a
     * delivery to a connection that does not exist, nothing recorded. {@code reason} is logged, never answered.
     */
    record Refused(String reason) implements Verdict {
    }

    /**
     * The connection cannot check deliveries yet (its secret is not in the environment, a field it needs is
     * missing): 503, so that the provider delivers again once the operator has fixed it. {@code reason} says
     * what to set and is logged, never answered.
     */
    record Unavailable(String reason) implements Verdict {
    }

    /** Authentic but unreadable (not the documented payload): 400, with {@code reason} as the answer. */
    record Unreadable(String reason) implements Verdict {
    }
}
