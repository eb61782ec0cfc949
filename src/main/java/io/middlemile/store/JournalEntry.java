package io.middlemile.store;

import java.time.Instant;
import java.util.Arrays;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * One intended write as the journal keeps it, with its latest result.
 *
 * @param before the changed fields' values before the write (null for a create)
 * @param after  the changed fields' values the write sets (null for an archive)
 * @param result the latest result; {@link Result#INTENT} when none was recorded (the write is in flight, or the
 *               process died between journal and write)
 * @param reason why the hub wrote these values, beside the policy's decision (an owner's assignment rule), or null
 * @param actor  who asked for the write: {@code job:NAME}, {@code person:NAME} or {@code agent:NAME}; null for entries
 *               journaled before actors were recorded
 */
public record JournalEntry(long id, long runId, String job, String connection, String object, String recordKey, String action,
                           Map<String, Object> before, Map<String, Object> after, String decision, String rule,
                           String workspaceVersion, Result result, Instant recordedAt, String reason, String actor) {

    public JournalEntry(long id, long runId, String job, String connection, String object, String recordKey, String action,
                        Map<String, Object> before, Map<String, Object> after, String decision, String rule,
                        String workspaceVersion, Result result, Instant recordedAt, String reason) {
        this(id, runId, job, connection, object, recordKey, action, before, after, decision, rule, workspaceVersion, result, recordedAt,
                reason, null);
    }

    public JournalEntry(long id, long runId, String job, String connection, String object, String recordKey, String action,
                        Map<String, Object> before, Map<String, Object> after, String decision, String rule,
                        String workspaceVersion, Result result, Instant recordedAt) {
        this(id, runId, job, connection, object, recordKey, action, before, after, decision, rule, workspaceVersion, result, recordedAt,
                null, null);
    }

    /**
     * What became of a journaled write. The {@code journal_results.result} column holds {@link #db()}
     * ({@code applied}, {@code not-applied}, {@code failed}); {@code INTENT} is an entry without a result row.
     */
    public enum Result {
        INTENT(null), APPLIED("applied"), NOT_APPLIED("not-applied"), FAILED("failed");

        private final String db;

        Result(String db) {
            this.db = db;
        }

        /** The value of the {@code journal_results.result} column; an intent has no row, so no value. */
        public String db() {
            if (db == null) {
                throw new IllegalStateException("An intent is the absence of a result; it is not stored as one");
            }
            return db;
        }

        /** From the column ({@code null}: no result row, an intent). */
        public static Result fromDb(String value) {
            if (value == null) {
                return INTENT;
            }
            return Arrays.stream(values()).filter(r -> value.equals(r.db)).findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("Unknown journal result \"" + value + "\"; expected one of "
                            + Arrays.stream(values()).filter(r -> r.db != null).map(r -> r.db).collect(Collectors.joining(", "))));
        }
    }
}
