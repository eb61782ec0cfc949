package io.middlemile.dedupe;

import java.util.Locale;

/**
 * Figures of one run, for logs and benchmarks.
 *
 * @param records             records matched
 * @param pairsCompared       blocked pairs scored
 * @param skippedPairs        pairs in blocks over maxBlockSize, not compared (may overlap other rules' pairs)
 * @param oversizedBlocks     blocks skipped for size
 * @param largestBlock        largest block that was compared
 * @param autoMergePairs      pairs at or above autoMerge
 * @param reviewPairs         pairs in the review band, or auto-merge pairs refused by clustering
 * @param refusedLinks        auto-merge pairs the clustering refused to follow (they would have chained clusters)
 * @param clusters            clusters including singletons
 * @param mergedClusters      clusters of two or more records
 * @param emIterations        EM iterations (0 when weights come from the file)
 * @param prior               prior match probability of a blocked pair
 * @param loadMillis          time to read and normalize the records (0 when the caller filled the store)
 * @param blockMillis         time to build blocks
 * @param scoreMillis         time to compare and score pairs, including estimation
 * @param clusterMillis       time to cluster
 * @param planMillis          time to pick masters and field values
 */
public record DedupeStats(int records, long pairsCompared, long skippedPairs, int oversizedBlocks, int largestBlock,
                          long autoMergePairs, long reviewPairs, long refusedLinks, int clusters, int mergedClusters,
                          int emIterations, double prior, long loadMillis, long blockMillis, long scoreMillis, long clusterMillis,
                          long planMillis) {

    /** Blocked pairs scored per record. */
    public double comparisonsPerRecord() {
        return records == 0 ? 0 : (double) pairsCompared / records;
    }

    public String summary() {
        return String.format(Locale.ROOT,
                "%,d records, %,d pairs compared (%.2f per record), %,d pairs skipped in %,d oversized blocks "
                        + "(largest compared block %,d), %,d auto-merge pairs, %,d for review, %,d links refused, "
                        + "%,d clusters (%,d merged), EM %d iterations, prior %.3g; load %,d ms, block %,d ms, score %,d ms, "
                        + "cluster %,d ms, plan %,d ms",
                records, pairsCompared, comparisonsPerRecord(), skippedPairs, oversizedBlocks, largestBlock,
                autoMergePairs, reviewPairs, refusedLinks, clusters, mergedClusters, emIterations, prior, loadMillis, blockMillis,
                scoreMillis, clusterMillis, planMillis);
    }
}
