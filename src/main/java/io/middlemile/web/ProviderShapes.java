package io.middlemile.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A record sent to {@code POST /api/match/{rule}?mapping=ID} as the mapping's CRM returns it from its own API, made the
 * flat field map the mapping reads (what the connector makes of a record it reads): a caller holding a HubSpot object or a
 * Salesforce record asks with it as is, instead of flattening it first. A flat map of fields is taken as it comes.
 */
final class ProviderShapes {

    /**
     * The keys a HubSpot CRM v3 object has beside {@code properties}: about the record, not fields of it. Associations are
     * among them: the mapping reads them as other records' ids, which no rule compares.
     */
    private static final Set<String> HUBSPOT_OBJECT_KEYS = Set.of("id", "properties", "propertiesWithHistory", "createdAt",
            "updatedAt", "archived", "archivedAt", "associations", "url", "objectWriteTraceId");

    /**
     * @param fields   the record's fields, for the mapping
     * @param setAside fields left out because they are not one value (a Salesforce compound address or a related record): the
     *                 mapping reads their parts, which the record carries as fields of their own, so the answer names them as
     *                 unread
     */
    record Fields(ObjectNode fields, List<String> setAside) {
    }

    private ProviderShapes() {
    }

    /**
     * @param provider the connector type of the mapping's connection (hubspot, salesforce, csv, ...)
     * @throws IllegalArgumentException for a HubSpot object with fields beside {@code properties}, which would be lost
     */
    static Fields of(String provider, ObjectNode body) {
        if ("hubspot".equals(provider) && body.path("properties").isObject()) {
            return hubspot(body);
        }
        if ("salesforce".equals(provider) && body.path("attributes").isObject()) {
            return salesforce(body);
        }
        return new Fields(body, List.of());
    }

    /** {"id": "1015", "properties": {"email": ...}, "createdAt": ...}: the properties are the fields. */
    private static Fields hubspot(ObjectNode body) {
        List<String> beside = new ArrayList<>();
        body.fieldNames().forEachRemaining(key -> {
            if (!HUBSPOT_OBJECT_KEYS.contains(key)) {
                beside.add(key);
            }
        });
        if (!beside.isEmpty()) {
            // taken as the object's metadata they would be dropped unread, and a lookup without them answer "no such person"
            throw new IllegalArgumentException("The record is a HubSpot object (it has \"properties\"), but " + quoted(beside)
                    + (beside.size() == 1 ? " is" : " are") + " beside \"properties\" instead of in it; move "
                    + (beside.size() == 1 ? "it" : "them") + " into \"properties\", or send the properties alone as one flat object");
        }
        return new Fields((ObjectNode) body.get("properties"), List.of());
    }

    /** {"attributes": {"type": "Contact", "url": ...}, "Id": ..., "Email": ...}: the fields are at the top, beside attributes. */
    private static Fields salesforce(ObjectNode body) {
        ObjectNode fields = body.objectNode();
        List<String> setAside = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = body.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            if (field.getKey().equals("attributes")) {
                continue;
            }
            if (field.getValue().isContainerNode()) {
                setAside.add(field.getKey());
            } else {
                fields.set(field.getKey(), field.getValue());
            }
        }
        return new Fields(fields, List.copyOf(setAside));
    }

    private static String quoted(List<String> keys) {
        return "\"" + String.join("\", \"", keys) + "\"";
    }
}
