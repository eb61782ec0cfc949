package io.middlemile.quality;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.function.Consumer;

/**
 * A record stuck in its stage for longer than the stage allows.
 *
 * @param enteredField the field holding when the record entered its current stage; {@code {stage}} in it is
 *                     replaced by the stage (HubSpot keeps one per stage: {@code hs_v2_date_entered_{stage}})
 * @param maxDays      days allowed per stage; stages not listed are not checked
 */
public record StageAge(String name, Severity severity, String object, String stageField, String enteredField,
                       Map<String, Integer> maxDays) implements HygieneRule {

    public StageAge {
        maxDays = Map.copyOf(maxDays);
    }

    @Override
    public void check(Inspected record, Instant now, Consumer<Finding> findings) {
        String stage = record.text(stageField);
        Integer allowed = stage == null ? null : maxDays.get(stage);
        if (allowed == null) {
            return;
        }
        Instant entered = Dates.parse(record.text(enteredField.replace("{stage}", stage)));
        if (entered == null) {
            return; // when it entered is unknown, its age is too; a required-fields rule can ask for the date
        }
        long days = Duration.between(entered, now).toDays();
        if (days > allowed) {
            findings.accept(finding(record, stageField, stage, null, "in stage " + stage + " for " + days + " days; the stage allows "
                    + allowed));
        }
    }

    /** Days the record has been in its stage, or -1 when unknown: the pipeline's stage-age distribution. */
    public long age(Inspected record, Instant now) {
        String stage = record.text(stageField);
        Instant entered = stage == null ? null : Dates.parse(record.text(enteredField.replace("{stage}", stage)));
        return entered == null ? -1 : Duration.between(entered, now).toDays();
    }
}
