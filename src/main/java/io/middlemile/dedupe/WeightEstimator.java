package io.middlemile.dedupe;

import java.util.SplittableRandom;
import java.util.stream.IntStream;

/**
 * Learns the model from the data itself, the way Splink does: u from random record pairs (almost all of which are
 * non-matches), then m by expectation–maximisation with u held fixed, once per blocking rule over the pairs that
 * rule produced and with the rule's own fields left out (pairs blocked on a shared last name all agree on it,
 * so that agreement says nothing about m and would otherwise pull every blocked pair into the match class), m
 * averaged over the rules weighted by their expected matches; finally the prior of a blocked pair by EM over all
 * pairs with m and u fixed. EM runs on distinct patterns with their counts, so its cost does not grow with the data.
 */
final class WeightEstimator {

    private WeightEstimator() {
    }

    private static double sumNegative(double[] mSum, boolean[] negative) {
        double s = 0;
        for (int l = 1; l < mSum.length; l++) {
            if (negative[l]) {
                s += mSum[l];
            }
        }
        return s;
    }

    /**
     * The whole estimation on blocked pairs: per-rule EM sessions for m, then the prior. Returns m and the prior;
     * {@code m0} supplies start values and the m of comparisons no session could estimate.
     */
    static EmResult estimate(BlockedPairs pairs, BlockIndex index, MatchModel model,
                             java.util.List<java.util.List<String>> blocking, double totalPairs, int maxIterations,
                             double tolerance) {
        int k = model.comparisons();
        int[] levels = new int[k];
        for (int i = 0; i < k; i++) {
            levels[i] = model.comparator(i).levels().size();
        }
        double[][] m0 = model.m();
        boolean[][] negative = new boolean[k][];
        for (int i = 0; i < k; i++) {
            negative[i] = new boolean[levels[i]];
            for (int l = 1; l < levels[i]; l++) {
                negative[i][l] = model.comparator(i).levels().get(l).fixed();
            }
        }
        double[][] sum = new double[k][];
        double[] weight = new double[k];
        for (int i = 0; i < k; i++) {
            sum[i] = new double[levels[i]];
        }
        int iterations = 0;
        for (int r = 0; r < blocking.size(); r++) {
            long mask = 0;
            boolean any = false;
            for (int i = 0; i < k; i++) {
                if (!blocking.get(r).contains(model.comparator(i).rule().field())) {
                    mask |= 0xFL << (4 * i);
                    any = true;
                }
            }
            long[][] counts = pairs.patternCounts(index, r, mask);
            long total = 0;
            for (long c : counts[1]) {
                total += c;
            }
            if (!any || total < 50) {
                continue;
            }
            EmResult session = expectationMaximisation(counts[0], counts[1], negative, m0, model.u(), 0.5,
                    maxIterations, tolerance, true);
            iterations += session.iterations();
            double expectedMatches = session.prior() * total;
            for (int i = 0; i < k; i++) {
                if ((mask >>> (4 * i) & 0xF) != 0) {
                    for (int l = 1; l < levels[i]; l++) {
                        sum[i][l] += expectedMatches * session.m()[i][l];
                    }
                    weight[i] += expectedMatches;
                }
            }
        }
        double[][] m = new double[k][];
        for (int i = 0; i < k; i++) {
            m[i] = m0[i].clone();
            if (weight[i] > 0) {
                for (int l = 1; l < levels[i]; l++) {
                    m[i][l] = sum[i][l] / weight[i];
                }
            }
        }
        long[][] all = pairs.patternCounts(index, -1, -1L);
        double prior = randomPairPrior(all[0], all[1], m, model.u(), totalPairs, maxIterations);
        return new EmResult(m, prior, iterations, true);
    }

