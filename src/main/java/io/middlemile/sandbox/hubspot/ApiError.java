package io.middlemile.sandbox.hubspot;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * An error answer in HubSpot's shape: {@code {status:"error", message, correlationId, category,
 * subCategory?, context?, errors?}} (the Error schema of the CRM OpenAPI specs).
 */
final class ApiError extends RuntimeException {

    private static final ObjectMapper JSON = new ObjectMapper();

    final int status;
    final String category;
    final Map<String, List<String>> context;
    /** HubSpot's finer error code, e.g. {@code crm.associations.INVALID_ASSOCIATION_TYPE}; null when it sends none. */
    final String subCategory;

    ApiError(int status, String category, String message, Map<String, List<String>> context) {
        this(status, category, null, message, context);
    }

    /** The invalid values' own messages, for a person (a seed file's refusal); empty for errors that have none. */
    final List<String> reasons;

    ApiError(int status, String category, String subCategory, String message, Map<String, List<String>> context) {
        this(status, category, subCategory, message, context, List.of());
    }

    private ApiError(int status, String category, String subCategory, String message, Map<String, List<String>> context,
                     List<String> reasons) {
        super(message);
        this.status = status;
        this.category = category;
        this.subCategory = subCategory;
        this.context = context;
        this.reasons = List.copyOf(reasons);
    }

    ApiError(int status, String category, String message) {
        this(status, category, message, null);
    }

    static ApiError validation(String message) {
        return new ApiError(400, "VALIDATION_ERROR", message);
    }

    /** A validation error whose message is HubSpot's, with each invalid value's message kept apart as well. */
    static ApiError validation(String message, List<String> reasons) {
        return new ApiError(400, "VALIDATION_ERROR", null, message, null, reasons);
    }

    ObjectNode body() {
        ObjectNode node = JSON.createObjectNode();
        node.put("status", "error");
        node.put("message", getMessage());
        node.put("correlationId", UUID.randomUUID().toString());
        node.put("category", category);
        if (subCategory != null) {
            node.put("subCategory", subCategory);
        }
        if (context != null && !context.isEmpty()) {
            node.set("context", JSON.valueToTree(context));
        }
        return node;
    }

    /** The same error as an entry of a batch answer's {@code errors[]} (no correlationId there). */
    ObjectNode batchEntry() {
        ObjectNode node = body();
        node.remove("correlationId");
        return node;
    }
}
