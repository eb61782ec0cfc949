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

    SfApiError(int status, String errorCode, String message) {
        super(message);
        this.status = status;
        this.errorCode = errorCode;
    }

    ArrayNode body() {
        ArrayNode array = JSON.createArrayNode();
        array.addObject().put("message", getMessage()).put("errorCode", errorCode);
        return array;
    }
}
