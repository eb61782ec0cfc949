package io.middlemile.sync;

import io.middlemile.model.SourceRef;

import java.util.List;
import java.util.Set;

/**
 * A run of a job over a departed owner's open leads only ({@code middlemile assign reassign}): the leads are read again
 * from the job's source by id, as a retry reads failed records, and the job's {@code hub-assign} step gives each a new
 * owner by the same rules, with {@code from} unavailable. The job's cursor does not move.
 *
 * @param ruleSet the rule set whose assignments move ({@code assign/NAME.yaml})
 * @param from    the departed owner's id, as the rule set names them
 * @param leads   the source records of the leads to move
 */
public record Reassignment(String ruleSet, String from, Set<SourceRef> leads) {

    public Reassignment {
        leads = Set.copyOf(leads);
    }

    /** The leads as a retry-style read wants them, in a stable order. */
    List<RetrySource.Wanted> wanted() {
        return leads.stream().sorted(java.util.Comparator.comparing(SourceRef::sourceId))
                .map(ref -> new RetrySource.Wanted(ref, "lead " + ref.sourceId() + " of " + from + " (assign reassign)")).toList();
    }
}
