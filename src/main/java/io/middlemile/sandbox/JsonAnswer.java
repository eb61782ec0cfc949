package io.middlemile.sandbox;

import com.fasterxml.jackson.databind.JsonNode;

/** An HTTP answer of an emulator: status and JSON body (null for an answer without a body, such as 204). */
public record JsonAnswer(int status, JsonNode body) {

    public static JsonAnswer noContent() {
        return new JsonAnswer(204, null);
    }
}
