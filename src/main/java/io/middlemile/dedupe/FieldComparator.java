package io.middlemile.dedupe;

import java.util.List;

/**
 * Compares one field of two records and returns a comparison level: 0 is always "missing" (either side empty,
 * which is no evidence at all, weight 0), 1 is always "exact", higher levels are progressively weaker or negative
 * evidence. Levels, not raw similarities, are what Fellegi–Sunter weights attach to. Implementations work on
 * dictionary ids, so per-value work (phonetic codes, nickname groups) happens once per distinct value. Thread-safe
 * after {@link #prepare()}.
 */
abstract class FieldComparator {

    /**
     * A level's name and start values. {@code negative} levels are evidence against a match and never weigh > 0.
     * {@code fixed} levels keep their configured m and u: their evidence overlaps other comparisons (a shared
     * mailbox name mostly repeats the person's name) or is a policy the data cannot teach (negative levels), so
     * estimating them would count evidence twice or learn from namesakes. Negative levels are always fixed.
     */
    record Level(String name, double m, double u, boolean negative, boolean fixed) {
        static Level of(String name, double m, double u) {
            return new Level(name, m, u, false, false);
        }

        static Level negative(String name, double m, double u) {
            return new Level(name, m, u, true, true);
        }

        static Level fixed(String name, double m, double u) {
            return new Level(name, m, u, false, true);
        }
    }

    static final Level MISSING = new Level("missing", 1, 1, false, true);
    /** Level of identifier comparators for agreement on a value many records carry (see {@link #SHARED_VALUE_COUNT}). */
    static final Level SHARED = Level.fixed("exact-but-shared-by-many", 0.02, 0.002);

    /**
     * An identifier (e-mail, phone, LinkedIn profile) on more records than one person plausibly has duplicates is a
     * switchboard number, a shared mailbox or a placeholder: agreeing on it says little about being one person.
     */
    static final int SHARED_VALUE_COUNT = 8;

    private final DedupeRules.ComparisonRule rule;
    private final int sharedLevel;
    protected final Dictionary dict;
    private final List<Level> levels;

    FieldComparator(DedupeRules.ComparisonRule rule, Dictionary dict, List<Level> levels) {
        this.rule = rule;
        this.dict = dict;
        this.levels = levels;
        int shared = -1;
        for (int l = 0; l < levels.size(); l++) {
            if (levels.get(l).name().equals(SHARED.name())) {
                shared = l;
            }
        }
        this.sharedLevel = shared;
        if (levels.size() > 15) {
            throw new IllegalArgumentException("at most 15 levels per comparison");
        }
    }

    DedupeRules.ComparisonRule rule() {
        return rule;
    }

    List<Level> levels() {
        return levels;
    }

    /** Level for two dictionary ids (-1 = missing). */
    final int compare(int a, int b) {
        if (a < 0 || b < 0) {
            return 0;
        }
        if (a == b) {
            return sharedLevel > 0 && dict.count(a) > SHARED_VALUE_COUNT ? sharedLevel : 1;
        }
        return compareDistinct(a, b, dict.value(a), dict.value(b));
    }

    /** Level for two different, present values. */
    abstract int compareDistinct(int a, int b, String va, String vb);

    /**
     * What a user reads when this comparison's negative level holds a pair back from merging: the two values and
     * why they cannot both belong to one record's owner. Only called for negative levels.
     */
    String conflict(String va, String vb) {
        return "different " + rule.field() + ": " + va + " and " + vb;
    }

    /** Precomputes per-value data for every value interned so far; later values are computed on demand. */
    void prepare() {
    }
}
