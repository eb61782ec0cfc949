package io.middlemile.quality;

import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One measurement of one object's data quality, as the report prints it and the store keeps it (with the
 * workspace version, so a trend shows which change moved a number).
 *
 * @param freshness      records by age since their last change: {@link QualityMetrics#FRESHNESS_BUCKETS} days, then
 *                       older, then unknown
 * @param bySeverity     findings per severity
 * @param byRule         findings per rule name
 * @param flagged        records with at least one finding
 */
public record QualitySnapshot(String object, Instant measuredAt, long records, List<FieldQuality> fields, long[] freshness,
                              Map<Severity, Long> bySeverity, Map<String, Long> byRule, long flagged) {

    /**
     * This measurement and another of the same object and fields over other records, as one: a pass split over
     * several threads (pages handed out in turn) measures each part and adds them up.
     */
    public QualitySnapshot plus(QualitySnapshot other) {
        if (!object.equals(other.object) || fields.size() != other.fields.size()) {
            throw new IllegalArgumentException("Cannot add a measurement of " + other.object + " to one of " + object);
        }
        List<FieldQuality> sum = new ArrayList<>(fields.size());
        for (int i = 0; i < fields.size(); i++) {
            FieldQuality a = fields.get(i);
            FieldQuality b = other.fields.get(i);
            sum.add(new FieldQuality(a.field(), a.records() + b.records(), a.present() + b.present(),
                    a.nonConforming() + b.nonConforming(), a.invalid() + b.invalid(), a.measured()));
        }
        long[] fresh = freshness.clone();
        for (int i = 0; i < fresh.length; i++) {
            fresh[i] += other.freshness[i];
        }
        Map<Severity, Long> severities = new EnumMap<>(Severity.class);
        severities.putAll(bySeverity);
        other.bySeverity.forEach((k, v) -> severities.merge(k, v, Long::sum));
        Map<String, Long> rules = new LinkedHashMap<>(byRule);
        other.byRule.forEach((k, v) -> rules.merge(k, v, Long::sum));
        return new QualitySnapshot(object, measuredAt, records + other.records, List.copyOf(sum), fresh, Map.copyOf(severities),
                Map.copyOf(rules), flagged + other.flagged);
    }

    /** Share of records without any finding, 0..1. */
    public double clean() {
        return records == 0 ? 1 : (double) (records - flagged) / records;
    }
}
