package io.middlemile.dedupe;

import java.util.SplittableRandom;
import java.util.stream.IntStream;

/**
 * Learns the model from the data itself, the way Splink does: u from random record pairs (almost all of which are
 * non-matches), then m and the prior by expectation–maximisation over the comparison patterns of the blocked pairs
 * with u held fixed. EM runs on distinct patterns with their counts, so its cost does not grow with the data.
 */
final class WeightEstimator {

    private WeightEstimator() {
    }

    /** Result of EM: m per comparison and level, prior match probability of a blocked pair, iterations used. */
    record EmResult(double[][] m, double prior, int iterations, boolean converged) {
    }

    /**
     * u per comparison and level from {@code samples} random pairs (pairs across sources only in LINK mode).
     * Levels flagged negative keep their configured u: a random pair almost never shares a company domain, so its
     * u would turn "two different mailboxes at one company" into evidence <em>for</em> a match.
     */
    static double[][] estimateU(MatchModel model, MatchRecords records, DedupeRules.Mode mode, int samples, long seed) {
        int n = records.size();
        int comparisons = model.comparisons();
        double[][] u = new double[comparisons][];
        for (int i = 0; i < comparisons; i++) {
            u[i] = model.u()[i].clone();
        }
        if (n < 2) {
            return u;
        }
        int tasks = 16;
        long[][][] counts = new long[tasks][comparisons][16];
        IntStream.range(0, tasks).parallel().forEach(t -> {
            SplittableRandom random = new SplittableRandom(seed * 31 + t);
            long[][] c = counts[t];
            int quota = samples / tasks;
            int attempts = 0;
            for (int s = 0; s < quota && attempts < quota * 20; attempts++) {
                int a = random.nextInt(n);
                int b = random.nextInt(n);
                if (a == b || records.removed(a) || records.removed(b)
                        || (mode == DedupeRules.Mode.LINK && records.sourceIndex(a) == records.sourceIndex(b))) {
                    continue;
                }
                long p = model.pattern(a, b);
                for (int i = 0; i < comparisons; i++) {
                    c[i][MatchModel.level(p, i)]++;
                }
                s++;
            }
        });
        for (int i = 0; i < comparisons; i++) {
            int levels = model.comparator(i).levels().size();
            long present = 0;
            long[] sum = new long[levels];
            for (long[][] c : counts) {
                for (int l = 1; l < levels; l++) {
                    sum[l] += c[i][l];
                    present += c[i][l];
                }
            }
            if (present < 100) {
                continue; // too few pairs with this field present: keep the configured values
            }
            for (int l = 1; l < levels; l++) {
                if (!model.comparator(i).levels().get(l).negative()) {
                    // half a count of smoothing keeps never-seen levels finite without inventing evidence
                    u[i][l] = (sum[l] + 0.5) / (present + 0.5 * levels);
                }
            }
        }
        return u;
    }

    /**
     * EM for m and the prior with u fixed. {@code patterns}/{@code counts} are the distinct comparison patterns of
     * the blocked pairs and how often each occurs.
     */
    static EmResult expectationMaximisation(long[] patterns, long[] counts, int[] levelsPerComparison,
                                            double[][] m0, double[][] u, double prior0, int maxIterations,
                                            double tolerance) {
        int k = levelsPerComparison.length;
        double[][] m = new double[k][];
        double[][] logM = new double[k][];
        double[][] logU = new double[k][];
        for (int i = 0; i < k; i++) {
            m[i] = m0[i].clone();
            logM[i] = new double[m[i].length];
            logU[i] = new double[m[i].length];
            for (int l = 1; l < m[i].length; l++) {
                logU[i][l] = Math.log(Math.max(1e-9, u[i][l]));
            }
        }
        double prior = prior0;
        long total = 0;
        for (long c : counts) {
            total += c;
        }
        if (total == 0) {
            return new EmResult(m, prior, 0, true);
        }
        int iteration = 0;
        boolean converged = false;
        while (iteration < maxIterations && !converged) {
            iteration++;
            for (int i = 0; i < k; i++) {
                for (int l = 1; l < m[i].length; l++) {
                    logM[i][l] = Math.log(Math.max(1e-9, m[i][l]));
                }
            }
            double[][] mSum = new double[k][];
            for (int i = 0; i < k; i++) {
                mSum[i] = new double[m[i].length];
            }
            double matches = 0;
            double logPriorOdds = Math.log(prior / (1 - prior));
            for (int p = 0; p < patterns.length; p++) {
                double logOdds = logPriorOdds;
                for (int i = 0; i < k; i++) {
                    int level = MatchModel.level(patterns[p], i);
                    if (level != 0) {
                        logOdds += logM[i][level] - logU[i][level];
                    }
                }
                double pm = logOdds > 40 ? 1 : logOdds < -40 ? 0 : 1 / (1 + Math.exp(-logOdds));
                double w = pm * counts[p];
                matches += w;
                for (int i = 0; i < k; i++) {
                    mSum[i][MatchModel.level(patterns[p], i)] += w;
                }
            }
            double change = 0;
            for (int i = 0; i < k; i++) {
                double present = 0;
                for (int l = 1; l < mSum[i].length; l++) {
                    present += mSum[i][l];
                }
                if (present <= 0) {
                    continue;
                }
                for (int l = 1; l < mSum[i].length; l++) {
                    double next = mSum[i][l] / present;
                    change = Math.max(change, Math.abs(next - m[i][l]));
                    m[i][l] = next;
                }
            }
            double nextPrior = Math.min(0.999, Math.max(1e-9, matches / total));
            change = Math.max(change, Math.abs(nextPrior - prior) / Math.max(prior, 1e-9) * 1e-3);
            prior = nextPrior;
            converged = change < tolerance;
        }
        return new EmResult(m, prior, iteration, converged);
    }
}
