package io.middlemile.sandbox.hubspot;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.Map;

/**
 * Validates property values of a write like HubSpot does: unknown properties
 * (PROPERTY_DOESNT_EXIST), read-only ones (READ_ONLY_VALUE), malformed emails (INVALID_EMAIL),
 * numbers (INVALID_FLOAT) and date-times (INVALID_LONG: a datetime property takes Unix milliseconds or an
 * ISO-8601 date-time, https://developers.hubspot.com/docs/api-reference/crm-notes-v3/guide; a bare date is refused) and
 * owners (INVALID_OPTION: hubspot_owner_id holds one of the portal's owner ids, the {@code id} of GET /crm/v3/owners,
 * https://developers.hubspot.com/docs/guides/api/crm/owners; "" clears it). The failure message embeds the JSON list of
 * invalid properties, as in HubSpot's "Property values were not valid: [...]", e.g. for an owner
 * {@code [{"isValid":false,"message":"4242 was not one of the allowed options: [75000001, 75000002]","error":"INVALID_OPTION",
 * "name":"hubspot_owner_id",...}]}.
 */
final class PropertyValidation {

    private static final ObjectMapper JSON = new ObjectMapper();

    private PropertyValidation() {
    }

    /** The property that holds a record's owner on every object type (contacts, companies, deals, notes). */
    static final String OWNER_PROPERTY = "hubspot_owner_id";

    /** As {@link #check(Map, Map, long, java.util.Collection)} without checking owners (a seed file: see CrmStore#createFromExport). */
    static void check(Map<String, PropertyDefinition> definitions, Map<String, String> values, long portalId) {
        check(definitions, values, portalId, null);
    }

    /** @param ownerIds the portal's owner ids, one of which a non-empty hubspot_owner_id must be; null: not checked */
    static void check(Map<String, PropertyDefinition> definitions, Map<String, String> values, long portalId,
                      java.util.Collection<String> ownerIds) {
        ArrayNode invalid = JSON.createArrayNode();
        values.forEach((name, value) -> {
            PropertyDefinition definition = definitions.get(name);
            if (definition == null) {
                add(invalid, name, "PROPERTY_DOESNT_EXIST", "Property \"" + name + "\" does not exist", portalId);
            } else if (definition.readOnlyValue()) {
                add(invalid, name, "READ_ONLY_VALUE", "\"" + name + "\" is a read only property; its value cannot be set.", portalId);
            } else if (value != null && !value.isEmpty() && "email".equals(name) && !value.matches("[^@\\s]+@[^@\\s]+\\.[^@\\s]+")) {
                add(invalid, name, "INVALID_EMAIL", "Email address " + value + " is invalid", portalId);
            } else if (value != null && !value.isEmpty() && "number".equals(definition.type()) && !isNumber(value)) {
                add(invalid, name, "INVALID_FLOAT", value + " was not a valid number.", portalId);
            } else if (value != null && !value.isEmpty() && "datetime".equals(definition.type()) && datetime(value) == null) {
                add(invalid, name, "INVALID_LONG", value + " was not a valid long.", portalId);
            } else if (value != null && !value.isEmpty() && OWNER_PROPERTY.equals(name) && ownerIds != null
                    && !ownerIds.contains(value.strip())) {
                // the owner property is an enumeration whose options are the portal's owners
                add(invalid, name, "INVALID_OPTION", value + " was not one of the allowed options: " + ownerIds, portalId);
            }
        });
        if (!invalid.isEmpty()) {
            java.util.List<String> reasons = new java.util.ArrayList<>();
            invalid.forEach(value -> reasons.add(value.path("message").asText()));
            throw ApiError.validation("Property values were not valid: " + invalid, reasons);
        }
    }

    /** A datetime property's value as an instant: Unix milliseconds or an ISO-8601 date-time with an offset; null otherwise. */
    static java.time.Instant datetime(String value) {
        String text = value.trim();
        try {
            if (text.matches("-?\\d{1,19}")) {
                return java.time.Instant.ofEpochMilli(Long.parseLong(text));
            }
            return java.time.OffsetDateTime.parse(text).toInstant();
        } catch (java.time.DateTimeException | NumberFormatException e) {
            return null;
        }
    }

    private static boolean isNumber(String value) {
        try {
            Double.parseDouble(value);
            return true;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private static void add(ArrayNode invalid, String name, String error, String message, long portalId) {
        ObjectNode node = invalid.addObject();
        node.put("isValid", false);
        node.put("message", message);
        node.put("error", error);
        node.put("name", name);
        node.put("localizedErrorMessage", message);
        node.put("portalId", portalId);
    }
}
