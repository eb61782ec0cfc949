package io.middlemile.quality;

import java.time.Duration;
import java.time.Instant;
import java.util.function.Consumer;

/** A record nobody changed in more than {@code days} days: a contact gone cold, a deal left to rot. */
public record Untouched(String name, Severity severity, String object, int days) implements HygieneRule {

    @Override
    public void check(Inspected record, Instant now, Consumer<Finding> findings) {
        if (record.lastModified() == null) {
            return;
        }
        long age = Duration.between(record.lastModified(), now).toDays();
        if (age > days) {
            findings.accept(finding(record, null, null, null, "not changed in " + age + " days (last " + record.lastModified()
                    + "); the rule allows " + days));
        }
    }
}
