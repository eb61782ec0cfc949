package io.middlemile.quality;

import java.time.Instant;
import java.util.Set;
import java.util.function.Consumer;

/**
 * An open record whose date has passed: a deal still open after its close date is a forecast nobody
 * updated. A record is closed when its status field holds one of the closed values (closedwon, closedlost).
 */
public record PastDate(String name, Severity severity, String object, String dateField, String statusField,
                       Set<String> closedValues) implements HygieneRule {

    public PastDate {
        closedValues = closedValues == null ? Set.of() : Set.copyOf(closedValues);
    }

    @Override
    public void check(Inspected record, Instant now, Consumer<Finding> findings) {
        String status = statusField == null ? null : record.text(statusField);
        if (status != null && closedValues.contains(status)) {
            return;
        }
        String text = record.text(dateField);
        Instant date = Dates.parse(text);
        if (text != null && date == null) {
            findings.accept(finding(record, dateField, text, null, dateField + " \"" + text + "\" is not a date"));
        } else if (date != null && date.isBefore(now)) {
            findings.accept(finding(record, dateField, text, null, dateField + " " + text + " has passed and the record is still open"
                    + (status == null ? "" : " (" + statusField + " " + status + ")") + "; move the date or close it"));
        }
    }
}
