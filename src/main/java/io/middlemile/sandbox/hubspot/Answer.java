package io.middlemile.sandbox.hubspot;

import com.fasterxml.jackson.databind.JsonNode;

/** An HTTP answer of the emulator: status and JSON body (null for 204). */
record Answer(int status, JsonNode body) {
    static Answer noContent() {
        return new Answer(204, null);
    }
}
