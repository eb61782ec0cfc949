package io.middlemile.connector;

/**
 * A sink whose writes are not idempotent by themselves (a file being appended to). The hub stores
 * the sink's state together with the source cursor in one transaction, so after a crash the sink
 * can be put back exactly where the last committed page left it.
 *
 * <p>Order per run: {@link #begin} once, then for each page {@code upsert} and {@link #flush} (the
 * returned state is committed with the cursor), then {@link #complete} when the run succeeded.
 */
public interface CheckpointedSink extends RecordSink {

    /** Starts a run: fresh when {@code committedState} is null, else resumes from that state. */
    void begin(String object, String committedState);

    /** Makes everything written so far durable and returns the state to commit with the cursor. */
    String flush(String object);

    /** Publishes the run's output (e.g. renames the partial file into place). */
    void complete(String object);
}
