package io.middlemile.dedupe;

import java.util.List;

/**
 * Everything a run can say about two of its records, for {@code middlemile dedupe explain}: the scored decision
 * (each comparison's level and weight, the conflicts, probability and band), the values compared, and whether
 * the blocking brought the two together at all. A pair no blocking rule joins is never compared in a run, so it
 * can be scored here and still be left apart by the run.
 *
 * @param decision      the pair scored with the run's learned weights, exactly as the run scores a compared pair
 * @param values        the normalized values each comparison compared, in comparison order
 * @param blocking      one entry per blocking rule, in the rule file's order
 * @param linkSameSource true in link mode for two records of one source, which a link run never compares
 * @param leftCluster   cluster id of the left record in the run's export
 * @param rightCluster  cluster id of the right record
 */
public record PairEvidence(PairDecision decision, List<Values> values, List<Blocking> blocking,
                           boolean linkSameSource, String leftCluster, String rightCluster) {

    public PairEvidence {
        values = List.copyOf(values);
        blocking = List.copyOf(blocking);
    }

    /** The two normalized values one comparison looked at; null when a record has none. */
    public record Values(String comparison, String left, String right) {
    }

    /**
     * One blocking rule and the two records' keys under it.
     *
     * @param rule      the rule's fields joined by "+" ("lastName+companyName")
     * @param leftKeys  what the left record blocks on, one entry per field ("lastName=MKTNLT", "phone missing")
     * @param together  the rule puts both in one block that is compared
     * @param oversized the rule puts both in a block too large to compare in full: only near neighbours are compared
     */
    public record Blocking(String rule, List<String> leftKeys, List<String> rightKeys, boolean together,
                           boolean oversized) {

        public Blocking {
            leftKeys = List.copyOf(leftKeys);
            rightKeys = List.copyOf(rightKeys);
        }
    }

    /** True when a batch run compares this pair: some rule blocks them together (and link mode allows it). */
    public boolean compared() {
        return !linkSameSource && blocking.stream().anyMatch(Blocking::together);
    }

    /** The rules that bring the pair together, in order; empty when none does. */
    public List<String> blockedBy() {
        return blocking.stream().filter(Blocking::together).map(Blocking::rule).toList();
    }
}
