package io.middlemile.connector.crustdata;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.middlemile.model.Entity;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What a batch ticket needs to be read after a restart, kept as the ticket's state text: that it is a batch job,
 * of which entity, which values were wanted, and which request keys each identifier (in its compared form) stands for.
 *
 * @param byIdentifier identifier key ({@link CrustdataIdentifiers#key}) to the request keys sent with it
 */
record CrustdataBatchState(Entity entity, Set<String> wanted, Map<String, List<String>> byIdentifier) {

    static final String MODE = "crustdata-batch";
    private static final ObjectMapper JSON = new ObjectMapper();

    String write() {
        ObjectNode root = JSON.createObjectNode();
        root.put("mode", MODE);
        root.put("entity", entity.id());
        wanted.forEach(root.putArray("wanted")::add);
        ObjectNode ids = root.putObject("identifiers");
        byIdentifier.forEach((id, keys) -> keys.forEach(ids.withArray(id)::add));
        return root.toString();
    }

    static CrustdataBatchState read(String ticketId, String state) {
        try {
            JsonNode root = JSON.readTree(state == null ? "" : state);
            if (root == null || !MODE.equals(root.path("mode").asText())) {
                throw new IllegalArgumentException(notOurs(ticketId));
            }
            Entity entity = Entity.byId(root.path("entity").asText()).orElseThrow(() -> new IllegalArgumentException(notOurs(ticketId)));
            Set<String> wanted = new LinkedHashSet<>();
            root.path("wanted").forEach(w -> wanted.add(w.asText()));
            Map<String, List<String>> byIdentifier = new LinkedHashMap<>();
            root.path("identifiers").fields().forEachRemaining(e -> {
                List<String> keys = new ArrayList<>();
                e.getValue().forEach(k -> keys.add(k.asText()));
                byIdentifier.put(e.getKey(), keys);
            });
            return new CrustdataBatchState(entity, wanted, byIdentifier);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(notOurs(ticketId), e);
        }
    }

    private static String notOurs(String ticketId) {
        return "Ticket " + ticketId + " is not a Crustdata batch ticket (its state was not written by CrustdataConnector.submitBatch);"
                + " it cannot be polled on a Crustdata connection. Check which connection submitted it.";
    }
}
