package io.middlemile.connector.fullenrich;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.middlemile.connector.WebhookReceiver;
import io.middlemile.workspace.ConnectorConfig;
import io.middlemile.workspace.SecretRefs;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * FullEnrich's result deliveries to one FullEnrich connection, served at {@code POST /webhooks/fullenrich/{connection}}
 * (the URL to set as the connection's {@code enrichment.webhookUrl}; FullEnrich takes it per submission).
 *
 * <p>Doc: https://docs.fullenrich.com/api/v2/general/webhooks. The body of {@code webhook_url} is the enrichment as
 * {@code GET /contact/enrich/bulk/{id}} answers it, posted when the enrichment finishes, runs out of credits or is
 * canceled; {@code webhook_events.contact_finished} posts the same envelope with one contact and status IN_PROGRESS
 * after each contact. Header {@code X-Signature-SHA1} is the lowercase hex HMAC-SHA1 of the raw body keyed with the
 * workspace's API key. A non-2xx answer is retried every minute, 5 times. There is no event id and no timestamp:
 * an event's id is the enrichment id and status (and the contact's key for a per-contact event), so a redelivery
 * is recorded once.
 */
public final class FullEnrichWebhookReceiver implements WebhookReceiver {

    public static final String SIGNATURE_HEADER = "X-Signature-SHA1";
    private static final ObjectMapper JSON = new ObjectMapper();

    @Override
    public String vendor() {
        return "FullEnrich";
    }

    @Override
    public String urlSetting() {
        return "the connection's enrichment.webhookUrl (sent with each submission)";
    }

    @Override
    public String refusalChecklist() {
        return "that auth.token holds the API key of the FullEnrich workspace that ran the enrichment (it signs deliveries),"
                + " and that the key was not regenerated since the submission";
    }

    @Override
    public Verdict receive(ConnectorConfig connection, Request request, Map<String, String> environment, Clock clock) {
        String reference = connection.auth() == null ? null : connection.auth().token();
        String apiKey = SecretRefs.resolve(reference, environment).orElse(null);
        if (apiKey == null) {
            return new Unavailable(reference == null
                    ? "connectors/" + connection.id() + ".yaml sets no auth.token (add token: ${FULLENRICH_API_KEY})"
                    : "the environment variable " + SecretRefs.variable(reference).orElse(reference) + " is not set");
        }
        String signature = request.header(SIGNATURE_HEADER);
        if (signature == null || signature.isBlank()) {
            return new Refused("no " + SIGNATURE_HEADER + " header");
        }
        byte[] expected = sign(apiKey, request.body()).getBytes(StandardCharsets.US_ASCII);
        byte[] given = signature.trim().toLowerCase(Locale.ROOT).getBytes(StandardCharsets.US_ASCII);
        if (!MessageDigest.isEqual(expected, given)) {
            return new Refused(SIGNATURE_HEADER + " does not match the body signed with the connection's API key (forged,"
                    + " altered, or signed with another workspace's key)");
        }
        JsonNode root;
        try {
            root = JSON.readTree(request.body());
        } catch (IOException e) {
            return new Unreadable("the body is not JSON: FullEnrich posts the enrichment object of GET /contact/enrich/bulk/{id}");
        }
        if (root == null || !root.isObject() || !root.path("id").isTextual() || !root.path("status").isTextual()) {
            return new Unreadable("the body is not a FullEnrich enrichment: it needs the fields id and status");
        }
        String id = root.path("id").asText();
        String status = root.path("status").asText();
        String kind = "enrichment." + status.toLowerCase(Locale.ROOT);
        List<Event> events = new ArrayList<>();
        if (isOver(status)) {
            events.add(new Event(id + ":" + status, kind, null, id, null, 0, request.body()));
        } else {
            // contact_finished: one contact per delivery, identified by the key the connector put in custom
            for (JsonNode contact : root.path("data")) {
                String key = contact.path("custom").path(FullEnrichJson.KEY_FIELD).asText("");
                events.add(new Event(id + ":" + status + ":" + key, kind, null, id, null, 0, request.body()));
            }
            if (events.isEmpty()) {
                events.add(new Event(id + ":" + status, kind, null, id, null, 0, request.body()));
            }
        }
        return new Accepted(events);
    }

    private static boolean isOver(String status) {
        return "FINISHED".equals(status) || "CREDITS_INSUFFICIENT".equals(status) || "CANCELED".equals(status);
    }

    /** Lowercase hex HMAC-SHA1 of the raw body under the API key, as FullEnrich signs. */
    static String sign(String apiKey, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA1");
            mac.init(new SecretKeySpec(apiKey.getBytes(StandardCharsets.UTF_8), "HmacSHA1"));
            return HexFormat.of().formatHex(mac.doFinal(body));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA1 is unavailable in this JVM", e);
        }
    }
}
