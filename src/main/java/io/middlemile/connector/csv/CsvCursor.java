package io.middlemile.connector.csv;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.middlemile.connector.ConnectorException;
import io.middlemile.connector.Cursor;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Position in a CSV file, stored by the hub as the JSON text
 * {@code {"offset":12345,"line":678,"size":99999,"fingerprint":"<sha-256 hex>"}}.
 *
 * @param offset      byte offset of the first byte not yet read (start of the next record or blank line)
 * @param line        number of physical lines consumed before {@code offset} (the header included)
 * @param size        file size in bytes when the run opened the file
 * @param fingerprint SHA-256 hex of the first {@code min(64 KiB, size)} bytes, to notice a replaced file
 */
record CsvCursor(long offset, long line, long size, String fingerprint) {

    private static final ObjectMapper JSON = new ObjectMapper();

    Cursor toCursor() {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("offset", offset);
        json.put("line", line);
        json.put("size", size);
        json.put("fingerprint", fingerprint);
        try {
            return new Cursor(JSON.writeValueAsString(json));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write CSV cursor", e);
        }
    }

    /** Parses a cursor made by {@link #toCursor()}; anything else is a caller error. */
    static CsvCursor parse(Cursor cursor, String file) {
        try {
            JsonNode node = JSON.readTree(cursor.value());
            if (node == null || !node.hasNonNull("offset") || !node.hasNonNull("line")
                    || !node.hasNonNull("size") || !node.hasNonNull("fingerprint")) {
                throw new IllegalArgumentException("missing offset, line, size or fingerprint");
            }
            long offset = node.get("offset").asLong(-1);
            long line = node.get("line").asLong(-1);
            long size = node.get("size").asLong(-1);
            if (offset < 0 || line < 0 || size < 0) {
                throw new IllegalArgumentException("negative offset, line or size");
            }
            return new CsvCursor(offset, line, size, node.get("fingerprint").asText());
        } catch (JsonProcessingException | IllegalArgumentException e) {
            throw new ConnectorException(ConnectorException.Kind.INVALID_REQUEST,
                    "The stored cursor for CSV file " + file + " is not a CSV cursor (" + e.getMessage() + "): "
                            + abbreviate(cursor.value()) + ". Start the job again from the beginning "
                            + "(middlemile job run NAME --from-start).", e);
        }
    }

    private static String abbreviate(String value) {
        return value.length() <= 200 ? value : value.substring(0, 200) + "...";
    }
}
