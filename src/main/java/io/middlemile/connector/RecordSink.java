package io.middlemile.connector;

import java.util.List;
import java.util.Set;

/**
 * Writes records to a target object. Writes are idempotent by {@link TargetRecord#key()}: replaying
 * a batch after a crash must not create duplicates.
 *
 * <p>Batches never exceed {@link #maxBatchSize()}; callers split larger ones. The result holds one
 * outcome per input record, in input order.
 */
public interface RecordSink {

    int maxBatchSize();

    List<WriteOutcome> upsert(String object, List<TargetRecord> records);

    /**
     * Fields of {@code object} that, carried by a record, say which record {@link #upsert} writes (a CRM's own record
     * id such as HubSpot's {@code hs_object_id}), besides the object's configured id field. The write path refuses an
     * update that would change one, as the write would land on another record than the one it read and journaled.
     */
    default Set<String> addressedBy(String object) {
        return Set.of();
    }
}
