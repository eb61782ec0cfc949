package io.middlemile.sandbox.hubspot;

import io.middlemile.sandbox.JsonAnswer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.time.Instant;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The CRM v3 objects API: /crm/v3/objects/{object}[/{id} | /search | /merge | /batch/{read,create,
 * update,upsert,archive}]. Batch calls take at most 100 inputs. Writes in update/upsert batches
 * succeed or fail per input (207 multi-status); a create batch is all or nothing, as in HubSpot
 * (one invalid input fails it with 400, an existing email with 409). Creates take inline
 * {@code associations} ({@link CreateAssociations}) and required properties (a note's hs_timestamp).
 */
final class ObjectsApi {

    static final int MAX_BATCH = 100;
    static final int MAX_LIST_LIMIT = 100;
    private static final int MAX_HISTORY_BATCH = 50;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final CrmStore store;
    private final SearchEngine search;
    private final CreateAssociations createAssociations;

    ObjectsApi(CrmStore store, SearchEngine search, CreateAssociations createAssociations) {
        this.store = store;
        this.search = search;
        this.createAssociations = createAssociations;
    }

    JsonAnswer handle(String method, List<String> path, Map<String, String> query, JsonNode body) {
        String object = path.get(0);
        if (path.size() == 1 && method.equals("GET")) {
            return list(object, query);
        }
        if (path.size() == 1 && method.equals("POST")) {
            CrmStore.ObjectType type = store.type(object);
            Map<String, String> values = properties(body.path("properties"));
            store.check(type, values);
            CrmStore.requireProperties(type, values);
            List<CreateAssociations.Target> targets = createAssociations.parse(type, body);
            StoredRecord record = store.create(object, values);
            createAssociations.apply(type.name, record.id, targets);
            return new JsonAnswer(201, RecordJson.render(type, record, written(type, body.path("properties"))));
        }
        if (path.size() == 2 && path.get(1).equals("search") && method.equals("POST")) {
            return new JsonAnswer(200, search.search(object, body));
        }
        if (path.size() == 2 && path.get(1).equals("merge") && method.equals("POST")) {
            CrmStore.ObjectType type = store.type(object);
            long primary = id(body.path("primaryObjectId").asText(null), "primaryObjectId");
            long other = id(body.path("objectIdToMerge").asText(null), "objectIdToMerge");
            StoredRecord survivor = store.merge(object, primary, other);
            return new JsonAnswer(200, RecordJson.render(type, survivor, withMerged(type)));
        }
        if (path.size() == 3 && path.get(1).equals("batch") && method.equals("POST")) {
            return batch(object, path.get(2), query, body);
        }
        if (path.size() == 2) {
            return single(method, object, path.get(1), query, body);
        }
        throw new ApiError(404, "OBJECT_NOT_FOUND", "No route for " + method + " /crm/v3/objects/" + String.join("/", path));
    }

    private JsonAnswer list(String object, Map<String, String> query) {
        CrmStore.ObjectType type = store.type(object);
        int limit = parseInt(query.getOrDefault("limit", "10"), "limit");
        if (limit < 1 || limit > MAX_LIST_LIMIT) {
            throw ApiError.validation("limit must be between 1 and " + MAX_LIST_LIMIT + ", but was " + limit + ".");
        }
        long from = 0;
        if (query.get("after") != null) {
            try {
                from = Long.parseLong(new String(Base64.getUrlDecoder().decode(query.get("after")), StandardCharsets.UTF_8).trim());
            } catch (IllegalArgumentException e) {
                throw ApiError.validation("Invalid paging token after=" + query.get("after") + ".");
            }
        }
        boolean archived = Boolean.parseBoolean(query.getOrDefault("archived", "false"));
        List<StoredRecord> records = archived ? store.archivedRecords(type) : store.liveRecords(type);
        List<String> properties = csv(query.get("properties"));
        ObjectNode answer = JSON.createObjectNode();
        ArrayNode results = answer.putArray("results");
        int taken = 0;
        for (StoredRecord record : records) {
            if (record.id < from) {
                continue;
            }
            if (taken == limit) {
                String token = Base64.getUrlEncoder().withoutPadding().encodeToString(Long.toString(record.id).getBytes(StandardCharsets.UTF_8));
                ObjectNode next = answer.putObject("paging").putObject("next");
                next.put("after", token);
                next.put("link", "?after=" + token);
                break;
            }
            results.add(RecordJson.render(type, record, properties));
            taken++;
        }
        return new JsonAnswer(200, answer);
    }

    private JsonAnswer single(String method, String object, String idText, Map<String, String> query, JsonNode body) {
        CrmStore.ObjectType type = store.type(object);
        String idProperty = query.get("idProperty");
        requireUniqueIdProperty(type, idProperty);
        StoredRecord record;
        if (idProperty != null) {
            record = store.findByProperty(type, idProperty, idText);
        } else {
            long id = id(idText, "id");
            record = Boolean.parseBoolean(query.getOrDefault("archived", "false")) ? store.archivedRecord(type, id) : store.live(type, id);
        }
        if (record == null) {
            throw new ApiError(404, "OBJECT_NOT_FOUND", "resource not found");
        }
        return switch (method) {
            case "GET" -> new JsonAnswer(200, RecordJson.render(type, record, csv(query.get("properties"))));
            case "PATCH" -> {
                StoredRecord updated = store.update(object, record.id, properties(body.path("properties")));
                yield new JsonAnswer(200, RecordJson.render(type, updated, written(type, body.path("properties"))));
            }
            case "DELETE" -> {
                store.archive(object, record.id);
                yield JsonAnswer.noContent();
            }
            default -> throw new ApiError(405, "VALIDATION_ERROR", "Method " + method + " not allowed here");
        };
    }

    private JsonAnswer batch(String object, String action, Map<String, String> query, JsonNode body) {
        CrmStore.ObjectType type = store.type(object);
        JsonNode inputs = body.path("inputs");
        if (!inputs.isArray()) {
            throw ApiError.validation("Invalid input JSON: 'inputs' is required and must be an array.");
        }
        if (inputs.size() > MAX_BATCH) {
            throw ApiError.validation("The maximum number of inputs supported in a batch request is " + MAX_BATCH
                    + ". Please reduce the number of items and try again (got " + inputs.size() + ").");
        }
        return switch (action) {
            case "read" -> batchRead(type, inputs, query, body);
            case "create" -> batchCreate(type, inputs);
            case "update" -> batchUpdate(type, inputs);
            case "upsert" -> batchUpsert(type, inputs);
            case "archive" -> {
                for (JsonNode input : inputs) {
                    store.archive(object, id(input.path("id").asText(null), "id"));
                }
                yield JsonAnswer.noContent();
            }
            default -> throw new ApiError(404, "OBJECT_NOT_FOUND", "No batch action " + action);
        };
    }

    private JsonAnswer batchRead(CrmStore.ObjectType type, JsonNode inputs, Map<String, String> query, JsonNode body) {
        if (body.path("propertiesWithHistory").size() > 0 && inputs.size() > MAX_HISTORY_BATCH) {
            throw ApiError.validation("The maximum number of inputs supported in a batch request for property histories is "
                    + MAX_HISTORY_BATCH + ". Please reduce the number of items and try again");
        }
        String idProperty = body.path("idProperty").asText(null);
        requireUniqueIdProperty(type, idProperty);
        boolean archived = Boolean.parseBoolean(query.getOrDefault("archived", "false"));
        List<String> properties = new ArrayList<>();
        body.path("properties").forEach(p -> properties.add(p.asText()));
        List<ObjectNode> results = new ArrayList<>();
        List<String> missing = new ArrayList<>();
        Set<Long> seen = new HashSet<>();
        for (JsonNode input : inputs) {
            String id = input.path("id").asText();
            StoredRecord record = idProperty != null ? store.findByProperty(type, idProperty, id)
                    : archived ? store.archivedRecord(type, parseId(id)) : store.live(type, parseId(id));
            if (record == null) {
                missing.add(id);
            } else if (seen.add(record.id)) {
                results.add(RecordJson.render(type, record, properties)); // a merged-away id answers with its survivor
            }
        }
        List<ApiError> errors = missing.isEmpty() ? List.of() : List.of(CrmStore.notFound(type, missing));
        return batchAnswer(results, errors);
    }

    /** HubSpot reads "by internal ID, or unique property values": idProperty must name a property with unique values. */
    private static void requireUniqueIdProperty(CrmStore.ObjectType type, String idProperty) {
        if (idProperty == null) {
            return;
        }
        PropertyDefinition definition = type.properties.get(idProperty);
        if (definition == null || !definition.hasUniqueValue()) {
            throw ApiError.validation("idProperty must name a property with unique values; '" + idProperty + "' is not one for "
                    + type.name + ".");
        }
    }

    private JsonAnswer batchCreate(CrmStore.ObjectType type, JsonNode inputs) {
        // All or nothing: validate every input before creating any.
        List<Map<String, String>> all = new ArrayList<>();
        List<List<CreateAssociations.Target>> targets = new ArrayList<>();
        Set<String> uniques = new HashSet<>();
        for (JsonNode input : inputs) {
            Map<String, String> values = properties(input.path("properties"));
            store.check(type, values);
            CrmStore.requireProperties(type, values);
            targets.add(createAssociations.parse(type, input));
            String unique = type.uniqueProperty == null ? null : values.get(type.uniqueProperty);
            if (unique != null && !unique.isEmpty()) {
                StoredRecord existing = store.holderOf(type, unique);
                if (existing != null) {
                    throw new ApiError(409, "CONFLICT", "Contact already exists. Existing ID: " + existing.id);
                }
                if (!uniques.add(unique.toLowerCase(Locale.ROOT))) {
                    throw ApiError.validation("Duplicate " + type.uniqueProperty + " in batch input: " + unique);
                }
            }
            all.add(values);
        }
        List<ObjectNode> results = new ArrayList<>();
        int i = 0;
        for (JsonNode input : inputs) {
            StoredRecord record = store.create(type.name, all.get(i));
            createAssociations.apply(type.name, record.id, targets.get(i++));
            ObjectNode result = RecordJson.render(type, record, written(type, input.path("properties")));
            if (input.hasNonNull("objectWriteTraceId")) {
                result.put("objectWriteTraceId", input.get("objectWriteTraceId").asText());
            }
            results.add(result);
        }
        ObjectNode answer = (ObjectNode) batchAnswer(results, List.of()).body();
        return new JsonAnswer(201, answer);
    }

    private JsonAnswer batchUpdate(CrmStore.ObjectType type, JsonNode inputs) {
        requireUniqueIds(inputs);
        List<ObjectNode> results = new ArrayList<>();
        List<ApiError> errors = new ArrayList<>();
        List<String> missing = new ArrayList<>();
        for (JsonNode input : inputs) {
            String id = input.path("id").asText();
            String idProperty = input.path("idProperty").asText(null);
            StoredRecord record = idProperty != null ? store.findByProperty(type, idProperty, id) : store.live(type, parseId(id));
            if (record == null) {
                missing.add(id);
                continue;
            }
            try {
                StoredRecord updated = store.update(type.name, record.id, properties(input.path("properties")));
                results.add(RecordJson.render(type, updated, written(type, input.path("properties"))));
            } catch (ApiError e) {
                errors.add(e);
            }
        }
        if (!missing.isEmpty()) {
            errors.add(CrmStore.notFound(type, missing));
        }
        return batchAnswer(results, errors);
    }

    private JsonAnswer batchUpsert(CrmStore.ObjectType type, JsonNode inputs) {
        requireUniqueIds(inputs);
        List<ObjectNode> results = new ArrayList<>();
        List<ApiError> errors = new ArrayList<>();
        for (JsonNode input : inputs) {
            String idProperty = input.path("idProperty").asText(null);
            PropertyDefinition definition = idProperty == null ? null : type.properties.get(idProperty);
            if (definition == null || !definition.hasUniqueValue()) {
                throw ApiError.validation("Upsert requires idProperty to name a property with unique values; '"
                        + idProperty + "' is not one for " + type.name + ".");
            }
            String id = input.path("id").asText();
            Map<String, String> values = properties(input.path("properties"));
            try {
                StoredRecord existing = store.findByProperty(type, idProperty, id);
                StoredRecord record;
                boolean created = existing == null;
                if (created) {
                    values.put(idProperty, id);
                    record = store.create(type.name, values);
                } else {
                    record = store.update(type.name, existing.id, values);
                }
                List<String> shown = written(type, input.path("properties"));
                shown.add(idProperty);
                ObjectNode node = RecordJson.render(type, record, shown);
                node.put("new", created);
                results.add(node);
            } catch (ApiError e) {
                errors.add(e);
            }
        }
        return batchAnswer(results, errors);
    }

    private static void requireUniqueIds(JsonNode inputs) {
        Set<String> seen = new HashSet<>();
        Set<String> duplicates = new LinkedHashSet<>();
        for (JsonNode input : inputs) {
            String id = input.path("id").asText().toLowerCase(Locale.ROOT);
            if (!seen.add(id)) {
                duplicates.add(input.path("id").asText());
            }
        }
        if (!duplicates.isEmpty()) {
            throw ApiError.validation("Duplicate IDs found in batch input: " + duplicates + ". IDs must be unique");
        }
    }

    private static JsonAnswer batchAnswer(List<ObjectNode> results, List<ApiError> errors) {
        ObjectNode answer = JSON.createObjectNode();
        answer.put("status", "COMPLETE");
        ArrayNode array = answer.putArray("results");
        results.forEach(array::add);
        if (!errors.isEmpty()) {
            answer.put("numErrors", errors.size());
            ArrayNode list = answer.putArray("errors");
            errors.forEach(e -> list.add(e.batchEntry()));
        }
        String now = Instant.now().toString();
        answer.put("startedAt", now);
        answer.put("completedAt", now);
        return new JsonAnswer(errors.isEmpty() ? 200 : 207, answer);
    }

    private static List<String> withMerged(CrmStore.ObjectType type) {
        List<String> names = new ArrayList<>(type.defaultProperties);
        names.add("hs_merged_object_ids");
        return names;
    }

    private static List<String> written(CrmStore.ObjectType type, JsonNode properties) {
        List<String> names = new ArrayList<>(type.defaultProperties);
        properties.fieldNames().forEachRemaining(name -> {
            if (!names.contains(name)) {
                names.add(name);
            }
        });
        return names;
    }

    private static Map<String, String> properties(JsonNode node) {
        Map<String, String> values = new LinkedHashMap<>();
        node.fields().forEachRemaining(e -> values.put(e.getKey(), e.getValue().isNull() ? "" : e.getValue().asText()));
        return values;
    }

    private static List<String> csv(String value) {
        List<String> list = new ArrayList<>();
        if (value != null) {
            for (String part : value.split(",")) {
                if (!part.isBlank()) {
                    list.add(part.trim());
                }
            }
        }
        return list;
    }

    private static long id(String text, String field) {
        if (text == null) {
            throw ApiError.validation("Invalid input JSON: " + field + " is required.");
        }
        return parseId(text);
    }

    private static long parseId(String text) {
        try {
            return Long.parseLong(text.trim());
        } catch (NumberFormatException e) {
            return -1; // HubSpot answers "not found" for ids that cannot exist
        }
    }

    private static int parseInt(String text, String field) {
        try {
            return Integer.parseInt(text.trim());
        } catch (NumberFormatException e) {
            throw ApiError.validation(field + " must be an integer, but was '" + text + "'.");
        }
    }
}
