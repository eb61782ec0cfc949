package io.middlemile.connector;

import io.middlemile.model.SourceRef;

import java.util.List;
import java.util.Map;

/**
 * Merges duplicate records into a surviving one, where the provider has a merge operation. Reached
 * only through the governed write path, which snapshots every record first so a merge can be undone
 * as far as the provider allows.
 */
public interface Merger {

    /** The records as they are now, by provider id, with every field the connection maps; missing ids are absent. */
    Map<String, Map<String, Object>> snapshot(String object, List<String> ids);

    /** Merges {@code duplicateId} into {@code primaryId}; the duplicate stops existing. */
    WriteOutcome merge(String object, String primaryId, String duplicateId, SourceRef origin);

    /**
     * Whether the provider sets this field of a snapshot itself (the record id, creation and
     * modification times, its own system fields). A rollback re-creates a merged-away record from its
     * snapshot without such fields, because a create that names them is refused or they are overwritten.
     */
    boolean providerManaged(String object, String field);
}
