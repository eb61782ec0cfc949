package io.middlemile.dedupe;

import java.util.Arrays;

/**
 * The learned part of a run's model: m and u per comparison and level, and the prior. Saved with the match index so a
 * restarted engine scores with the weights of the last run instead of re-estimating them over a million records.
 *
 * @param m     m[comparison][level], levels in the order of the comparison method (level 0, missing, unused)
 * @param u     u[comparison][level], same shape
 * @param prior match probability of two random records
 */
public record ModelParameters(double[][] m, double[][] u, double prior) {

    public ModelParameters {
        m = copy(m);
        u = copy(u);
    }

    /** True when these tables have the shape of {@code model}'s: one row per comparison, one entry per level. */
    boolean fits(MatchModel model) {
        double[][] shape = model.m();
        if (shape.length != m.length || m.length != u.length) {
            return false;
        }
        for (int i = 0; i < m.length; i++) {
            if (m[i].length != shape[i].length || u[i].length != shape[i].length) {
                return false;
            }
        }
        return true;
    }

    private static double[][] copy(double[][] table) {
        return Arrays.stream(table).map(double[]::clone).toArray(double[][]::new);
    }
}
