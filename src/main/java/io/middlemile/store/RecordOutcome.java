package io.middlemile.store;

import io.middlemile.model.SourceRef;

/**
 * What happened to one record in a run. Rejected records keep their raw input so they can be fixed
 * and retried; written ones keep none, to stay small at millions of rows.
 *
 * @param unreadable true for input the source's reader could not parse (a malformed CSV row): reading
 *                   it again gives the same bytes, so a retry cannot help until it is fixed at the source
 * @param lifecycle  for a rejected record deleted or merged at its source, or one that took in others' merges, what its
 *                   source said of that when it failed: the marker fields as JSON ({@code Lifecycle#markers}); null for a
 *                   live record. A retry cannot read a deleted record again, nor learn a survivor's merges by its id
 */
public record RecordOutcome(SourceRef ref, String location, Outcome outcome, String reason, String raw, boolean unreadable,
                            String lifecycle) {

    public RecordOutcome(SourceRef ref, String location, Outcome outcome, String reason, String raw, boolean unreadable) {
        this(ref, location, outcome, reason, raw, unreadable, null);
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
