package io.middlemile.sync;

import io.middlemile.model.CanonicalRecord;
import io.middlemile.model.SourceRef;

import java.util.List;

/**
 * Where jobs report the canonical records they see, for indexes that must stay current without a batch re-run (the
 * match API's). A page of records read and mapped in, or written to a target (then {@code source()} is the target
 * record). Called on the job's thread once per page; an implementation must not fail the page for its own trouble.
 */
@FunctionalInterface
public interface RecordFeed {

    RecordFeed NONE = records -> {
    };

    void seen(List<CanonicalRecord> records);

    /**
     * A page's records that are no longer live at their source: deleted or archived (its recycle bin), or merged away into
     * another record. An index must stop offering them; a later {@link #seen} of one (restored from the recycle bin) adds
     * it again. Same threading and failure rules as {@link #seen}.
     */
    default void gone(List<SourceRef> records) {
    }
}
