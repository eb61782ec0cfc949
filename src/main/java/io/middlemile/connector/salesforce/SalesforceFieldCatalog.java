package io.middlemile.connector.salesforce;

import com.fasterxml.jackson.databind.JsonNode;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The fields of one object as describe reports them (custom fields included), looked up
 * case-insensitively like the API does. Used to reject a record naming an unknown or read-only field,
 * or holding a value its field's type cannot take, on its own: Salesforce fails a whole collections call
 * for one unknown field name, and for one value its JSON parser cannot read (JSON_PARSER_ERROR).
 */
final class SalesforceFieldCatalog {

    record Field(String name, String type, boolean createable, boolean updateable, boolean externalId) {
    }

    /** Describe types whose values Salesforce's JSON parser reads as numbers (Number, Currency and Percent fields among them). */
    private static final Set<String> NUMBER_TYPES = Set.of("int", "long", "double", "currency", "percent");
    /** A value is quoted in messages up to this many characters. */
    private static final int QUOTE_MAX = 80;

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

    /**
     * Why Salesforce's JSON parser cannot read one of these values as its field's type, or null when it can read them all.
     * Such a value fails the whole sObject Collections call it travels in (400 JSON_PARSER_ERROR "Cannot deserialize
     * instance of double from VALUE_STRING value ...", one error for the request, no per-record results:
     * https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/errorcodes.htm), so its record must not be sent.
     * Checked: number fields (int, long, double, currency, percent) take a number or a numeric string; checkbox fields
     * (boolean) take true/false or the strings "true"/"false"; no field takes a list or an object. Null and blank strings clear a field and pass. Other types
     * (dates among them) are left to the org, whose parser is the judge of their formats: a wrong one still fails its call,
     * which the writer reports per record. Values of fields describe does not know are {@link #problem}'s to report.
     */
    String valueProblem(Map<String, Object> values) {
        List<String> unreadable = new ArrayList<>();
        for (Map.Entry<String, Object> value : values.entrySet()) {
            Field field = field(value.getKey());
            String why = field == null ? null : unreadable(field.type(), value.getValue());
            if (why != null) {
                unreadable.add("field " + field.name() + " (" + field.type() + ") got " + quote(value.getValue()) + ", which " + why);
            }
        }
        if (unreadable.isEmpty()) {
            return null;
        }
        return "INVALID_TYPE_ON_FIELD_IN_RECORD: " + object + " " + String.join("; ", unreadable) + " (field types checked with "
                + "describe). This record was not sent: Salesforce refuses a whole call of up to 200 records for one such value. "
                + "Fix the mapping (target field, or a transform that keeps only the number or true/false) or the source value, "
                + "then retry the job's failed records.";
    }

    /** What is wrong with the value for a field of this describe type, or null when Salesforce's JSON parser reads it. */
    private static String unreadable(String type, Object value) {
        if (value == null || value instanceof CharSequence text && text.toString().isBlank()) {
            return null;
        }
        if (value instanceof java.util.Collection<?> || value instanceof Map<?, ?> || value.getClass().isArray()
                || value instanceof JsonNode node && node.isContainerNode()) {
            // Salesforce's parser reads one JSON value per field (START_ARRAY / START_OBJECT fail the call); a multi-select
            // picklist takes its choices as one string joined with ';'
            return "is a list or an object, and a Salesforce field takes one value (a multi-select picklist takes its choices as one"
                    + " text joined with ';')";
        }
        String lowerType = type.toLowerCase(Locale.ROOT);
        if (NUMBER_TYPES.contains(lowerType)) {
            return value instanceof Number || value instanceof CharSequence text && isNumber(text.toString()) ? null : "is not a number";
        }
        if (lowerType.equals("boolean")) {
            return value instanceof Boolean || value instanceof CharSequence text
                    && (text.toString().equalsIgnoreCase("true") || text.toString().equalsIgnoreCase("false")) ? null : "is not true or false";
        }
        return null;
    }

    private static boolean isNumber(String text) {
        try {
            new BigDecimal(text.strip());
            return true;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    /** The value in single quotes, shortened when long, so a message stays readable. */
    static String quote(Object value) {
        String text = String.valueOf(value);
        return "'" + (text.length() > QUOTE_MAX ? text.substring(0, QUOTE_MAX) + "..." : text) + "'";
    }
}
