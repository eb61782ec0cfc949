package io.middlemile.connector.apollo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.middlemile.connector.WebhookReceiver;
import io.middlemile.workspace.ConnectorConfig;
import io.middlemile.workspace.SecretRefs;

import java.io.IOException;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Apollo's phone deliveries to one Apollo connection, at {@code POST /webhooks/apollo/{connection}?token=<secret>}.
 *
 * <p>Doc: https://docs.apollo.io/reference/bulk-people-enrichment ("Webhook Details": with
 * {@code reveal_phone_number=true} Apollo posts a JSON holding only the phone details to {@code webhook_url}, possibly
 * minutes later; the endpoint must be public https; Apollo may retry, so receivers must be idempotent) and
 * https://docs.apollo.io/reference/poll-webhook-result (the payload: {@code request_id}, {@code people[]} of
 * {@code {id, status, phone_numbers[]}}, {@code credits_consumed}).
 *
 * <ul>
 *   <li>Apollo signs nothing (no secret, signature header or mTLS is documented). The connector therefore gives Apollo
 *       the connection's {@code enrichment.webhookUrl} with a {@code token} query parameter holding the secret of
 *       {@code auth.token}; a delivery without it, or with another value, is {@link Refused}. The comparison takes the
 *       same time whatever the value. Without the secret in the environment the connection is {@link Unavailable}.</li>
 *   <li>Events: one per person of the payload, id {@code <request_id>:<person id>} (stable across Apollo's retries),
 *       {@code objectId} the request_id (the ticket it answers), payload the raw body, read by
 *       {@link ApolloConnector#delivered}.</li>
 * </ul>
 * Neither the secret nor the URL (which holds it) ever goes into a verdict's reason.
 */
public final class ApolloWebhookReceiver implements WebhookReceiver {

    static final String KIND = "people.phone_reveal";
    private static final ObjectMapper JSON = new ObjectMapper();

    @Override
    public String vendor() {
        return "Apollo";
    }

    @Override
    public String urlSetting() {
        return "the connection's enrichment.webhookUrl (the connector gives it to Apollo with each phone reveal)";
    }

    @Override
    public String refusalChecklist() {
        return "that auth.token names the variable holding the webhook secret and that it has not changed since the lookups"
                + " were submitted (deliveries carry the secret the connector had then)";
    }

    @Override
    public Verdict receive(ConnectorConfig connection, Request request, Map<String, String> environment, Clock clock) {
        String reference = connection.auth() == null ? null : connection.auth().token();
        String secret = SecretRefs.resolve(reference, environment).orElse(null);
        if (secret == null) {
            return new Unavailable(reference == null
                    ? "connectors/" + connection.id() + ".yaml sets no auth.token (add token: ${APOLLO_WEBHOOK_SECRET})"
                    : "the environment variable " + SecretRefs.variable(reference).orElse("named in auth.token") + " is not set");
        }
        String token = queryParameter(request.url(), "token");
        if (token == null) {
            return new Refused("no token query parameter (Apollo deliveries carry the one the connector put in the webhook URL)");
        }
        if (!MessageDigest.isEqual(token.getBytes(StandardCharsets.UTF_8), secret.getBytes(StandardCharsets.UTF_8))) {
            return new Refused("the token query parameter does not match the connection's webhook secret");
        }
        JsonNode root;
        try {
            root = JSON.readTree(request.body());
        } catch (IOException e) {
            return new Unreadable("The body is not JSON; Apollo's phone delivery is a JSON object with request_id and people[].");
        }
        if (root == null || !root.isObject()) {
            return new Unreadable("The body is not a JSON object; Apollo's phone delivery is one, with request_id and people[].");
        }
        ApolloRecords.PhoneResult result = ApolloJson.phoneResult(root);
        if (result.requestId() == null) {
            return new Unreadable("The delivery has no request_id, so it cannot be matched to the lookups it answers.");
        }
        List<Event> events = new ArrayList<>();
        for (ApolloRecords.PersonPhones person : result.people()) {
            if (person.personId() != null) {
                events.add(new Event(result.requestId() + ":" + person.personId(), KIND, ApolloProvider.PEOPLE,
                        result.requestId(), null, 0, request.body()));
            }
        }
        if (events.isEmpty()) {
            events.add(new Event(result.requestId(), KIND, ApolloProvider.PEOPLE, result.requestId(), null, 0, request.body()));
        }
        return new Accepted(events);
    }

    /** The first value of a query parameter, decoded; null when absent. */
    static String queryParameter(String url, String name) {
        String query;
        try {
            query = URI.create(url).getRawQuery();
        } catch (IllegalArgumentException e) {
            return null;
        }
        if (query == null) {
            return null;
        }
        for (String pair : query.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0 && URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8).equals(name)) {
                return URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            }
        }
        return null;
    }
}
