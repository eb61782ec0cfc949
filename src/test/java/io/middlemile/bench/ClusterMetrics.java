package io.middlemile.bench;

import io.middlemile.dedupe.DedupeResult;

import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Pairwise precision/recall/F1 (over all record pairs) and B-cubed F1 of a clustering against known entities,
 * plus blocking pair recall.
 *
 * @param truePairs      pairs of records of one entity
 * @param predictedPairs pairs of records in one cluster
 * @param correctPairs   pairs in both
 * @param blockedTrue    true pairs the blocking compared
 */
public record ClusterMetrics(long truePairs, long predictedPairs, long correctPairs, double bcubedPrecision,
                             double bcubedRecall, long blockedTrue) {

    public double precision() {
        return predictedPairs == 0 ? 1 : (double) correctPairs / predictedPairs;
    }

    public double recall() {
        return truePairs == 0 ? 1 : (double) correctPairs / truePairs;
    }

    public double f1() {
        double p = precision();
        double r = recall();
        return p + r == 0 ? 0 : 2 * p * r / (p + r);
    }

    public double bcubedF1() {
        double p = bcubedPrecision;
        double r = bcubedRecall;
        return p + r == 0 ? 0 : 2 * p * r / (p + r);
    }

    public double blockingRecall() {
        return truePairs == 0 ? 1 : (double) blockedTrue / truePairs;
    }

    /** Metrics of {@code result}'s clusters against {@code truth} (entity id per row). */
    public static ClusterMetrics of(DedupeResult result, List<String> truth, boolean withBlockingRecall) {
        int n = truth.size();
        Map<String, Integer> entitySize = new HashMap<>();
        Map<String, Integer> clusterSize = new HashMap<>();
        Map<String, Integer> both = new HashMap<>();
        Map<String, int[]> membersOfEntity = new HashMap<>();
        for (int row = 0; row < n; row++) {
            entitySize.merge(truth.get(row), 1, Integer::sum);
            clusterSize.merge(result.clusterId(row), 1, Integer::sum);
            both.merge(result.clusterId(row) + "\u0000" + truth.get(row), 1, Integer::sum);
        }
        long truePairs = entitySize.values().stream().mapToLong(s -> (long) s * (s - 1) / 2).sum();
        long predicted = clusterSize.values().stream().mapToLong(s -> (long) s * (s - 1) / 2).sum();
        long correct = both.values().stream().mapToLong(s -> (long) s * (s - 1) / 2).sum();
        double bp = 0;
        double br = 0;
        for (int row = 0; row < n; row++) {
            int overlap = both.get(result.clusterId(row) + "\u0000" + truth.get(row));
            bp += (double) overlap / clusterSize.get(result.clusterId(row));
            br += (double) overlap / entitySize.get(truth.get(row));
        }
        long blocked = 0;
        if (withBlockingRecall) {
            Map<String, List<Integer>> rows = new HashMap<>();
            for (int row = 0; row < n; row++) {
                rows.computeIfAbsent(truth.get(row), k -> new java.util.ArrayList<>()).add(row);
            }
            for (List<Integer> members : rows.values()) {
                for (int i = 0; i < members.size(); i++) {
                    for (int j = i + 1; j < members.size(); j++) {
                        if (result.blocked(members.get(i), members.get(j))) {
                            blocked++;
                        }
                    }
                }
            }
        }
        return new ClusterMetrics(truePairs, predicted, correct, bp / n, br / n, blocked);
    }

    public String summary() {
        return String.format(Locale.ROOT,
                "pairwise precision %.4f recall %.4f F1 %.4f | B-cubed P %.4f R %.4f F1 %.4f | blocking pair recall %.4f"
                        + " (%,d of %,d true pairs)",
                precision(), recall(), f1(), bcubedPrecision, bcubedRecall, bcubedF1(), blockingRecall(), blockedTrue,
                truePairs);
    }
}
