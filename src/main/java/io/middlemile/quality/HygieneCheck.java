package io.middlemile.quality;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Runs an object's hygiene rules over its records one by one: each record's findings go to the caller
 * (a report, a clean-up plan) and into the object's metrics. One pass, constant memory.
 */
public final class HygieneCheck {

    private final String object;
    private final List<HygieneRule> rules;
    private final Instant now;
    private final QualityMetrics metrics;
    private final PipelineMetrics pipelines;

    /**
     * @param rules  rules of any object; only those of {@code object} are run
     * @param fields the fields whose completeness is measured
     */
    public HygieneCheck(String object, List<HygieneRule> rules, List<String> fields, Instant now) {
        this(object, rules, fields, null, now);
    }

    /** @param pipeline where records keep their pipeline and stage, or null: no per-pipeline metrics */
    public HygieneCheck(String object, List<HygieneRule> rules, List<String> fields, PipelineMetrics.Layout pipeline, Instant now) {
        this.object = object;
        this.rules = rules.stream().filter(rule -> rule.object().equals(object)).toList();
        this.now = now;
        this.metrics = new QualityMetrics(object, now, fields, this.rules);
        this.pipelines = pipeline == null ? null : new PipelineMetrics(pipeline, now, this.rules);
    }

    /** Checks one record of the object; returns its findings, in rule order, after passing each to {@code findings}. */
    public List<Finding> inspect(Inspected record, Consumer<Finding> findings) {
        if (!record.object().equals(object)) {
            throw new IllegalArgumentException("This check reads " + object + " records; got a " + record.object() + " record ("
                    + record.id() + ")");
        }
        List<Finding> found = new ArrayList<>(2);
        for (HygieneRule rule : rules) {
            rule.check(record, now, found::add);
        }
        found.forEach(findings);
        metrics.add(record, found);
        if (pipelines != null) {
            pipelines.add(record, found);
        }
        return found;
    }

    public QualitySnapshot snapshot() {
        return metrics.snapshot();
    }

    /** Per pipeline: stage ages, stale records, exit-criteria breaches; empty without a pipeline layout. */
    public List<PipelineMetrics.PipelineQuality> pipelines() {
        return pipelines == null ? List.of() : pipelines.snapshot();
    }
}
