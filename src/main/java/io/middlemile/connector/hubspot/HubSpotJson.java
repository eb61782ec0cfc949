package io.middlemile.connector.hubspot;

import com.fasterxml.jackson.databind.JsonNode;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Reads HubSpot's JSON shapes into the connector's provider-shaped records. */
final class HubSpotJson {

    private HubSpotJson() {
    }

    static HubSpotObject object(JsonNode node) {
        Map<String, String> properties = new LinkedHashMap<>();
        node.path("properties").fields().forEachRemaining(e ->
                properties.put(e.getKey(), e.getValue().isNull() ? null : e.getValue().asText()));
        return new HubSpotObject(node.path("id").asText(), properties, instant(node.path("createdAt")),
                instant(node.path("updatedAt")), node.path("archived").asBoolean(false), instant(node.path("archivedAt")),
                node.has("new") ? node.get("new").asBoolean() : null);
    }

    static List<HubSpotObject> objects(JsonNode array) {
        List<HubSpotObject> result = new ArrayList<>();
        if (array != null && array.isArray()) {
            array.forEach(node -> result.add(object(node)));
        }
        return result;
    }

    static HubSpotError error(JsonNode node) {
        Map<String, List<String>> context = new LinkedHashMap<>();
        node.path("context").fields().forEachRemaining(e -> {
            List<String> values = new ArrayList<>();
            if (e.getValue().isArray()) {
                e.getValue().forEach(v -> values.add(v.asText()));
            } else {
                values.add(e.getValue().asText());
            }
            context.put(e.getKey(), values);
        });
        return new HubSpotError(node.path("status").asText("error"), node.path("category").asText(null),
                node.path("message").asText(""), context, node.path("correlationId").asText(null));
    }

    static String nextAfter(JsonNode root) {
        JsonNode after = root.path("paging").path("next").path("after");
        return after.isMissingNode() || after.isNull() ? null : after.asText();
    }

    /** HubSpot sends datetimes as ISO-8601 in object metadata and as ISO or epoch millis in properties. */
    static Instant instant(JsonNode node) {
        if (node == null || node.isMissingNode() || node.isNull()) {
            return null;
        }
        return instant(node.asText());
    }

    static Instant instant(String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            try {
                return Instant.ofEpochMilli(Long.parseLong(text.trim()));
            } catch (NumberFormatException ignored) {
                return null;
            }
        }
    }
}
