package io.middlemile.connector;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import java.io.IOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The id a webhook event is recorded once under ({@link WebhookReceiver.Event#id()}) when the provider sends none of its
 * own: the same event delivered again, whatever the order of its keys, gets the same id.
 */
public final class EventIds {

    private static final ObjectMapper CANONICAL = new ObjectMapper().configure(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true);

    private EventIds() {
    }

    /** The first of {@code idFields} the payload has as a non-blank value, else {@link #contentHash}. */
    public static String idOrContentHash(JsonNode payload, String... idFields) {
        for (String field : idFields) {
            JsonNode value = payload.get(field);
            if (value != null && value.isValueNode() && !value.isNull() && !value.asText().isBlank()) {
                return value.asText();
            }
        }
        return contentHash(payload);
    }

    /** {@code sha256:} and the hex SHA-256 of the payload written with its keys sorted at every level. */
    public static String contentHash(JsonNode payload) {
        try {
            byte[] canonical = CANONICAL.writeValueAsBytes(CANONICAL.treeToValue(payload, Object.class));
            return "sha256:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(canonical));
        } catch (IOException | NoSuchAlgorithmException e) {
            throw new IllegalStateException("cannot hash a webhook payload", e);
        }
    }
}
