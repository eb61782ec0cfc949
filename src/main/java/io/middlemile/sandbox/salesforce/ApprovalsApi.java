package io.middlemile.sandbox.salesforce;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.middlemile.sandbox.JsonAnswer;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Process Approvals: {@code Submit} puts a record in an approval process, which locks it (its updates, deletes and merges
 * fail with ENTITY_IS_LOCKED: {@link OrgStore#lock}); {@code Approve} or {@code Reject} of its work item ends the process
 * and unlocks it. The org has no process definitions to match: every record may be submitted, its work item going to the
 * approvers named. Each request of the call succeeds or fails alone, in input order.
 * Doc: https://developer.salesforce.com/docs/platform/api-rest/guide/resources-process-approvals-post.html
 */
final class ApprovalsApi {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final OrgStore store;
    /** A pending work item: the record it is about, and the process instance it belongs to. */
    private record Workitem(String record, String instance) {
    }

    private final Map<String, Workitem> pending = new HashMap<>();
    private final AtomicLong sequence = new AtomicLong(1000);

    ApprovalsApi(OrgStore store) {
        this.store = store;
    }

    /** POST /services/data/vXX.X/process/approvals/ with {@code {"requests": [...]}}. */
    synchronized JsonAnswer process(JsonNode body) {
        JsonNode requests = body == null ? null : body.get("requests");
        if (requests == null || !requests.isArray() || requests.isEmpty()) {
            throw new SfApiError(400, "JSON_PARSER_ERROR", "The request body must hold a non-empty array 'requests' of process"
                    + " requests (actionType Submit, Approve or Reject, and contextId)");
        }
        ArrayNode results = JSON.createArrayNode();
        requests.forEach(request -> results.add(one(request)));
        return new JsonAnswer(200, results);
    }

    private ObjectNode one(JsonNode request) {
        String action = request.path("actionType").asText("");
        String contextId = request.path("contextId").asText("");
        switch (action) {
            case "Submit" -> {
                String object = store.objectOf(contextId);
                if (object == null) {
                    return failed("INVALID_CROSS_REFERENCE_KEY", "invalid cross reference id");
                }
                if (store.locked(contextId)) {
                    return failed("ALREADY_IN_PROCESS", "Cannot submit object already in process.");
                }
                store.lock(object, contextId);
                String instance = newId("04g");
                String workitem = newId("04i");
                pending.put(workitem, new Workitem(contextId, instance));
                return result(contextId, instance, "Pending", request.path("nextApproverIds"), List.of(workitem));
            }
            case "Approve", "Reject" -> {
                // the context of an approval is the work item, not the record
                Workitem item = pending.remove(contextId);
                if (item == null) {
                    return failed("INVALID_CROSS_REFERENCE_KEY", "invalid cross reference id");
                }
                store.unlock(store.objectOf(item.record()), item.record());
                return result(item.record(), item.instance(), action.equals("Approve") ? "Approved" : "Rejected",
                        JSON.createArrayNode(), List.of());
            }
            default -> {
                return failed("INVALID_OPERATION", "actionType must be Submit, Approve or Reject, not '" + action + "'");
            }
        }
    }

    private static ObjectNode result(String entity, String instance, String status, JsonNode actors, List<String> workitems) {
        ObjectNode result = JSON.createObjectNode();
        result.set("actorIds", actors.isArray() ? actors : JSON.createArrayNode());
        result.put("entityId", entity);
        result.putNull("errors");
        result.put("instanceId", instance);
        result.put("instanceStatus", status);
        workitems.forEach(result.putArray("newWorkitemIds")::add);
        result.put("success", true);
        return result;
    }

    private static ObjectNode failed(String statusCode, String message) {
        ObjectNode result = JSON.createObjectNode();
        result.putNull("actorIds");
        result.putNull("entityId");
        ObjectNode error = result.putArray("errors").addObject();
        error.putArray("fields");
        error.put("message", message);
        error.put("statusCode", statusCode);
        result.putNull("instanceId");
        result.putNull("instanceStatus");
        result.putNull("newWorkitemIds");
        result.put("success", false);
        return result;
    }

    /** 18 characters, the key prefix first, as the org's other Ids ({@code OrgStore#newId}). */
    private String newId(String keyPrefix) {
        return keyPrefix + "Dn000" + String.format("%07d", sequence.incrementAndGet()) + "IAA";
    }
}
