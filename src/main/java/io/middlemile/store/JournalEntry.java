package io.middlemile.store;

import java.time.Instant;
import java.util.Map;

/**
 * One intended write as the journal keeps it, with its latest result ({@code applied},
 * {@code failed}, {@code not-applied}, or null when the process died between journal and write).
 *
 * @param before the changed fields' values before the write (null for a create)
 * @param after  the changed fields' values the write sets (null for an archive)
 */
public record JournalEntry(long id, long runId, String job, String connection, String object, String recordKey, String action,
                           Map<String, Object> before, Map<String, Object> after, String decision, String rule,
                           String workspaceVersion, String result, Instant recordedAt) {
}
