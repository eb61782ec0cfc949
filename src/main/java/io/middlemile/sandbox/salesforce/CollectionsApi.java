package io.middlemile.sandbox.salesforce;

import io.middlemile.sandbox.JsonAnswer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * sObject Collections: POST create, PATCH update, PATCH upsert by external id, DELETE by ids.
 * At most 200 records per call; above that the whole call fails with 400 EXCEEDED_ID_LIMIT ("record
 * limit reached. cannot submit more than 200 records into this call", as reported by REST clients,
 * e.g. https://github.com/django-salesforce/django-salesforce/issues/328). A well-formed call answers
 * 200 with one result per record in input order; an unknown field name fails the whole call (400
 * INVALID_FIELD, the body does not deserialize), and so does a value JSON cannot give its field's type,
 * such as a word in a number field (400 JSON_PARSER_ERROR "Cannot deserialize instance of int from
 * VALUE_STRING value lots ...", as Salesforce answers, e.g. https://github.com/restforce/restforce/issues/619).
 * Each record is then checked as the org checks it (lengths, email format, reference Ids, required
 * fields: see {@link OrgStore}); one bad record fails alone. With allOrNone=true every write of the call
 * is undone when one record fails, and the others report ALL_OR_NONE_OPERATION_ROLLED_BACK.
 */
final class CollectionsApi {

    static final int MAX_RECORDS = 200;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final OrgStore store;

    CollectionsApi(OrgStore store) {
        this.store = store;
    }

    /** Doc: https://developer.salesforce.com/docs/platform/api-rest/guide/resources-composite-sobjects-collections-create.html */
    JsonAnswer create(JsonNode body) {
        List<Input> inputs = inputs(body, null, false);
        return run(inputs, body.path("allOrNone").asBoolean(false), in -> store.create(in.type(), in.values()));
    }

    /** Doc: https://developer.salesforce.com/docs/platform/api-rest/guide/resources-composite-sobjects-collections-update.html */
    JsonAnswer update(JsonNode body) {
        List<Input> inputs = inputs(body, null, true);
        return run(inputs, body.path("allOrNone").asBoolean(false), in -> store.update(in.type(), in.id(), in.values()));
    }

    /** Doc: https://developer.salesforce.com/docs/platform/api-rest/guide/resources-composite-sobjects-collections-upsert.html */
    JsonAnswer upsert(String object, String externalIdField, JsonNode body) {
        SObjectSchema schema = store.schemaOrInvalidType(object);
        if (!schema.externalId(externalIdField)) {
            throw new SfApiError(404, "NOT_FOUND", "Provided external ID field does not exist or is not accessible: " + externalIdField);
        }
        List<Input> inputs = inputs(body, schema.name(), false);
        return run(inputs, body.path("allOrNone").asBoolean(false), in -> store.upsert(in.type(), externalIdField, in.values()));
    }

    /** Doc: https://developer.salesforce.com/docs/platform/api-rest/guide/resources-composite-sobjects-collections-delete.html */
    JsonAnswer delete(List<String> ids, boolean allOrNone) {
        if (ids.size() > MAX_RECORDS) {
            throw tooMany();
        }
        List<Input> inputs = new ArrayList<>();
        for (String id : ids) {
            inputs.add(new Input(typeOf(id), id, Map.of()));
        }
        return run(inputs, allOrNone, in -> in.type() == null
                ? SaveOutcome.failed("MALFORMED_ID", "malformed id " + in.id(), List.of())
                : store.delete(in.type(), in.id()));
    }

    private String typeOf(String id) {
        for (String object : List.of("Lead", "Contact", "Account", "Opportunity")) {
            if (id != null && id.startsWith(store.schema(object).keyPrefix())) {
                return object;
            }
        }
        return null;
    }

    /** One record of the call: its fields as values for the store, and as the JSON they came in (for type errors). */
    private record Input(String type, String id, Map<String, Object> values, Map<String, JsonNode> json) {
        Input(String type, String id, Map<String, Object> values) {
            this(type, id, values, Map.of());
        }
    }

    private interface Write {
        SaveOutcome apply(Input input);
    }

    private JsonAnswer run(List<Input> inputs, boolean allOrNone, Write write) {
        // Field names and value types are checked for the whole call first: the body does not deserialize, nothing is written.
        for (Input in : inputs) {
            if (in.type() != null) {
                SObjectSchema schema = store.schemaOrInvalidType(in.type());
                store.requireKnownFields(schema, in.values().keySet());
                typeErrors(schema, in.json());
            }
        }
        synchronized (store) {
            if (!allOrNone) {
                List<SaveOutcome> outcomes = new ArrayList<>();
                for (Input in : inputs) {
                    outcomes.add(write.apply(in));
                }
                return answer(outcomes);
            }
            List<SaveOutcome> outcomes = store.allOrNone(() -> {
                List<SaveOutcome> results = new ArrayList<>();
                for (Input in : inputs) {
                    results.add(write.apply(in));
                }
                return results;
            }, results -> results.stream().anyMatch(outcome -> !outcome.success()));
            if (outcomes.stream().allMatch(SaveOutcome::success)) {
                return answer(outcomes);
            }
            List<SaveOutcome> rolledBack = new ArrayList<>();
            for (SaveOutcome outcome : outcomes) {
                rolledBack.add(!outcome.success() ? outcome : SaveOutcome.failed("ALL_OR_NONE_OPERATION_ROLLED_BACK", "Record rolled "
                        + "back because not all records were valid and the request was using AllOrNone header", List.of()));
            }
            return answer(rolledBack);
        }
    }

    /**
     * A JSON value its field's type cannot take fails the whole request, as Salesforce's JSON parser does:
     * a word in an int, double or date field, a number in a boolean field, an object or array anywhere.
     * A numeric string in a number field and "true"/"false" in a boolean field are taken, as Salesforce takes them.
     */
    static void typeErrors(SObjectSchema schema, Map<String, JsonNode> fields) {
        for (Map.Entry<String, JsonNode> field : fields.entrySet()) {
            SfFieldType type = schema.type(field.getKey());
            JsonNode value = field.getValue();
            if (type == null || value.isNull()) {
                continue;
            }
            String token = value.isObject() ? "START_OBJECT" : value.isArray() ? "START_ARRAY" : value.isTextual() ? "VALUE_STRING"
                    : value.isBoolean() ? (value.booleanValue() ? "VALUE_TRUE" : "VALUE_FALSE")
                    : value.isIntegralNumber() ? "VALUE_NUMBER_INT" : "VALUE_NUMBER_FLOAT";
            String text = value.asText();
            boolean fits = switch (type) {
                case INT, DOUBLE -> value.isNumber() || (value.isTextual() && (text.isBlank() || isNumber(text)));
                case BOOLEAN -> value.isBoolean() || (value.isTextual() && (text.isBlank() || text.equalsIgnoreCase("true")
                        || text.equalsIgnoreCase("false")));
                case DATE -> value.isTextual() && (text.isBlank() || OrgStore.isDate(text));
                default -> value.isValueNode();
            };
            if (!fits) {
                String typeName = switch (type) {
                    case INT -> "int";
                    case DOUBLE -> "double";
                    case BOOLEAN -> "boolean";
                    case DATE -> "date";
                    case DATETIME -> "datetime";
                    default -> "string";
                };
                throw new SfApiError(400, "JSON_PARSER_ERROR", "Cannot deserialize instance of " + typeName + " from " + token + " value "
                        + (value.isContainerNode() ? "" : text + " ") + "or request may be missing a required field");
            }
        }
    }

    private static boolean isNumber(String text) {
        try {
            new java.math.BigDecimal(text.strip());
            return true;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private List<Input> inputs(JsonNode body, String fixedType, boolean withId) {
        JsonNode records = body.path("records");
        if (!records.isArray()) {
            throw new SfApiError(400, "JSON_PARSER_ERROR", "The request body needs a records array");
        }
        if (records.size() > MAX_RECORDS) {
            throw tooMany();
        }
        List<Input> inputs = new ArrayList<>();
        for (JsonNode record : records) {
            String type = record.path("attributes").path("type").asText(null);
            if (type == null) {
                throw new SfApiError(400, "INVALID_TYPE", "Must send a concrete entity type.");
            }
            if (fixedType != null && !fixedType.equalsIgnoreCase(type)) {
                throw new SfApiError(400, "INVALID_TYPE", "The sObject type in the URI (" + fixedType + ") and in the record ("
                        + type + ") differ");
            }
            String id = null;
            Map<String, Object> values = new LinkedHashMap<>();
            Map<String, JsonNode> json = new LinkedHashMap<>();
            Iterator<Map.Entry<String, JsonNode>> fields = record.fields();
            while (fields.hasNext()) {
                Map.Entry<String, JsonNode> field = fields.next();
                if (field.getKey().equals("attributes")) {
                    continue;
                }
                if (field.getKey().equalsIgnoreCase("id")) {
                    id = field.getValue().asText(null);
                    continue;
                }
                values.put(field.getKey(), value(field.getValue()));
                json.put(field.getKey(), field.getValue());
            }
            if (withId && id == null) {
                throw new SfApiError(400, "MISSING_ARGUMENT", "Id not specified in an update call");
            }
            if (!withId && id != null) {
                throw new SfApiError(400, "INVALID_FIELD_FOR_INSERT_UPDATE", "cannot specify Id in an insert call");
            }
            inputs.add(new Input(type, id, values, json));
        }
        return inputs;
    }

    static Object value(JsonNode node) {
        if (node.isNull()) {
            return null;
        }
        if (node.isBoolean()) {
            return node.booleanValue();
        }
        if (node.isNumber()) {
            return node.decimalValue();
        }
        return node.asText();
    }

    private static SfApiError tooMany() {
        return new SfApiError(400, "EXCEEDED_ID_LIMIT", "record limit reached. cannot submit more than 200 records into this call");
    }

    private static JsonAnswer answer(List<SaveOutcome> outcomes) {
        ArrayNode array = JSON.createArrayNode();
        for (SaveOutcome outcome : outcomes) {
            ObjectNode node = array.addObject();
            if (outcome.id() != null) {
                node.put("id", outcome.id());
            }
            node.put("success", outcome.success());
            ArrayNode errors = node.putArray("errors");
            for (SaveOutcome.Problem p : outcome.errors()) {
                ObjectNode error = errors.addObject();
                error.put("statusCode", p.statusCode());
                error.put("message", p.message());
                ArrayNode fields = error.putArray("fields");
                p.fields().forEach(fields::add);
            }
            if (outcome.created() != null) {
                node.put("created", outcome.created());
            }
        }
        return new JsonAnswer(200, array);
    }
}
