package io.middlemile.quality;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Quality metrics of one object in one streaming pass: each record and its findings are counted and
 * dropped, so memory stays the same whether the object holds a thousand records or ten million.
 * Not thread-safe: one pass, one thread.
 */
public final class QualityMetrics {

    /** Upper bounds, in days since the last change, of the freshness buckets (then "older", then "unknown"). */
    public static final int[] FRESHNESS_BUCKETS = {7, 30, 90, 365};

    private final String object;
    private final Instant now;
    private final List<String> fields;
    private final Set<String> measured;
    private final long[] present;
    private final long[] nonConforming;
    private final long[] invalid;
    private final Map<String, Integer> index = new HashMap<>();
    private final long[] freshness = new long[FRESHNESS_BUCKETS.length + 2];
    private final Map<Severity, Long> bySeverity = new EnumMap<>(Severity.class);
    private final Map<String, Long> byRule = new LinkedHashMap<>();
    private final Set<String> conformanceRules;
    private long records;
    private long flagged;

    /**
     * @param fields the fields whose completeness is measured
     * @param rules  the object's rules; its conformance rules make their fields' conformance measured
     */
    public QualityMetrics(String object, Instant now, List<String> fields, List<HygieneRule> rules) {
        this.object = object;
        this.now = now;
        List<String> all = new ArrayList<>(fields);
        rules.stream().filter(rule -> rule instanceof Conformance).map(rule -> ((Conformance) rule).field())
                .filter(field -> !all.contains(field)).forEach(all::add);
        this.fields = List.copyOf(all);
        this.measured = Set.copyOf(rules.stream().filter(rule -> rule instanceof Conformance).map(rule -> ((Conformance) rule).field())
                .toList());
        this.conformanceRules = Set.copyOf(rules.stream().filter(rule -> rule instanceof Conformance).map(HygieneRule::name).toList());
        for (int i = 0; i < this.fields.size(); i++) {
            index.put(this.fields.get(i), i);
        }
        present = new long[this.fields.size()];
        nonConforming = new long[this.fields.size()];
        invalid = new long[this.fields.size()];
    }

    /** Counts one record and the findings the object's rules made about it. */
    public void add(Inspected record, List<Finding> findings) {
        records++;
        for (int i = 0; i < fields.size(); i++) {
            if (record.text(fields.get(i)) != null) {
                present[i]++;
            }
        }
        freshness[bucket(record.lastModified())]++;
        if (!findings.isEmpty()) {
            flagged++;
        }
        for (Finding finding : findings) {
            bySeverity.merge(finding.severity(), 1L, Long::sum);
            byRule.merge(finding.rule(), 1L, Long::sum);
            Integer at = finding.field() == null ? null : index.get(finding.field());
            if (at != null && conformanceRules.contains(finding.rule())) {
                if (finding.fixable()) {
                    nonConforming[at]++;
                } else {
                    invalid[at]++;
                }
            }
        }
    }

    private int bucket(Instant lastModified) {
        return bucket(lastModified, now);
    }

    /** The index of {@link #FRESHNESS_BUCKETS} an age falls in, then "older", then "unknown" (null). */
    static int bucket(Instant since, Instant now) {
        if (since == null) {
            return FRESHNESS_BUCKETS.length + 1;
        }
        long days = Duration.between(since, now).toDays();
        for (int i = 0; i < FRESHNESS_BUCKETS.length; i++) {
            if (days <= FRESHNESS_BUCKETS[i]) {
                return i;
            }
        }
        return FRESHNESS_BUCKETS.length;
    }

    public QualitySnapshot snapshot() {
        List<FieldQuality> quality = new ArrayList<>(fields.size());
        for (int i = 0; i < fields.size(); i++) {
            quality.add(new FieldQuality(fields.get(i), records, present[i], nonConforming[i], invalid[i],
                    measured.contains(fields.get(i))));
        }
        return new QualitySnapshot(object, now, records, List.copyOf(quality), freshness.clone(), Map.copyOf(bySeverity),
                Map.copyOf(byRule), flagged);
    }
}
