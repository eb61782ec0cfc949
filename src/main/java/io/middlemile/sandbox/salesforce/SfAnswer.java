package io.middlemile.sandbox.salesforce;

import com.fasterxml.jackson.databind.JsonNode;

/** An HTTP answer of the emulator: status and JSON body (null for 204). */
record SfAnswer(int status, JsonNode body) {
}
