package io.middlemile.connector;

import java.util.List;
import java.util.Map;

/**
 * What a source record says about its own existence, from the marker fields connectors add to records
 * their incremental reads find in the recycle bin: {@code __archived} (HubSpot) or {@code __deleted}
 * (Salesforce), {@code __mergedInto} on a record merged away (Salesforce {@code MasterRecordId}) and
 * {@code __mergedIds} on a merge survivor (HubSpot {@code hs_merged_object_ids}).
 *
 * @param deleted    the record is deleted or archived at its source
 * @param mergedInto the id of the record it was merged into, or null
 * @param mergedIds  ids of records merged into this one (empty when none)
 */
public record Lifecycle(boolean deleted, String mergedInto, List<String> mergedIds) {

    public static final String ARCHIVED = "__archived";
    public static final String DELETED = "__deleted";
    public static final String MERGED_INTO = "__mergedInto";
    public static final String MERGED_IDS = "__mergedIds";

    public static final Lifecycle LIVE = new Lifecycle(false, null, List.of());

    public Lifecycle {
        mergedIds = mergedIds == null ? List.of() : List.copyOf(mergedIds);
    }

    public static Lifecycle of(Map<String, Object> fields) {
        boolean deleted = truthy(fields.get(ARCHIVED)) || truthy(fields.get(DELETED));
        Object into = fields.get(MERGED_INTO);
        Object merged = fields.get(MERGED_IDS);
        List<String> mergedIds = merged instanceof List<?> list ? list.stream().map(String::valueOf).toList() : List.of();
        if (!deleted && into == null && mergedIds.isEmpty()) {
            return LIVE;
        }
        return new Lifecycle(deleted, into == null || into.toString().isBlank() ? null : into.toString(), mergedIds);
    }

    /** The marker fields that say this ({@link #of} reads them back); empty for a live record. */
    public Map<String, Object> markers() {
        Map<String, Object> markers = new java.util.LinkedHashMap<>();
        if (deleted) {
            markers.put(DELETED, true);
        }
        if (mergedInto != null) {
            markers.put(MERGED_INTO, mergedInto);
        }
        if (!mergedIds.isEmpty()) {
            markers.put(MERGED_IDS, mergedIds);
        }
        return markers;
    }

    /** Deleted without being merged into another record. */
    public boolean deletedOnly() {
        return deleted && mergedInto == null;
    }

    private static boolean truthy(Object value) {
        return value instanceof Boolean b ? b : value != null && "true".equalsIgnoreCase(value.toString());
    }
}
