package io.middlemile.dedupe;

import java.util.List;

/**
 * The outcome of a dedupe run for people and for the governed write path: merges to carry out, pairs a person
 * should look at, and the run's figures. Singletons are not listed (they appear in the CSV export).
 *
 * @param merges  one plan per cluster of two or more records
 * @param reviews pairs in the review band (and auto-merge pairs the clustering refused to chain), best first
 * @param stats   figures of the run
 */
public record MergePlan(List<ClusterPlan> merges, List<PairDecision> reviews, DedupeStats stats) {

    public MergePlan {
        merges = List.copyOf(merges);
        reviews = List.copyOf(reviews);
    }
}
