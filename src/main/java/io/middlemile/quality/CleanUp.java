package io.middlemile.quality;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Collections;

/**
 * What the clean-up job writes back to one record: the value each fixable finding suggests (a phone in
 * E.164, a country's ISO code, an allowed picklist spelling), one per field. Findings a person has to
 * resolve (an empty required field, an invalid email) are not its business. Pure: the governed write
 * path does the writing, with the plan, the review, the journal and the rollback.
 */
public final class CleanUp {

    /**
     * The changes for one record.
     *
     * @param values    field to the value to write; empty when the record needs no change
     * @param fixed     the findings those values resolve, for the run's record outcome
     * @param conflicts fields left as they are because two rules suggest different values, in words
     */
    public record Fix(Map<String, String> values, List<Finding> fixed, List<String> conflicts) {

        public boolean none() {
            return values.isEmpty();
        }

        /** One line for the run's outcome: which rule changes which field. */
        public String describe() {
            List<String> parts = new ArrayList<>();
            fixed.forEach(finding -> parts.add(finding.rule() + ": " + finding.field() + " \"" + finding.current() + "\" → \""
                    + finding.suggested() + "\""));
            parts.addAll(conflicts);
            return String.join("; ", parts);
        }
    }

    private final String object;
    private final List<HygieneRule> rules;

    /**
     * @param rules the object's rules whose fixable findings are written back; rules of other objects are ignored
     */
    public CleanUp(String object, List<HygieneRule> rules) {
        this.object = object;
        this.rules = rules.stream().filter(rule -> rule.object().equals(object)).toList();
    }

    /** The values that bring {@code record} in line with the rules; see {@link Fix}. */
    public Fix fix(Inspected record, Instant now) {
        if (!record.object().equals(object)) {
            throw new IllegalArgumentException("This clean-up fixes " + object + " records; got a " + record.object() + " record ("
                    + record.id() + ")");
        }
        Map<String, Finding> byField = new LinkedHashMap<>();
        Map<String, List<Finding>> disputed = new LinkedHashMap<>();
        for (HygieneRule rule : rules) {
            rule.check(record, now, finding -> {
                if (!finding.fixable() || finding.field() == null) {
                    return;
                }
                Finding earlier = byField.putIfAbsent(finding.field(), finding);
                if (earlier != null && !earlier.suggested().equals(finding.suggested())) {
                    disputed.computeIfAbsent(finding.field(), field -> new ArrayList<>(List.of(earlier))).add(finding);
                }
            });
        }
        List<String> conflicts = new ArrayList<>();
        disputed.forEach((field, findings) -> {
            byField.remove(field);
            List<String> suggestions = findings.stream().map(f -> "rule " + f.rule() + " suggests \"" + f.suggested() + "\"").toList();
            conflicts.add(field + " left as it is: " + String.join(", ", suggestions) + "; make the rules agree");
        });
        Map<String, String> values = new LinkedHashMap<>();
        byField.forEach((field, finding) -> values.put(field, finding.suggested()));
        return new Fix(Collections.unmodifiableMap(values), List.copyOf(byField.values()), List.copyOf(conflicts));
    }
}
