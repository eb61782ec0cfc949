package io.middlemile.connector.fullenrich;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.middlemile.connector.AnswerReader;
import io.middlemile.connector.ConnectorException;
import io.middlemile.workspace.SecretRefs;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

/**
 * FullEnrich API v2, one method per call, FullEnrich-shaped records out. Every call goes through the connection's
 * {@link FullEnrichResilience} and every error answer through {@link FullEnrichErrorClassifier}.
 *
 * <p>Reference: https://docs.fullenrich.com/api/v2 (OpenAPI: https://docs.fullenrich.com/api/v2/reference/openapi.yml).
 */
public final class FullEnrichClient {

    /** {@code POST /contact/enrich/bulk} takes at most 100 contacts. */
    public static final int MAX_CONTACTS = 100;

    private static final ObjectMapper JSON = new ObjectMapper();

    private final String connectionId;
    private final FullEnrichSettings settings;
    private final HttpClient http;
    private final FullEnrichResilience resilience;
    private final FullEnrichErrorClassifier classifier;
    private final AnswerReader answers;
    private final AtomicLong requests = new AtomicLong();
    private final AtomicLong submissions = new AtomicLong();

    FullEnrichClient(String connectionId, FullEnrichSettings settings, HttpClient http, FullEnrichResilience resilience,
                     FullEnrichErrorClassifier classifier) {
        this.connectionId = connectionId;
        this.settings = settings;
        this.http = http;
        this.resilience = resilience;
        this.classifier = classifier;
        this.answers = new AnswerReader("FullEnrich", connectionId);
    }

    // Doc: https://docs.fullenrich.com/api/v2/account/keys/verify (GET /account/keys/verify -> {workspace_id}; free).
    public String verifyKey() {
        JsonNode root = resilience.call(() -> json("verify the API key", send("verify the API key", "GET", "/account/keys/verify",
                null, false)));
        return root.path("workspace_id").asText(null);
    }

    // Doc: https://docs.fullenrich.com/api/v2/account/credits (GET /account/credits -> {balance}; free).
    public double credits() {
        JsonNode root = resilience.call(() -> json("read the credit balance", send("read the credit balance", "GET",
                "/account/credits", null, false)));
        JsonNode balance = root.path("balance");
        if (!balance.isNumber()) {
            throw answers.unreadable("read the credit balance", 200, "a {balance} object", "it has no numeric balance", null);
        }
        return balance.asDouble();
    }

    // Doc: https://docs.fullenrich.com/api/v2/contact/enrich/bulk/post (POST /contact/enrich/bulk {name, webhook_url?,
    // data[{first_name, last_name, domain, company_name, linkedin_url, enrich_fields[], custom{}}]} -> {enrichment_id};
    // at most 100 contacts; ?silentFail=true skips an invalid contact instead of refusing the whole batch, see
    // https://docs.fullenrich.com/api/v2/implement-in-product/production). Never retried once it may have been accepted.
    public String submit(FullEnrichSubmission submission) {
        if (submission.contacts().size() > MAX_CONTACTS) {
            throw new IllegalArgumentException("FullEnrich takes at most " + MAX_CONTACTS + " contacts per enrichment, got "
                    + submission.contacts().size() + "; split the batch (Offer.maxPerCall).");
        }
        String call = "submit an enrichment of " + submission.contacts().size() + " contacts";
        ObjectNode body = body(submission);
        JsonNode root = resilience.call(() -> {
            submissions.incrementAndGet();
            return json(call, send(call, "POST", "/contact/enrich/bulk?silentFail=true", body, true));
        });
        String id = root.path("enrichment_id").asText("");
        if (id.isBlank()) {
            // accepted (2xx) but without an id: it may be running and charging, so it is not sent again
            throw answers.unreadable(call, 200, "{enrichment_id}", "it has no enrichment_id; FullEnrich may still run the"
                    + " enrichment: look for it in the dashboard", null);
        }
        return id;
    }

