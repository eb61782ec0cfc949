package io.middlemile.sandbox.unipile;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import io.middlemile.sandbox.EmulatorServer;
import io.middlemile.sandbox.JsonAnswer;
import io.middlemile.sandbox.SeedCsv;
import io.middlemile.sandbox.Timeline;
import io.middlemile.sandbox.WebhookDispatcher;
import io.middlemile.sandbox.unipile.UnipileEmulatorSettings.Account;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A stateful Unipile API v1 for LinkedIn on a loopback port, as strict as the real one on the calls the connector makes
 * (developer.unipile.com; the vendor facts of the project):
 * <ul>
 *   <li>{@code X-API-KEY} or 401; a disconnected account ({@link #disconnect}) answers 401 {@code errors/disconnected_account};
 *       errors are RFC 7807 problems {@code {title, detail, type, status}};</li>
 *   <li>LinkedIn's limits per account: invitations per local day and per rolling week, profile look-ups and messages per
 *       local day ({@link UnipileEmulatorSettings.Limits}); beyond one, 429 {@code errors/too_many_requests} (nothing is
 *       done); {@link #usage} counts what each account did and was refused, per local day;</li>
 *   <li>{@code GET /users/{identifier}?account_id=}: a seeded profile by public identifier or provider id, else 404;</li>
 *   <li>{@code POST /users/invite {account_id, provider_id, message?}}: a note over 300 characters (200 on a free
 *       account) is 400 {@code errors/too_many_characters}; a person already invited or connected, 422
 *       {@code errors/already_invited_recently} (type name this emulator's choice);</li>
 *   <li>{@code POST /chats} (multipart account_id, attendees_ids, text) starts or reuses the 1-to-1 chat, only with a
 *       relation (else 422 {@code errors/no_connection_with_recipient}, this emulator's choice);
 *       {@code POST /chats/{id}/messages} (multipart text);</li>
 *   <li>{@code GET /users/relations?account_id=&limit=&cursor=}: the relations, newest first;</li>
 *   <li>{@code GET /accounts}; {@code POST /webhooks {request_url, source, name, headers[{key, value}]}}.</li>
 * </ul>
 * The people answer on the emulator's clock ({@link UnipileEmulatorSettings.Behaviour}): an accepted invitation becomes
 * a relation and fires {@code new_relation} at the {@code users} webhooks; a reply becomes a message of the chat and
 * fires {@code message_received} at the {@code messaging} webhooks, as do the account's own messages (sender: the
 * account). A delivery not answered 200 is retried ({@link UnipileEmulatorSettings#retryDelays()}). Tests move their
 * clock and call {@link #deliverDue()}; the sandbox command delivers on its own ({@link #startDelivering}).
 */
public final class UnipileEmulator extends EmulatorServer {

    public static final String API_PREFIX = "/api/v1";
    public static final int PAID_NOTE = 300;
    public static final int FREE_NOTE = 200;
    private static final int MAX_BODY = 1024 * 1024;
    private static final Set<String> SOURCES = Set.of("messaging", "users", "account_status", "email", "email_tracking",
            "calendar_event");
    private static final ObjectMapper JSON = new ObjectMapper();

    /** What one account did on one of its local days, and how many requests its limits refused. */
    public record Usage(int invitations, int profileLookups, int messages, int refusedOverLimit) {
    }

    /** A person LinkedIn knows. */
    public record Profile(String publicIdentifier, String providerId, String firstName, String lastName, String headline) {
    }

    /** A webhook as POST /webhooks made it. */
    public record Webhook(String id, String requestUrl, String source, String name, Map<String, String> headers) {
    }

    private record Relation(Profile person, Instant createdAt) {
    }

    private record Message(String id, String senderProviderId, String text, Instant at) {
    }

    private static final class Chat {
        final String id;
        final String accountId;
        final String attendeeProviderId;
        final List<Message> messages = new ArrayList<>();
        boolean replyPlanned;

        Chat(String id, String accountId, String attendeeProviderId) {
            this.id = id;
            this.accountId = accountId;
            this.attendeeProviderId = attendeeProviderId;
        }
    }

    private static final class AccountState {
        final Account config;
        final String providerId;
        final List<Instant> invitations = new ArrayList<>();
        final Map<LocalDate, int[]> days = new HashMap<>();
        final List<Relation> relations = new ArrayList<>();
        final Set<String> invited = new HashSet<>();
        boolean disconnected;

        AccountState(Account config, String providerId) {
            this.config = config;
            this.providerId = providerId;
        }
    }

    private static final int INVITATIONS = 0, PROFILES = 1, MESSAGES = 2, REFUSED = 3;

    private final UnipileEmulatorSettings settings;
    private final Clock clock;
    private final WebhookDispatcher webhooks;
    private final Map<String, AccountState> accounts = new LinkedHashMap<>();
    private final Map<String, Profile> byIdentifier = new HashMap<>();
    private final Map<String, Profile> byProviderId = new HashMap<>();
    private final Map<String, Chat> chats = new LinkedHashMap<>();
    private final List<Webhook> subscriptions = new ArrayList<>();
    private final Timeline timeline;

    private UnipileEmulator(UnipileEmulatorSettings settings, Clock clock) {
        super("Unipile");
        this.settings = settings;
        this.clock = clock;
        this.timeline = new Timeline(clock);
        this.webhooks = new WebhookDispatcher("Unipile", clock, settings.retryDelays(), status -> status == 200,
                settings.webhookTimeout());
        for (Account account : settings.accounts()) {
            accounts.put(account.id(), new AccountState(account, providerIdOf("account:" + account.id())));
        }
    }

    /** Starts on the given port (0: any free one) with the system clock. */
    public static UnipileEmulator start(UnipileEmulatorSettings settings, int port) {
        return start(settings, port, Clock.systemUTC());
    }

    /** Starts with the given clock: people answer and webhooks fall due by it. */
    public static UnipileEmulator start(UnipileEmulatorSettings settings, int port, Clock clock) {
        UnipileEmulator emulator = new UnipileEmulator(settings, clock);
        emulator.listen(port);
        return emulator;
    }

    /** The base URL a connection's {@code baseUrl:} takes: the server and {@code /api/v1}. */
    public String apiBaseUrl() {
        return baseUrl() + API_PREFIX;
    }

    // ---------------------------------------------------------------- seeding, webhooks and inspection

    /** Adds a person; their provider id (ACo...) is derived from the public identifier, the same in every run. */
    public synchronized Profile addProfile(String publicIdentifier, String firstName, String lastName, String headline) {
        Profile profile = new Profile(publicIdentifier, providerIdOf(publicIdentifier), firstName, lastName, headline);
        byIdentifier.put(publicIdentifier.toLowerCase(Locale.ROOT), profile);
        byProviderId.put(profile.providerId(), profile);
        return profile;
    }

    /** Seeds people from a CSV with the columns public_identifier, first_name, last_name, headline; returns how many. */
    public int seedProfiles(Path csv) {
        return SeedCsv.read(csv, "provider_id", (row, values) -> {
            Object identifier = values.get("public_identifier");
            if (identifier == null) {
                throw new IllegalArgumentException("row " + row + " has no public_identifier");
            }
            addProfile(identifier.toString(), (String) values.get("first_name"), (String) values.get("last_name"),
                    (String) values.get("headline"));
        });
    }

    /** Adds a webhook as {@code POST /api/v1/webhooks} would; returns its id. */
    public synchronized String addWebhook(String requestUrl, String source, String name, Map<String, String> headers) {
        String id = shortId();
        subscriptions.add(new Webhook(id, requestUrl, source, name, Map.copyOf(headers)));
        return id;
    }

    public synchronized List<Webhook> webhooks() {
        return List.copyOf(subscriptions);
    }

    /** The account's session ends, as when its owner logs out everywhere: every call with it answers 401. */
    /** Makes the person a connection (1st degree) of the account now, as an invitation accepted before this emulator ran. */
    public synchronized void connect(String accountId, String publicIdentifier) {
        Profile person = byIdentifier.get(publicIdentifier.toLowerCase(Locale.ROOT));
        if (person == null) {
            throw new IllegalArgumentException("no profile " + publicIdentifier + "; add it first");
        }
        account(accountId).relations.add(0, new Relation(person, clock.instant()));
    }

    public synchronized void disconnect(String accountId) {
        account(accountId).disconnected = true;
    }

    public synchronized Usage usage(String accountId, LocalDate day) {
        int[] counts = account(accountId).days.getOrDefault(day, new int[4]);
        return new Usage(counts[INVITATIONS], counts[PROFILES], counts[MESSAGES], counts[REFUSED]);
    }

    /** Every account's usage by local day. */
    public synchronized Map<String, Map<LocalDate, Usage>> usage() {
        Map<String, Map<LocalDate, Usage>> all = new LinkedHashMap<>();
        accounts.forEach((id, state) -> {
            Map<LocalDate, Usage> days = new java.util.TreeMap<>();
            state.days.forEach((day, c) -> days.put(day, new Usage(c[INVITATIONS], c[PROFILES], c[MESSAGES], c[REFUSED])));
            all.put(id, days);
        });
        return all;
    }

    /** The public identifiers of the account's relations, newest first. */
    public synchronized List<String> relationsOf(String accountId) {
        catchUp();
        return account(accountId).relations.stream().map(r -> r.person().publicIdentifier()).toList();
    }

    /** The texts of the account's 1-to-1 chat with the person (by public identifier), oldest first; empty without one. */
    public synchronized List<String> chatWith(String accountId, String publicIdentifier) {
        Profile person = byIdentifier.get(publicIdentifier.toLowerCase(Locale.ROOT));
        return chats.values().stream().filter(c -> person != null && c.accountId.equals(accountId)
                && c.attendeeProviderId.equals(person.providerId())).findFirst()
                .map(c -> c.messages.stream().map(Message::text).toList()).orElse(List.of());
    }

    /** The texts of a chat's messages, oldest first. */
    public synchronized List<String> messagesOf(String chatId) {
        catchUp();
        Chat chat = chats.get(chatId);
        return chat == null ? List.of() : chat.messages.stream().map(Message::text).toList();
    }

    /** Whether the person would accept an invitation (the deterministic rule of {@link UnipileEmulatorSettings.Behaviour}). */
    public boolean accepts(String publicIdentifier) {
        return chosen("accept", publicIdentifier, settings.people().acceptShare());
    }

    /** Whether the person would reply to a first message. */
    public boolean replies(String publicIdentifier) {
        return chosen("reply", publicIdentifier, settings.people().replyShare());
    }

    /** Applies what people did by now (acceptances, replies) and makes the webhook deliveries that are due. */
    public int deliverDue() {
        synchronized (this) {
            catchUp();
        }
        return webhooks.deliverDue();
    }

    /** Every webhook POST made so far. */
    public List<WebhookDispatcher.Attempt> deliveries() {
        return webhooks.attempts();
    }

    /** Webhook deliveries not made yet. */
    public int pendingDeliveries() {
        return webhooks.pending();
    }

    /** Delivers on its own, every {@code every} (the sandbox command); tests call {@link #deliverDue()} instead. */
    public void startDelivering(Duration every) {
        webhooks.startTicking(every, () -> {
            synchronized (this) {
                catchUp();
            }
        });
    }

    @Override
    protected void stopped() {
        webhooks.close();
    }

    // ---------------------------------------------------------------- HTTP

    @Override
    protected JsonNode failureBody(RuntimeException failure) {
        return problem(500, "errors/unexpected_error", "Unexpected error", "The emulator failed: " + failure.getClass().getSimpleName());
    }

    @Override
    protected void handle(HttpExchange exchange) throws IOException {
        String key = exchange.getRequestHeaders().getFirst("X-API-KEY");
        if (!settings.apiKey().equals(key)) {
            answer(exchange, new JsonAnswer(401, problem(401, key == null ? "errors/missing_credentials" : "errors/invalid_credentials",
                    key == null ? "Missing credentials" : "Invalid credentials", key == null ? "The X-API-KEY header is missing."
                            : "The access token is invalid or revoked.")));
            return;
        }
        String method = exchange.getRequestMethod();
        String path = exchange.getRequestURI().getRawPath();
        if (!path.startsWith(API_PREFIX + "/")) {
            answer(exchange, notFound("Route " + method + " " + path + " not found"));
            return;
        }
        List<String> parts = segments(path.substring(API_PREFIX.length()));
        Map<String, String> query = form(exchange.getRequestURI().getRawQuery(), (a, b) -> b);
        byte[] raw = "POST".equals(method) ? readBody(exchange, MAX_BODY) : new byte[0];
        if (raw == null) {
            answer(exchange, new JsonAnswer(413, problem(413, "errors/content_too_large", "Content too large", "The body is too large.")));
            return;
        }
        String contentType = exchange.getRequestHeaders().getFirst("Content-Type");
        JsonAnswer result;
        synchronized (this) {
            catchUp();
            result = route(method, parts, query, raw, contentType);
        }
        count(routeKey(method, parts));
        Map<String, String> headers = result.status() == 429 && settings.retryAfter() != null
                ? Map.of("Retry-After", Long.toString(settings.retryAfter().toSeconds())) : Map.of();
        sendJson(exchange, result, headers);
    }

    /** The key {@link #requestCount(String)} counts a request under: "POST users/invite", "GET users/{id}", "POST chats/{id}/messages". */
    static String routeKey(String method, List<String> parts) {
        List<String> named = new ArrayList<>();
        for (int i = 0; i < parts.size(); i++) {
            String part = parts.get(i);
            boolean fixed = i == 0 || Set.of("relations", "invite", "messages").contains(part);
            named.add(fixed ? part : "{id}");
        }
        return method + " " + String.join("/", named);
    }

    private void answer(HttpExchange exchange, JsonAnswer answer) throws IOException {
        sendJson(exchange, answer, Map.of());
    }

    private JsonAnswer route(String method, List<String> parts, Map<String, String> query, byte[] raw, String contentType) {
        if (parts.isEmpty()) {
            return notFound("Route " + method + " " + API_PREFIX + " not found");
        }
        String head = parts.get(0);
        if ("GET".equals(method) && parts.equals(List.of("accounts"))) {
            return listAccounts();
        }
        if ("POST".equals(method) && parts.equals(List.of("webhooks"))) {
            return json(raw).map(this::createWebhook).orElseGet(() -> invalid("The body must be a JSON object."));
        }
        if ("users".equals(head) && parts.size() == 2) {
            if ("GET".equals(method) && "relations".equals(parts.get(1))) {
                return relations(query);
            }
            if ("POST".equals(method) && "invite".equals(parts.get(1))) {
                return json(raw).map(this::invite).orElseGet(() -> invalid("The body must be a JSON object."));
            }
            if ("GET".equals(method)) {
                return profile(parts.get(1), query.get("account_id"));
            }
        }
        if ("chats".equals(head) && "POST".equals(method)) {
            Map<String, String> fields = multipart(raw, contentType);
            if (fields == null) {
                return invalid("The body must be multipart/form-data.");
            }
            if (parts.size() == 1) {
                return startChat(fields);
            }
            if (parts.size() == 3 && "messages".equals(parts.get(2))) {
                return sendMessage(parts.get(1), fields);
            }
        }
        return notFound("Route " + method + " " + API_PREFIX + "/" + String.join("/", parts) + " not found");
    }

    // Mirrors GET /api/v1/accounts.
    private JsonAnswer listAccounts() {
        ObjectNode answer = JSON.createObjectNode().put("object", "AccountList");
        ArrayNode items = answer.putArray("items");
        accounts.values().forEach(state -> {
            ObjectNode item = items.addObject().put("object", "Account").put("id", state.config.id()).put("type", "LINKEDIN")
                    .put("name", state.config.name());
            item.putArray("sources").addObject().put("id", state.config.id() + "_MESSAGING")
                    .put("status", state.disconnected ? "CREDENTIALS" : "OK");
            item.putObject("connection_params").putObject("im").put("premiumFeatures", state.config.premium()
                    ? "premium" : "none");
        });
        answer.putNull("cursor");
        return new JsonAnswer(200, answer);
    }

    // Mirrors POST /api/v1/webhooks {request_url, source, name, headers[{key, value}]} → 201 {object: "WebhookCreated", webhook_id}.
    private JsonAnswer createWebhook(JsonNode body) {
        String url = text(body, "request_url");
        String source = text(body, "source");
        if (url == null || source == null || !SOURCES.contains(source)) {
            return invalid("request_url and source (one of " + SOURCES + ") are required.");
        }
        Map<String, String> headers = new LinkedHashMap<>();
        for (JsonNode header : body.path("headers")) {
            String key = text(header, "key");
            if (key == null || !header.has("value")) {
                return invalid("headers must be a list of {key, value}.");
            }
            headers.put(key, header.get("value").asText());
        }
        String id = addWebhook(url, source, text(body, "name"), headers);
        return new JsonAnswer(201, JSON.createObjectNode().put("object", "WebhookCreated").put("webhook_id", id));
    }

    // Mirrors GET /api/v1/users/{identifier}?account_id= (a profile look-up counts against the account's daily limit).
    private JsonAnswer profile(String identifier, String accountId) {
        JsonAnswer refused = usable(accountId);
        if (refused != null) {
            return refused;
        }
        AccountState account = accounts.get(accountId);
        if (overLimit(account, PROFILES, account.config.limits().profilesPerDay())) {
            return tooManyRequests(account, "profile look-ups");
        }
        Profile profile = identifier.startsWith("ACo") ? byProviderId.get(identifier)
                : byIdentifier.get(identifier.toLowerCase(Locale.ROOT));
        day(account)[PROFILES]++;
        if (profile == null) {
            return new JsonAnswer(404, problem(404, "errors/resource_not_found", "Resource not found.",
                    "The requested user profile was not found."));
        }
        ObjectNode answer = JSON.createObjectNode().put("object", "UserProfile").put("provider", "LINKEDIN")
                .put("provider_id", profile.providerId()).put("public_identifier", profile.publicIdentifier())
                .put("first_name", profile.firstName()).put("last_name", profile.lastName()).put("headline", profile.headline());
        boolean related = account.relations.stream().anyMatch(r -> r.person().equals(profile));
        answer.put("network_distance", related ? "FIRST_DEGREE" : "SECOND_DEGREE");
        answer.put("invitation", account.invited.contains(profile.providerId()) && !related ? "PENDING" : null);
        return new JsonAnswer(200, answer);
    }

    // Mirrors POST /api/v1/users/invite {account_id, provider_id, message?} → 201 {object: "UserInvitationSent", invitation_id}.
    private JsonAnswer invite(JsonNode body) {
        String accountId = text(body, "account_id");
        String providerId = text(body, "provider_id");
        if (providerId == null) {
            return invalid("provider_id is required.");
        }
        JsonAnswer refused = usable(accountId);
        if (refused != null) {
            return refused;
        }
        AccountState account = accounts.get(accountId);
        String message = body.hasNonNull("message") ? body.get("message").asText() : null;
        int limit = account.config.premium() ? PAID_NOTE : FREE_NOTE;
        if (message != null && message.codePointCount(0, message.length()) > limit) {
            return new JsonAnswer(400, problem(400, "errors/too_many_characters", "Too many characters.",
                    "The invitation message exceeds " + limit + " characters."));
        }
        Profile person = byProviderId.get(providerId);
        if (person == null) {
            return new JsonAnswer(404, problem(404, "errors/resource_not_found", "Resource not found.",
                    "The recipient was not found."));
        }
        if (account.invited.contains(providerId) || account.relations.stream().anyMatch(r -> r.person().equals(person))) {
            return new JsonAnswer(422, problem(422, "errors/already_invited_recently", "Already invited recently.",
                    "An invitation has already been sent recently to this recipient, or you are already connected."));
        }
        Instant now = clock.instant();
        long thisWeek = account.invitations.stream().filter(at -> at.isAfter(now.minus(Duration.ofDays(7)))).count();
        if (overLimit(account, INVITATIONS, account.config.limits().invitationsPerDay())
                || thisWeek >= account.config.limits().invitationsPerWeek()) {
            return tooManyRequests(account, "invitations");
        }
        account.invitations.add(now);
        account.invited.add(providerId);
        day(account)[INVITATIONS]++;
        if (accepts(person.publicIdentifier())) {
            UnipileEmulatorSettings.Behaviour people = settings.people();
            Instant accepted = now.plus(people.acceptAfter());
            plan(accepted, () -> {
                account.relations.add(0, new Relation(person, accepted));
                fire("users", accepted.plus(people.relationLatency()), newRelation(account, person));
            });
        }
        return new JsonAnswer(201, JSON.createObjectNode().put("object", "UserInvitationSent")
                .put("invitation_id", Long.toString(Math.abs(UUID.randomUUID().getMostSignificantBits()))));
    }

    // Mirrors POST /api/v1/chats (multipart account_id, attendees_ids, text): the 1-to-1 chat, started or reused.
    private JsonAnswer startChat(Map<String, String> fields) {
        String accountId = fields.get("account_id");
        String attendee = fields.get("attendees_ids");
        String text = fields.get("text");
        if (attendee == null || attendee.isBlank() || attendee.contains(",")) {
            return invalid("attendees_ids must name one attendee for a 1-to-1 chat.");
        }
        JsonAnswer refused = usable(accountId);
        if (refused != null) {
            return refused;
        }
        AccountState account = accounts.get(accountId);
        Profile person = byProviderId.get(attendee);
        if (person == null || account.relations.stream().noneMatch(r -> r.person().equals(person))) {
            return new JsonAnswer(422, problem(422, "errors/no_connection_with_recipient", "No connection with recipient.",
                    "You can only message your relations (or use linkedin[inmail] on a paid account)."));
        }
        Chat chat = chats.values().stream().filter(c -> c.accountId.equals(accountId) && c.attendeeProviderId.equals(attendee))
                .findFirst().orElse(null);
        if (chat == null) {
            chat = new Chat(shortId(), accountId, attendee);
        }
        JsonAnswer sent = post(account, chat, text);
        if (sent.status() != 201) {
            return sent;
        }
        chats.putIfAbsent(chat.id, chat);
        return new JsonAnswer(201, JSON.createObjectNode().put("object", "ChatStarted").put("chat_id", chat.id)
                .put("message_id", sent.body().get("message_id").asText()));
    }

    // Mirrors POST /api/v1/chats/{chat_id}/messages (multipart text) → 201 {object: "MessageSent", message_id}.
    private JsonAnswer sendMessage(String chatId, Map<String, String> fields) {
        Chat chat = chats.get(chatId);
        if (chat == null) {
            return notFound("Chat " + chatId + " not found.");
        }
        JsonAnswer refused = usable(chat.accountId);
        if (refused != null) {
            return refused;
        }
        return post(accounts.get(chat.accountId), chat, fields.get("text"));
    }

    private JsonAnswer post(AccountState account, Chat chat, String text) {
        if (text == null || text.isBlank()) {
            return invalid("text is required.");
        }
        if (overLimit(account, MESSAGES, account.config.limits().messagesPerDay())) {
            return tooManyRequests(account, "messages");
        }
        Instant now = clock.instant();
        Message message = new Message(shortId(), account.providerId, text, now);
        chat.messages.add(message);
        day(account)[MESSAGES]++;
        // Unipile's messaging webhook reports sent messages too (developer.unipile.com/docs/new-messages-webhook)
        fire("messaging", now, messageEvent(account, chat, message));
        Profile person = byProviderId.get(chat.attendeeProviderId);
        if (!chat.replyPlanned && person != null && replies(person.publicIdentifier())) {
            chat.replyPlanned = true;
            Instant at = now.plus(settings.people().replyAfter());
            plan(at, () -> {
                Message reply = new Message(shortId(), person.providerId(), settings.people().replyText(), at);
                chat.messages.add(reply);
                fire("messaging", at, messageEvent(account, chat, reply));
            });
        }
        return new JsonAnswer(201, JSON.createObjectNode().put("object", "MessageSent").put("message_id", message.id()));
    }

    // Mirrors GET /api/v1/users/relations?account_id=&limit=&cursor= → {object: "UserRelationsList", items[], cursor}.
    private JsonAnswer relations(Map<String, String> query) {
        String accountId = query.get("account_id");
        JsonAnswer refused = usable(accountId);
        if (refused != null) {
            return refused;
        }
        int limit;
        int from = 0;
        try {
            limit = query.containsKey("limit") ? Integer.parseInt(query.get("limit")) : 100;
            if (query.get("cursor") != null) {
                from = Integer.parseInt(new String(Base64.getUrlDecoder().decode(query.get("cursor")), StandardCharsets.UTF_8));
            }
        } catch (IllegalArgumentException e) {
            return invalid("limit must be an integer and cursor one this API returned.");
        }
        if (limit < 1 || limit > 1000) {
            return invalid("limit must be between 1 and 1000.");
        }
        List<Relation> all = accounts.get(accountId).relations;
        ObjectNode answer = JSON.createObjectNode().put("object", "UserRelationsList");
        ArrayNode items = answer.putArray("items");
        int to = Math.min(all.size(), from + limit);
        for (Relation relation : all.subList(Math.min(from, all.size()), to)) {
            Profile p = relation.person();
            items.addObject().put("object", "UserRelation").put("first_name", p.firstName()).put("last_name", p.lastName())
                    .put("headline", p.headline()).put("public_identifier", p.publicIdentifier())
                    .put("public_profile_url", "https://www.linkedin.com/in/" + p.publicIdentifier())
                    .put("created_at", relation.createdAt().toEpochMilli()).put("member_id", p.providerId())
                    .put("member_urn", "urn:li:member:" + Math.abs(p.providerId().hashCode()))
                    .put("connection_urn", "urn:li:fsd_connection:" + p.providerId());
        }
        if (to < all.size()) {
            answer.put("cursor", Base64.getUrlEncoder().withoutPadding().encodeToString(Integer.toString(to).getBytes(StandardCharsets.UTF_8)));
        } else {
            answer.putNull("cursor");
        }
        return new JsonAnswer(200, answer);
    }

    // ---------------------------------------------------------------- people and webhooks

    private void plan(Instant due, Runnable action) {
        timeline.plan(due, action);
    }

    /** Applies what people did by the clock (called under the lock). */
    private void catchUp() {
        timeline.runDue();
    }

    private void fire(String source, Instant due, ObjectNode payload) {
        for (Webhook webhook : subscriptions) {
            if (webhook.source().equals(source)) {
                ObjectNode body = payload.deepCopy();
                if (webhook.name() != null) {
                    body.put("webhook_name", webhook.name());
                }
                webhooks.schedule(due, webhook.requestUrl(), webhook.headers(), payload.path("event").asText(), body.toString());
            }
        }
    }

    // The new_relation payload of developer.unipile.com/docs/detecting-accepted-invitations.
    private ObjectNode newRelation(AccountState account, Profile person) {
        return JSON.createObjectNode().put("event", "new_relation").put("account_id", account.config.id())
                .put("account_type", "LINKEDIN").put("user_full_name", person.firstName() + " " + person.lastName())
                .put("user_provider_id", person.providerId()).put("user_public_identifier", person.publicIdentifier())
                .put("user_profile_url", "https://www.linkedin.com/in/" + person.publicIdentifier())
                .put("user_picture_url", "https://media.licdn.com/sandbox/" + person.publicIdentifier() + ".jpg");
    }

    // The message_received payload of developer.unipile.com/docs/new-messages-webhook; account_info names the account's
    // own user so that a receiver can tell the account's messages from the person's.
    private ObjectNode messageEvent(AccountState account, Chat chat, Message message) {
        ObjectNode payload = JSON.createObjectNode().put("account_id", account.config.id()).put("account_type", "LINKEDIN")
                .put("event", "message_received").put("chat_id", chat.id).put("timestamp", message.at().toString())
                .put("message_id", message.id()).put("message", message.text());
        payload.putObject("account_info").put("type", "LINKEDIN").put("user_id", account.providerId);
        payload.set("sender", attendee(message.senderProviderId(), account));
        payload.putArray("attendees").add(attendee(chat.attendeeProviderId, account));
        payload.putArray("attachments");
        return payload;
    }

    private ObjectNode attendee(String providerId, AccountState account) {
        Profile person = byProviderId.get(providerId);
        String name = person == null ? account.config.name() : person.firstName() + " " + person.lastName();
        String identifier = person == null ? providerId : person.publicIdentifier();
        return JSON.createObjectNode().put("attendee_id", shortId()).put("attendee_name", name)
                .put("attendee_provider_id", providerId).put("attendee_profile_url", "https://www.linkedin.com/in/" + identifier + "/");
    }

    // ---------------------------------------------------------------- limits and helpers

    private JsonAnswer usable(String accountId) {
        if (accountId == null || accountId.isBlank()) {
            return invalid("account_id is required.");
        }
        AccountState account = accounts.get(accountId);
        if (account == null) {
            return notFound("Account " + accountId + " not found.");
        }
        if (account.disconnected) {
            return new JsonAnswer(401, problem(401, "errors/disconnected_account", "Disconnected account",
                    "The account appears to be disconnected from the provider service."));
        }
        return null;
    }

    private boolean overLimit(AccountState account, int counter, int limit) {
        return day(account)[counter] >= limit;
    }

    private JsonAnswer tooManyRequests(AccountState account, String what) {
        day(account)[REFUSED]++;
        return new JsonAnswer(429, problem(429, "errors/too_many_requests", "Too many requests.",
                "The provider limit of " + what + " for this account is reached. Please try again later."));
    }

    private int[] day(AccountState account) {
        LocalDate today = clock.instant().atZone(account.config.zone()).toLocalDate();
        return account.days.computeIfAbsent(today, d -> new int[4]);
    }

    private AccountState account(String accountId) {
        AccountState account = accounts.get(accountId);
        if (account == null) {
            throw new IllegalArgumentException("The Unipile emulator has no account " + accountId + "; it has " + accounts.keySet());
        }
        return account;
    }

    private boolean chosen(String what, String publicIdentifier, double share) {
        byte[] hash = sha256(what + ":" + settings.people().seed() + ":" + publicIdentifier.toLowerCase(Locale.ROOT));
        int bucket = ((hash[0] & 0xff) << 8 | (hash[1] & 0xff)) % 1000;
        return bucket < Math.round(share * 1000);
    }

    /** LinkedIn's member ids look like ACoAAA...; derived from the identifier so runs are repeatable. */
    private static String providerIdOf(String identifier) {
        return "ACoAAA" + Base64.getUrlEncoder().withoutPadding().encodeToString(sha256(identifier)).substring(0, 33).replace('-', 'x')
                .replace('_', 'y');
    }

    private static byte[] sha256(String value) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String shortId() {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(UUID.randomUUID().toString().getBytes(StandardCharsets.UTF_8))
                .substring(0, 22);
    }

    private static final Pattern BOUNDARY = Pattern.compile("boundary=\"?([^\";]+)\"?");
    private static final Pattern PART_NAME = Pattern.compile("name=\"([^\"]*)\"");

    /** The text fields of a multipart/form-data body (RFC 7578), or null when the body is not one. */
    private static Map<String, String> multipart(byte[] raw, String contentType) {
        if (contentType == null || !contentType.toLowerCase(Locale.ROOT).startsWith("multipart/form-data")) {
            return null;
        }
        Matcher boundary = BOUNDARY.matcher(contentType);
        if (!boundary.find()) {
            return null;
        }
        String delimiter = "--" + boundary.group(1);
        String body = new String(raw, StandardCharsets.UTF_8);
        Map<String, String> fields = new LinkedHashMap<>();
        for (String part : body.split(Pattern.quote(delimiter))) {
            int split = part.indexOf("\r\n\r\n");
            if (split < 0) {
                continue;
            }
            Matcher name = PART_NAME.matcher(part.substring(0, split));
            if (!name.find()) {
                continue;
            }
            String value = part.substring(split + 4);
            fields.put(name.group(1), value.endsWith("\r\n") ? value.substring(0, value.length() - 2) : value);
        }
        return fields;
    }

    private static java.util.Optional<JsonNode> json(byte[] raw) {
        try {
            JsonNode node = JSON.readTree(raw);
            return node != null && node.isObject() ? java.util.Optional.of(node) : java.util.Optional.empty();
        } catch (IOException e) {
            return java.util.Optional.empty();
        }
    }

    private static JsonAnswer invalid(String detail) {
        return new JsonAnswer(400, problem(400, "errors/invalid_parameters", "Invalid parameters", detail));
    }

    private static JsonAnswer notFound(String detail) {
        return new JsonAnswer(404, problem(404, "errors/resource_not_found", "Resource not found.", detail));
    }

    private static ObjectNode problem(int status, String type, String title, String detail) {
        return JSON.createObjectNode().put("title", title).put("detail", detail).put("type", type).put("status", status);
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() || !value.isValueNode() || value.asText().isBlank() ? null : value.asText();
    }
}
