package io.middlemile.quality;

import java.time.Instant;
import java.util.Locale;
import java.util.Set;
import java.util.function.Consumer;

/**
 * A picklist value outside the allowed set. A value that differs from an allowed one only in letter case or
 * spacing is fixable (the allowed spelling is suggested); any other needs a person.
 */
public record AllowedValues(String name, Severity severity, String object, String field, Set<String> allowed)
        implements HygieneRule {

    public AllowedValues {
        allowed = Set.copyOf(allowed);
    }

    @Override
    public void check(Inspected record, Instant now, Consumer<Finding> findings) {
        String value = record.text(field);
        if (value == null || allowed.contains(value)) {
            return;
        }
        String folded = fold(value);
        String suggested = allowed.stream().filter(spelling -> fold(spelling).equals(folded)).findFirst().orElse(null);
        findings.accept(finding(record, field, value, suggested, field + " \"" + value + "\" is not one of the allowed values"
                + (suggested == null ? " " + allowed.stream().sorted().toList() : "; it should read \"" + suggested + "\"")));
    }

    private static String fold(String value) {
        return value.replaceAll("[\\s_-]+", "").toLowerCase(Locale.ROOT);
    }
}