    /**
     * Probability that two random records match, the prior every comparison's weight is added to. It is the
     * expected number of matching pairs over all possible pairs; pairs the blocking did not produce are taken as
     * non-matches, and the expectation over blocked pairs depends on the prior itself, so it is a fixed point.
     * (EM's prior of a blocked pair would count the agreement on blocking fields twice.)
     */
    static double randomPairPrior(long[] patterns, long[] counts, double[][] m, double[][] u, double totalPairs,
                                  int maxIterations) {
        int k = m.length;
        double[] logRatio = new double[patterns.length];
        for (int p = 0; p < patterns.length; p++) {
            double r = 0;
            for (int i = 0; i < k; i++) {
                int level = MatchModel.level(patterns[p], i);
                if (level != 0) {
                    r += Math.log(Math.max(1e-9, m[i][level])) - Math.log(Math.max(1e-13, u[i][level]));
                }
            }
            logRatio[p] = r;
        }
        long blocked = 0;
        for (long c : counts) {
            blocked += c;
        }
        double prior = Math.min(0.5, Math.max(1e-12, 0.1 * blocked / Math.max(1, totalPairs)));
        for (int it = 0; it < maxIterations; it++) {
            double logOdds = Math.log(prior / (1 - prior));
            double expected = 0;
            for (int p = 0; p < patterns.length; p++) {
                double x = logOdds + logRatio[p];
                expected += counts[p] * (x > 40 ? 1 : x < -40 ? 0 : 1 / (1 + Math.exp(-x)));
            }
            double next = Math.min(0.5, Math.max(1e-12, expected / Math.max(1, totalPairs)));
            boolean done = Math.abs(next - prior) <= 1e-4 * prior;
            prior = next;
            if (done) {
                break;
            }
        }
        return prior;
    }

    /**
     * u of exact agreement on each field that is a blocking rule by itself (a domain, a company name, a national id),
     * counted over all pairs instead of read off the random sample. For such nearly unique values the sample cannot
     * see u: a few hundred thousand random pairs hold one or two agreeing pairs at most, and those are mostly true
     * duplicates, so the estimate is sampling noise plus the duplicates themselves (an exact company name plus the
     * same country reached only p≈0.7). But every pair agreeing on such a field shares a block, so all of them are
     * among the blocked pairs, and each is counted by its probability of <em>not</em> matching under the model
     * learned so far (Fellegi–Sunter EM's own count of non-matches; iterated, as that count depends on u).
     *
     * <p>Pairs with conflicting identifiers are not counted: the weight is the likelihood ratio of "same value and
     * nothing conflicting", the only case in which it can merge anything, since a pair with a conflict is never
     * merged whatever its name says. Counting them would let a group's national companies (same name, another
     * country), which the country conflict already keeps apart, weaken the name for every account. (That ratio
     * overlaps an agreeing country's own weight by at most the share of random pairs with a conflict, about one
     * bit.) Half a pair keeps a value no non-match shares finite.
     *
     * <p>Kept at the sampled u: identifiers people share (email, phone, LinkedIn: the comparisons with an
     * "exact-but-shared-by-many" level), where the pairs sharing one are colleagues on a switchboard whose email
     * conflict is not visible when one address is missing, so leaving conflicting pairs out would let the model's
     * own weight talk their number into a match (measured: more false merges on generated contacts); comparisons
     * with term frequencies (their exact weight already comes from value counts); fixed levels; rules with blocks
     * too large to compare in full (their agreeing pairs are not all blocked). Returns null when no comparison
     * qualifies, so a run without one learns exactly as before.
     */
    static double[][] exactAgreementU(BlockedPairs pairs, BlockIndex index, MatchModel model,
                                      java.util.List<java.util.List<String>> blocking, double totalPairs) {
        int k = model.comparisons();
        double[][] m = model.m();
        double[][] u = new double[k][];
        for (int i = 0; i < k; i++) {
            u[i] = model.u()[i].clone();
        }
        java.util.List<Integer> estimated = new java.util.ArrayList<>();
        for (int i = 0; i < k; i++) {
            int rule = blocking.indexOf(java.util.List.of(model.comparator(i).rule().field()));
            if (rule >= 0 && !model.termFrequency(i) && !model.comparator(i).levels().get(1).fixed()
                    && !hasSharedLevel(model.comparator(i)) && !index.hasOversized(rule)) {
                estimated.add(i);
            }
        }
        if (estimated.isEmpty()) {
            return null;
        }
        long[][] all = pairs.patternCounts(index, -1, -1L);
        long[] patterns = all[0];
        long[] counts = all[1];
        double logPriorOdds = Math.log(model.prior() / (1 - model.prior()));
        double[] nonMatch = new double[patterns.length];
        boolean[] conflicting = new boolean[patterns.length];
        for (int p = 0; p < patterns.length; p++) {
            conflicting[p] = model.hasNegative(patterns[p]);
        }
        // the non-match count depends on u itself (a pair agreeing only on its name is a non-match while the name
        // weighs little), so it is iterated to its fixed point, the expectation-maximisation of u with m held
        for (int round = 0; round < 100; round++) {
            double expectedMatches = 0;
            for (int p = 0; p < patterns.length; p++) {
                double x = logPriorOdds;
                for (int i = 0; i < k; i++) {
                    int level = MatchModel.level(patterns[p], i);
                    if (level != 0) {
                        x += Math.log(m[i][level]) - Math.log(u[i][level]);
                    }
                }
                double q = x > 40 ? 1 : x < -40 ? 0 : 1 / (1 + Math.exp(-x));
                nonMatch[p] = counts[p] * (1 - q);
                expectedMatches += counts[p] * q;
            }
            double nonMatchingPairs = Math.max(1, totalPairs - expectedMatches);
            double change = 0;
            for (int i : estimated) {
                double agreeing = 0;
                for (int p = 0; p < patterns.length; p++) {
                    if (MatchModel.level(patterns[p], i) == 1 && !conflicting[p]) {
                        agreeing += nonMatch[p];
                    }
                }
                double next = Math.max(1e-13, (agreeing + 0.5) / nonMatchingPairs);
                change = Math.max(change, Math.abs(Math.log(next / u[i][1])));
                u[i][1] = next;
            }
            if (change < 0.01) {
                break;
            }
        }
        return u;
    }

