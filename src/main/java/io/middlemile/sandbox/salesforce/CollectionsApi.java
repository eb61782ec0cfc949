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
 * INVALID_FIELD, the body does not deserialize). With allOrNone=true nothing is written when one
 * record fails, and the others report ALL_OR_NONE_OPERATION_ROLLED_BACK.
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

    private record Input(String type, String id, Map<String, Object> values) {
    }

    private interface Write {
        SaveOutcome apply(Input input);
    }

    private JsonAnswer run(List<Input> inputs, boolean allOrNone, Write write) {
        // Field names are checked for the whole call first: an unknown one fails it before any write.
        for (Input in : inputs) {
            if (in.type() != null) {
                store.requireKnownFields(store.schemaOrInvalidType(in.type()), in.values().keySet());
            }
        }
        List<SaveOutcome> outcomes = new ArrayList<>();
        synchronized (store) {
            if (allOrNone) {
                List<SaveOutcome> dryRun = dryRun(inputs, write);
                if (dryRun != null) {
                    return answer(dryRun);
                }
            }
            for (Input in : inputs) {
                outcomes.add(write.apply(in));
            }
        }
        return answer(outcomes);
    }

    /** With allOrNone: checks each record's required fields first and writes nothing when one fails. */
    private List<SaveOutcome> dryRun(List<Input> inputs, Write write) {
        List<SaveOutcome> results = new ArrayList<>();
        boolean failed = false;
        for (Input in : inputs) {
            SaveOutcome check = precheck(in);
            results.add(check);
            failed |= check != null;
        }
        if (!failed) {
            return null;
        }
        List<SaveOutcome> answer = new ArrayList<>();
        for (SaveOutcome check : results) {
            answer.add(check != null ? check : SaveOutcome.failed("ALL_OR_NONE_OPERATION_ROLLED_BACK", "Record rolled back because "
                    + "not all records were valid and the request was using AllOrNone header", List.of()));
        }
        return answer;
    }

    private SaveOutcome precheck(Input in) {
        SObjectSchema schema = store.schemaOrInvalidType(in.type());
        List<String> missing = new ArrayList<>();
        if (in.id() == null) {
            for (String field : schema.required()) {
                Object value = in.values().entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(field))
                        .map(Map.Entry::getValue).findFirst().orElse(null);
                if (value == null || value.toString().isBlank()) {
                    missing.add(field);
                }
            }
        }
        return missing.isEmpty() ? null : SaveOutcome.failed("REQUIRED_FIELD_MISSING", "Required fields are missing: " + missing, missing);
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
            }
            if (withId && id == null) {
                throw new SfApiError(400, "MISSING_ARGUMENT", "Id not specified in an update call");
            }
            if (!withId && id != null) {
                throw new SfApiError(400, "INVALID_FIELD_FOR_INSERT_UPDATE", "cannot specify Id in an insert call");
            }
            inputs.add(new Input(type, id, values));
        }
        return inputs;
    }

    private static Object value(JsonNode node) {
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
