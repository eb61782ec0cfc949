package io.middlemile.sandbox.hubspot;

import io.middlemile.sandbox.JsonAnswer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The CRM v4 associations API, as far as the connector uses it:
 * <ul>
 *   <li>{@code POST /crm/v4/associations/{from}/{to}/batch/read}: {@code {inputs:[{id, after?}]}}, at most
 *       1,000 inputs; answers {@code {status, results:[{from:{id}, to:[{toObjectId, associationTypes:[{category,
 *       typeId, label}]}], paging?}], startedAt, completedAt}}; a record with no associations is left out of
 *       the results (the connector reads a missing id as "none");</li>
 *   <li>{@code POST /crm/v4/associations/{from}/{to}/batch/associate/default}: {@code {inputs:[{from:{id},
 *       to:{id}}]}}, at most 2,000 inputs; creates the default (unlabeled) association; 200, or 207 with one
 *       {@code errors[]} entry per invalid input (the other inputs are applied);</li>
 *   <li>{@code POST /crm/v4/associations/{from}/{to}/batch/archive}: {@code {inputs:[{from:{id}, to:[{id}]}]}},
 *       at most 2,000 inputs; removes every association between each pair; 204;</li>
 *   <li>{@code GET /crm/v4/objects/{type}/{id}/associations/{toType}?limit&after}: one record's associations,
 *       at most 500 per page;</li>
 *   <li>{@code PUT /crm/v4/objects/{type}/{id}/associations/default/{toType}/{toId}}: one default association.</li>
 * </ul>
 * Batch maxima: 1,000 for batch read is HubSpot's (changelog "Bug Fix: Batch Read Limit for HubSpot
 * Associations API", https://developers.hubspot.com/changelog/bug-fix-batch-read-limit-for-hubspot-associations-api);
 * HubSpot's reference pages state none for associate and archive, 2,000 is the maximum integration vendors
 * document for batch associate (Workato's "Associate records (batch)"). The connector sends at most 100.
 *
 * <p>An invalid record id answers like HubSpot does (400 for single calls, an errors[] entry in batches):
 * {@code {status:"error", category:"VALIDATION_ERROR", message:"One or more associations are invalid",
 * context:{INVALID_OBJECT_IDS:["COMPANY=999 is not valid"], objectId:["999"], objectType:["COMPANY"]}}}
 * (the shape HubSpot answered in https://github.com/HubSpot/hubspot-api-nodejs/issues/646).
 */
final class AssociationsApi {

    static final int MAX_READ_INPUTS = 1_000;
    static final int MAX_WRITE_INPUTS = 2_000;
    static final int MAX_PAGE = 500;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final CrmStore store;
    private final AssociationStore associations;
    private volatile int pageSize = MAX_PAGE;

    AssociationsApi(CrmStore store, AssociationStore associations) {
        this.store = store;
        this.associations = associations;
    }

    /** Associations listed per record in one batch-read answer before paging (500; smaller in tests). */
    void pageSize(int value) {
        if (value < 1 || value > MAX_PAGE) {
            throw new IllegalArgumentException("association page size must be 1.." + MAX_PAGE + ", was " + value);
        }
        this.pageSize = value;
    }

    /** /crm/v4/associations/{from}/{to}/batch/{read|associate/default|archive}; {@code path} starts at {from}. */
    JsonAnswer batch(String method, List<String> path, JsonNode body) {
        if (!method.equals("POST") || path.size() < 4 || !path.get(2).equals("batch")) {
            throw new ApiError(404, "OBJECT_NOT_FOUND", "No route for " + method + " /crm/v4/associations/" + String.join("/", path));
        }
        String from = type(path.get(0));
        String to = type(path.get(1));
        String action = String.join("/", path.subList(3, path.size()));
        JsonNode inputs = body.path("inputs");
        if (!inputs.isArray()) {
            throw ApiError.validation("Invalid input JSON: 'inputs' is required and must be an array.");
        }
        int max = action.equals("read") ? MAX_READ_INPUTS : MAX_WRITE_INPUTS;
        if (inputs.size() > max) {
            throw ApiError.validation("The maximum number of inputs supported in a batch request is " + max
                    + ". Please reduce the number of items and try again (got " + inputs.size() + ").");
        }
        return switch (action) {
            case "read" -> read(from, to, inputs);
            case "associate/default" -> associateDefault(from, to, inputs);
            case "archive" -> archive(from, to, inputs);
            default -> throw new ApiError(404, "OBJECT_NOT_FOUND", "No batch action " + action + " for associations");
        };
    }

    /** /crm/v4/objects/{type}/{id}/associations/...; {@code path} starts at {type}. */
    JsonAnswer single(String method, List<String> path, Map<String, String> query) {
        String from = type(path.get(0));
        long fromId = parseId(path.get(1));
        if (method.equals("GET") && path.size() == 4) {
            String to = type(path.get(3));
            requireRecord(from, fromId);
            int limit = query.containsKey("limit") ? parseLimit(query.get("limit")) : MAX_PAGE;
            List<Long> ids = associations.associated(from, fromId, to);
            int start = offset(query.get("after"));
            ObjectNode answer = JSON.createObjectNode();
            ArrayNode results = answer.putArray("results");
            int end = Math.min(ids.size(), start + limit);
            for (int i = start; i < end; i++) {
                results.add(target(from, fromId, to, ids.get(i)));
            }
            if (end < ids.size()) {
                answer.putObject("paging").putObject("next").put("after", token(end));
            }
            return new JsonAnswer(200, answer);
        }
        if (method.equals("PUT") && path.size() == 6 && path.get(3).equals("default")) {
            String to = type(path.get(4));
            long toId = parseId(path.get(5));
            ApiError invalid = invalid(from, fromId, to, toId);
            if (invalid != null) {
                throw invalid;
            }
            associations.associate(from, fromId, to, toId);
            ObjectNode answer = status();
            answer.putArray("results").add(spec(from, fromId, to, toId));
            return new JsonAnswer(200, stamp(answer));
        }
        throw new ApiError(404, "OBJECT_NOT_FOUND", "No route for " + method + " /crm/v4/objects/" + String.join("/", path));
    }

    private JsonAnswer read(String from, String to, JsonNode inputs) {
        ObjectNode answer = status();
        ArrayNode results = answer.putArray("results");
        for (JsonNode input : inputs) {
            String idText = input.path("id").asText(null);
            if (idText == null) {
                throw ApiError.validation("Invalid input JSON: every input needs an id.");
            }
            long fromId = parseId(idText);
            List<Long> ids = fromId < 0 ? List.of() : associations.associated(from, fromId, to);
            int start = offset(input.path("after").asText(null));
            if (ids.size() <= start) {
                continue;
            }
            ObjectNode result = results.addObject();
            result.putObject("from").put("id", idText);
            ArrayNode list = result.putArray("to");
            int end = Math.min(ids.size(), start + pageSize);
            for (int i = start; i < end; i++) {
                list.add(target(from, fromId, to, ids.get(i)));
            }
            if (end < ids.size()) {
                result.putObject("paging").putObject("next").put("after", token(end));
            }
        }
        return new JsonAnswer(200, stamp(answer));
    }

    private JsonAnswer associateDefault(String from, String to, JsonNode inputs) {
        if (AssociationStore.defaultTypeId(from, to) == null) {
            throw ApiError.validation("No default association type from " + from + " to " + to + ".");
        }
        ObjectNode answer = status();
        ArrayNode results = answer.putArray("results");
        List<ApiError> errors = new ArrayList<>();
        for (JsonNode input : inputs) {
            long fromId = parseId(input.path("from").path("id").asText(""));
            long toId = parseId(input.path("to").path("id").asText(""));
            ApiError invalid = invalid(from, fromId, to, toId, input.path("from").path("id").asText(""),
                    input.path("to").path("id").asText(""));
            if (invalid != null) {
                errors.add(invalid);
                continue;
            }
            associations.associate(from, fromId, to, toId);
            results.add(spec(from, fromId, to, toId));
        }
        if (!errors.isEmpty()) {
            answer.put("numErrors", errors.size());
            ArrayNode list = answer.putArray("errors");
            errors.forEach(e -> list.add(e.batchEntry()));
        }
        return new JsonAnswer(errors.isEmpty() ? 200 : 207, stamp(answer));
    }

    private JsonAnswer archive(String from, String to, JsonNode inputs) {
        for (JsonNode input : inputs) {
            long fromId = parseId(input.path("from").path("id").asText(""));
            JsonNode targets = input.path("to");
            if (!targets.isArray()) {
                throw ApiError.validation("Invalid input JSON: 'to' must be an array of {id}.");
            }
            for (JsonNode target : targets) {
                associations.remove(from, fromId, to, parseId(target.path("id").asText("")));
            }
        }
        return JsonAnswer.noContent();
    }

    private ApiError invalid(String from, long fromId, String to, long toId) {
        return invalid(from, fromId, to, toId, Long.toString(fromId), Long.toString(toId));
    }

    /** HubSpot's answer for an association naming a record that does not exist (or was archived or merged away). */
    private ApiError invalid(String from, long fromId, String to, long toId, String fromText, String toText) {
        List<String[]> bad = new ArrayList<>();
        if (fromId < 0 || !associations.exists(from, fromId)) {
            bad.add(new String[]{from, fromText});
        }
        if (toId < 0 || !associations.exists(to, toId)) {
            bad.add(new String[]{to, toText});
        }
        return bad.isEmpty() ? null : invalidObjects(bad);
    }

    /**
     * "One or more associations are invalid", naming each {@code [type, id]} that is no live record, in HubSpot's shape
     * (see the class comment).
     */
    static ApiError invalidObjects(List<String[]> bad) {
        List<String> messages = new ArrayList<>();
        List<String> ids = new ArrayList<>();
        List<String> types = new ArrayList<>();
        for (String[] typeAndId : bad) {
            messages.add(CrmStore.singular(typeAndId[0]) + "=" + typeAndId[1] + " is not valid");
            ids.add(typeAndId[1]);
            types.add(CrmStore.singular(typeAndId[0]));
        }
        Map<String, List<String>> context = new LinkedHashMap<>();
        context.put("INVALID_OBJECT_IDS", messages);
        context.put("objectId", ids);
        context.put("objectType", types);
        return new ApiError(400, "VALIDATION_ERROR", "One or more associations are invalid", context);
    }

    private ObjectNode target(String from, long fromId, String to, long toId) {
        ObjectNode node = JSON.createObjectNode();
        node.put("toObjectId", toId);
        ArrayNode types = node.putArray("associationTypes");
        for (AssociationStore.AssociationType type : associations.types(from, fromId, to, toId)) {
            ObjectNode t = types.addObject();
            t.put("category", type.category());
            t.put("typeId", type.typeId());
            if (type.label() == null) {
                t.putNull("label");
            } else {
                t.put("label", type.label());
            }
        }
        return node;
    }

    private static ObjectNode spec(String from, long fromId, String to, long toId) {
        ObjectNode node = JSON.createObjectNode();
        node.putObject("from").put("id", Long.toString(fromId));
        node.putObject("to").put("id", Long.toString(toId));
        ObjectNode spec = node.putObject("associationSpec");
        spec.put("associationCategory", "HUBSPOT_DEFINED");
        spec.put("associationTypeId", AssociationStore.defaultTypeId(from, to));
        return node;
    }

    private void requireRecord(String type, long id) {
        if (id < 0 || !associations.exists(type, id)) {
            throw new ApiError(404, "OBJECT_NOT_FOUND", "No " + CrmStore.singular(type).toLowerCase(Locale.ROOT) + " with id " + id + " exists.");
        }
    }

    private String type(String segment) {
        String type = AssociationStore.objectType(segment);
        if (type == null) {
            store.type(segment); // unknown object types answer like the objects API does
            throw ApiError.validation("Associations of " + segment + " are not emulated; use contacts, companies, deals or notes.");
        }
        return type;
    }

    private static ObjectNode status() {
        ObjectNode answer = JSON.createObjectNode();
        answer.put("status", "COMPLETE");
        return answer;
    }

    private static ObjectNode stamp(ObjectNode answer) {
        String now = Instant.now().toString();
        answer.put("startedAt", now);
        answer.put("completedAt", now);
        return answer;
    }

    private static String token(int offset) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(("assoc-" + offset).getBytes(StandardCharsets.UTF_8));
    }

    private static int offset(String after) {
        if (after == null || after.isEmpty()) {
            return 0;
        }
        try {
            String text = new String(Base64.getUrlDecoder().decode(after), StandardCharsets.UTF_8);
            if (text.startsWith("assoc-")) {
                return Integer.parseInt(text.substring(6));
            }
        } catch (IllegalArgumentException e) {
            // falls through to the error below
        }
        throw ApiError.validation("Invalid paging token after=" + after + ".");
    }

    private static int parseLimit(String text) {
        try {
            int limit = Integer.parseInt(text.trim());
            if (limit >= 1 && limit <= MAX_PAGE) {
                return limit;
            }
        } catch (NumberFormatException e) {
            // falls through
        }
        throw ApiError.validation("limit must be between 1 and " + MAX_PAGE + ", but was " + text + ".");
    }

    private static long parseId(String text) {
        try {
            return Long.parseLong(text.trim());
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
