package io.middlemile.web;

import io.middlemile.connector.ConnectorException;
import io.middlemile.connector.hubspot.HubSpotWebhookEvent;
import io.middlemile.connector.hubspot.HubSpotProvider;
import io.middlemile.connector.hubspot.HubSpotWebhookVerifier;
import io.middlemile.store.WebhookEventStore;
import io.middlemile.workspace.ConnectorConfig;
import io.middlemile.workspace.HubEndpoint;
import io.middlemile.workspace.RouteInfo;
import io.middlemile.workspace.SecretRefs;
import io.middlemile.workspace.Workspace;
import jakarta.servlet.http.HttpServletRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code POST /webhooks/hubspot/{connection}}: HubSpot's webhook deliveries for one HubSpot connection
 * of the workspace (the URL to enter in the app's webhook settings).
 *
 * <p>Doc: https://developers.hubspot.com/docs/api/webhooks (payload: a JSON array of events with
 * eventId, subscriptionId, portalId, appId, occurredAt, subscriptionType, attemptNumber, objectId,
 * changeSource, propertyName/propertyValue, mergedObjectIds...; HubSpot retries a delivery that fails,
 * times out or gets a 5xx, up to 10 times over 24 hours, and does not retry 400/401/403/404/405) and
 * https://developers.hubspot.com/docs/apps/legacy-apps/authentication/validating-requests (v3 signature).
 *
 * <ul>
 *   <li>The body is capped ({@link BodyLimit}) before it is read. The signature is checked with the app's
 *       client secret, the connection's {@code auth.clientSecret} (a {@code ${VAR}} reference, read from the
 *       environment), and every event must be of the connection's account ({@code auth.portalId}). A
 *       forged, altered, stale (over 5 minutes) or other-account delivery, and one to a connection that does
 *       not exist, all get the same 401; the reason is logged with the connection, never the body, and
 *       nothing of it is recorded or run.</li>
 *   <li>A valid delivery is recorded in {@code webhook_events}, once per eventId (HubSpot redelivers),
 *       and each new event triggers an incremental run of every started job reading that connection's object
 *       (contact.* → contacts, company.* → companies, deal.* → deals). The answer comes before the run:
 *       HubSpot's timeout is a few seconds, and a burst of events coalesces into one run per job.
 *       Deletions, merges and restores only trigger the run too: the incremental reader reads the
 *       recycle bin and {@code hs_merged_object_ids}.</li>
 * </ul>
 */
@RestController
public class HubSpotWebhookController {

    private static final Logger LOG = LoggerFactory.getLogger(HubSpotWebhookController.class);
    private static final Map<String, String> OBJECTS = Map.of("contact", "contacts", "company", "companies", "deal", "deals");

    private final Workspace workspace;
    private final WebhookEventStore events;
    private final JobTriggers triggers;
    private final String publicUrl;
    private final Clock clock;

    /**
     * @param publicUrl the scheme, host and port HubSpot calls (e.g. https://hub.example.com) when a proxy in
     *                  front of the engine terminates TLS: HubSpot signs the URL it called, not the one the
     *                  engine sees. Empty: the URL as received.
     */
    public HubSpotWebhookController(Workspace workspace, WebhookEventStore events, JobTriggers triggers,
                                    @Value("${middlemile.webhooks.public-url:}") String publicUrl) {
        this.workspace = workspace;
        this.events = events;
        this.triggers = triggers;
        this.publicUrl = publicUrl.endsWith("/") ? publicUrl.substring(0, publicUrl.length() - 1) : publicUrl;
        this.clock = Clock.systemUTC();
    }

