package io.middlemile.connector;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;

/**
 * How every error classifier reads a failed answer's body: as a JSON object when it is one (vendors answer some
 * errors in text or HTML: a proxy's 502 page, Apollo's text/plain 401), and abbreviated for messages, since a
 * body can be long and is quoted to an operator.
 */
public final class ErrorBodies {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int QUOTED = 300;

    private ErrorBodies() {
    }

    /** The body as a JSON object; an empty object when it is empty, not JSON, or not an object. */
    public static JsonNode object(String body) {
        if (body == null || body.isBlank()) {
            return JSON.createObjectNode();
        }
        try {
            JsonNode node = JSON.readTree(body);
            return node == null || !node.isObject() ? JSON.createObjectNode() : node;
        } catch (IOException e) {
            return JSON.createObjectNode();
        }
    }

    /** At most the first 300 characters of the body, for a message; "(empty body)" when there is none. */
    public static String abbreviate(String body) {
        if (body == null || body.isBlank()) {
            return "(empty body)";
        }
        String flat = body.strip();
        return flat.length() <= QUOTED ? flat : flat.substring(0, QUOTED) + "...";
    }
}
