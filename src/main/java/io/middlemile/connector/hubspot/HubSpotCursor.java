package io.middlemile.connector.hubspot;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.middlemile.connector.ConnectorException;
import io.middlemile.connector.Cursor;

/**
 * Position in a HubSpot object's change stream, stored by the hub as JSON:
 * {@code {"ts":1717171717000,"id":"1234","archivedSince":1717000000000,"archivedAfter":"NTI1"}}.
 *
 * <ul>
 *   <li>{@code ts}, {@code id}: every live record with (modified, id) at or before this pair has
 *       been returned. Ties on one millisecond are ordered by id.</li>
 *   <li>{@code archivedSince}: records archived at or before this time were reported by an earlier
 *       complete scan of the recycle bin (search never returns archived records).</li>
 *   <li>{@code archivedAfter}: the list API's paging token while a recycle-bin scan is under way;
 *       null between scans.</li>
 *   <li>{@code archivedScan}, {@code archivedMax}: a recycle-bin scan is under way, and the latest
 *       archive time it has seen so far (becomes {@code archivedSince} when the scan completes).</li>
 * </ul>
 */
public record HubSpotCursor(long ts, long id, long archivedSince, String archivedAfter, boolean archivedScan, long archivedMax) {

    private static final ObjectMapper JSON = new ObjectMapper();

    public static final HubSpotCursor START = new HubSpotCursor(-1, 0, -1, null, false, -1);

    public HubSpotCursor at(long newTs, long newId) {
        return new HubSpotCursor(newTs, newId, archivedSince, archivedAfter, archivedScan, archivedMax);
    }

    public HubSpotCursor scanningArchive(String after, long maxSeen) {
        return new HubSpotCursor(ts, id, archivedSince, after, true, maxSeen);
    }

    public HubSpotCursor archiveScanDone() {
        return new HubSpotCursor(ts, id, Math.max(archivedSince, archivedMax), null, false, -1);
    }

    public Cursor toCursor() {
        ObjectNode node = JSON.createObjectNode();
        node.put("ts", ts);
        node.put("id", String.valueOf(id));
        node.put("archivedSince", archivedSince);
        if (archivedScan) {
            node.put("archivedScan", true);
            node.put("archivedMax", archivedMax);
            if (archivedAfter != null) {
                node.put("archivedAfter", archivedAfter);
            }
        }
        return new Cursor(node.toString());
    }

    static HubSpotCursor parse(Cursor cursor, String connectionId, String object) {
        if (cursor == null || cursor.isStart()) {
            return START;
        }
        try {
            JsonNode node = JSON.readTree(cursor.value());
            if (node == null || !node.hasNonNull("ts") || !node.hasNonNull("id")) {
                throw new IllegalArgumentException("missing ts or id");
            }
            return new HubSpotCursor(node.get("ts").asLong(), Long.parseLong(node.get("id").asText()),
                    node.path("archivedSince").asLong(-1),
                    node.hasNonNull("archivedAfter") ? node.get("archivedAfter").asText() : null,
                    node.path("archivedScan").asBoolean(false), node.path("archivedMax").asLong(-1));
        } catch (JsonProcessingException | IllegalArgumentException e) {
            String value = cursor.value();
            throw new ConnectorException(ConnectorException.Kind.INVALID_REQUEST, "The stored cursor of HubSpot connection '"
                    + connectionId + "', object '" + object + "' is not a HubSpot cursor (" + e.getMessage() + "): "
                    + (value.length() > 200 ? value.substring(0, 200) + "..." : value)
                    + ". Start the job again from the beginning (middlemile job run NAME --from-start).", e);
        }
    }
}
