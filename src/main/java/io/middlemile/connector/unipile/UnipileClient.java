package io.middlemile.connector.unipile;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.middlemile.connector.AnswerReader;
import io.middlemile.connector.ConnectorException.Kind;
import io.middlemile.connector.unipile.UnipileRecords.Account;
import io.middlemile.connector.unipile.UnipileRecords.InvitationSent;
import io.middlemile.connector.unipile.UnipileRecords.MessageSent;
import io.middlemile.connector.unipile.UnipileRecords.Profile;
import io.middlemile.connector.unipile.UnipileRecords.Relation;
import io.middlemile.connector.unipile.UnipileRecords.RelationsPage;
import io.middlemile.workspace.SecretRefs;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Unipile's API v1 for LinkedIn, one method per call, Unipile-shaped records out. Authentication is the
 * {@code X-API-KEY} header (developer.unipile.com/reference-link/api-usage); the key is never put into a message or
 * {@link #toString()}.
 *
 * <p>LinkedIn's limits are per sending account (invitations, profile look-ups, messages a day): Unipile answers 429 or
 * 500 when one is reached (developer.unipile.com/docs/provider-limits-and-restrictions), classified RATE_LIMITED by
 * {@link UnipileErrorClassifier} and thrown here at once; the connector turns it into that send's DEFERRED outcome.
 * Reads are retried when no answer came or on 502/503/504 ({@link UnipileSettings#maxAttempts()}); sends never are.
 */
public final class UnipileClient {

    public static final int MAX_RELATIONS_PAGE = 1_000;

    private static final ObjectMapper JSON = new ObjectMapper();

    private final String connectionId;
    private final UnipileSettings settings;
    private final String apiKey;
    private final HttpClient http;
    private final UnipileErrorClassifier classifier;
    private final AnswerReader answers;
    private final AtomicLong requests = new AtomicLong();

    public UnipileClient(String connectionId, UnipileSettings settings, String apiKey, HttpClient http) {
        this.connectionId = connectionId;
        this.settings = settings;
        this.apiKey = apiKey;
        this.http = http;
        this.classifier = new UnipileErrorClassifier(connectionId);
        this.answers = new AnswerReader("Unipile", connectionId);
    }

    // Doc: https://developer.unipile.com/reference/userscontroller_getprofilebyidentifier and
    // https://developer.unipile.com/docs/invite-users (GET /api/v1/users/{identifier}?account_id=: identifier is the last
    // part of the LinkedIn profile URL, or a provider id; 200 {object: "UserProfile", provider, provider_id (ACo...),
    // public_identifier, first_name, last_name, headline, network_distance (FIRST_DEGREE, SECOND_DEGREE, ...), ...}). A profile look-up counts against the account's daily
    // profile limit (80 to 100, developer.unipile.com/v2.0/docs/provider-limits-and-restrictions).
    public Profile profile(String accountId, String identifier) {
        String path = "/users/" + encode(identifier) + "?account_id=" + encode(accountId);
        JsonNode answer = read("look up the LinkedIn profile " + identifier + " from account " + accountId, accountId, true, path);
        return new Profile(text(answer, "provider_id"), text(answer, "public_identifier"), text(answer, "first_name"),
                text(answer, "last_name"), text(answer, "headline"), text(answer, "network_distance"));
    }

    // Doc: https://developer.unipile.com/reference/userscontroller_adduserbyidentifier and
    // https://developer.unipile.com/docs/invite-users (POST /api/v1/users/invite {account_id, provider_id, message?};
    // message at most 300 characters, 200 on a free account; 201 {object: "UserInvitationSent", invitation_id};
    // 400 errors/too_many_characters; 401 errors/disconnected_account).
    public InvitationSent invite(String accountId, String providerId, String message) {
        ObjectNode body = JSON.createObjectNode();
        body.put("account_id", accountId);
        body.put("provider_id", providerId);
        if (message != null) {
            body.put("message", message);
        }
        HttpRequest.Builder request = request("/users/invite").header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString()));
        JsonNode answer = once("invite " + providerId + " from account " + accountId, accountId, true, request);
        return new InvitationSent(text(answer, "invitation_id"));
    }

    // Doc: https://developer.unipile.com/reference/chatscontroller_startnewchat and
    // https://developer.unipile.com/docs/send-messages (POST /api/v1/chats, multipart/form-data account_id,
    // attendees_ids (the person's provider_id), text: sends in the 1-to-1 chat with the person, starting it when there is
    // none; 201 {object: "ChatStarted", chat_id, message_id}).
    public MessageSent startChat(String accountId, String attendeeProviderId, String text) {
        Map<String, String> parts = new LinkedHashMap<>();
        parts.put("account_id", accountId);
        parts.put("attendees_ids", attendeeProviderId);
        parts.put("text", text);
        JsonNode answer = once("message " + attendeeProviderId + " from account " + accountId, accountId, true,
                multipart(request("/chats"), parts));
        return new MessageSent(text(answer, "chat_id"), text(answer, "message_id"));
    }

    // Doc: https://developer.unipile.com/reference/chatscontroller_sendmessageinchat and
    // https://developer.unipile.com/docs/send-messages (POST /api/v1/chats/{chat_id}/messages, multipart/form-data text;
    // 201 {object: "MessageSent", message_id}).
    public MessageSent sendMessage(String accountId, String chatId, String text) {
        JsonNode answer = once("send a message in chat " + chatId, accountId, true,
                multipart(request("/chats/" + encode(chatId) + "/messages"), Map.of("text", text)));
        return new MessageSent(chatId, text(answer, "message_id"));
    }

    // Doc: https://developer.unipile.com/reference/userscontroller_getrelations (GET /api/v1/users/relations?account_id=
    // &limit=&cursor=; 200 {object: "UserRelationsList", items[{first_name, last_name, headline, public_identifier,
    // public_profile_url, created_at, member_id, member_urn, connection_urn}], cursor}: the account's connections, newest
    // first; cursor null on the last page).
    public RelationsPage relations(String accountId, int limit, String cursor) {
        if (limit < 1 || limit > MAX_RELATIONS_PAGE) {
            throw new IllegalArgumentException("Unipile lists 1 to " + MAX_RELATIONS_PAGE + " relations a page, not " + limit);
        }
        String path = "/users/relations?account_id=" + encode(accountId) + "&limit=" + limit
                + (cursor == null ? "" : "&cursor=" + encode(cursor));
        JsonNode answer = read("list the relations of account " + accountId, accountId, false, path);
        List<Relation> items = new ArrayList<>();
        for (JsonNode item : answer.path("items")) {
            items.add(new Relation(text(item, "public_identifier"), text(item, "member_id"), text(item, "first_name"),
                    text(item, "last_name"), text(item, "headline"), text(item, "public_profile_url"),
                    item.path("created_at").isNumber() ? item.get("created_at").asLong() : null));
        }
        return new RelationsPage(items, text(answer, "cursor"));
    }

    // Doc: https://developer.unipile.com/reference/accountscontroller_listaccounts (GET /api/v1/accounts; 200
    // {object: "AccountList", items[{object: "Account", id, type: "LINKEDIN", name, sources[{id, status}]}], cursor}).
    public List<Account> accounts() {
        JsonNode answer = read("list the connected accounts", null, false, "/accounts");
        List<Account> accounts = new ArrayList<>();
        for (JsonNode item : answer.path("items")) {
            List<String> statuses = new ArrayList<>();
            item.path("sources").forEach(source -> statuses.add(source.path("status").asText("")));
            accounts.add(new Account(text(item, "id"), text(item, "type"), text(item, "name"), statuses));
        }
        return accounts;
    }

    /** HTTP requests sent so far, retries included. */
    public long requestCount() {
        return requests.get();
    }

    // ---------------------------------------------------------------- plumbing

    private JsonNode read(String call, String accountId, boolean aboutOne, String path) {
        UnipileCallException last = null;
        for (int attempt = 1; attempt <= settings.maxAttempts(); attempt++) {
            try {
                return once(call, accountId, aboutOne, request(path).GET());
            } catch (UnipileCallException e) {
                if (e.kind() != Kind.RETRIABLE) {
                    throw e;
                }
                last = e;
            }
        }
        throw last;
    }

    private JsonNode once(String call, String accountId, boolean aboutOne, HttpRequest.Builder request) {
        requests.incrementAndGet();
        HttpResponse<String> response;
        try {
            response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw classifier.ioFailure(call, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new UnipileCallException(Kind.RETRIABLE, "Unipile connection '" + connectionId + "', " + call
                    + ": interrupted while waiting for Unipile's answer.", 0, null, false, null, e);
        }
        int status = response.statusCode();
        if (status / 100 != 2) {
            throw classifier.classify(call, accountId, aboutOne, status, response.headers(), response.body());
        }
        return response.body() == null || response.body().isBlank() ? JSON.createObjectNode()
                : answers.json(call, status, response.body());
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create(settings.baseUrl() + path))
                .timeout(settings.requestTimeout())
                .header("X-API-KEY", apiKey)
                .header("Accept", "application/json");
    }

    /** A multipart/form-data body of text fields (RFC 7578), which the JDK client does not build. */
    private static HttpRequest.Builder multipart(HttpRequest.Builder request, Map<String, String> fields) {
        String boundary = "middlemile-" + UUID.randomUUID();
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        fields.forEach((name, value) -> {
            String part = "--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + name + "\"\r\n"
                    + "Content-Type: text/plain; charset=UTF-8\r\n\r\n" + value + "\r\n";
            body.writeBytes(part.getBytes(StandardCharsets.UTF_8));
        });
        body.writeBytes(("--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        return request.header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray()));
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || !value.isValueNode() || value.isNull() || value.asText().isBlank() ? null : value.asText();
    }

    @Override
    public String toString() {
        return "UnipileClient[" + connectionId + ", " + SecretRefs.withoutUserInfo(settings.baseUrl()) + "]";
    }
}
