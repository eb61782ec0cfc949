package io.middlemile.dedupe;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;

class WeightEstimatorTest {

    /** Three independent comparisons with levels missing/exact/different and known m, u and prior. */
    @Test
    void emRecoversKnownMAndPrior() {
        double[] mExact = {0.9, 0.8, 0.7};
        double[] uExact = {0.05, 0.1, 0.02};
        double prior = 0.3;
        long n = 1_000_000;
        long[] patterns = new long[8];
        long[] counts = new long[8];
        for (int p = 0; p < 8; p++) {
            double pm = prior;
            double pu = 1 - prior;
            long pattern = 0;
            for (int i = 0; i < 3; i++) {
                boolean exact = (p >> i & 1) == 1;
                pm *= exact ? mExact[i] : 1 - mExact[i];
                pu *= exact ? uExact[i] : 1 - uExact[i];
                pattern |= (long) (exact ? 1 : 2) << (4 * i);
            }
            patterns[p] = pattern;
            counts[p] = Math.round(n * (pm + pu));
        }
        double[][] m0 = new double[3][];
        double[][] u = new double[3][];
        for (int i = 0; i < 3; i++) {
            m0[i] = new double[] {1, 0.5, 0.5};
            u[i] = new double[] {1, uExact[i], 1 - uExact[i]};
        }
        WeightEstimator.EmResult result = WeightEstimator.expectationMaximisation(patterns, counts,
                new int[] {3, 3, 3}, m0, u, 0.1, 500, 1e-9);
        assertThat(result.converged()).isTrue();
        assertThat(result.prior()).isCloseTo(prior, offset(0.01));
        for (int i = 0; i < 3; i++) {
            assertThat(result.m()[i][1]).as("m exact of comparison %d", i).isCloseTo(mExact[i], offset(0.01));
        }
    }

    @Test
    void randomPairPriorIsExpectedMatchesOverAllPairs() {
        // 100 blocked pairs that are certain matches (huge weight), 900 certain non-matches, 10,000 possible pairs
        long[] patterns = {1L, 2L};
        long[] counts = {100, 900};
        double[][] m = {{1, 0.999999, 0.000001}};
        double[][] u = {{1, 0.000001, 0.999999}};
        double prior = WeightEstimator.randomPairPrior(patterns, counts, m, u, 10_000, 100);
        assertThat(prior).isCloseTo(0.01, offset(0.001));
    }
}
