package io.middlemile.sandbox.fullenrich;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import io.middlemile.sandbox.EmulatorServer;
import io.middlemile.sandbox.JsonAnswer;
import io.middlemile.sandbox.enrichment.WorldPerson;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A FullEnrich workspace (API v2) on an embedded HTTP server, answering from an
 * {@link io.middlemile.sandbox.enrichment.EnrichmentWorld}. Written from FullEnrich's OpenAPI
 * (https://docs.fullenrich.com/api/v2/reference/openapi.yml) and guides; shares no code with the connector.
 *
 * <ul>
 *   <li>Base path {@code /api/v2} ({@link #apiUrl()}); {@code Authorization: Bearer <key>} on every call, 401
 *       {@code error.authorization.not_set} / {@code not_bearer} / {@code error.api.key} otherwise.</li>
 *   <li>{@code GET /account/keys/verify} → {@code {workspace_id}}; {@code GET /account/credits} → {@code {balance}}.</li>
 *   <li>{@code POST /contact/enrich/bulk}: at most 100 contacts; each needs first and last name with a domain or company
 *       name, or a LinkedIn URL, and {@code enrich_fields}; {@code custom} values are strings, at most 10 keys of 100
 *       characters. An invalid contact refuses the batch (400 {@code error.enrichment.*}) unless {@code ?silentFail=true},
 *       which drops it. 100 enrichments in progress at most (a 101st: 429).</li>
 *   <li>Asynchronous: an enrichment is finished {@code asyncDelay} after submission. Until then
 *       {@code GET /contact/enrich/bulk/{id}} answers 400 {@code error.enrichment.in_progress} (or what is done so far
 *       with {@code forceResults=true}); then 200 FINISHED, or 402 with the enrichment when credits ran out
 *       (CREDITS_INSUFFICIENT: the contacts not reached are absent). Unknown id: 404 {@code error.enrichment.not_found}.</li>
 *   <li>Credits, only on a hit: work email 1 (not for an INVALID one), phone 10; a value paid for in the last 3 months
 *       is free again, but not within one enrichment or between enrichments in progress together.</li>
 *   <li>60 calls a calendar minute, every endpoint; beyond: 429 {@code error.rate.limit}, no rate-limit headers.</li>
 *   <li>With {@code webhook_url}, the finished enrichment is posted there signed ({@code X-Signature-SHA1}); with
 *       {@code webhook_events.contact_finished}, each contact is posted as it finishes (status IN_PROGRESS).</li>
 * </ul>
 */
public final class FullEnrichEmulator extends EmulatorServer {

    public static final String VENDOR = "fullenrich";
    static final String API = "/api/v2";
    static final int MAX_CONTACTS = 100;
    static final int MAX_IN_PROGRESS = 100;
    static final int MAX_CUSTOM_KEYS = 10;
    static final int MAX_CUSTOM_VALUE = 100;
    static final double EMAIL_PRICE = 1;
    static final double PHONE_PRICE = 10;
    private static final Set<String> ENRICH_FIELDS = Set.of("contact.work_emails", "contact.personal_emails", "contact.phones");
    private static final Set<String> UNUSABLE_EMAIL = Set.of("INVALID", "INVALID_DOMAIN");
    private static final int MAX_BODY_BYTES = 1024 * 1024;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final FullEnrichEmulatorSettings settings;
    private final CreditLedger ledger;
    private final Map<String, EnrichmentRun> runs = new LinkedHashMap<>();
    private final ScheduledExecutorService scheduler;
    private final SignedDelivery webhooks;
    private final AtomicLong accepted = new AtomicLong();
    private final AtomicLong rateLimited = new AtomicLong();
    private final AtomicInteger failNextCount = new AtomicInteger();
    private volatile int failNextStatus;
    private final AtomicInteger stallNextCount = new AtomicInteger();
    private volatile Duration stallNextFor = Duration.ZERO;
    private Instant minute = Instant.EPOCH;
    private int usedThisMinute;

    private FullEnrichEmulator(FullEnrichEmulatorSettings settings, int port) {
        super("FullEnrich");
        this.settings = settings;
        this.ledger = new CreditLedger(settings.startingCredits());
        this.scheduler = Executors.newScheduledThreadPool(2, runnable -> {
            Thread thread = new Thread(runnable, "fullenrich-emulator");
            thread.setDaemon(true);
            return thread;
        });
        this.webhooks = new SignedDelivery(settings.apiKey(), scheduler, settings.webhookRetryInterval(), settings.webhookRetries());
        listen(port); // last: requests may arrive from here on
    }

    /** Starts on the given port (0 = any free port) of the loopback interface. */
    public static FullEnrichEmulator start(FullEnrichEmulatorSettings settings, int port) {
        return new FullEnrichEmulator(settings, port);
    }

    /** The URL a connector's {@code baseUrl} names: the emulator's {@code /api/v2}. */
    public String apiUrl() {
        return baseUrl() + API;
    }

    // ---------------------------------------------------------------- test knobs

    /** Submissions received ({@code POST /contact/enrich/bulk}), accepted or not. */
    public long submissionsReceived() {
        return requestCount("POST enrich");
    }

    /** Enrichments accepted (each one charged for what it finds). */
    public long enrichmentsAccepted() {
        return accepted.get();
    }

    /** Calls answered 429 so far. */
    public long rateLimited() {
        return rateLimited.get();
    }

    public double creditBalance() {
        return ledger.balance();
    }

    public double creditsSpent() {
        return ledger.spent();
    }

    public void setCreditBalance(double credits) {
        ledger.setBalance(credits);
    }

    /** The next {@code count} authenticated calls answer {@code status} with a FullEnrich-shaped error body. */
    public void failNext(int status, int count) {
        failNextStatus = status;
        failNextCount.set(count);
    }

    /**
     * The next {@code count} authenticated calls are carried out as usual, but answered only after {@code delay}: a
     * client that times out first has its submission accepted without knowing it.
     */
    public void stallNext(Duration delay, int count) {
        stallNextFor = delay;
        stallNextCount.set(count);
    }

    /** Webhook delivery attempts so far, oldest first. */
    public List<SignedDelivery.Attempt> webhookAttempts() {
        return webhooks.attempts();
    }

    /** The signature FullEnrich puts on a body, for tests that post deliveries of their own. */
    public String signature(String body) {
        return webhooks.sign(body);
    }

    /** Finishes every enrichment whose delay is over now (the scheduler does it too; tests with a fixed clock call this). */
    public void finishDue() {
        List<Runnable> deliveries = new ArrayList<>();
        synchronized (this) {
            Instant now = settings.clock().instant();
            for (EnrichmentRun run : runs.values()) {
                if (!run.over() && !now.isBefore(run.readyAt)) {
                    process(run, deliveries);
                }
            }
        }
        deliveries.forEach(Runnable::run);
    }

    // ---------------------------------------------------------------- HTTP

    @Override
    protected void handle(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getRawPath();
        String method = exchange.getRequestMethod();
        if (!path.startsWith(API + "/")) {
            sendJson(exchange, FeError.of(404, "error.not_found", "No route " + method + " " + path + " (the API is under " + API + ")"),
                    Map.of());
            return;
        }
        List<String> segments = segments(path.substring(API.length()));
        String route = route(method, segments);
        count(route);
        Optional<JsonAnswer> refused = authenticate(exchange);
        if (refused.isEmpty()) {
            refused = rateLimit();
        }
        if (refused.isEmpty() && failNextCount.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
            refused = Optional.of(FeError.of(failNextStatus, failNextStatus == 402 ? "error.credits.insufficient" : "error.emulator.injected",
                    "Injected failure (emulator failNext)"));
        }
        if (refused.isPresent()) {
            sendJson(exchange, refused.get(), Map.of());
            return;
        }
        finishDue();
        Map<String, String> query = form(exchange.getRequestURI().getRawQuery(), (a, b) -> b);
        JsonAnswer answer = switch (route) {
            case "GET verify" -> new JsonAnswer(200, JSON.createObjectNode().put("workspace_id", "emulated-workspace"));
            case "GET credits" -> new JsonAnswer(200, JSON.createObjectNode().put("balance", ledger.balance()));
            case "POST enrich" -> submit(readBody(exchange, MAX_BODY_BYTES), "true".equalsIgnoreCase(query.get("silentFail")));
            case "GET results" -> results(segments.get(3), "true".equalsIgnoreCase(query.get("forceResults")));
            case "POST cancel" -> cancel(segments.get(3));
            default -> FeError.of(404, "error.not_found", "No route " + method + " " + path);
        };
        if (stallNextCount.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
            try {
                Thread.sleep(stallNextFor.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        sendJson(exchange, answer, Map.of());
    }

    @Override
    protected JsonNode failureBody(RuntimeException failure) {
        return FeError.of(500, "error.internal", "Internal error: " + failure.getMessage()).body();
    }

    private static String route(String method, List<String> s) {
        if (s.equals(List.of("account", "keys", "verify")) && method.equals("GET")) {
            return "GET verify";
        }
        if (s.equals(List.of("account", "credits")) && method.equals("GET")) {
            return "GET credits";
        }
        if (s.size() >= 3 && s.get(0).equals("contact") && s.get(1).equals("enrich") && s.get(2).equals("bulk")) {
            if (s.size() == 3 && method.equals("POST")) {
                return "POST enrich";
            }
            if (s.size() == 4 && method.equals("GET")) {
                return "GET results";
            }
            if (s.size() == 5 && s.get(4).equals("cancel") && method.equals("POST")) {
                return "POST cancel";
            }
        }
        return method + " other";
    }

    private Optional<JsonAnswer> authenticate(HttpExchange exchange) {
        String header = exchange.getRequestHeaders().getFirst("Authorization");
        if (header == null || header.isBlank()) {
            return Optional.of(FeError.NOT_SET);
        }
        if (!header.toLowerCase(Locale.ROOT).startsWith("bearer ")) {
            return Optional.of(FeError.NOT_BEARER);
        }
        return header.substring(7).trim().equals(settings.apiKey()) ? Optional.empty() : Optional.of(FeError.UNKNOWN_KEY);
    }

    /** A fixed calendar-minute window over every call of the workspace. */
    private synchronized Optional<JsonAnswer> rateLimit() {
        Instant current = settings.clock().instant().truncatedTo(ChronoUnit.MINUTES);
        if (!current.equals(minute)) {
            minute = current;
            usedThisMinute = 0;
        }
        if (usedThisMinute >= settings.requestsPerMinute()) {
            rateLimited.incrementAndGet();
            return Optional.of(FeError.RATE_LIMIT);
        }
        usedThisMinute++;
        return Optional.empty();
    }

    // ---------------------------------------------------------------- submit

    private JsonAnswer submit(byte[] raw, boolean silentFail) {
        if (raw == null) {
            return FeError.of(413, "error.request.too_large", "Request body too large"); // emulator: undocumented
        }
        JsonNode body;
        try {
            body = JSON.readTree(raw);
        } catch (IOException e) {
            return FeError.badRequest("error.request.body", "Request body is not valid JSON"); // emulator: undocumented
        }
        if (body == null || !body.isObject()) {
            return FeError.badRequest("error.request.body", "Request body must be a JSON object");
        }
        if (body.path("name").asText("").isBlank()) {
            return FeError.badRequest("error.enrichment.name.empty", "Enrichment name not set");
        }
        String webhookUrl = text(body.path("webhook_url"));
        String contactFinished = text(body.path("webhook_events").path("contact_finished"));
        for (String url : new String[]{webhookUrl, contactFinished}) {
            if (url != null && !url.startsWith("http://") && !url.startsWith("https://")) {
                return FeError.badRequest("error.enrichment.webhook_url", "Webhook URL must be start with http or https");
            }
        }
        JsonNode data = body.path("data");
        if (!data.isArray() || data.isEmpty()) {
            return FeError.badRequest("error.enrichment.data.empty", "Data is empty");
        }
        if (data.size() > MAX_CONTACTS) {
            // emulator: the docs state the maximum (100) but not its error code
            return FeError.badRequest("error.enrichment.data.exceeded", "Data cannot contain more than " + MAX_CONTACTS + " contacts");
        }
        List<EnrichmentRun.Contact> contacts = new ArrayList<>();
        for (JsonNode contact : data) {
            Optional<JsonAnswer> invalid = invalid(contact);
            if (invalid.isPresent()) {
                if (silentFail) {
                    continue;
                }
                return invalid.get();
            }
            List<String> fields = new ArrayList<>();
            contact.path("enrich_fields").forEach(f -> fields.add(f.asText()));
            contacts.add(new EnrichmentRun.Contact(text(contact.path("first_name")), text(contact.path("last_name")),
                    text(contact.path("domain")), text(contact.path("company_name")), text(contact.path("linkedin_url")),
                    fields, contact.path("custom").isObject() ? ((ObjectNode) contact.path("custom")).deepCopy() : JSON.createObjectNode()));
        }
        if (contacts.isEmpty()) {
            return FeError.badRequest("error.enrichment.data.empty", "Data is empty");
        }
        EnrichmentRun run;
        synchronized (this) {
            long inProgress = runs.values().stream().filter(r -> !r.over()).count();
            if (inProgress >= MAX_IN_PROGRESS) {
                // emulator: the docs state the queue (100 enrichments) but not the answer beyond it
                rateLimited.incrementAndGet();
                return FeError.of(429, "error.rate.limit", "Too many enrichments in progress (max " + MAX_IN_PROGRESS
                        + "). Try again in 1m");
            }
            Instant now = settings.clock().instant();
            String id = UUID.nameUUIDFromBytes(("fullenrich-emulator-" + accepted.incrementAndGet()).getBytes(StandardCharsets.UTF_8))
                    .toString();
            run = new EnrichmentRun(id, body.path("name").asText(), now, now.plus(settings.asyncDelay()), contacts, webhookUrl,
                    contactFinished);
            runs.put(id, run);
        }
        if (!scheduler.isShutdown()) {
            scheduler.schedule(this::finishDue, settings.asyncDelay().toMillis() + 5, TimeUnit.MILLISECONDS);
        }
        return new JsonAnswer(200, JSON.createObjectNode().put("enrichment_id", run.id));
    }

    private static Optional<JsonAnswer> invalid(JsonNode contact) {
        if (text(contact.path("linkedin_url")) == null) {
            if (text(contact.path("first_name")) == null) {
                return Optional.of(FeError.badRequest("error.enrichment.first_name.empty", "First name cannot be empty"));
            }
            if (text(contact.path("last_name")) == null) {
                return Optional.of(FeError.badRequest("error.enrichment.last_name.empty", "Last name cannot be empty"));
            }
            if (text(contact.path("domain")) == null && text(contact.path("company_name")) == null) {
                return Optional.of(FeError.badRequest("error.enrichment.domain.empty", "Domain cannot be empty"));
            }
        }
        JsonNode fields = contact.path("enrich_fields");
        if (!fields.isArray() || fields.isEmpty()) {
            return Optional.of(FeError.badRequest("error.enrichment.enrich_fields.empty", "enrichFields cannot be empty"));
        }
        for (JsonNode field : fields) {
            if (!ENRICH_FIELDS.contains(field.asText())) {
                return Optional.of(FeError.badRequest("error.enrichment.enrich_field.value", "enrichField '" + field.asText()
                        + "' not valid must be contact.work_emails or contact.phones or contact.personal_emails"));
            }
        }
        JsonNode custom = contact.path("custom");
        if (!custom.isMissingNode() && !custom.isNull()) {
            if (!custom.isObject() || custom.size() > MAX_CUSTOM_KEYS) {
                return Optional.of(FeError.badRequest("error.enrichment.custom.key.exceeded", "Custom field contains too many keys (max: 10 keys)"));
            }
            for (Iterator<JsonNode> values = custom.elements(); values.hasNext(); ) {
                JsonNode value = values.next();
                if (!value.isTextual()) {
                    // emulator: the docs say values must be strings, without naming the error
                    return Optional.of(FeError.badRequest("error.enrichment.custom.value.type", "Custom field values must be strings"));
                }
                if (value.asText().length() > MAX_CUSTOM_VALUE) {
                    return Optional.of(FeError.badRequest("error.enrichment.custom.value.exceeded",
                            "Custom field value max len exceeded (max: 100 character)"));
                }
            }
        }
        return Optional.empty();
    }

    // ---------------------------------------------------------------- results

    private synchronized JsonAnswer results(String id, boolean forceResults) {
        EnrichmentRun run = runs.get(id);
        if (run == null) {
            return FeError.NOT_FOUND;
        }
        if (!run.over()) {
            return forceResults ? new JsonAnswer(200, envelope(run, JSON.createArrayNode())) : FeError.IN_PROGRESS;
        }
        return new JsonAnswer("CREDITS_INSUFFICIENT".equals(run.status) ? 402 : 200, envelope(run, run.data));
    }

    private JsonAnswer cancel(String id) {
        List<Runnable> deliveries = new ArrayList<>();
        JsonAnswer answer;
        synchronized (this) {
            EnrichmentRun run = runs.get(id);
            if (run == null) {
                return FeError.NOT_FOUND;
            }
            if (!run.over()) {
                run.status = "CANCELED";
                run.data = JSON.createArrayNode();
                if (run.webhookUrl != null) {
                    String body = envelope(run, run.data).toString();
                    deliveries.add(() -> webhooks.deliver(run.webhookUrl, body));
                }
            }
            answer = new JsonAnswer(200, envelope(run, run.data));
        }
        deliveries.forEach(Runnable::run);
        return answer;
    }

    /** Looks every contact up in the world, in order, charging as it goes; stops where the credits run out. */
    private void process(EnrichmentRun run, List<Runnable> deliveries) {
        run.data = JSON.createArrayNode();
        run.status = "FINISHED";
        for (EnrichmentRun.Contact contact : run.contacts) {
            Optional<WorldPerson> person = find(contact);
            String who = person.map(FullEnrichEmulator::identity).orElse(null);
            Set<String> known = person.map(p -> p.knownTo(VENDOR)).orElse(Set.of());
            boolean email = person.isPresent() && contact.enrichFields().contains("contact.work_emails") && known.contains("workEmail")
                    && person.get().workEmail() != null;
            boolean phone = person.isPresent() && contact.enrichFields().contains("contact.phones") && known.contains("mobilePhone")
                    && person.get().mobilePhone() != null;
            boolean emailCharged = email && !UNUSABLE_EMAIL.contains(status(person.get()));
            double emailPrice = emailCharged ? ledger.price(who, "workEmail", EMAIL_PRICE, run.id, run.submittedAt) : 0;
            double phonePrice = phone ? ledger.price(who, "mobilePhone", PHONE_PRICE, run.id, run.submittedAt) : 0;
            if (!ledger.canPay(emailPrice + phonePrice)) {
                run.status = "CREDITS_INSUFFICIENT";
                break;
            }
            Instant now = settings.clock().instant();
            if (emailCharged) {
                ledger.charge(who, "workEmail", emailPrice, run.id, now);
            }
            if (phone) {
                ledger.charge(who, "mobilePhone", phonePrice, run.id, now);
            }
            run.credits += emailPrice + phonePrice;
            ObjectNode result = result(contact, email ? person.get() : null, phone ? person.get() : null);
            run.data.add(result);
            if (run.contactFinishedUrl != null) {
                ArrayNode one = JSON.createArrayNode().add(result.deepCopy());
                ObjectNode envelope = envelope(run, one);
                envelope.put("status", "IN_PROGRESS");
                String body = envelope.toString();
                deliveries.add(() -> webhooks.deliver(run.contactFinishedUrl, body));
            }
        }
        if (run.webhookUrl != null) {
            String body = envelope(run, run.data).toString();
            deliveries.add(() -> webhooks.deliver(run.webhookUrl, body));
        }
    }

    private Optional<WorldPerson> find(EnrichmentRun.Contact contact) {
        if (contact.linkedinUrl() != null) {
            Optional<WorldPerson> byUrl = settings.world().personByLinkedin(contact.linkedinUrl());
            if (byUrl.isPresent()) {
                return byUrl;
            }
        }
        if (contact.firstName() == null || contact.lastName() == null) {
            return Optional.empty();
        }
        Optional<WorldPerson> byDomain = contact.domain() == null ? Optional.empty()
                : settings.world().personByName(contact.firstName(), contact.lastName(), contact.domain());
        return byDomain.isPresent() || contact.companyName() == null ? byDomain
                : settings.world().personByName(contact.firstName(), contact.lastName(), contact.companyName());
    }

    private static String identity(WorldPerson person) {
        return person.linkedinUrl() != null ? person.linkedinUrl().toLowerCase(Locale.ROOT)
                : (person.firstName() + "|" + person.lastName() + "|" + person.companyDomain()).toLowerCase(Locale.ROOT);
    }

    private static String status(WorldPerson person) {
        return person.emailStatus() == null ? "DELIVERABLE" : person.emailStatus();
    }

    private static ObjectNode result(EnrichmentRun.Contact contact, WorldPerson withEmail, WorldPerson withPhone) {
        ObjectNode result = JSON.createObjectNode();
        ObjectNode input = result.putObject("input");
        putIfPresent(input, "first_name", contact.firstName());
        putIfPresent(input, "last_name", contact.lastName());
        putIfPresent(input, "company_domain", contact.domain());
        putIfPresent(input, "company_name", contact.companyName());
        putIfPresent(input, "professional_network_url", contact.linkedinUrl());
        result.set("custom", contact.custom().deepCopy());
        ObjectNode info = result.putObject("contact_info");
        ArrayNode workEmails = JSON.createArrayNode();
        ArrayNode phones = JSON.createArrayNode();
        if (withEmail != null) {
            ObjectNode email = JSON.createObjectNode().put("email", withEmail.workEmail()).put("status", status(withEmail));
            info.set("most_probable_work_email", email);
            workEmails.add(email.deepCopy());
        }
        if (withPhone != null) {
            ObjectNode phone = JSON.createObjectNode().put("number", withPhone.mobilePhone()).put("region", "US");
            info.set("most_probable_phone", phone);
            phones.add(phone.deepCopy());
        }
        info.set("work_emails", workEmails);
        info.set("personal_emails", JSON.createArrayNode());
        info.set("phones", phones);
        return result;
    }

    private static ObjectNode envelope(EnrichmentRun run, ArrayNode data) {
        ObjectNode body = JSON.createObjectNode();
        body.put("id", run.id);
        body.put("name", run.name);
        body.put("status", run.status);
        body.putObject("cost").put("credits", run.credits);
        body.set("data", data.deepCopy());
        return body;
    }

    private static void putIfPresent(ObjectNode node, String field, String value) {
        if (value != null) {
            node.put(field, value);
        }
    }

    private static String text(JsonNode node) {
        return node.isTextual() && !node.asText().isBlank() ? node.asText().strip() : null;
    }

    @Override
    public String toString() {
        return "FullEnrichEmulator[apiKey ***]";
    }

    /** Stops the server and the background work. */
    public void shutdown() {
        stop();
        scheduler.shutdownNow();
    }
}
