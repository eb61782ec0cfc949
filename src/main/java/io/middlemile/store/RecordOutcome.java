package io.middlemile.store;

import io.middlemile.model.SourceRef;

/**
 * What happened to one record in a run. Rejected records keep their raw input so they can be fixed
 * and retried; written ones keep none, to stay small at millions of rows.
 *
 * @param unreadable true for input the source's reader could not parse (a malformed CSV row): reading
 *                   it again gives the same bytes, so a retry cannot help until it is fixed at the source
 * @param deletedAtSource a rejected record that was deleted at its source (its archive in the target failed): a retry
 *                        cannot read it again, and archives the target's record instead
 */
public record RecordOutcome(SourceRef ref, String location, Outcome outcome, String reason, String raw, boolean unreadable,
                            boolean deletedAtSource) {

    public RecordOutcome(SourceRef ref, String location, Outcome outcome, String reason, String raw, boolean unreadable) {
        this(ref, location, outcome, reason, raw, unreadable, false);
    }

    public RecordOutcome(SourceRef ref, String location, Outcome outcome, String reason, String raw) {
        this(ref, location, outcome, reason, raw, false);
    }

    public enum Outcome { WRITTEN, SKIPPED, REJECTED;

        public String db() {
            return name().toLowerCase();
        }
    }
}
