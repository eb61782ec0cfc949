package io.middlemile.quality;

import java.time.Instant;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/**
 * A picklist value outside the allowed set. A value that differs from an allowed one only in letter case or
 * spacing is fixable (the allowed spelling is suggested); any other needs a person.
 *
 * @param spellings each allowed value by its folded form (no case, spaces, dashes or underscores), worked out once
 *                  rather than per record
 */
public record AllowedValues(String name, Severity severity, String object, String field, Set<String> allowed,
                            Map<String, String> spellings) implements HygieneRule {

    private static final Pattern SEPARATORS = Pattern.compile("[\\s_-]+");

    public AllowedValues {
        allowed = Set.copyOf(allowed);
        spellings = Map.copyOf(spellings);
    }

    public AllowedValues(String name, Severity severity, String object, String field, Set<String> allowed) {
        this(name, severity, object, field, allowed, spellingsOf(allowed));
    }

    @Override
    public void check(Inspected record, Instant now, Consumer<Finding> findings) {
        String value = record.text(field);
        if (value == null || allowed.contains(value)) {
            return;
        }
        String suggested = spellings.get(fold(value));
        findings.accept(finding(record, field, value, suggested, field + " \"" + value + "\" is not one of the allowed values"
                + (suggested == null ? " " + allowed.stream().sorted().toList() : "; it should read \"" + suggested + "\"")));
    }

    /** Folded form to spelling; of two allowed values that fold alike, the first in sorted order is suggested. */
    private static Map<String, String> spellingsOf(Set<String> allowed) {
        Map<String, String> spellings = new HashMap<>();
        allowed.stream().sorted().forEach(spelling -> spellings.putIfAbsent(fold(spelling), spelling));
        return spellings;
    }

    private static String fold(String value) {
        return SEPARATORS.matcher(value).replaceAll("").toLowerCase(Locale.ROOT);
    }
}
