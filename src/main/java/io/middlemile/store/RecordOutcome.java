package io.middlemile.store;

import io.middlemile.model.SourceRef;

/**
 * What happened to one record in a run. Rejected records keep their raw input so they can be fixed
 * and retried; written ones keep none, to stay small at millions of rows.
 */
public record RecordOutcome(SourceRef ref, String location, Outcome outcome, String reason, String raw) {

    public enum Outcome { WRITTEN, SKIPPED, REJECTED;

        public String db() {
            return name().toLowerCase();
        }
    }
}
