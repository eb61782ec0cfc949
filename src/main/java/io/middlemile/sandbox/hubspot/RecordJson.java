package io.middlemile.sandbox.hubspot;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.time.Instant;
import java.util.List;

/** Renders stored records as HubSpot's SimplePublicObject JSON. */
final class RecordJson {

    private static final ObjectMapper JSON = new ObjectMapper();

    private RecordJson() {
    }

    /**
     * Requested properties are returned (null when unset; unknown names are ignored, as HubSpot
     * does); without a request, the type's default properties.
     */
    static ObjectNode render(CrmStore.ObjectType type, StoredRecord record, List<String> requested) {
        ObjectNode node = JSON.createObjectNode();
        node.put("id", Long.toString(record.id));
        ObjectNode properties = node.putObject("properties");
        List<String> names = requested == null || requested.isEmpty() ? type.defaultProperties : requested;
        for (String name : names) {
            if (type.properties.containsKey(name)) {
                String value = record.properties.get(name);
                if (value == null) {
                    properties.putNull(name);
                } else {
                    properties.put(name, value);
                }
            }
        }
        node.put("createdAt", CrmStore.ISO_MILLIS.format(Instant.ofEpochMilli(record.createdAt)));
        node.put("updatedAt", CrmStore.ISO_MILLIS.format(Instant.ofEpochMilli(record.updatedAt)));
        node.put("archived", record.archived);
        if (record.archived) {
            node.put("archivedAt", CrmStore.ISO_MILLIS.format(Instant.ofEpochMilli(record.archivedAt)));
        }
        return node;
    }
}
