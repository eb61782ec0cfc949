package io.middlemile.sandbox.hubspot;

import java.util.LinkedHashMap;
import java.util.Map;

/** One record in the emulator's store. Mutated only under the store's lock. */
final class StoredRecord {
    final long id;
    final Map<String, String> properties = new LinkedHashMap<>();
    final long createdAt;
    long updatedAt;
    boolean archived;
    long archivedAt;
    /** Set when merged away: reads of this id answer with the survivor. */
    Long mergedInto;

    StoredRecord(long id, long createdAt) {
        this.id = id;
        this.createdAt = createdAt;
        this.updatedAt = createdAt;
    }
}