    @PostMapping("/webhooks/hubspot/{connection}")
    public ResponseEntity<Map<String, Object>> receive(@PathVariable String connection, HttpServletRequest request)
            throws IOException {
        ConnectorConfig config = workspace.connectors().get(connection);
        if (config == null || !HubSpotProvider.TYPE.equals(config.type())) {
            // the same answer as a bad signature: a caller learns nothing of which connections exist
            return refuse(connection, request, "the workspace has no HubSpot connection of that name; fix the target URL in the"
                    + " HubSpot app's webhook settings");
        }
        if (!triggers.ready()) {
            // 503 before anything is recorded: HubSpot retries, and by then the jobs can run
            LOG.info("A HubSpot webhook delivery to connection {} came while the engine is starting; answered 503 so HubSpot"
                    + " retries it", connection);
            return error(503, "The engine is starting; deliver again shortly");
        }
        String reference = config.auth() == null ? null : config.auth().clientSecret();
        String secret = SecretRefs.resolve(reference, System.getenv()).orElse(null);
        Long portalId = config.auth() == null ? null : config.auth().portalId();
        if (secret == null || portalId == null) {
            // 503: HubSpot retries, so deliveries are not lost while the operator fixes the configuration
            LOG.error("Cannot accept HubSpot webhook deliveries for connection {}: {}; the delivery was not processed"
                    + " (HubSpot will retry it)", connection, secret == null ? (reference == null
                    ? "connectors/" + connection + ".yaml sets no auth.clientSecret (add clientSecret: ${HUBSPOT_APP_SECRET})"
                    : "the environment variable " + SecretRefs.variable(reference).orElse(reference) + " is not set")
                    : "connectors/" + connection + ".yaml sets no auth.portalId (add portalId: <the account's Hub ID>, so"
                    + " deliveries from other accounts that installed the app are refused)");
            return error(503, "Webhooks are not available on this engine right now; deliver again later");
        }
        HubSpotWebhookVerifier verifier = new HubSpotWebhookVerifier(secret, clock);
        String signature = request.getHeader(HubSpotWebhookVerifier.SIGNATURE_HEADER);
        String timestamp = request.getHeader(HubSpotWebhookVerifier.TIMESTAMP_HEADER);
        if (signature == null || timestamp == null) {
            return refuse(connection, request, "no " + HubSpotWebhookVerifier.SIGNATURE_HEADER + " or "
                    + HubSpotWebhookVerifier.TIMESTAMP_HEADER + " header");
        }
        // bounded by BodyLimit: a body over middlemile.http.max-body-size throws and is answered 413 unread
        String text = new String(request.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        HubSpotWebhookVerifier.Verdict verdict = verifier.verify(request.getMethod(), signedUri(request), text, signature, timestamp);
        if (!verdict.valid()) {
            return refuse(connection, request, verdict.reason());
        }
        List<HubSpotWebhookEvent> delivered;
        try {
            delivered = verifier.parse(text);
        } catch (ConnectorException e) {
            LOG.warn("Refused a signed HubSpot webhook delivery to connection {}: {}", connection, e.getMessage());
            return error(400, e.getMessage());
        }
        List<Long> otherPortals = delivered.stream().map(HubSpotWebhookEvent::portalId).filter(id -> !id.equals(portalId))
                .distinct().toList();
        if (!otherPortals.isEmpty()) {
            // signed by the app, but for an account this connection does not speak for
            return refuse(connection, request, "events of HubSpot account(s) " + otherPortals + ", but auth.portalId is "
                    + portalId + " (another account that installed the same app, or a wrong portalId)");
        }
        Set<Long> fresh = events.record(connection, delivered.stream().map(e -> new WebhookEventStore.Event(e.eventId(),
                e.subscriptionType(), e.objectId(), e.occurredAt(), e.attemptNumber())).toList());
        Set<String> jobs = new LinkedHashSet<>();
        Set<String> unknownObjects = new LinkedHashSet<>();
        for (HubSpotWebhookEvent event : delivered) {
            if (!fresh.contains(event.eventId())) {
                continue; // a redelivery: its run was triggered when it first came
            }
            String object = OBJECTS.get(event.objectType());
            if (object == null) {
                unknownObjects.add(event.subscriptionType());
                continue;
            }
            jobs.addAll(jobsReading(connection, object));
        }
        if (!unknownObjects.isEmpty()) {
            LOG.info("HubSpot webhook events {} of connection {} were recorded; no job reads their object type", unknownObjects,
                    connection);
        }
        List<String> triggered = jobs.stream().filter(triggers::trigger).toList();
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("received", delivered.size());
        answer.put("new", fresh.size());
        answer.put("triggered", triggered);
        return ResponseEntity.ok(answer);
    }

    /** One answer for every delivery that is not authentic; the reason goes to the log only, never the body. */
    private ResponseEntity<Map<String, Object>> refuse(String connection, HttpServletRequest request, String reason) {
        LOG.warn("Refused a HubSpot webhook delivery to connection {} from {}: {}. Nothing was recorded or run. If these are"
                        + " HubSpot's own deliveries, check that auth.clientSecret is the app's client secret, auth.portalId the"
                        + " account's Hub ID, and this server's clock{}", shortened(connection), request.getRemoteAddr(),
                reason, publicUrl.isEmpty() ? ", and behind a proxy set middlemile.webhooks.public-url" : "");
        return error(401, "The delivery could not be authenticated");
    }

    /** Jobs whose route starts with hub-read:CONNECTION/OBJECT. */
    private List<String> jobsReading(String connection, String object) {
        return workspace.routes().stream().filter(route -> route.endpoints().stream().anyMatch(endpoint ->
                        endpoint.kind() == HubEndpoint.Kind.READ && connection.equals(endpoint.connection())
                                && object.equals(endpoint.object())))
                .map(RouteInfo::id).toList();
    }

    /** The URI HubSpot signed: the full URL it called, with the query string. */
    private String signedUri(HttpServletRequest request) {
        String query = request.getQueryString() == null ? "" : "?" + request.getQueryString();
        if (!publicUrl.isEmpty()) {
            return publicUrl + request.getRequestURI() + query;
        }
        return request.getRequestURL() + query;
    }

    /** A caller-chosen name, cut so it cannot flood the log (the firewall already refused control characters). */
    private static String shortened(String name) {
        return name.length() > 80 ? name.substring(0, 80) + "..." : name;
    }

    private static ResponseEntity<Map<String, Object>> error(int status, String message) {
        return ResponseEntity.status(status).body(Map.of("error", message));
    }
}
