package io.middlemile.sandbox.fullenrich;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.middlemile.sandbox.JsonAnswer;

/**
 * FullEnrich's error answer, {@code {code, message}}, with the codes and messages of its OpenAPI examples
 * (https://docs.fullenrich.com/api/v2). Codes the docs do not list are marked "emulator" where they are made.
 */
final class FeError {

    private static final ObjectMapper JSON = new ObjectMapper();

    static final JsonAnswer NOT_SET = of(401, "error.authorization.not_set", "Authorization headers not set");
    static final JsonAnswer NOT_BEARER = of(401, "error.authorization.not_bearer", "Authorization headers do not have prefix 'bearer'");
    static final JsonAnswer UNKNOWN_KEY = of(401, "error.api.key", "Unknown api key");
    static final JsonAnswer RATE_LIMIT = of(429, "error.rate.limit", "Too many requests. Try again in 1m");
    static final JsonAnswer IN_PROGRESS = of(400, "error.enrichment.in_progress", "Enrichment not ready, try again in 30 seconds");
    static final JsonAnswer NOT_FOUND = of(404, "error.enrichment.not_found", "Enrichment ID not found");

    private FeError() {
    }

    static JsonAnswer of(int status, String code, String message) {
        ObjectNode body = JSON.createObjectNode();
        body.put("code", code);
        body.put("message", message);
        return new JsonAnswer(status, body);
    }

    static JsonAnswer badRequest(String code, String message) {
        return of(400, code, message);
    }
}
