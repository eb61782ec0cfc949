package io.middlemile.sandbox.salesforce;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;

/**
 * A whole-request failure in the REST API's shape: a JSON array of {@code {message, errorCode}}
 * (https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/errorcodes.htm).
 */
final class SfApiError extends RuntimeException {

    private static final ObjectMapper JSON = new ObjectMapper();

    final int status;
    final String errorCode;
    /** The fields a record's error names ({@code fields} of the answer), or null for errors that name none. */
    final java.util.List<String> fields;

    SfApiError(int status, String errorCode, String message) {
        this(status, errorCode, message, null);
    }

    SfApiError(int status, String errorCode, String message, java.util.List<String> fields) {
        super(message);
        this.status = status;
        this.errorCode = errorCode;
        this.fields = fields;
    }

    ArrayNode body() {
        ArrayNode array = JSON.createArrayNode();
        com.fasterxml.jackson.databind.node.ObjectNode error = array.addObject().put("message", getMessage()).put("errorCode", errorCode);
        if (fields != null) {
            fields.forEach(error.putArray("fields")::add);
        }
        return array;
    }
}
