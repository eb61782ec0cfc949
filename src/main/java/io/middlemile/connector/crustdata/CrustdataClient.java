package io.middlemile.connector.crustdata;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.middlemile.connector.AnswerReader;
import io.middlemile.connector.ConnectorException;

import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.zip.GZIPInputStream;

/**
 * Crustdata API (version 2025-11-01), one method per call, Crustdata-shaped records out. Every call carries
 * {@code Authorization: Bearer <key>} and {@code x-api-version: 2025-11-01}, goes through the connection's
 * {@link CrustdataPacer}, and its failures through {@link CrustdataErrorClassifier}.
 *
 * <p>Submissions (enrich calls, which charge credits, and batch submits, which start a job) are never repeated after
 * an answer was lost (see the classifier); reads are.
 */
public final class CrustdataClient {

    public static final String API_VERSION = "2025-11-01";
    /** Identifiers per synchronous enrich call (person and company). */
    public static final int MAX_ENRICH_IDENTIFIERS = 25;
    /** Identifiers per batch job. */
    public static final int MAX_BATCH_IDENTIFIERS = 10_000;

    static final String PERSON_ENRICH = "/person/enrich";
    static final String COMPANY_ENRICH = "/company/enrich";

    private static final ObjectMapper JSON = new ObjectMapper();

    private final CrustdataSettings settings;
    private final String apiKey;
    private final HttpClient http;
    private final CrustdataPacer pacer;
    private final CrustdataErrorClassifier classifier;
    private final AnswerReader answers;
    private final AtomicLong requests = new AtomicLong();

    public CrustdataClient(String connectionId, CrustdataSettings settings, String apiKey, HttpClient http, CrustdataPacer pacer) {
        this.settings = settings;
        this.apiKey = apiKey;
        this.http = http;
        this.pacer = pacer;
        this.classifier = new CrustdataErrorClassifier(connectionId);
        this.answers = new AnswerReader("Crustdata", connectionId);
    }

    // Doc: https://docs.crustdata.com/person-docs/enrichment/introduction (POST /person/enrich, body exactly one of
    // professional_network_profile_urls[] or business_emails[], at most 25, optional fields[] of field paths or section
    // groups; answer a top-level array of {matched_on, match_type, matches[{confidence_score, person_data}]}, matches
    // empty for no match; one malformed identifier fails the whole call with 400). Price: 1 credit a profile, +1
    // business email, +2 phone; nothing for no match.
    public List<CrustdataMatch> enrichPeople(CrustdataIdentifier kind, List<String> identifiers, List<String> fields) {
        return enrich("enrich " + identifiers.size() + " people by " + kind.bodyField(), PERSON_ENRICH, kind, identifiers, fields,
                "person_data");
    }

    // Doc: https://docs.crustdata.com/company-docs/enrichment/introduction (POST /company/enrich, body exactly one of
    // domains[], names[], professional_network_profile_urls[], crustdata_company_ids[]; fields default ["basic_info"];
    // answer an array of {matched_on, match_type, matches[{confidence_score, company_data}]}; 2 credits a record;
    // 15 requests a minute).
    public List<CrustdataMatch> enrichCompanies(CrustdataIdentifier kind, List<String> identifiers, List<String> fields) {
        return enrich("enrich " + identifiers.size() + " companies by " + kind.bodyField(), COMPANY_ENRICH, kind, identifiers,
                fields, "company_data");
    }

    // Doc: https://docs.crustdata.com/api-reference/batch-apis/submit-a-batch-person-enrichment-job.md and
    // .../submit-a-batch-company-enrichment-job.md (POST /batch/person/enrich or /batch/company/enrich, the same
    // identifier rules as the synchronous calls, at most 10,000 identifiers; answer {batch_id}; at most 5 active jobs
    // per account, the 6th is answered 429).
    public String submitBatch(String entity, CrustdataIdentifier kind, List<String> identifiers, List<String> fields) {
        requireSize(identifiers.size(), MAX_BATCH_IDENTIFIERS, "a batch job");
        String path = "/batch/" + entity + "/enrich";
        ObjectNode body = body(kind, identifiers, fields);
        String call = "submit a batch job of " + identifiers.size() + " " + entity + " identifiers";
        JsonNode root = pacer.call(path, () -> send(call, "POST", path, body, true));
        String batchId = root.path("batch_id").asText("");
        if (batchId.isEmpty()) {
            throw answers.unreadable(call, 200, "a batch submission", "it has no batch_id; the job may exist: look it up in the"
                    + " Crustdata dashboard before submitting these records again", null);
        }
        return batchId;
    }

    // Doc: https://docs.crustdata.com/api-reference/batch-apis/get-the-status-and-download-urls-for-a-batch-job.md
    // (GET /batch/{batch_id}, no x-api-version needed; status pending -> processing -> completed | failed; completed
    // has download_url and download_urls, pre-signed for 5 days; failed has error_message; entities_requested and
    // entities_fulfilled tell how many identifiers resolved).
    public CrustdataBatchStatus batchStatus(String batchId) {
        String path = "/batch/" + URLEncoder.encode(batchId, StandardCharsets.UTF_8);
        JsonNode root = pacer.call("/batch", () -> send("read batch job " + batchId, "GET", path, null, false));
        List<String> urls = new ArrayList<>();
        root.path("download_urls").forEach(url -> urls.add(url.asText()));
        if (urls.isEmpty() && root.hasNonNull("download_url")) {
            urls.add(root.get("download_url").asText());
        }
        return new CrustdataBatchStatus(root.path("batch_id").asText(batchId), root.path("status").asText(""), urls,
                root.path("error_message").asText(null), root.path("entities_requested").asInt(0),
                root.path("entities_fulfilled").asInt(0));
    }

