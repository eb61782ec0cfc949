package io.middlemile.sandbox.crustdata;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import io.middlemile.sandbox.EmulatorServer;
import io.middlemile.sandbox.JsonAnswer;
import io.middlemile.sandbox.enrichment.WorldCompany;
import io.middlemile.sandbox.enrichment.WorldPerson;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;
import java.util.zip.GZIPOutputStream;

/**
 * A stateful emulator of Crustdata's API, version 2025-11-01, answering from an {@code EnrichmentWorld}, written from
 * Crustdata's documentation (https://docs.crustdata.com): bearer key and {@code x-api-version} on every call but the
 * batch status; {@code POST /person/enrich} and {@code /company/enrich} (25 identifiers, exactly one identifier kind,
 * one malformed profile URL fails the call); {@code POST /batch/person/enrich} and {@code /batch/company/enrich}
 * (10,000 identifiers, at most 5 active jobs) with {@code GET /batch/{id}} and a gzipped JSONL download it serves
 * itself; {@code GET /user/credits}. Sliding-window limits per endpoint with x-ratelimit-* headers; credits charged by
 * the price list on hits only, 402 insufficient_credits when they run out. Error bodies are
 * {@code {error: {type, message, metadata}}} (the shape documented for 402; assumed for the others).
 *
 * <p>For tests: {@link #failNext}, {@link #creditsBalance()}, {@link #creditsSpent()}, {@link #submissions()} and the
 * per-route counts of {@link #requestCount(String)} ({@code "POST /person/enrich"}, {@code "GET /batch"}, ...).
 */
public final class CrustdataEmulator extends EmulatorServer {

    public static final String API_VERSION = "2025-11-01";
    static final int MAX_ENRICH = 25;
    static final int MAX_BATCH = 10_000;
    static final int MAX_ACTIVE_BATCHES = 5;
    /** Limit of the endpoints Crustdata documents as cheap to call (balance, batch status). */
    static final int READ_LIMIT_PER_MINUTE = 300;

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern PERSON_URL = Pattern.compile("^(https?://)?([a-z]{2,3}\\.)?linkedin\\.com/in/[^/?#\\s]+/?$",
            Pattern.CASE_INSENSITIVE);
    private static final Pattern COMPANY_URL = Pattern.compile(
            "^(https?://)?([a-z]{2,3}\\.)?linkedin\\.com/company/[^/?#\\s]+/?$", Pattern.CASE_INSENSITIVE);

    private final CrustdataEmulatorSettings settings;
    private final Map<String, SlidingWindow> windows = new ConcurrentHashMap<>();
    private final Map<String, BatchJob> jobs = new ConcurrentHashMap<>();
    private final AtomicLong batchIds = new AtomicLong(1000);
    private final AtomicLong submissions = new AtomicLong();
    private final AtomicInteger failCount = new AtomicInteger();
    private volatile int failStatus;
    private double balance;
    private double spent;

    private CrustdataEmulator(CrustdataEmulatorSettings settings) {
        super("Crustdata");
        this.settings = settings;
        this.balance = settings.startingCredits();
    }

    /** Starts an emulator on the given loopback port (0 = any free port). */
    public static CrustdataEmulator start(CrustdataEmulatorSettings settings, int port) {
        CrustdataEmulator emulator = new CrustdataEmulator(settings);
        emulator.listen(port);
        return emulator;
    }

    // ---------------------------------------------------------------- test knobs

    /** The next {@code count} authenticated requests are answered {@code status} with a Crustdata error body. */
    public void failNext(int status, int count) {
        failStatus = status;
        failCount.set(count);
    }

    public synchronized double creditsBalance() {
        return balance;
    }

    public synchronized double creditsSpent() {
        return spent;
    }

    public synchronized void setCredits(double credits) {
        balance = credits;
    }

    /** Enrich calls and batch submissions received (any answer), to prove a submission was not sent twice. */
    public long submissions() {
        return submissions.get();
    }

    // ---------------------------------------------------------------- routing

