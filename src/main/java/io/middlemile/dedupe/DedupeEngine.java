package io.middlemile.dedupe;

import io.middlemile.model.CanonicalRecord;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.stream.IntStream;

/**
 * Entry point of a batch dedupe run: normalize → block → compare → estimate weights (EM) → score → cluster →
 * survivorship → merge plan. Plain Java, no I/O: callers hand in records and write the result where they like
 * ({@link MergePlanCsv} for the export). Uses the common fork-join pool for parallel phases.
 *
 * <pre>{@code
 * DedupeResult result = new DedupeEngine(DedupeRules.from(config)).run(records.iterator());
 * MergePlanCsv.write(result, Path.of("plan.csv"));
 * result.incremental().match(newRecord);   // later, one record at a time
 * }</pre>
 */
public final class DedupeEngine {

    private static final int EM_MAX_ITERATIONS = 200;
    private static final double EM_TOLERANCE = 1e-5;
    private static final long SEED = 20240611L;
    /** Below this many records there is too little data to estimate from; the configured weights are used. */
    static final int MIN_RECORDS_TO_ESTIMATE = 500;
    private static final int U_SAMPLES_MAX = 250_000;

    private final DedupeRules rules;

    public DedupeEngine(DedupeRules rules) {
        this.rules = rules;
    }

    public DedupeRules rules() {
        return rules;
    }

    /** Normalizes and stores {@code records}, then runs. */
    public DedupeResult run(Iterator<CanonicalRecord> records) {
        return run(records, null);
    }

    /** As {@link #run(Iterator)}, handing each record with its standardized values to {@code standardized} (may be null). */
    public DedupeResult run(Iterator<CanonicalRecord> records, MatchRecords.StandardizedSink standardized) {
        return run(records, record -> record, standardized);
    }

    /**
     * As {@link #run(Iterator, MatchRecords.StandardizedSink)} over items each made a record by {@code toRecord} (null:
     * left out) on the thread that normalizes it ({@link MatchRecords#addAll(Iterator, MatchRecords.ToRecord)}).
     */
    public <T> DedupeResult run(Iterator<T> items, MatchRecords.ToRecord<T> toRecord,
                                MatchRecords.StandardizedSink standardized) {
        long start = System.nanoTime();
        MatchRecords store = MatchRecords.forRules(rules, 1024);
        store.onStandardized(standardized);
        store.addAll(items, toRecord);
        store.onStandardized(null);
        return run(store, ms(System.nanoTime() - start));
    }

    /** Runs on an already filled record store (the store becomes part of the result's incremental index). */
    public DedupeResult run(MatchRecords records) {
        return run(records, 0);
    }

