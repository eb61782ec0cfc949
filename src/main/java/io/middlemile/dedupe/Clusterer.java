package io.middlemile.dedupe;

import java.util.Arrays;

/**
 * Groups records into entities without letting one bridge record chain unrelated records together.
 *
 * <p>Plain connected components over match edges are what Splink and Zingg do, and they fail exactly where CRM data
 * hurts: a sparse record ("J. Smith, Acme") matches both John Smith and Jane Smith at Acme and glues them into one
 * cluster. Here auto-merge edges are taken strongest first (greedy agglomeration, like single linkage), but two
 * clusters are only joined when the join is supported by the records on both sides, an average-linkage style check:
 * at least half of the cross pairs must reach the review band, and no cross pair may be a clear non-match
 * (probability below {@link #VETO}) or have conflicting identifiers (two different work mailboxes, direct lines or
 * LinkedIn profiles: such a pair is never merged without a person, so no chain of other pairs may merge it either). Cross pairs are scored on demand, so pairs that were never blocked together
 * still count. In LINK mode a cluster also never holds two records of one source. An edge refused by these checks
 * is counted and sent to review.
 *
 * <p>Cost: cross pairs are at most {@link #MAX_CROSS_PAIRS} per join (sampled beyond), so giant clusters stay cheap.
 */
final class Clusterer {

    /** A cross pair this unlikely (clear contrary evidence) vetoes a join. */
    static final double VETO = 0.01;
    /** Fraction of cross pairs that must reach the review band. */
    static final double SUPPORT = 0.5;
    static final int MAX_CROSS_PAIRS = 400;

    /** Cluster of every row (dense ids in order of each cluster's first row) and edges refused. */
    record Result(int[] clusterOf, int clusters, boolean[] refused, long refusedCount) {
    }

    private final MatchModel model;
    private final MatchRecords records;
    private final boolean link;
    private final double reviewWeight;
    private final double vetoWeight;

    Clusterer(MatchModel model, MatchRecords records, DedupeRules rules) {
        this.model = model;
        this.records = records;
        this.link = rules.mode() == DedupeRules.Mode.LINK;
        this.reviewWeight = MatchModel.weightFor(rules.review());
        this.vetoWeight = MatchModel.weightFor(VETO);
    }

    /**
     * @param a        edge endpoints
     * @param b        edge endpoints
     * @param weight   edge match weights
     * @param edges    number of edges
     * @param autoMergeWeight edges at or above this weight may join clusters
     */
    Result cluster(int[] a, int[] b, double[] weight, int edges, double autoMergeWeight) {
        int n = records.size();
        int[] parent = new int[n];
        for (int i = 0; i < n; i++) {
            parent[i] = i;
        }
        IntList[] members = new IntList[n];
        // strongest first: sort edge indices by weight descending
        long[] order = new long[edges];
        int count = 0;
        for (int e = 0; e < edges; e++) {
            if (weight[e] >= autoMergeWeight) {
                order[count++] = e;
            }
        }
        // key = (descending weight in micro-bits) << 24 | edge, so one primitive sort orders edges
        for (int k = 0; k < count; k++) {
            int e = (int) order[k];
            long key = (long) ((1000.0 - weight[e]) * 1_000_000);
            order[k] = (Math.max(0, key) << 24) | e;
        }
        if (edges >= (1 << 24)) {
            throw new IllegalStateException("too many match edges for one run: " + edges);
        }
        Arrays.sort(order, 0, count);
        boolean[] refused = new boolean[edges];
        long refusedCount = 0;
        for (int k = 0; k < count; k++) {
            int e = (int) (order[k] & 0xFFFFFF);
            int ra = find(parent, a[e]);
            int rb = find(parent, b[e]);
            if (ra == rb) {
                continue;
            }
            IntList ma = members[ra];
            IntList mb = members[rb];
            if ((ma != null || mb != null || link) && !compatible(ra, ma, rb, mb)) {
                refused[e] = true;
                refusedCount++;
                continue;
            }
            // union by size; the root keeps the member list
            int sa = ma == null ? 1 : ma.size();
            int sb = mb == null ? 1 : mb.size();
            int root = sa >= sb ? ra : rb;
            int other = root == ra ? rb : ra;
            IntList keep = members[root];
            if (keep == null) {
                keep = new IntList(4);
                keep.add(root);
                members[root] = keep;
            }
            IntList move = members[other];
            if (move == null) {
                keep.add(other);
            } else {
                keep.addAll(move);
                members[other] = null;
            }
            parent[other] = root;
        }
        int[] clusterOf = new int[n];
        int[] idOfRoot = new int[n];
        Arrays.fill(idOfRoot, -1);
        int clusters = 0;
        for (int i = 0; i < n; i++) {
            int r = find(parent, i);
            if (idOfRoot[r] < 0) {
                idOfRoot[r] = clusters++;
            }
            clusterOf[i] = idOfRoot[r];
        }
        return new Result(clusterOf, clusters, refused, refusedCount);
    }

    private boolean compatible(int ra, IntList ma, int rb, IntList mb) {
        int sa = ma == null ? 1 : ma.size();
        int sb = mb == null ? 1 : mb.size();
        long cross = (long) sa * sb;
        long step = Math.max(1, cross / MAX_CROSS_PAIRS);
        int checked = 0;
        int supported = 0;
        for (long k = 0; k < cross; k += step) {
            int x = ma == null ? ra : ma.get((int) (k / sb));
            int y = mb == null ? rb : mb.get((int) (k % sb));
            if (link && records.sourceIndex(x) == records.sourceIndex(y)) {
                return false;
            }
            long pattern = model.pattern(x, y);
            double w = model.weight(pattern, x, y);
            if (w < vetoWeight || model.hasNegative(pattern)) {
                return false;
            }
            checked++;
            if (w >= reviewWeight) {
                supported++;
            }
        }
        if (link && step > 1) {
            // sampled: make sure no source is shared among the rest
            for (int i = 0; i < sa; i++) {
                int x = ma == null ? ra : ma.get(i);
                for (int j = 0; j < sb; j++) {
                    if (records.sourceIndex(x) == records.sourceIndex(mb == null ? rb : mb.get(j))) {
                        return false;
                    }
                }
            }
        }
        return supported >= SUPPORT * checked;
    }

    private static int find(int[] parent, int i) {
        while (parent[i] != i) {
            parent[i] = parent[parent[i]];
            i = parent[i];
        }
        return i;
    }
}
