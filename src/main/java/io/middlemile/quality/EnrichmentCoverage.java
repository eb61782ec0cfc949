package io.middlemile.quality;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * How much of an object enrichment has reached, in the report's one pass: per field of the waterfall, the records
 * a provider found a value for; and the records by age since their last lookup. Counts only, so memory does not grow
 * with the object. Not thread-safe: one pass, one thread.
 */
public final class EnrichmentCoverage {

    /**
     * @param asked          per field of the waterfall, in its order, the records a provider was asked it for
     * @param found          per field, the records a provider found it for
     * @param lookedUp       records any provider was asked about (found or not)
     * @param sinceLastLookup records by days since their last lookup: {@link QualityMetrics#FRESHNESS_BUCKETS}, then
     *                        older, then never looked up
     */
    public record Snapshot(String waterfall, long records, long lookedUp, Map<String, Long> asked, Map<String, Long> found,
                           long[] sinceLastLookup) {

        /** Share of the records a provider found {@code field} for, 0..1. */
        public double coverage(String field) {
            return records == 0 ? 0 : (double) found.getOrDefault(field, 0L) / records;
        }
    }

    private final String waterfall;
    private final Instant now;
    private final Map<String, long[]> found = new LinkedHashMap<>(); // field -> {asked, found}
    private final long[] sinceLastLookup = new long[QualityMetrics.FRESHNESS_BUCKETS.length + 2];
    private long records;
    private long lookedUp;

    public EnrichmentCoverage(String waterfall, List<String> fields, Instant now) {
        this.waterfall = waterfall;
        this.now = now;
        fields.forEach(field -> found.put(field, new long[2]));
    }

    /**
     * One record: the fields a provider was asked for and found for it (fields outside the waterfall are ignored) and
     * when it was last looked up, or null when never.
     */
    public void add(Set<String> fieldsAsked, Set<String> fieldsFound, Instant lastLookedUp) {
        records++;
        if (lastLookedUp != null) {
            lookedUp++;
        }
        sinceLastLookup[QualityMetrics.bucket(lastLookedUp, now)]++;
        fieldsAsked.forEach(field -> count(field, 0));
        fieldsFound.forEach(field -> count(field, 1));
    }

    private void count(String field, int which) {
        long[] count = found.get(field);
        if (count != null) {
            count[which]++;
        }
    }

    public Snapshot snapshot() {
        Map<String, Long> asked = new LinkedHashMap<>();
        Map<String, Long> counts = new LinkedHashMap<>();
        found.forEach((field, count) -> {
            asked.put(field, count[0]);
            counts.put(field, count[1]);
        });
        return new Snapshot(waterfall, records, lookedUp, Collections.unmodifiableMap(asked), Collections.unmodifiableMap(counts),
                sinceLastLookup.clone());
    }
}