    private DedupeResult run(MatchRecords records, long loadMillis) {
        long t0 = System.nanoTime();
        BlockIndex index = new BlockIndex(records, rules.blocking(), rules.maxBlockSize());
        long t1 = System.nanoTime();
        MatchModel model = new MatchModel(rules, records);
        int emIterations = 0;
        boolean estimate = rules.estimateWeights() && records.size() >= MIN_RECORDS_TO_ESTIMATE;
        if (estimate) {
            // random pairs for u: a quarter of a million hold every level often enough. A random pair is the costliest
            // comparison there is (every field differs and is compared to the end, in records far apart in memory): at a
            // million contacts half a million pairs took 4 s of CPU, and against a quarter of a million they moved
            // precision by 0.0002 and F1 by 0.0001 (DedupeCliBenchmark, seeds 42 and 7; a million pairs, no better)
            int samples = (int) Math.min(U_SAMPLES_MAX, Math.max(200_000, 2L * records.size()));
            double[][] u = WeightEstimator.estimateU(model, records, rules.mode(), samples, SEED);
            model.setParameters(model.m(), u, model.prior());
        }
        BlockedPairs pairs = BlockedPairs.generate(index, model, records, rules.mode());
        if (estimate) {
            WeightEstimator.EmResult em = WeightEstimator.estimate(pairs, index, model, rules.blocking(),
                    possiblePairs(records), EM_MAX_ITERATIONS, EM_TOLERANCE);
            model.setParameters(em.m(), model.u(), em.prior());
            emIterations = em.iterations();
            // u of exact agreement on near-unique blocking fields from all pairs, then m and the prior again with it
            double[][] u = WeightEstimator.exactAgreementU(pairs, index, model, rules.blocking(), possiblePairs(records));
            if (u != null) {
                model.setParameters(model.m(), u, model.prior());
                em = WeightEstimator.estimate(pairs, index, model, rules.blocking(), possiblePairs(records),
                        EM_MAX_ITERATIONS, EM_TOLERANCE);
                model.setParameters(em.m(), model.u(), em.prior());
                emIterations += em.iterations();
            }
        }
        Edges edges = score(pairs, model);
        long t2 = System.nanoTime();
        double autoWeight = MatchModel.weightFor(rules.autoMerge());
        Clusterer.Result clusters = new Clusterer(model, records, rules).cluster(edges.a, edges.b, edges.w, edges.n,
                autoWeight);
        long t3 = System.nanoTime();
        Planned planned = plan(records, model, clusters, edges, autoWeight);
        long t4 = System.nanoTime();
        long autoPairs = 0;
        for (int e = 0; e < edges.n; e++) {
            if (edges.w[e] >= autoWeight) {
                autoPairs++;
            }
        }
        DedupeStats stats = new DedupeStats(records.size(), pairs.size, pairs.skippedPairs, pairs.oversizedBlocks,
                pairs.largestBlock, autoPairs, planned.reviews.size(), clusters.refusedCount(), clusters.clusters(),
                planned.merges.size(), emIterations, model.prior(), loadMillis, ms(t1 - t0), ms(t2 - t1), ms(t3 - t2), ms(t4 - t3));
        MergePlan plan = new MergePlan(planned.merges, planned.reviews, stats);
        return new DedupeResult(rules, records, model, index, clusters.clusterOf(), clusters.clusters(),
                planned.masterOf, planned.score, plan);
    }

    /** Number of pairs the run could compare: all pairs, or only pairs across sources in LINK mode. */
    private double possiblePairs(MatchRecords records) {
        double n = records.size();
        if (rules.mode() == DedupeRules.Mode.DEDUPE) {
            return n * (n - 1) / 2;
        }
        java.util.Map<Integer, Integer> perSource = new java.util.HashMap<>();
        for (int row = 0; row < records.size(); row++) {
            perSource.merge(records.sourceIndex(row), 1, Integer::sum);
        }
        double same = 0;
        for (int c : perSource.values()) {
            same += (double) c * (c - 1) / 2;
        }
        return n * (n - 1) / 2 - same;
    }

    private static long ms(long nanos) {
        return nanos / 1_000_000;
    }

    /** Pairs at or above the review band, with their weights. */
    record Edges(int[] a, int[] b, double[] w, int n) {
    }

    private Edges score(BlockedPairs pairs, MatchModel model) {
        double reviewWeight = MatchModel.weightFor(rules.review());
        // a pair with conflicting identifiers stays an edge (it goes to review) but never an auto-merge edge
        double belowAuto = Math.nextDown(MatchModel.weightFor(rules.autoMerge()));
        double[] w = new double[pairs.size];
        IntStream.range(0, pairs.size).parallel().forEach(i -> {
            long pattern = pairs.pattern[i];
            double x = model.weight(pattern, pairs.a[i], pairs.b[i]);
            w[i] = x > belowAuto && model.hasNegative(pattern) ? belowAuto : x;
        });
        int n = 0;
        for (double x : w) {
            if (x >= reviewWeight) {
                n++;
            }
        }
        int[] a = new int[n];
        int[] b = new int[n];
        double[] ew = new double[n];
        int k = 0;
        for (int i = 0; i < pairs.size; i++) {
            if (w[i] >= reviewWeight) {
                a[k] = pairs.a[i];
                b[k] = pairs.b[i];
                ew[k] = w[i];
                k++;
            }
        }
        return new Edges(a, b, ew, n);
    }