    @Override
    protected void handle(HttpExchange exchange) throws IOException {
        String method = exchange.getRequestMethod();
        String path = exchange.getRequestURI().getRawPath();
        if ("GET".equals(method) && path.startsWith("/downloads/")) {
            count("GET /downloads");
            download(exchange, path);
            return;
        }
        String key = settings.apiKey();
        if (!key.equals(bearerToken(exchange))) {
            answer(exchange, error(401, "unauthorized", "Invalid or missing API key. Send Authorization: Bearer <key>."), Map.of());
            return;
        }
        boolean batchStatus = "GET".equals(method) && path.matches("/batch/[^/]+");
        String version = exchange.getRequestHeaders().getFirst("x-api-version");
        if (!batchStatus && !API_VERSION.equals(version)) {
            answer(exchange, error(400, "invalid_request", version == null ? "Missing required header x-api-version (use "
                    + API_VERSION + ")." : "Unsupported x-api-version " + version + "; use " + API_VERSION + "."), Map.of());
            return;
        }
        String route = batchStatus ? "GET /batch" : method + " " + path;
        count(route);
        boolean submission = "POST".equals(method) && (path.equals("/person/enrich") || path.equals("/company/enrich")
                || path.equals("/batch/person/enrich") || path.equals("/batch/company/enrich"));
        if (submission) {
            submissions.incrementAndGet();
        }
        if (failCount.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
            Map<String, String> headers = failStatus == 429 ? Map.of("x-ratelimit-limit", "15", "x-ratelimit-remaining", "0",
                    "x-ratelimit-reset", "1") : Map.of();
            answer(exchange, error(failStatus, typeOf(failStatus), "Injected failure (HTTP " + failStatus + ")."), headers);
            return;
        }
        String window = switch (route) {
            case "POST /person/enrich", "POST /company/enrich", "POST /batch/person/enrich", "POST /batch/company/enrich" -> route;
            default -> "reads";
        };
        SlidingWindow.Verdict verdict = windows.computeIfAbsent(window, w -> new SlidingWindow(
                w.equals("reads") ? READ_LIMIT_PER_MINUTE : settings.requestsPerMinute(), settings.clock())).take();
        Map<String, String> limitHeaders = Map.of("x-ratelimit-limit", String.valueOf(verdict.limit()),
                "x-ratelimit-remaining", String.valueOf(verdict.remaining()), "x-ratelimit-reset", String.valueOf(verdict.resetSeconds()));
        if (!verdict.allowed()) {
            answer(exchange, error(429, "rate_limit_exceeded", "Rate limit of " + verdict.limit() + " requests per minute"
                    + " exceeded for " + path + ". Retry after " + verdict.resetSeconds() + " seconds."), limitHeaders);
            return;
        }
        JsonAnswer answer = switch (route) {
            case "GET /user/credits" -> new JsonAnswer(200, JSON.createObjectNode().put("credits", creditsBalance()));
            case "POST /person/enrich" -> checked(exchange, true, MAX_ENRICH, this::enrich);
            case "POST /company/enrich" -> checked(exchange, false, MAX_ENRICH, this::enrich);
            case "POST /batch/person/enrich" -> checked(exchange, true, MAX_BATCH, this::submitBatch);
            case "POST /batch/company/enrich" -> checked(exchange, false, MAX_BATCH, this::submitBatch);
            case "GET /batch" -> batchStatus(segments(path).get(1));
            default -> error(404, "not_found", "No endpoint " + method + " " + path + ".");
        };
        answer(exchange, answer, limitHeaders);
    }

    @Override
    protected JsonNode failureBody(RuntimeException failure) {
        return error(500, "internal_error", "Internal error: " + failure.getMessage()).body();
    }

    // ---------------------------------------------------------------- enrich

    /** The identifiers of a request: exactly one kind, or the 400 to answer. */
    private record Identifiers(String kind, List<String> values, JsonAnswer refusal) {
    }

