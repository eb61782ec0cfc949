package io.middlemile.quality;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Per pipeline, in the same streaming pass as {@link QualityMetrics}: how long records have sat in each stage (a
 * histogram of whole days, so memory depends on the number of stages, not of records), how many are stale (a
 * past-date or stage-age finding) and how many break a stage's exit criteria (a required-fields rule with a stage
 * field). Not thread-safe: one pass, one thread.
 */
public final class PipelineMetrics {

    /** Ages from 0 to this many days are counted one by one; older ones share the last bucket. */
    static final int MAX_DAYS = 3_650;
    private static final String NONE = "(none)";

    /**
     * Where a record's pipeline and stage are.
     *
     * @param field        the pipeline field (HubSpot pipeline, or null when the object has one pipeline)
     * @param stageField   the stage field (dealstage, StageName)
     * @param enteredField when the record entered its stage; {@code {stage}} is replaced by the stage
     */
    public record Layout(String field, String stageField, String enteredField) {
    }

    /** One stage of one pipeline: records in it and their age in the stage, in days. */
    public record StageQuality(String stage, long records, long unknownAge, long medianDays, long p90Days, long maxDays) {
    }

    /** One pipeline: its stages by name, stale records and exit-criteria breaches. */
    public record PipelineQuality(String pipeline, long records, long stale, long exitViolations, List<StageQuality> stages) {
    }

    private final Layout layout;
    private final Instant now;
    private final Set<String> staleRules;
    private final Set<String> exitRules;
    private final Map<String, Pipeline> pipelines = new TreeMap<>();

    private static final class Pipeline {
        long records;
        long stale;
        long exitViolations;
        final Map<String, long[]> ageHistogram = new java.util.LinkedHashMap<>();
        final Map<String, long[]> counts = new TreeMap<>(); // stage -> {records, unknown age, max days}; by name, as records come in any order
    }

    /** @param rules the object's rules: which findings mean stale and which an exit-criteria breach */
    public PipelineMetrics(Layout layout, Instant now, List<HygieneRule> rules) {
        this.layout = layout;
        this.now = now;
        this.staleRules = rules.stream().filter(rule -> rule instanceof PastDate || rule instanceof StageAge).map(HygieneRule::name)
                .collect(Collectors.toUnmodifiableSet());
        this.exitRules = rules.stream().filter(rule -> rule instanceof RequiredFields required && required.stageField() != null)
                .map(HygieneRule::name).collect(Collectors.toUnmodifiableSet());
    }

    public void add(Inspected record, List<Finding> findings) {
        String name = layout.field() == null ? "default" : orNone(record.text(layout.field()));
        Pipeline pipeline = pipelines.computeIfAbsent(name, p -> new Pipeline());
        pipeline.records++;
        if (findings.stream().anyMatch(finding -> staleRules.contains(finding.rule()))) {
            pipeline.stale++;
        }
        if (findings.stream().anyMatch(finding -> exitRules.contains(finding.rule()))) {
            pipeline.exitViolations++;
        }
        String stage = record.text(layout.stageField());
        long[] counts = pipeline.counts.computeIfAbsent(orNone(stage), s -> new long[3]);
        counts[0]++;
        Instant entered = stage == null ? null : Dates.parse(record.text(layout.enteredField().replace("{stage}", stage)));
        if (entered == null) {
            counts[1]++;
            return;
        }
        long days = Math.max(0, Duration.between(entered, now).toDays());
        counts[2] = Math.max(counts[2], days);
        pipeline.ageHistogram.computeIfAbsent(stage, s -> new long[MAX_DAYS + 1])[(int) Math.min(days, MAX_DAYS)]++;
    }

    public List<PipelineQuality> snapshot() {
        List<PipelineQuality> result = new ArrayList<>();
        pipelines.forEach((name, pipeline) -> {
            List<StageQuality> stages = new ArrayList<>();
            pipeline.counts.forEach((stage, counts) -> {
                long[] histogram = pipeline.ageHistogram.get(stage);
                long known = counts[0] - counts[1];
                stages.add(new StageQuality(stage, counts[0], counts[1], percentile(histogram, known, 0.5),
                        percentile(histogram, known, 0.9), known == 0 ? -1 : counts[2]));
            });
            result.add(new PipelineQuality(name, pipeline.records, pipeline.stale, pipeline.exitViolations, List.copyOf(stages)));
        });
        return List.copyOf(result);
    }

    /** The smallest age at least {@code share} of the known ages are at or below (nearest rank); -1 when none is known. */
    private static long percentile(long[] histogram, long known, double share) {
        if (histogram == null || known == 0) {
            return -1;
        }
        long rank = (long) Math.ceil(share * known);
        long seen = 0;
        for (int days = 0; days < histogram.length; days++) {
            seen += histogram[days];
            if (seen >= rank) {
                return days;
            }
        }
        return MAX_DAYS;
    }

    private static String orNone(String value) {
        return value == null ? NONE : value;
    }
}
