package io.middlemile.match;

import io.middlemile.dedupe.DedupeRules;
import io.middlemile.model.CanonicalRecord;
import io.middlemile.model.FieldValue;
import io.middlemile.model.SourceRef;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A record to look up, as the match API and the agent gateway's {@code find_records} take it: canonical fields by
 * name. It is never stored, so it needs no real source.
 */
public final class MatchQuery {

    /** Where a looked-up record says it comes from. */
    public static final SourceRef REQUEST = new SourceRef("api", "match", "request");

    private MatchQuery() {
    }

    /** The canonical record of a rule's entity holding these fields; a field the entity does not have is refused. */
    public static CanonicalRecord canonical(DedupeRules rules, Map<String, Object> fields) {
        Map<String, FieldValue> values = new LinkedHashMap<>();
        fields.forEach((name, value) -> {
            if (rules.entity().field(name).isEmpty()) {
                throw new IllegalArgumentException("\"" + name + "\" is not a canonical " + rules.entity().id() + " field; send"
                        + " canonical fields (" + String.join(", ", rules.matchFields()) + ", ...)");
            }
            values.put(name, new FieldValue(value, null));
        });
        return new CanonicalRecord(rules.entity(), REQUEST, null, values);
    }

    /** Whether the record holds anything the rule can match on; a lookup without it would only scan. */
    public static boolean matchable(DedupeRules rules, CanonicalRecord record) {
        return rules.matchFields().stream().anyMatch(f -> record.value(f) != null)
                || record.value("email") != null || record.value("fullName") != null;
    }
}