    private Identifiers identifiers(JsonNode body, boolean person, int max) {
        List<String> kinds = person ? List.of("professional_network_profile_urls", "business_emails")
                : List.of("domains", "names", "professional_network_profile_urls", "crustdata_company_ids");
        List<String> present = kinds.stream().filter(k -> body.path(k).isArray() && !body.path(k).isEmpty()).toList();
        if (present.size() != 1) {
            return new Identifiers(null, null, error(400, "invalid_request", "Provide exactly one of " + String.join(", ", kinds)
                    + (present.isEmpty() ? "." : "; got " + String.join(" and ", present) + ".")));
        }
        String kind = present.get(0);
        List<String> values = new ArrayList<>();
        body.path(kind).forEach(v -> values.add(v.asText()));
        if (values.size() > max) {
            return new Identifiers(null, null, error(400, "invalid_request", kind + " accepts at most " + max
                    + " identifiers per request; got " + values.size() + "."));
        }
        for (String value : values) {
            boolean ok = switch (kind) {
                case "professional_network_profile_urls" -> (person ? PERSON_URL : COMPANY_URL).matcher(value.strip()).matches();
                case "business_emails" -> value.contains("@");
                default -> !value.isBlank();
            };
            if (!ok) {
                return new Identifiers(null, null, error(400, "invalid_request", "Invalid value in " + kind + ": '" + value + "'.")
                );
            }
        }
        return new Identifiers(kind, values, null);
    }

    private List<String> fields(JsonNode body, boolean person, List<String> defaults, List<String> bad) {
        if (!body.path("fields").isArray() || body.path("fields").isEmpty()) {
            return defaults;
        }
        List<String> fields = new ArrayList<>();
        body.path("fields").forEach(f -> {
            String field = f.asText();
            if ((person ? CrustdataRecords.PERSON_FIELDS : CrustdataRecords.COMPANY_FIELDS).contains(field)) {
                fields.add(field);
            } else {
                bad.add(field);
            }
        });
        return fields;
    }

    /** What an enrich call or a batch submission does with a request that passed the checks they share. */
    @FunctionalInterface
    private interface CheckedHandler {
        JsonAnswer answer(Identifiers ids, List<String> fields, boolean person);
    }

    /**
     * The checks an enrich call and a batch submission share (a JSON body, one identifier kind within the maximum,
     * known fields), then the handler; a request that fails them gets its 400.
     */
    private JsonAnswer checked(HttpExchange exchange, boolean person, int max, CheckedHandler handler) throws IOException {
        JsonNode body = body(exchange);
        if (body == null) {
            return error(400, "invalid_request", "The request body must be a JSON object.");
        }
        Identifiers ids = identifiers(body, person, max);
        if (ids.refusal() != null) {
            return ids.refusal();
        }
        List<String> bad = new ArrayList<>();
        List<String> fields = fields(body, person, person ? CrustdataRecords.ALL_PERSON_FIELDS : CrustdataRecords.DEFAULT_COMPANY_FIELDS, bad);
        if (!bad.isEmpty()) {
            return error(400, "invalid_request", "Unsupported fields " + bad + ".");
        }
        return handler.answer(ids, fields, person);
    }

    private JsonAnswer enrich(Identifiers ids, List<String> fields, boolean person) {
        ArrayNode answer = JSON.createArrayNode();
        double cost = 0;
        for (String value : ids.values()) {
            ObjectNode entry = answer.addObject();
            entry.put("matched_on", value);
            entry.put("match_type", matchType(ids.kind(), person));
            ArrayNode matches = entry.putArray("matches");
            Optional<ObjectNode> data = person ? findPerson(ids.kind(), value).map(p -> CrustdataRecords.person(p, fields))
                    : findCompany(ids.kind(), value).map(c -> CrustdataRecords.company(c, fields));
            if (data.isPresent()) {
                ObjectNode match = matches.addObject();
                match.put("confidence_score", ids.kind().equals("business_emails") ? 0.9 : 1.0);
                match.set(person ? "person_data" : "company_data", data.get());
                cost += person ? CrustdataRecords.personCost(data.get()) : CrustdataRecords.COMPANY_COST;
            }
        }
        if (!charge(cost)) {
            return insufficient(cost);
        }
        return new JsonAnswer(200, answer);
    }

