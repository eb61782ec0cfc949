package io.middlemile.quality;

import io.middlemile.connector.SourceRecord;
import io.middlemile.model.Target;
import io.middlemile.standardize.Standardizers;
import io.middlemile.workspace.HygieneConfig;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/** A validated hygiene file ({@code hygiene/NAME.yaml}) as rules; the loader already reported every mistake. */
public final class HygieneFile {

    private HygieneFile() {
    }

    /**
     * The active owners of a CRM connection as last read (its active users and queues), or empty when they never were: what
     * an {@code inactiveOwner: {from: CONNECTION}} rule compares owners with.
     */
    @FunctionalInterface
    public interface ActiveOwners {
        Optional<Set<String>> of(String connection);

        /** For rules that change records only (a clean-up): an inactive owner is reported, never fixed, so none is asked. */
        ActiveOwners NOT_ASKED = connection -> Optional.of(Set.of());
    }

    /** An {@code inactiveOwner: {from: CONNECTION}} rule whose connection's owners were never read. */
    public static final class OwnersNotRead extends IllegalStateException {
        OwnersNotRead(String message) {
            super(message);
        }
    }

    /** The file's rules, for a clean-up: the rules that report only (inactive owners) ask for nothing. */
    public static List<HygieneRule> rules(HygieneConfig config) {
        return rules(config, ActiveOwners.NOT_ASKED);
    }

    /**
     * The file's rules, an {@code inactiveOwner: {from: CONNECTION}} rule with that connection's active owners as last read.
     *
     * @throws OwnersNotRead when such a connection's owners were never read
     */
    public static List<HygieneRule> rules(HygieneConfig config, ActiveOwners owners) {
        String object = Target.parse(config.source()).object();
        List<HygieneRule> rules = new ArrayList<>();
        for (HygieneConfig.Rule rule : config.rules()) {
            Severity severity = rule.severity() == null ? Severity.WARNING : Severity.valueOf(rule.severity().toUpperCase(Locale.ROOT));
            String name = rule.name();
            if (rule.required() != null) {
                rules.add(new RequiredFields(name, severity, object, rule.required().stageField(), set(rule.required().stages()),
                        rule.required().fields()));
            } else if (rule.pastDate() != null) {
                rules.add(new PastDate(name, severity, object, rule.pastDate().field(), rule.pastDate().statusField(),
                        set(rule.pastDate().closed())));
            } else if (rule.stageAge() != null) {
                rules.add(new StageAge(name, severity, object, rule.stageAge().stageField(), rule.stageAge().enteredField(),
                        rule.stageAge().maxDays()));
            } else if (rule.untouched() != null) {
                rules.add(new Untouched(name, severity, object, rule.untouched().days()));
            } else if (rule.conformance() != null) {
                rules.add(new Conformance(name, severity, object, rule.conformance().field(),
                        Standardizers.byName(rule.conformance().standardizer()).orElseThrow(), rule.conformance().countryField()));
            } else if (rule.allowed() != null) {
                rules.add(new AllowedValues(name, severity, object, rule.allowed().field(), set(rule.allowed().values())));
            } else if (rule.missingRelation() != null) {
                rules.add(new MissingRelation(name, severity, object, rule.missingRelation().field(), rule.missingRelation().what()));
            } else if (rule.inactiveOwner() != null && rule.inactiveOwner().from() != null) {
                String connection = rule.inactiveOwner().from();
                rules.add(new InactiveOwner(name, severity, object, owners.of(connection).orElseThrow(() -> new OwnersNotRead(
                        "hygiene/" + config.id() + ".yaml rule " + name + " takes the active owners from connection " + connection
                                + ", whose owners have not been read yet; read them with `middlemile assign owners " + connection
                                + " --refresh`, then run again"))));
            } else if (rule.inactiveOwner() != null) {
                rules.add(new InactiveOwner(name, severity, object, set(rule.inactiveOwner().active())));
            }
        }
        return List.copyOf(rules);
    }

    /** Where the file's records keep their pipeline and stage, or null when it names none. */
    public static PipelineMetrics.Layout pipeline(HygieneConfig config) {
        HygieneConfig.Pipeline pipeline = config.pipeline();
        return pipeline == null ? null : new PipelineMetrics.Layout(pipeline.field(), pipeline.stageField(), pipeline.enteredField());
    }

    /** A record of the file's source as its rules see it: the owner read from {@code ownerField} when the file names one. */
    public static Inspected inspected(HygieneConfig config, String object, SourceRecord record) {
        Object owner = config.ownerField() == null ? null : record.fields().get(config.ownerField());
        String ownerText = owner == null || owner.toString().isBlank() ? null : owner.toString().strip();
        return new Inspected(object, record.ref().sourceId(), record.fields(), ownerText, record.modifiedAt());
    }

    private static Set<String> set(List<String> values) {
        return values == null ? Set.of() : Set.copyOf(values);
    }
}
