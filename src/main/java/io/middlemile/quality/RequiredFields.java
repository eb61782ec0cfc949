package io.middlemile.quality;

import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Fields a record must have, on every record or only in some stages: a stage's exit criteria ("a deal
 * in contractsent must have amount, closedate and a primary contact").
 *
 * @param stageField the field holding the stage (dealstage, lifecyclestage), or null: every record
 * @param stages     the stages the rule applies in (ignored without a stage field)
 */
public record RequiredFields(String name, Severity severity, String object, String stageField, Set<String> stages,
                             List<String> fields) implements HygieneRule {

    public RequiredFields {
        stages = stages == null ? Set.of() : Set.copyOf(stages);
        fields = List.copyOf(fields);
    }

    @Override
    public void check(Inspected record, Instant now, Consumer<Finding> findings) {
        String stage = stageField == null ? null : record.text(stageField);
        if (stageField != null && (stage == null || !stages.contains(stage))) {
            return;
        }
        for (String field : fields) {
            if (record.text(field) == null) {
                findings.accept(finding(record, field, null, null, stage == null
                        ? field + " is empty; every " + object + " record needs it"
                        : field + " is empty; a record in stage " + stage + " needs it before it moves on"));
            }
        }
    }
}
