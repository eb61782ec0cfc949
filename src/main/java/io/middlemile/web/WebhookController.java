package io.middlemile.web;

import io.middlemile.connector.Provider;
import io.middlemile.connector.Providers;
import io.middlemile.connector.WebhookReceiver;
import io.middlemile.store.EnrichTicketStore;
import io.middlemile.store.WebhookEventStore;
import io.middlemile.workspace.ConnectorConfig;
import io.middlemile.workspace.HubEndpoint;
import io.middlemile.workspace.RouteInfo;
import io.middlemile.workspace.SecretEnvironment;
import io.middlemile.workspace.Workspace;
import jakarta.servlet.http.HttpServletRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

import java.io.IOException;
import java.time.Clock;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * {@code POST /webhooks/{type}/{connection}}: a provider's webhook deliveries for one connection of the
 * workspace, for every provider that declares a {@link WebhookReceiver} ({@link Provider#webhooks()}); HubSpot's
 * URL is {@code /webhooks/hubspot/{connection}}. What is the same for every provider is here; the signature,
 * the account check and the payload are the receiver's.
 *
 * <ul>
 *   <li>The body is capped ({@link BodyLimit}) before it is read. A delivery to a connection that does not exist,
 *       is of another type, or whose provider receives no webhooks, gets the same 401 as one the receiver
 *       refuses (forged, altered, stale, another account's), so a caller learns nothing of the workspace; the
 *       reason is logged with the connection, never the body, and nothing of it is recorded or run.</li>
 *   <li>503 while the engine starts, and while the receiver says the connection cannot check deliveries (a
 *       secret not in the environment): providers retry a 5xx, so nothing is lost while it is fixed.</li>
 *   <li>An accepted delivery is recorded in {@code webhook_events}, once per event id (providers redeliver),
 *       and each new event triggers an incremental run of every started job reading that connection's object
 *       ({@code hub-read:CONNECTION/OBJECT}). The answer comes before the run: providers wait a few seconds at
 *       most, and a burst of events coalesces into one run per job ({@link JobTriggers}). In a cluster with Kafka
 *       ({@code middlemile.kafka.bootstrap-servers}) the run is asked of the node holding the connection's partition
 *       ({@link WebhookTopic}); the store stays the source of truth and de-duplicates as ever.</li>
 *   <li>An event that carries results (an enrichment provider's answer, {@code Event.payload}) is kept with the
 *       pending submission it answers ({@code enrich_tickets}), where the waiting waterfall reads it.</li>
 *   <li>An event kept whole ({@code Event.kept}: an outreach reply, bounce or accepted invitation) is stored with its
 *       body and triggers the jobs reading {@code hub-read:CONNECTION/events}, which write it back to the CRM.</li>
 * </ul>
 */
@RestController
public class WebhookController {

    private static final Logger LOG = LoggerFactory.getLogger(WebhookController.class);

    private final Workspace workspace;
    private final WebhookEventStore events;
    private final EnrichTicketStore tickets;
    private final JobTriggers triggers;
    /** Null without Kafka ({@code middlemile.kafka.bootstrap-servers}). */
    private final WebhookTopic topic;
    private final SecretEnvironment secrets;
    private final String publicUrl;
    private final Clock clock;

    /**
     * @param publicUrl the scheme, host and port the provider calls (e.g. https://hub.example.com) when a proxy in
     *                  front of the engine terminates TLS: providers sign the URL they called, not the one the
     *                  engine sees. Empty: the URL as received.
     */
    public WebhookController(Workspace workspace, WebhookEventStore events, EnrichTicketStore tickets, JobTriggers triggers,
                             SecretEnvironment secrets, @Value("${middlemile.webhooks.public-url:}") String publicUrl,
                             ObjectProvider<WebhookTopic> topic) {
        this.workspace = workspace;
        this.topic = topic.getIfAvailable();
        this.secrets = secrets;
        this.events = events;
        this.tickets = tickets;
        this.triggers = triggers;
        this.publicUrl = publicUrl.endsWith("/") ? publicUrl.substring(0, publicUrl.length() - 1) : publicUrl;
        this.clock = Clock.systemUTC();
    }

    @PostMapping("/webhooks/{type}/{connection}")
    public ResponseEntity<Map<String, Object>> receive(@PathVariable String type, @PathVariable String connection,
                                                       HttpServletRequest request) throws IOException {
        Optional<WebhookReceiver> found = Providers.CATALOG.provider(type).flatMap(Provider::webhooks);
        if (found.isEmpty()) {
            // the same answer as a bad signature: a caller learns nothing of which providers are configured
            return refuse(shortened(type), null, connection, request, "no connector type " + shortened(type)
                    + " receives webhooks; fix the target URL at the provider (/webhooks/<type>/<connection>)");
        }
        WebhookReceiver receiver = found.get();
        ConnectorConfig config = workspace.connectors().get(connection);
        if (config == null || !type.equals(config.type())) {
            return refuse(receiver.vendor(), receiver, connection, request, "the workspace has no " + receiver.vendor()
                    + " connection of that name; fix the target URL in " + receiver.urlSetting());
        }
        if (!triggers.ready()) {
            // 503 before anything is recorded: the provider retries, and by then the jobs can run
            LOG.info("A {} webhook delivery to connection {} came while the engine is starting; answered 503 so {} retries it",
                    receiver.vendor(), connection, receiver.vendor());
            return error(503, "The engine is starting; deliver again shortly");
        }
        // bounded by BodyLimit: a body over middlemile.http.max-body-size throws and is answered 413 unread
        byte[] body = request.getInputStream().readAllBytes();
        WebhookReceiver.Verdict verdict = receiver.receive(config,
                new WebhookReceiver.Request(request.getMethod(), signedUrl(request), headers(request), body), secrets.variables(), clock);
        if (verdict instanceof WebhookReceiver.Unavailable unavailable) {
            LOG.error("Cannot accept {} webhook deliveries for connection {}: {}; the delivery was not processed (answered 503,"
                    + " so {} delivers it again)", receiver.vendor(), connection, unavailable.reason(), receiver.vendor());
            return error(503, "Webhooks are not available on this engine right now; deliver again later");
        }
        if (verdict instanceof WebhookReceiver.Refused refused) {
            return refuse(receiver.vendor(), receiver, connection, request, refused.reason());
        }
        if (verdict instanceof WebhookReceiver.Unreadable unreadable) {
            LOG.warn("Refused a signed {} webhook delivery to connection {}: {}", receiver.vendor(), connection, unreadable.reason());
            return error(400, unreadable.reason());
        }
        List<WebhookReceiver.Event> delivered = ((WebhookReceiver.Accepted) verdict).events();
        return ResponseEntity.ok(record(receiver, connection, delivered));
    }

    /** Records the events once each and triggers the jobs reading the objects of the new ones; the answer's body. */
    private Map<String, Object> record(WebhookReceiver receiver, String connection, List<WebhookReceiver.Event> delivered) {
        // an outreach event is kept whole: the job writing it back to the CRM reads it from the store, not the provider
        Set<String> fresh = events.record(connection, delivered.stream().map(e -> new WebhookEventStore.Event(e.id(), e.kind(),
                e.objectId(), e.occurredAt(), e.attempt(), kept(e) ? e.payload() : null)).toList());
        Set<String> jobs = new LinkedHashSet<>();
        Set<String> unreadKinds = new LinkedHashSet<>();
        for (WebhookReceiver.Event event : delivered) {
            if (!fresh.contains(event.id())) {
                continue; // a redelivery: its run was triggered when it first came
            }
            if (kept(event)) {
                jobs.addAll(jobsReading(connection, WebhookReceiver.EVENTS));
                continue;
            }
            if (event.payload() != null && event.objectId() != null) {
                // results a waterfall waits on: kept with the waiting submission, read by it instead of a paid poll; a
                // run of the job that submitted it collects them (and queues its records to be read again)
                tickets.deliver(connection, event.objectId(), event.payload()).ifPresentOrElse(ticket -> {
                    if (ticket.job() != null) {
                        jobs.add(ticket.job());
                    }
                }, () -> LOG.info("A {} delivery for submission {} of connection {} matched no pending submission (already"
                        + " answered, or made by another workspace); it was recorded and not used", receiver.vendor(), event.objectId(),
                        connection));
                continue;
            }
            if (event.object() == null) {
                unreadKinds.add(event.kind());
                continue;
            }
            jobs.addAll(jobsReading(connection, event.object()));
        }
        if (!unreadKinds.isEmpty()) {
            LOG.info("{} webhook events {} of connection {} were recorded; no job reads their object type", receiver.vendor(),
                    unreadKinds, connection);
        }
        // in a cluster with Kafka, the node holding the connection's partition runs them; else this one
        List<String> triggered = topic != null ? topic.publish(connection, List.copyOf(fresh), List.copyOf(jobs))
                : jobs.stream().filter(triggers::trigger).toList();
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("received", delivered.size());
        answer.put("new", fresh.size());
        answer.put("triggered", triggered);
        return answer;
    }

    /**
     * One answer for every delivery that is not authentic; the reason goes to the log only, never the body.
     *
     * @param receiver null when the type has none (nothing to suggest checking)
     */
    private ResponseEntity<Map<String, Object>> refuse(String vendor, WebhookReceiver receiver, String connection,
                                                       HttpServletRequest request, String reason) {
        String checklist = receiver == null ? "" : " If these are " + vendor + "'s own deliveries, check "
                + receiver.refusalChecklist() + (publicUrl.isEmpty() ? ", and behind a proxy set middlemile.webhooks.public-url" : "");
        LOG.warn("Refused a {} webhook delivery to connection {} from {}: {}. Nothing was recorded or run.{}", vendor,
                shortened(connection), request.getRemoteAddr(), reason, checklist);
        return error(401, "The delivery could not be authenticated");
    }

    private static boolean kept(WebhookReceiver.Event event) {
        return WebhookReceiver.EVENTS.equals(event.object()) && event.payload() != null;
    }

    /** Jobs whose route starts with hub-read:CONNECTION/OBJECT. */
    private List<String> jobsReading(String connection, String object) {
        return workspace.routes().stream().filter(route -> route.endpoints().stream().anyMatch(endpoint ->
                        endpoint.kind() == HubEndpoint.Kind.READ && connection.equals(endpoint.connection())
                                && object.equals(endpoint.object())))
                .map(RouteInfo::id).toList();
    }

    /** The URL the provider called and signed: the full URL, with the query string. */
    private String signedUrl(HttpServletRequest request) {
        String query = request.getQueryString() == null ? "" : "?" + request.getQueryString();
        if (!publicUrl.isEmpty()) {
            return publicUrl + request.getRequestURI() + query;
        }
        return request.getRequestURL() + query;
    }

    /** The first value of each header; the receiver looks them up without regard to case. */
    private static Map<String, String> headers(HttpServletRequest request) {
        Map<String, String> headers = new LinkedHashMap<>();
        for (String name : Collections.list(request.getHeaderNames())) {
            headers.putIfAbsent(name, request.getHeader(name));
        }
        return headers;
    }

    /** A caller-chosen name, cut so it cannot flood the log (the firewall already refused control characters). */
    private static String shortened(String name) {
        return name.length() > 80 ? name.substring(0, 80) + "..." : name;
    }

    private static ResponseEntity<Map<String, Object>> error(int status, String message) {
        return ResponseEntity.status(status).body(Map.of("error", message));
    }
}