    // Doc: https://docs.fullenrich.com/api/v2/contact/enrich/bulk/get (GET /contact/enrich/bulk/{enrichment_id}: 200 with
    // the enrichment; 400 error.enrichment.in_progress while it runs; 402 with the enrichment when credits ran out;
    // 404 error.enrichment.not_found).
    /** The enrichment, or empty while FullEnrich is still working on it. */
    public Optional<FullEnrichEnrichment> results(String enrichmentId) {
        String call = "read the results of enrichment " + enrichmentId;
        return resilience.call(() -> {
            Answer answer = exchange(call, "GET", "/contact/enrich/bulk/" + URLEncoder.encode(enrichmentId, StandardCharsets.UTF_8));
            if (answer.status() == 400 && "error.enrichment.in_progress".equals(code(answer.body()))) {
                return Optional.empty();
            }
            if (answer.status() / 100 != 2 && answer.status() != 402) {
                throw classifier.classify(call, answer.status(), answer.body(), false);
            }
            return Optional.of(FullEnrichJson.enrichment(answers.json(call, answer.status(), answer.body())));
        });
    }

    /** Requests sent so far, retries included. */
    public long requests() {
        return requests.get();
    }

    /** Submissions sent so far (each one an enrichment FullEnrich may charge for). */
    public long submissions() {
        return submissions.get();
    }

    long retries() {
        return resilience.retries();
    }

    // ---------------------------------------------------------------- plumbing

    private static ObjectNode body(FullEnrichSubmission submission) {
        ObjectNode body = JSON.createObjectNode();
        body.put("name", submission.name());
        if (submission.webhookUrl() != null) {
            body.put("webhook_url", submission.webhookUrl());
        }
        ArrayNode data = body.putArray("data");
        for (FullEnrichSubmission.Contact contact : submission.contacts()) {
            ObjectNode node = data.addObject();
            putIfPresent(node, "first_name", contact.firstName());
            putIfPresent(node, "last_name", contact.lastName());
            putIfPresent(node, "domain", contact.domain());
            putIfPresent(node, "company_name", contact.companyName());
            putIfPresent(node, "linkedin_url", contact.linkedinUrl());
            contact.enrichFields().forEach(node.putArray("enrich_fields")::add);
            ObjectNode custom = node.putObject("custom");
            contact.custom().forEach(custom::put);
        }
        return body;
    }

    private static void putIfPresent(ObjectNode node, String field, String value) {
        if (value != null && !value.isBlank()) {
            node.put(field, value);
        }
    }

    private record Answer(int status, String body) {
    }

    private JsonNode json(String call, Answer answer) {
        return answers.json(call, answer.status(), answer.body());
    }

    /** A call whose every non-2xx answer is an error. */
    private Answer send(String call, String method, String path, JsonNode body, boolean submission) {
        Answer answer = exchange(call, method, path, body, submission);
        if (answer.status() / 100 != 2) {
            throw classifier.classify(call, answer.status(), answer.body(), submission);
        }
        return answer;
    }

    private Answer exchange(String call, String method, String path) {
        return exchange(call, method, path, null, false);
    }

    private Answer exchange(String call, String method, String path, JsonNode body, boolean submission) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(settings.baseUrl() + path))
                .timeout(settings.timeout())
                .header("Authorization", "Bearer " + settings.apiKey())
                .header("Accept", "application/json");
        if (body == null) {
            builder.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            builder.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(body.toString()));
        }
        requests.incrementAndGet();
        try {
            HttpResponse<String> response = http.send(builder.build(), HttpResponse.BodyHandlers.ofString());
            return new Answer(response.statusCode(), response.body());
        } catch (IOException e) {
            throw classifier.ioFailure(call, e, submission);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ConnectorException(ConnectorException.Kind.FATAL, "FullEnrich connection '" + connectionId
                    + "': interrupted during " + call, e);
        }
    }

    private static String code(String body) {
        try {
            JsonNode node = body == null || body.isBlank() ? null : JSON.readTree(body);
            return node != null && node.path("code").isTextual() ? node.path("code").asText() : null;
        } catch (IOException e) {
            return null;
        }
    }

    @Override
    public String toString() {
        return "FullEnrichClient[" + connectionId + ", " + SecretRefs.withoutUserInfo(settings.baseUrl()) + "]";
    }
}