    /** One line of a batch result file: the identifier as submitted and the enriched record. */
    public record BatchLine(String originalIdentifier, JsonNode data) {
    }

    // Doc: same page as batchStatus (results are gzipped JSONL, one {original_identifier, internal_id, data} per line;
    // identifiers that did not resolve are left out). The URL is pre-signed: it is fetched without the API key, which
    // must not leak to the storage host.
    public List<BatchLine> download(String url) {
        String call = "download batch results";
        return pacer.call("/download", () -> {
            HttpRequest request = HttpRequest.newBuilder(URI.create(url)).timeout(settings.requestTimeout()).GET().build();
            requests.incrementAndGet();
            HttpResponse<byte[]> response;
            try {
                response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
            } catch (IOException e) {
                throw classifier.noAnswer(call, e, false);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new ConnectorException(ConnectorException.Kind.RETRIABLE, "Interrupted during Crustdata " + call, e);
            }
            if (response.statusCode() / 100 != 2) {
                throw classifier.classify(call, response.statusCode(), response.headers(),
                        new String(response.body(), StandardCharsets.UTF_8), false);
            }
            return lines(call, response.statusCode(), response.body());
        });
    }

    // Doc: https://docs.crustdata.com/general/credits (GET /user/credits -> {credits}; free).
    public double credits() {
        JsonNode root = pacer.call("/user/credits", () -> send("read the credit balance", "GET", "/user/credits", null, false));
        if (!root.path("credits").isNumber()) {
            throw answers.unreadable("read the credit balance", 200, "a credit balance", "it has no numeric credits field", null);
        }
        return root.path("credits").asDouble();
    }

    /** HTTP requests sent so far, retries included (for run summaries and tests). */
    public long requestCount() {
        return requests.get();
    }

    // ---------------------------------------------------------------- plumbing

    private List<CrustdataMatch> enrich(String call, String path, CrustdataIdentifier kind, List<String> identifiers,
                                        List<String> fields, String dataField) {
        requireSize(identifiers.size(), MAX_ENRICH_IDENTIFIERS, "an enrich call");
        ObjectNode body = body(kind, identifiers, fields);
        JsonNode root = pacer.call(path, () -> send(call, "POST", path, body, true));
        if (!root.isArray()) {
            throw answers.unreadable(call, 200, "an enrich answer", "it is not the documented top-level array", null);
        }
        List<CrustdataMatch> matches = new ArrayList<>();
        for (JsonNode entry : root) {
            List<CrustdataMatch.Candidate> candidates = new ArrayList<>();
            for (JsonNode match : entry.path("matches")) {
                JsonNode score = match.path("confidence_score");
                candidates.add(new CrustdataMatch.Candidate(score.isNumber() ? score.asDouble() : null, match.path(dataField)));
            }
            matches.add(new CrustdataMatch(entry.path("matched_on").asText(""), entry.path("match_type").asText(""), candidates));
        }
        return matches;
    }

    private static ObjectNode body(CrustdataIdentifier kind, List<String> identifiers, List<String> fields) {
        ObjectNode body = JSON.createObjectNode();
        ArrayNode ids = body.putArray(kind.bodyField());
        identifiers.forEach(ids::add);
        if (fields != null && !fields.isEmpty()) {
            ArrayNode array = body.putArray("fields");
            fields.forEach(array::add);
        }
        return body;
    }

    private JsonNode send(String call, String method, String path, JsonNode body, boolean submission) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(settings.baseUrl() + path))
                .timeout(settings.requestTimeout())
                .header("Authorization", "Bearer " + apiKey)
                .header("x-api-version", API_VERSION)
                .header("Accept", "application/json");
        if (body == null) {
            builder.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            builder.header("Content-Type", "application/json")
                    .method(method, HttpRequest.BodyPublishers.ofString(body.toString()));
        }
        requests.incrementAndGet();
        HttpResponse<String> response;
        try {
            response = http.send(builder.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw classifier.noAnswer(call, e, submission);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ConnectorException(ConnectorException.Kind.FATAL, "Interrupted during Crustdata call " + call
                    + "; if it was a submission, check the credit usage before running it again", e);
        }
        int status = response.statusCode();
        if (status / 100 != 2) {
            throw classifier.classify(call, status, response.headers(), response.body(), submission);
        }
        pacer.observe(endpointOf(path), response.headers());
        return answers.json(call, status, response.body());
    }

    private static String endpointOf(String path) {
        return path.startsWith("/batch/") && !path.endsWith("/enrich") ? "/batch" : path;
    }

    private List<BatchLine> lines(String call, int status, byte[] gzipped) {
        List<BatchLine> lines = new ArrayList<>();
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(
                new GZIPInputStream(new ByteArrayInputStream(gzipped)), StandardCharsets.UTF_8))) {
            String line;
            while ((line = reader.readLine()) != null) {
                if (!line.isBlank()) {
                    JsonNode node = answers.json(call, status, line);
                    lines.add(new BatchLine(node.path("original_identifier").asText(""), node.path("data")));
                }
            }
        } catch (IOException e) {
            throw answers.unreadable(call, status, "gzipped JSONL", "it is not a gzip stream: " + e.getMessage(), e);
        }
        return lines;
    }

    private static void requireSize(int size, int max, String what) {
        if (size < 1 || size > max) {
            throw new IllegalArgumentException("Crustdata takes 1 to " + max + " identifiers in " + what + ", got " + size
                    + "; split the lookups.");
        }
    }
}
