package io.middlemile.connector;

/**
 * Reads records that changed after a cursor. The hub owns the cursor (it stores and commits it);
 * the connector only makes and interprets it, as in Kafka Connect's {@code SourceTask}.
 *
 * <p>Contract: pages are returned in cursor order; reading from a cursor returned with page N yields
 * exactly the records after page N, with no gaps and no repeats, also when several records share a
 * modification timestamp at the page boundary. A call never returns a page larger than
 * {@code pageSize} records plus rejected inputs.
 */
public interface ChangeSource {

    SourcePage readChanges(String object, Cursor cursor, int pageSize);

    /**
     * True when the source reports changes since a cursor (an API), so the next run continues where
     * the last one ended; false when it is a snapshot (a file export) that every run reads whole.
     * Either way an interrupted run resumes from its last committed page.
     */
    default boolean incremental() {
        return true;
    }
}