    private record Planned(List<ClusterPlan> merges, List<PairDecision> reviews, int[] masterOf, double[] score) {
    }

    private Planned plan(MatchRecords records, MatchModel model, Clusterer.Result clusters, Edges edges,
                         double autoWeight) {
        int n = records.size();
        int[] clusterOf = clusters.clusterOf();
        int k = clusters.clusters();
        // counting sort of rows by cluster
        int[] start = new int[k + 1];
        for (int row = 0; row < n; row++) {
            start[clusterOf[row] + 1]++;
        }
        for (int c = 0; c < k; c++) {
            start[c + 1] += start[c];
        }
        int[] rows = new int[n];
        int[] fill = Arrays.copyOf(start, k);
        for (int row = 0; row < n; row++) {
            rows[fill[clusterOf[row]]++] = row;
        }
        int[] masterOf = new int[k];
        double[] score = new double[n];
        Arrays.fill(score, 1.0);
        Survivorship survivorship = new Survivorship(records, rules.survivorship());
        ClusterPlan[] plans = new ClusterPlan[k];
        IntStream.range(0, k).parallel().forEach(c -> {
            int size = start[c + 1] - start[c];
            if (size == 1) {
                masterOf[c] = rows[start[c]];
                return;
            }
            List<Integer> members = new ArrayList<>(size);
            for (int q = start[c]; q < start[c + 1]; q++) {
                members.add(rows[q]);
            }
            List<Integer> ranked = survivorship.rank(members);
            int master = ranked.get(0);
            masterOf[c] = master;
            List<PairDecision> duplicates = new ArrayList<>(size - 1);
            for (int d = 1; d < ranked.size(); d++) {
                int dup = ranked.get(d);
                PairDecision decision = decide(records, model, master, dup);
                score[dup] = decision.probability();
                duplicates.add(decision);
            }
            plans[c] = new ClusterPlan(Integer.toString(c + 1), records.source(master), duplicates,
                    survivorship.fields(ranked));
        });
        List<ClusterPlan> merges = new ArrayList<>();
        for (ClusterPlan p : plans) {
            if (p != null) {
                merges.add(p);
            }
        }
        List<PairDecision> reviews = new ArrayList<>();
        for (int e = 0; e < edges.n(); e++) {
            boolean apart = clusterOf[edges.a()[e]] != clusterOf[edges.b()[e]];
            if (apart && (edges.w()[e] < autoWeight || clusters.refused()[e])) {
                PairDecision d = decide(records, model, edges.a()[e], edges.b()[e]);
                reviews.add(d.decision() == MatchDecision.REVIEW ? d : d.withDecision(MatchDecision.REVIEW));
            }
        }
        reviews.sort(Comparator.comparingDouble(PairDecision::probability).reversed());
        return new Planned(merges, reviews, masterOf, score);
    }

    PairDecision decide(MatchRecords records, MatchModel model, int a, int b) {
        return decide(rules, records, model, a, b);
    }

    static PairDecision decide(DedupeRules rules, MatchRecords records, MatchModel model, int a, int b) {
        double w = model.weight(a, b);
        double p = MatchModel.probability(w);
        List<String> conflicts = model.conflicts(a, b);
        MatchDecision decision = MatchDecision.of(p, rules.autoMerge(), rules.review());
        if (decision == MatchDecision.AUTO_MERGE && !conflicts.isEmpty()) {
            decision = MatchDecision.REVIEW; // conflicting identifiers: a person decides, however strong the rest
        }
        return new PairDecision(records.source(a), records.source(b), p, Math.round(w * 100) / 100.0, decision,
                model.explain(a, b), conflicts);
    }
}
