package io.middlemile.connector;

import io.middlemile.model.SourceRef;

import java.util.List;

/**
 * Archives (soft-deletes) records by key, where the provider allows it; used to undo creates.
 * One outcome per key, in order.
 */
public interface Archiver {

    List<WriteOutcome> archive(String object, List<String> keys, SourceRef origin);
}