    private Optional<WorldPerson> findPerson(String kind, String value) {
        Optional<WorldPerson> person = kind.equals("business_emails") ? settings.world().personByEmail(value)
                : settings.world().personByLinkedin(value);
        return person.filter(p -> !p.knownTo(CrustdataRecords.VENDOR).isEmpty());
    }

    private Optional<WorldCompany> findCompany(String kind, String value) {
        Optional<WorldCompany> company = switch (kind) {
            case "domains" -> settings.world().companyByDomain(value.replaceFirst("^https?://", "").replaceFirst("^www\\.", ""));
            case "names" -> settings.world().companyByName(value);
            case "professional_network_profile_urls" -> settings.world().companyByLinkedin(value);
            default -> Optional.empty();
        };
        return company.filter(c -> c.knownBy().contains(CrustdataRecords.VENDOR));
    }

    private static String matchType(String kind, boolean person) {
        return switch (kind) {
            case "professional_network_profile_urls" -> "professional_network_profile_url";
            case "business_emails" -> "business_email";
            case "domains" -> "domain";
            case "names" -> "name";
            default -> person ? kind : "crustdata_company_id";
        };
    }

    // ---------------------------------------------------------------- batch

    private static final class BatchJob {
        final String id;
        final boolean person;
        final String kind;
        final List<String> identifiers;
        final List<String> fields;
        final Instant submittedAt;
        final String signature = UUID.randomUUID().toString();
        String finalStatus;
        String errorMessage;
        byte[] results;
        int fulfilled;

        BatchJob(String id, boolean person, String kind, List<String> identifiers, List<String> fields, Instant submittedAt) {
            this.id = id;
            this.person = person;
            this.kind = kind;
            this.identifiers = identifiers;
            this.fields = fields;
            this.submittedAt = submittedAt;
        }
    }

    private JsonAnswer submitBatch(Identifiers ids, List<String> fields, boolean person) {
        synchronized (jobs) {
            long active = jobs.values().stream().filter(job -> !state(job).equals("completed") && !state(job).equals("failed")).count();
            if (active >= MAX_ACTIVE_BATCHES) {
                return error(429, "rate_limit_exceeded", "At most " + MAX_ACTIVE_BATCHES + " batch jobs may be pending or"
                        + " processing at a time; wait for one to finish.");
            }
            String id = "batch_" + batchIds.incrementAndGet();
            jobs.put(id, new BatchJob(id, person, ids.kind(), ids.values(), fields, settings.clock().instant()));
            ObjectNode answer = JSON.createObjectNode().put("batch_id", id).put("status", "pending");
            return new JsonAnswer(200, answer);
        }
    }

    private JsonAnswer batchStatus(String id) {
        BatchJob job = jobs.get(id);
        if (job == null) {
            return error(404, "not_found", "No batch job " + id + ".");
        }
        String status = state(job);
        ObjectNode answer = JSON.createObjectNode().put("batch_id", id).put("status", status)
                .put("entities_requested", job.identifiers.size());
        if (status.equals("completed")) {
            String url = baseUrl() + "/downloads/" + id + ".jsonl.gz?signature=" + job.signature;
            answer.put("entities_fulfilled", job.fulfilled);
            answer.put("download_url", url);
            answer.putArray("download_urls").add(url);
        } else if (status.equals("failed")) {
            answer.put("error_message", job.errorMessage);
        }
        return new JsonAnswer(200, answer);
    }

    /** pending for the first half of the delay, processing for the second, then completed (charged once, then). */
    private String state(BatchJob job) {
        synchronized (job) {
            if (job.finalStatus != null) {
                return job.finalStatus;
            }
            Duration elapsed = Duration.between(job.submittedAt, settings.clock().instant());
            if (elapsed.compareTo(settings.batchDelay().dividedBy(2)) < 0) {
                return "pending";
            }
            if (elapsed.compareTo(settings.batchDelay()) < 0) {
                return "processing";
            }
            complete(job);
            return job.finalStatus;
        }
    }

