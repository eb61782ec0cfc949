package io.middlemile.dedupe;

import io.middlemile.model.SourceRef;

import java.util.List;
import java.util.Locale;

/**
 * A scored pair and why it scored so.
 *
 * @param left        one record
 * @param right       the other record (in a cluster plan: the duplicate; {@code left} is the master)
 * @param probability match probability in [0, 1]
 * @param weight      match weight in bits: the prior plus the sum of the explanation's weights
 * @param decision    band the probability falls in
 * @param explanation the prior and one entry per comparison: level reached and weight
 * @param conflicts   identifiers that cannot belong to one person, in words ("two different mailboxes at
 *                    acme.com: julie.bennett@ and julie_bennett@"); a pair with conflicts is never auto-merged
 */
public record PairDecision(SourceRef left, SourceRef right, double probability, double weight, MatchDecision decision,
                           List<Contribution> explanation, List<String> conflicts) {

    public PairDecision {
        explanation = List.copyOf(explanation);
        conflicts = conflicts == null ? List.of() : List.copyOf(conflicts);
    }

    public PairDecision(SourceRef left, SourceRef right, double probability, double weight, MatchDecision decision,
                        List<Contribution> explanation) {
        this(left, right, probability, weight, decision, explanation, List.of());
    }

    /** This decision with another band (a refused join goes to review); everything else kept. */
    PairDecision withDecision(MatchDecision newDecision) {
        return new PairDecision(left, right, probability, weight, newDecision, explanation, conflicts);
    }

    /** One line for logs and review queues: "p=0.991 AUTO_MERGE: email exact +19.7, firstName nickname +4.1, ...". */
    public String summary() {
        StringBuilder b = new StringBuilder(String.format(Locale.ROOT, "%s ~ %s p=%.4f %s:", left, right, probability,
                decision));
        for (Contribution c : explanation) {
            if (!"missing".equals(c.level())) {
                b.append(String.format(Locale.ROOT, " %s %s %+.1f,", c.comparison(), c.level(), c.weight()));
            }
        }
        b.setLength(b.length() - 1);
        if (!conflicts.isEmpty()) {
            b.append(decision == MatchDecision.NO_MATCH ? " | conflicting: " : " | held for review, conflicting: ")
                    .append(String.join("; ", conflicts));
        }
        return b.toString();
    }
}
