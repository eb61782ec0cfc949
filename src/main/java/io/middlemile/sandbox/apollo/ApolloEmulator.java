package io.middlemile.sandbox.apollo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import io.middlemile.sandbox.EmulatorServer;
import io.middlemile.sandbox.JsonAnswer;
import io.middlemile.sandbox.enrichment.EnrichmentWorld;
import io.middlemile.sandbox.enrichment.WorldCompany;
import io.middlemile.sandbox.enrichment.WorldPerson;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A strict Apollo.io team on an embedded HTTP server, answering from an {@link EnrichmentWorld}: a person is found
 * when the world's {@code apollo} column lists values for them, a company when its {@code knownBy} names apollo.
 *
 * <p>Written from Apollo's OpenAPI (docs.apollo.io/openapi/apollo-rest-api.json) and rate-limit page:
 * {@code x-api-key} or a text/plain 401; {@code people/bulk_match} and {@code organizations/bulk_enrich} take 10
 * records (400 RECORD_LIMIT_EXCEEDED above, 400 INVALID_REQUEST with none); matches in detail order, {@code null} for a
 * miss; {@code reveal_phone_number=true} requires {@code webhook_url}, answers at once and reveals mobile phones after
 * {@link ApolloEmulatorSettings#phoneDelay()}, posted to the webhook and served by {@code GET /webhook_result/{id}}
 * (404 result_pending with retry_after_seconds before; 404 request_id_unknown; 400 invalid_request_id); fixed
 * per-endpoint windows with Apollo's headers and 429 message; credits: 1 per person found, +8 per mobile phone, 1
 * per organization, nothing for a miss. When the balance cannot pay a call it answers 402 and charges nothing: Apollo
 * documents no status for that, so this is an assumption (see the connector's classifier).
 */
public final class ApolloEmulator extends EmulatorServer {

    public static final String API_PREFIX = "/api/v1";
    static final String UNAUTHORIZED = "Invalid API key. See https://docs.apollo.io/reference/authentication for how to authenticate.";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_BATCH = 10;
    private static final int MAX_BODY = 1024 * 1024;

    private final ApolloEmulatorSettings settings;
    private final ApolloWindows windows;
    private final Map<String, PhoneJob> jobs = new ConcurrentHashMap<>();
    private final Random ids = new Random(20_240_601L);
    private final AtomicLong submissions = new AtomicLong();
    private final AtomicLong webhookDeliveries = new AtomicLong();
    private final AtomicInteger failNextStatus = new AtomicInteger();
    private final AtomicInteger failNextCount = new AtomicInteger();
    private final ScheduledExecutorService deliveries = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "apollo-emulator-webhooks");
        t.setDaemon(true);
        return t;
    });
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private double credits;
    private double spent;

    private record PhoneJob(String requestId, Instant readyAt, ObjectNode payload) {
    }

    private ApolloEmulator(ApolloEmulatorSettings settings, int port) {
        super("Apollo");
        this.settings = settings;
        this.windows = new ApolloWindows(settings.requestsPerMinute(), settings.requestsPerHour(), settings.requestsPerDay(),
                settings.clock());
        this.credits = settings.startingCredits();
        listen(port);
    }

    public static ApolloEmulator start(ApolloEmulatorSettings settings, int port) {
        return new ApolloEmulator(settings, port);
    }

    /** The base URL a connector file names: {@code http://127.0.0.1:<port>/api/v1}. */
    public String apiBaseUrl() {
        return baseUrl() + API_PREFIX;
    }

    public synchronized double creditBalance() {
        return credits;
    }

    public synchronized double creditsSpent() {
        return spent;
    }

    public synchronized void setCredits(double value) {
        credits = value;
    }

    /** Credit-spending calls answered (bulk match and bulk enrich, whatever their status): proves nothing was resent. */
    public long submissionCount() {
        return submissions.get();
    }

    /** Phone results posted to a webhook URL (whatever the receiver answered). */
    public long webhookDeliveryCount() {
        return webhookDeliveries.get();
    }

    /** The next {@code count} API calls (after the key check) answer {@code status} with Apollo's error shape. */
    public void failNext(int status, int count) {
        failNextStatus.set(status);
        failNextCount.set(count);
    }

    // ---------------------------------------------------------------- HTTP

    @Override
    protected JsonNode failureBody(RuntimeException failure) {
        return error("UNKNOWN_ERROR", "Emulator failure: " + failure);
    }

    @Override
    protected void handle(HttpExchange exchange) throws IOException {
        String method = exchange.getRequestMethod();
        String path = exchange.getRequestURI().getRawPath();
        Map<String, String> query = form(exchange.getRequestURI().getRawQuery(), (a, b) -> a + "\u0000" + b);
        byte[] raw = readBody(exchange, MAX_BODY);
        String key = exchange.getRequestHeaders().getFirst("x-api-key");
        if (key == null || !key.equals(settings.apiKey())) {
            send(exchange, 401, "text/plain;charset=UTF-8", UNAUTHORIZED, Map.of());
            return;
        }
        if (!path.startsWith(API_PREFIX + "/")) {
            sendJson(exchange, new JsonAnswer(404, error("NOT_FOUND", "no such endpoint " + path)), Map.of());
            return;
        }
        String endpoint = path.substring(API_PREFIX.length() + 1);
        String route = endpoint.startsWith("webhook_result/") ? "webhook_result" : endpoint;
        count(method + " " + route);
        if (failNextCount.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
            if (route.equals("people/bulk_match") || route.equals("organizations/bulk_enrich")) {
                submissions.incrementAndGet();
            }
            sendJson(exchange, new JsonAnswer(failNextStatus.get(), error("INJECTED", "injected failure")), Map.of());
            return;
        }
        ApolloWindows.Verdict verdict = windows.admit(route);
        if (!verdict.allowed()) {
            ObjectNode body = JSON.createObjectNode().put("message", "The maximum number of api calls allowed for api/v1/" + route
                    + " is " + windows.limit(verdict.window()) + " times per " + verdict.window()
                    + ". Please upgrade your plan from https://app.apollo.io/#/settings/plans/upgrade.");
            sendJson(exchange, new JsonAnswer(429, body), verdict.headers());
            return;
        }
        JsonAnswer answer;
        if (method.equals("POST") && route.equals("people/bulk_match")) {
            submissions.incrementAndGet();
            answer = bulkMatch(raw, query);
        } else if (method.equals("POST") && route.equals("organizations/bulk_enrich")) {
            submissions.incrementAndGet();
            answer = bulkEnrich(query);
        } else if (method.equals("GET") && route.equals("webhook_result")) {
            answer = webhookResult(endpoint.substring("webhook_result/".length()));
        } else if (method.equals("POST") && route.equals("usage_stats/api_usage_stats")) {
            answer = new JsonAnswer(200, JSON.createObjectNode());
        } else {
            answer = new JsonAnswer(404, error("NOT_FOUND", "no such endpoint " + method + " " + path));
        }
        sendJson(exchange, answer, verdict.headers());
    }

    // Doc: https://docs.apollo.io/reference/bulk-people-enrichment
    private JsonAnswer bulkMatch(byte[] raw, Map<String, String> query) {
        JsonNode body;
        try {
            body = raw == null || raw.length == 0 ? JSON.createObjectNode() : JSON.readTree(raw);
        } catch (IOException e) {
            return new JsonAnswer(400, error("INVALID_REQUEST", "invalid request, body is not JSON"));
        }
        JsonNode details = body.path("details");
        if (!details.isArray() || details.isEmpty()) {
            return new JsonAnswer(400, error("INVALID_REQUEST", "invalid request, missing details"));
        }
        if (details.size() > MAX_BATCH) {
            return new JsonAnswer(400, error("RECORD_LIMIT_EXCEEDED", "cannot enrich more than 10 in a single request"));
        }
        boolean reveal = "true".equals(query.get("reveal_phone_number"));
        String webhookUrl = query.get("webhook_url");
        if (reveal && (webhookUrl == null || webhookUrl.isBlank())) {
            return new JsonAnswer(400, error("INVALID_REQUEST", "webhook_url is mandatory when reveal_phone_number is true"));
        }
        List<Optional<WorldPerson>> found = new ArrayList<>();
        for (JsonNode d : details) {
            found.add(find(d).filter(p -> !p.knownTo("apollo").isEmpty()));
        }
        long hits = found.stream().filter(Optional::isPresent).count();
        long phones = reveal ? found.stream().flatMap(Optional::stream).filter(this::hasPhone).count() : 0;
        double cost = hits + 8.0 * phones;
        synchronized (this) {
            if (cost > credits) {
                return new JsonAnswer(402, error("INSUFFICIENT_CREDITS", "Your team does not have enough credits for this request"
                        + " (needs " + cost + ", has " + credits + "). Buy credits from https://app.apollo.io/#/settings/plans."));
            }
            credits -= cost;
            spent += cost;
        }
        String requestId = Long.toString(nextRequestId());
        ObjectNode out = JSON.createObjectNode();
        out.put("status", "success").putNull("error_code").putNull("error_message");
        out.put("request_id", Long.parseLong(requestId));
        out.put("total_requested_enrichments", details.size());
        out.put("unique_enriched_records", hits);
        out.put("missing_records", details.size() - hits);
        out.put("credits_consumed", (double) hits);
        ArrayNode matches = out.putArray("matches");
        ObjectNode payload = JSON.createObjectNode();
        payload.put("request_id", requestId);
        payload.put("status", "success");
        payload.put("total_requested_enrichments", details.size());
        payload.put("unique_enriched_records", phones);
        payload.put("missing_records", details.size() - hits);
        payload.put("credits_consumed", 8.0 * phones);
        ArrayNode people = payload.putArray("people");
        for (Optional<WorldPerson> person : found) {
            if (person.isEmpty()) {
                matches.addNull();
                continue;
            }
            matches.add(match(person.get()));
            if (reveal) {
                ObjectNode p = people.addObject().put("id", personId(person.get())).put("status", "success");
                ArrayNode numbers = p.putArray("phone_numbers");
                if (hasPhone(person.get())) {
                    numbers.addObject().put("raw_number", person.get().mobilePhone()).put("sanitized_number", person.get().mobilePhone())
                            .put("type_cd", "mobile").put("status_cd", "valid_number").put("confidence_cd", "high").put("position", 0);
                }
            }
        }
        if (reveal) {
            PhoneJob job = new PhoneJob(requestId, settings.clock().instant().plus(settings.phoneDelay()), payload);
            jobs.put(requestId, job);
            deliveries.schedule(() -> deliver(webhookUrl, job), settings.phoneDelay().toMillis(), TimeUnit.MILLISECONDS);
        }
        return new JsonAnswer(200, out);
    }

    // Doc: https://docs.apollo.io/reference/bulk-organization-enrichment
    private JsonAnswer bulkEnrich(Map<String, String> query) {
        String joined = query.get("domains[]");
        if (joined == null || joined.isBlank()) {
            return new JsonAnswer(400, error("INVALID_REQUEST", "invalid request, missing domains"));
        }
        String[] domains = joined.split("\u0000");
        if (domains.length > MAX_BATCH) {
            return new JsonAnswer(400, error("RECORD_LIMIT_EXCEEDED", "domain count cannot be more than 10"));
        }
        List<WorldCompany> found = new ArrayList<>();
        for (String domain : domains) {
            settings.world().companyByDomain(domain).filter(c -> c.knownBy().contains("apollo")).ifPresent(found::add);
        }
        synchronized (this) {
            if (found.size() > credits) {
                return new JsonAnswer(402, error("INSUFFICIENT_CREDITS", "Your team does not have enough credits for this request."));
            }
            credits -= found.size();
            spent += found.size();
        }
        ObjectNode out = JSON.createObjectNode();
        out.put("status", "success").putNull("error_code").putNull("error_message");
        out.put("total_requested_domains", domains.length);
        out.put("unique_enriched_records", found.size());
        out.put("missing_records", domains.length - found.size());
        ArrayNode organizations = out.putArray("organizations");
        for (WorldCompany c : found) {
            ObjectNode o = organizations.addObject();
            o.put("id", String.format("%024x", Math.abs((long) c.domain().hashCode())));
            o.put("name", c.name());
            o.put("primary_domain", c.domain());
            o.put("linkedin_url", c.linkedinUrl());
            o.put("industry", c.industry() == null ? null : c.industry().toLowerCase(Locale.ROOT));
            if (c.employeeCount() != null) {
                o.put("estimated_num_employees", c.employeeCount());
            }
            if (c.annualRevenue() != null) {
                o.put("annual_revenue", c.annualRevenue());
            }
            o.put("country", c.country() == null ? null : new Locale("", c.country()).getDisplayCountry(Locale.ENGLISH));
        }
        return new JsonAnswer(200, out);
    }

    // Doc: https://docs.apollo.io/reference/poll-webhook-result
    private JsonAnswer webhookResult(String requestId) {
        try {
            Long.parseLong(requestId);
        } catch (NumberFormatException e) {
            return new JsonAnswer(400, JSON.createObjectNode().put("error_code", "invalid_request_id"));
        }
        PhoneJob job = jobs.get(requestId);
        if (job == null) {
            return new JsonAnswer(404, JSON.createObjectNode().put("error_code", "request_id_unknown"));
        }
        Instant now = settings.clock().instant();
        if (now.isAfter(job.readyAt().plus(Duration.ofDays(30)))) {
            return new JsonAnswer(410, JSON.createObjectNode().put("error_code", "request_id_expired"));
        }
        if (now.isBefore(job.readyAt())) {
            long wait = Math.max(1, (Duration.between(now, job.readyAt()).toMillis() + 999) / 1000);
            return new JsonAnswer(404, JSON.createObjectNode().put("error_code", "result_pending").put("retry_after_seconds", wait));
        }
        ObjectNode out = JSON.createObjectNode();
        out.put("request_id", requestId).put("webhook_status", "success").put("request_type", "phone")
                .put("last_dispatched_at", job.readyAt().toString()).putNull("failure_reason");
        out.set("webhook_result", job.payload());
        return new JsonAnswer(200, out);
    }

    private void deliver(String webhookUrl, PhoneJob job) {
        try {
            http.send(HttpRequest.newBuilder(URI.create(webhookUrl)).timeout(Duration.ofSeconds(5))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(job.payload().toString())).build(), HttpResponse.BodyHandlers.discarding());
            webhookDeliveries.incrementAndGet();
        } catch (IOException | IllegalArgumentException e) {
            // like Apollo: the result stays available by polling
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    // ---------------------------------------------------------------- the world

    private Optional<WorldPerson> find(JsonNode d) {
        EnrichmentWorld world = settings.world();
        String email = text(d, "email");
        if (email != null && world.personByEmail(email).isPresent()) {
            return world.personByEmail(email);
        }
        String linkedin = text(d, "linkedin_url");
        if (linkedin != null && world.personByLinkedin(linkedin).isPresent()) {
            return world.personByLinkedin(linkedin);
        }
        String first = text(d, "first_name");
        String last = text(d, "last_name");
        if (first != null && last != null) {
            for (String company : new String[] {text(d, "domain"), text(d, "organization_name")}) {
                if (company != null && world.personByName(first, last, company).isPresent()) {
                    return world.personByName(first, last, company);
                }
            }
        }
        return Optional.empty();
    }

    private ObjectNode match(WorldPerson p) {
        Set<String> known = p.knownTo("apollo");
        ObjectNode m = JSON.createObjectNode();
        m.put("id", personId(p));
        m.put("first_name", p.firstName()).put("last_name", p.lastName()).put("name", p.firstName() + " " + p.lastName());
        m.put("linkedin_url", p.linkedinUrl());
        m.put("title", known.contains("title") ? p.title() : null);
        m.put("seniority", known.contains("seniority") ? p.seniority() : null);
        boolean email = known.contains("workEmail") && p.workEmail() != null;
        m.put("email", email ? p.workEmail() : null);
        m.put("email_status", email ? ("DELIVERABLE".equalsIgnoreCase(p.emailStatus()) ? "verified" : "unverified") : "unavailable");
        m.putNull("extrapolated_email_confidence");
        m.putObject("organization").put("name", p.companyName()).put("primary_domain", p.companyDomain());
        return m;
    }

    private boolean hasPhone(WorldPerson p) {
        return p.knownTo("apollo").contains("mobilePhone") && p.mobilePhone() != null;
    }

    private String personId(WorldPerson p) {
        return String.format("%024x", settings.world().people().indexOf(p) + 0x64a7ff0cL);
    }

    private synchronized long nextRequestId() {
        return ids.nextLong();
    }

    private static String text(JsonNode node, String field) {
        JsonNode v = node.get(field);
        return v == null || v.isNull() || v.asText().isBlank() ? null : v.asText();
    }

    private static ObjectNode error(String code, String message) {
        return JSON.createObjectNode().put("status", "failed").put("error_code", code).put("error_message", message);
    }
}
