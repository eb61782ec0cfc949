package io.middlemile.connector.salesforce;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.middlemile.connector.ConnectorException;
import io.middlemile.connector.Cursor;

import java.time.Instant;

/**
 * Position in an object's change stream: the SystemModstamp and Id of the last record read, stored
 * as {@code {"ts":"2024-03-01T09:00:00Z","id":"003..."}}. The next read asks for records after that
 * pair in (SystemModstamp, Id) order, so records sharing a timestamp across a page boundary are
 * neither skipped nor repeated.
 */
public record SalesforceCursor(Instant ts, String id) {

    private static final ObjectMapper JSON = new ObjectMapper();

    public static final SalesforceCursor START = new SalesforceCursor(null, null);

    public boolean isStart() {
        return ts == null;
    }

    public Cursor toCursor() {
        if (isStart()) {
            return Cursor.START;
        }
        return new Cursor(JSON.createObjectNode().put("ts", ts.toString()).put("id", id).toString());
    }

    public static SalesforceCursor parse(Cursor cursor, String connectionId, String object) {
        if (cursor == null || cursor.isStart()) {
            return START;
        }
        try {
            JsonNode node = JSON.readTree(cursor.value());
            String ts = node.path("ts").asText(null);
            String id = node.path("id").asText(null);
            if (ts == null || id == null || !id.matches("[A-Za-z0-9]{15}([A-Za-z0-9]{3})?")) {
                throw new IllegalArgumentException("missing ts or a valid id");
            }
            return new SalesforceCursor(Instant.parse(ts), id);
        } catch (Exception e) {
            throw new ConnectorException(ConnectorException.Kind.INVALID_REQUEST, "The stored cursor of Salesforce connection '"
                    + connectionId + "' for " + object + " is not one this connector made (" + e.getMessage() + "): "
                    + cursor.value() + ". Reset the job's cursor to read " + object + " from the start.", e);
        }
    }
}
