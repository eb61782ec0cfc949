package io.middlemile.connector;

import java.util.List;

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
}