    private static boolean hasSharedLevel(FieldComparator comparator) {
        return comparator.levels().stream().anyMatch(level -> level.name().equals(FieldComparator.SHARED.name()));
    }

    /** Result of EM: m per comparison and level, prior match probability of a blocked pair, iterations used. */
    record EmResult(double[][] m, double prior, int iterations, boolean converged) {
    }

    /**
     * u per comparison and level from {@code samples} random pairs (pairs across sources only in LINK mode).
     * Fixed levels keep their configured u: a random pair almost never shares a company domain, so its u would turn
     * "two different mailboxes at one company" into evidence <em>for</em> a match.
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
                if (!model.comparator(i).levels().get(l).fixed()) {
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
        boolean[][] none = new boolean[levelsPerComparison.length][];
        for (int i = 0; i < none.length; i++) {
            none[i] = new boolean[levelsPerComparison[i]];
        }
        return expectationMaximisation(patterns, counts, none, m0, u, prior0, maxIterations, tolerance, true);
    }

    /**
     * As above, with the m of {@code negative} (here: all fixed) levels held (policy, not estimate: namesakes in the
     * blocked pairs would otherwise teach the model that duplicates often have two work mailboxes) and, with
     * {@code updateM} false, only the prior estimated.
     */
    static EmResult expectationMaximisation(long[] patterns, long[] counts, boolean[][] negative,
                                            double[][] m0, double[][] u, double prior0, int maxIterations,
                                            double tolerance, boolean updateM) {
        int[] levelsPerComparison = new int[negative.length];
        for (int i = 0; i < negative.length; i++) {
            levelsPerComparison[i] = negative[i].length;
        }
        int k = levelsPerComparison.length;
        double[][] m = new double[k][];
        double[][] logM = new double[k][];
        double[][] logU = new double[k][];
        for (int i = 0; i < k; i++) {
            m[i] = m0[i].clone();
            logM[i] = new double[m[i].length];
            logU[i] = new double[m[i].length];
            for (int l = 1; l < m[i].length; l++) {
                logU[i][l] = Math.log(Math.max(1e-13, u[i][l]));
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
            for (int i = 0; i < k && updateM; i++) {
                double present = 0;
                for (int l = 1; l < mSum[i].length; l++) {
                    present += mSum[i][l];
                }
                if (present <= 0) {
                    continue;
                }
                double fixedMass = 0;
                for (int l = 1; l < mSum[i].length; l++) {
                    if (negative[i][l]) {
                        fixedMass += m[i][l];
                    }
                }
                for (int l = 1; l < mSum[i].length; l++) {
                    if (negative[i][l]) {
                        continue;
                    }
                    double next = (1 - fixedMass) * mSum[i][l] / Math.max(1e-300, present - sumNegative(mSum[i], negative[i]));
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
