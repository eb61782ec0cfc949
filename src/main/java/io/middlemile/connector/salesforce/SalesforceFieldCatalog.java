package io.middlemile.connector.salesforce;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The fields of one object as describe reports them (custom fields included), looked up
 * case-insensitively like the API does. Used to reject a record naming an unknown or read-only field
 * on its own, because Salesforce fails a whole collections call for one unknown field name.
 */
final class SalesforceFieldCatalog {

    record Field(String name, String type, boolean createable, boolean updateable, boolean externalId) {
    }

    private final String object;
    private final Map<String, Field> byLowerName = new LinkedHashMap<>();

    SalesforceFieldCatalog(String object, JsonNode describe) {
        this.object = object;
        for (JsonNode f : describe.path("fields")) {
            Field field = new Field(f.path("name").asText(), f.path("type").asText(), f.path("createable").asBoolean(false),
                    f.path("updateable").asBoolean(false), f.path("externalId").asBoolean(false));
            byLowerName.put(field.name().toLowerCase(java.util.Locale.ROOT), field);
        }
    }

    Field field(String name) {
        return byLowerName.get(name.toLowerCase(java.util.Locale.ROOT));
    }

    List<String> names() {
        return byLowerName.values().stream().map(Field::name).toList();
    }

    /** Why a record with these fields cannot be written (create or update), or null when it can. */
    String problem(Set<String> fields, boolean create) {
        Set<String> unknown = new TreeSet<>();
        Set<String> readOnly = new TreeSet<>();
        for (String name : fields) {
            Field field = field(name);
            if (field == null) {
                unknown.add(name);
            } else if (create ? !field.createable() : !field.updateable()) {
                readOnly.add(name);
            }
        }
        if (!unknown.isEmpty()) {
            return "INVALID_FIELD: " + object + " has no field " + unknown + " (checked with describe). Fix the mapping's target "
                    + "field names, or create the field in Salesforce Setup > Object Manager > " + object + ".";
        }
        if (!readOnly.isEmpty()) {
            return "INVALID_FIELD_FOR_INSERT_UPDATE: " + readOnly + " of " + object + " cannot be " + (create ? "set on create" : "updated")
                    + " (read-only or system fields). Remove them from the mapping.";
        }
        return null;
    }
}
