package io.middlemile.dedupe;

import io.middlemile.model.SourceRef;

/**
 * Everything a batch run produced: the merge plan, each record's cluster, role and score, the learned model and
 * the index that {@link #incremental()} keeps matching against.
 */
public final class DedupeResult {

    private final DedupeRules rules;
    private final MatchRecords records;
    private final MatchModel model;
    private final BlockIndex index;
    private final int[] clusterOf;
    private final int clusters;
    private final int[] masterOf;
    private final double[] score;
    private final MergePlan plan;
    private IncrementalMatcher incremental;

    DedupeResult(DedupeRules rules, MatchRecords records, MatchModel model, BlockIndex index, int[] clusterOf,
                 int clusters, int[] masterOf, double[] score, MergePlan plan) {
        this.rules = rules;
        this.records = records;
        this.model = model;
        this.index = index;
        this.clusterOf = clusterOf;
        this.clusters = clusters;
        this.masterOf = masterOf;
        this.score = score;
        this.plan = plan;
    }

    public MergePlan plan() {
        return plan;
    }

    /** The rules the run ran with (thresholds, blocking, comparisons). */
    public DedupeRules rules() {
        return rules;
    }

    public DedupeStats stats() {
        return plan.stats();
    }

    public MatchRecords records() {
        return records;
    }

    public MatchModel model() {
        return model;
    }

    /** Number of records of the batch run (incremental additions not included). */
    public int size() {
        return clusterOf.length;
    }

    public int clusters() {
        return clusters;
    }

    /** Cluster id (1-based, as in the export) of a batch row. */
    public String clusterId(int row) {
        return Integer.toString(clusterOf[row] + 1);
    }

    int cluster(int row) {
        return clusterOf[row];
    }

    public boolean isMaster(int row) {
        return masterOf[clusterOf[row]] == row;
    }

    /** Match probability of a row against its cluster's master (1 for masters and singletons). */
    public double score(int row) {
        return score[row];
    }

    int masterRow(int cluster) {
        return masterOf[cluster];
    }

    public SourceRef source(int row) {
        return records.source(row);
    }

    /** True when the blocking compared (or would compare) rows a and b: for blocking-recall reports. */
    public boolean blocked(int a, int b) {
        return index.covers(a, b);
    }

    /** Scores and explains any two batch rows, blocked together or not. */
    public PairDecision explain(int a, int b) {
        return DedupeEngine.decide(rules, records, model, a, b);
    }

    /** The run's learned weights, to save with the match index ({@link IncrementalMatcher#restore}). */
    public ModelParameters parameters() {
        return new ModelParameters(model.m(), model.u(), model.prior());
    }

    /**
     * The full evidence on any two batch rows: the decision with each comparison's level and weight, the values
     * compared, each blocking rule's keys for both and whether it brings them together.
     */
    public PairEvidence evidence(int a, int b) {
        java.util.List<PairEvidence.Values> values = new java.util.ArrayList<>();
        for (DedupeRules.ComparisonRule c : rules.comparisons()) {
            values.add(new PairEvidence.Values(c.label(), records.value(c.field(), a), records.value(c.field(), b)));
        }
        java.util.List<PairEvidence.Blocking> blocking = new java.util.ArrayList<>();
        for (int r = 0; r < rules.blocking().size(); r++) {
            blocking.add(new PairEvidence.Blocking(String.join("+", rules.blocking().get(r)), index.describeKeys(r, a),
                    index.describeKeys(r, b), index.shares(a, b, r), index.sharesOversized(a, b, r)));
        }
        boolean linkSameSource = rules.mode() == DedupeRules.Mode.LINK && records.sourceIndex(a) == records.sourceIndex(b);
        return new PairEvidence(explain(a, b), values, blocking, linkSameSource, clusterId(a), clusterId(b));
    }

    /** The incremental matcher over this run's index (created once; further records are appended to this result). */
    public synchronized IncrementalMatcher incremental() {
        if (incremental == null) {
            incremental = new IncrementalMatcher(rules, records, model, index);
        }
        return incremental;
    }
}
