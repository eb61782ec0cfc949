package io.middlemile.enrich;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Per provider connection, what a run did: lookups asked and answered, hits, misses, refusals, cache hits,
 * lookups skipped (by reason) and the review items they wait on, lookups made or dropped after their review, still
 * pending, and credits spent. Summed over pages; printed in the run summary.
 */
public final class Tally {

    /** One connection's counts. */
    public static final class Counts {
        public long calls;
        public long lookups;
        public long hits;
        public long misses;
        public long rejected;
        public long cached;
        public long pending;
        public double credits;
        public double cost;
        public final Map<String, Long> skipped = new TreeMap<>();
        /**
         * Review items the lookups skipped for "policy" wait on, by id: the summary names them, since a record that
         * is otherwise unchanged is skipped as unchanged and its notes are not shown.
         */
        public final Set<Long> waitingForReview = new TreeSet<>();
        /** Review items that rejected lookups skipped for "policy": they are not parked again. */
        public final Set<Long> rejectedInReview = new TreeSet<>();
        /** Review items whose approved lookups this run made for records held back by an earlier run. */
        public final Set<Long> madeAfterReview = new TreeSet<>();
        /** Review items whose held-back lookups this run dropped without making them, with why (expired, no longer needed). */
        public final Map<Long, String> droppedAfterReview = new TreeMap<>();

        void skip(String reason) {
            skipped.merge(reason, 1L, Long::sum);
        }

        public long skippedTotal() {
            return skipped.values().stream().mapToLong(Long::longValue).sum();
        }
    }

    private final Map<String, Counts> byConnection = new LinkedHashMap<>();

    public Counts of(String connection) {
        return byConnection.computeIfAbsent(connection, c -> new Counts());
    }

    public Map<String, Counts> byConnection() {
        return java.util.Collections.unmodifiableMap(byConnection);
    }

    public double credits() {
        return byConnection.values().stream().mapToDouble(c -> c.credits).sum();
    }

    public double cost() {
        return byConnection.values().stream().mapToDouble(c -> c.cost).sum();
    }

    public long pending() {
        return byConnection.values().stream().mapToLong(c -> c.pending).sum();
    }

    /** Adds another page's counts. */
    public void add(Tally other) {
        other.byConnection.forEach((connection, counts) -> {
            Counts mine = of(connection);
            mine.calls += counts.calls;
            mine.lookups += counts.lookups;
            mine.hits += counts.hits;
            mine.misses += counts.misses;
            mine.rejected += counts.rejected;
            mine.cached += counts.cached;
            mine.pending += counts.pending;
            mine.credits += counts.credits;
            mine.cost += counts.cost;
            counts.skipped.forEach((reason, n) -> mine.skipped.merge(reason, n, Long::sum));
            mine.waitingForReview.addAll(counts.waitingForReview);
            mine.rejectedInReview.addAll(counts.rejectedInReview);
            mine.madeAfterReview.addAll(counts.madeAfterReview);
            mine.droppedAfterReview.putAll(counts.droppedAfterReview);
        });
    }
}