    private void complete(BatchJob job) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        double cost = 0;
        int fulfilled = 0;
        try (OutputStream gzip = new GZIPOutputStream(bytes)) {
            for (String value : job.identifiers) {
                Optional<ObjectNode> data = job.person ? findPerson(job.kind, value).map(p -> CrustdataRecords.person(p, job.fields))
                        : findCompany(job.kind, value).map(c -> CrustdataRecords.company(c, job.fields));
                if (data.isEmpty()) {
                    continue; // unresolved identifiers are silently left out
                }
                ObjectNode line = JSON.createObjectNode().put("original_identifier", value)
                        .put("internal_id", UUID.nameUUIDFromBytes(value.getBytes(StandardCharsets.UTF_8)).toString());
                line.set("data", data.get());
                gzip.write((line + "\n").getBytes(StandardCharsets.UTF_8));
                cost += job.person ? CrustdataRecords.personCost(data.get()) : CrustdataRecords.COMPANY_COST;
                fulfilled++;
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot gzip batch results", e);
        }
        if (!charge(cost)) {
            job.finalStatus = "failed";
            job.errorMessage = "Insufficient credits: the job needs " + cost + " credits, the account has " + creditsBalance() + ".";
            return;
        }
        job.results = bytes.toByteArray();
        job.fulfilled = fulfilled;
        job.finalStatus = "completed";
    }

    private void download(HttpExchange exchange, String path) throws IOException {
        String file = path.substring("/downloads/".length());
        String id = file.endsWith(".jsonl.gz") ? file.substring(0, file.length() - ".jsonl.gz".length()) : file;
        BatchJob job = jobs.get(id);
        String signature = form(exchange.getRequestURI().getRawQuery(), (a, b) -> b).get("signature");
        if (job == null || job.results == null || !job.signature.equals(signature)) {
            send(exchange, 403, "application/xml", "<Error><Code>AccessDenied</Code><Message>Request has expired or the"
                    + " signature does not match</Message></Error>", Map.of());
            return;
        }
        exchange.getResponseHeaders().add("Content-Type", "application/gzip");
        exchange.sendResponseHeaders(200, job.results.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(job.results);
        }
    }

    // ---------------------------------------------------------------- credits and answers

    private synchronized boolean charge(double cost) {
        if (cost > balance) {
            return false;
        }
        balance -= cost;
        spent += cost;
        return true;
    }

    private JsonAnswer insufficient(double cost) {
        ObjectNode body = JSON.createObjectNode();
        ObjectNode error = body.putObject("error");
        error.put("type", "insufficient_credits");
        error.put("message", "Insufficient credits to complete this request.");
        ObjectNode metadata = error.putObject("metadata");
        metadata.put("required_credits", cost);
        metadata.put("available_credits", creditsBalance());
        return new JsonAnswer(402, body);
    }

    private static JsonAnswer error(int status, String type, String message) {
        ObjectNode body = JSON.createObjectNode();
        ObjectNode error = body.putObject("error");
        error.put("type", type);
        error.put("message", message);
        error.putObject("metadata");
        return new JsonAnswer(status, body);
    }

    private static String typeOf(int status) {
        return switch (status) {
            case 400 -> "invalid_request";
            case 401 -> "unauthorized";
            case 402 -> "insufficient_credits";
            case 403 -> "forbidden";
            case 429 -> "rate_limit_exceeded";
            default -> status >= 500 ? "internal_error" : "error";
        };
    }

    private void answer(HttpExchange exchange, JsonAnswer answer, Map<String, String> headers) throws IOException {
        sendJson(exchange, answer, new LinkedHashMap<>(headers));
    }

    private static JsonNode body(HttpExchange exchange) throws IOException {
        byte[] bytes = readBody(exchange, 20_000_000);
        if (bytes == null) {
            return null;
        }
        try {
            JsonNode node = JSON.readTree(bytes);
            return node != null && node.isObject() ? node : null;
        } catch (IOException e) {
            return null;
        }
    }
}
