package io.middlemile.sync;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.middlemile.connector.Lifecycle;

import java.util.Map;

/**
 * What a rejected record's source said of its existence, kept in the retry queue: the marker fields of its
 * {@link Lifecycle} as JSON. A retry reads records again by id, which finds no deleted record and does not say what a
 * survivor took in, so it hands these on ({@link RetrySource}) and the route archives or merges as the run would have.
 */
public final class RetryLifecycle {

    private static final ObjectMapper JSON = new ObjectMapper();

    private RetryLifecycle() {
    }

    /** Whether the record was deleted or merged away at its source when it failed, by what the queue kept. */
    public static boolean goneWhenFailed(String json) {
        return Lifecycle.of(read(json)).deleted();
    }

    /** The markers as the queue keeps them, or null for a live record that took in no merges. */
    static String write(Lifecycle lifecycle) {
        Map<String, Object> markers = lifecycle.markers();
        if (markers.isEmpty()) {
            return null;
        }
        try {
            return JSON.writeValueAsString(markers);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The markers the queue kept ({@link #write}); empty for none. */
    public static Map<String, Object> read(String json) {
        if (json == null || json.isBlank()) {
            return Map.of();
        }
        try {
            return JSON.readValue(json, new TypeReference<Map<String, Object>>() { });
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("retry queue lifecycle is not JSON: " + json, e);
        }
    }
}
