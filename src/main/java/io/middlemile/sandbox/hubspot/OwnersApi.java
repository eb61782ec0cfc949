package io.middlemile.sandbox.hubspot;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.middlemile.sandbox.JsonAnswer;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@code GET /crm/v3/owners} (https://developers.hubspot.com/docs/api-reference/latest/crm/owners/get-owners.md): a page
 * of the account's owners, active ones by default and only archived ones with {@code archived=true}, filtered by
 * {@code email}, paged by an opaque {@code after} token. A limit outside 1..500 or a token the emulator did not issue is a
 * 400, as HubSpot answers a bad query parameter. Owners are read-only in HubSpot: they come from its users, so the
 * emulator's are seeded ({@link HubSpotEmulator#seedOwner}).
 */
final class OwnersApi {

    /** The most owners one page may hold (HubSpot's SDK examples page by 500; the documented default is 100). */
    static final int MAX_LIMIT = 500;
    private static final int DEFAULT_LIMIT = 100;
    private static final ObjectMapper JSON = new ObjectMapper();

    /** One owner as the emulator keeps it; {@code id} and {@code userId} are numbers, as in HubSpot. */
    record Owner(long id, long userId, String email, String firstName, String lastName, boolean archived, Instant createdAt) {
    }

    private final List<Owner> owners = new ArrayList<>();
    private final AtomicLong ids = new AtomicLong(75_000_000L);

    /** @param givenId the id to keep (a portal's export has them), or null to number the owner after the others */
    synchronized Owner add(Long givenId, String email, String firstName, String lastName, boolean archived) {
        if (givenId != null && owners.stream().anyMatch(owner -> owner.id() == givenId)) {
            throw new IllegalArgumentException("owner id " + givenId + " is already taken; each owner id once");
        }
        long id = givenId != null ? givenId : ids.incrementAndGet();
        ids.accumulateAndGet(id, Math::max);
        Owner owner = new Owner(id, id + 1_000_000L, email, firstName, lastName, archived, Instant.now());
        owners.add(owner);
        return owner;
    }

    /**
     * Every owner id of the portal, archived ones too, in the order they were added: what hubspot_owner_id may hold. An
     * archived owner's id stays valid, as records written while they were active keep it (the emulator does not refuse it).
     */
    synchronized List<String> ids() {
        return owners.stream().map(owner -> Long.toString(owner.id())).toList();
    }

    /** Archives or restores an owner, as deactivating or reactivating the HubSpot user does. */
    synchronized void archive(long id, boolean archived) {
        for (int i = 0; i < owners.size(); i++) {
            Owner owner = owners.get(i);
            if (owner.id() == id) {
                owners.set(i, new Owner(owner.id(), owner.userId(), owner.email(), owner.firstName(), owner.lastName(), archived,
                        owner.createdAt()));
                return;
            }
        }
        throw new IllegalArgumentException("No owner " + id + " in the emulator; seed it first");
    }

    synchronized JsonAnswer list(Map<String, String> query) {
        int limit = DEFAULT_LIMIT;
        if (query.get("limit") != null) {
            try {
                limit = Integer.parseInt(query.get("limit").trim());
            } catch (NumberFormatException e) {
                throw ApiError.validation("limit must be an integer, but was '" + query.get("limit") + "'.");
            }
        }
        if (limit < 1 || limit > MAX_LIMIT) {
            throw ApiError.validation("limit must be between 1 and " + MAX_LIMIT + ", but was " + limit + ".");
        }
        int from = 0;
        if (query.get("after") != null) {
            try {
                from = Integer.parseInt(new String(Base64.getUrlDecoder().decode(query.get("after")), StandardCharsets.UTF_8).trim());
            } catch (IllegalArgumentException e) {
                throw ApiError.validation("Invalid paging token after=" + query.get("after") + ".");
            }
        }
        boolean archived = Boolean.parseBoolean(query.getOrDefault("archived", "false"));
        String email = query.get("email");
        List<Owner> matching = owners.stream().filter(owner -> owner.archived() == archived)
                .filter(owner -> email == null || email.equalsIgnoreCase(owner.email())).toList();
        ObjectNode answer = JSON.createObjectNode();
        ArrayNode results = answer.putArray("results");
        for (int i = from; i < matching.size() && i < from + limit; i++) {
            results.add(render(matching.get(i)));
        }
        if (from + limit < matching.size()) {
            String token = Base64.getUrlEncoder().withoutPadding().encodeToString(Integer.toString(from + limit).getBytes(StandardCharsets.UTF_8));
            ObjectNode next = answer.putObject("paging").putObject("next");
            next.put("after", token);
            next.put("link", "?after=" + token);
        }
        return new JsonAnswer(200, answer);
    }

    private static ObjectNode render(Owner owner) {
        ObjectNode node = JSON.createObjectNode();
        node.put("id", Long.toString(owner.id()));
        node.put("email", owner.email());
        node.put("type", "PERSON");
        node.put("firstName", owner.firstName());
        node.put("lastName", owner.lastName());
        node.put("userId", owner.userId());
        node.put("userIdIncludingInactive", owner.userId());
        node.put("createdAt", owner.createdAt().toString());
        node.put("updatedAt", owner.createdAt().toString());
        node.put("archived", owner.archived());
        node.putArray("teams");
        return node;
    }
}
