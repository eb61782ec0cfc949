package io.middlemile.match;

import io.middlemile.dedupe.DedupeRules;
import io.middlemile.mapping.Mapper;
import io.middlemile.model.CanonicalField;
import io.middlemile.model.CanonicalRecord;
import io.middlemile.model.FieldType;
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
            field(rules, name);
            values.put(name, new FieldValue(value, null));
        });
        return new CanonicalRecord(rules.entity(), REQUEST, null, values);
    }

    /**
     * As {@link #canonical}, from a request's JSON (the match API, an agent's {@code find_records}): a value of the wrong
     * JSON kind for its field is refused. Read as text, {@code {"email": 5}} matched nobody and the answer said so, a
     * "no such person" for a client's bug.
     */
    public static CanonicalRecord fromRequest(DedupeRules rules, Map<String, Object> fields) {
        checkKinds(rules, fields);
        return canonical(rules, fields);
    }

    /**
     * Refuses a value of the wrong JSON kind for its canonical field: a number, true/false or a list where text goes, or
     * text where a number goes is left to the field's standardizer.
     *
     * @param values the request's values as JSON gave them (String, Number, Boolean, List, Map)
     * @throws IllegalArgumentException naming the field, what it takes and what came
     */
    public static void checkKinds(DedupeRules rules, Map<String, Object> values) {
        // a field the entity does not have is refused by canonical, in its own words
        values.forEach((name, value) -> rules.entity().field(name).ifPresent(field -> {
            String wrong = wrongKind(field.type(), value);
            if (wrong != null) {
                throw new IllegalArgumentException("\"" + name + "\" must be " + wrong + "; got " + value);
            }
        }));
    }

    /**
     * As {@link #checkKinds(DedupeRules, Map)}, for a provider-shaped record ({@code ?mapping=}): each provider field's
     * value against the canonical fields {@code mapper} reads it into. Mapped as text, {@code {"phone": 14155550134}} lost
     * its + and matched nobody, a "no such person" for a client's bug, while the canonical form refused it.
     *
     * @param values the record's provider fields as JSON gave them (String, Number, Boolean)
     * @throws IllegalArgumentException naming the provider field, what it takes, what came and where the mapping puts it
     */
    public static void checkKinds(Mapper mapper, Map<String, Object> values) {
        values.forEach((name, value) -> {
            for (String canonical : mapper.readInto(name)) {
                mapper.entity().field(canonical).ifPresent(field -> {
                    String wrong = wrongKind(field.type(), value);
                    if (wrong != null) {
                        throw new IllegalArgumentException("\"" + name + "\" must be " + wrong + "; got " + value + " (mapping "
                                + mapper.id() + " reads it into " + canonical + ")");
                    }
                });
            }
        });
    }

    private static CanonicalField field(DedupeRules rules, String name) {
        return rules.entity().field(name).orElseThrow(() -> new IllegalArgumentException("\"" + name + "\" is not a canonical "
                + rules.entity().id() + " field; send canonical fields (" + String.join(", ", rules.matchFields()) + ", ...)"));
    }

    /** What a value of {@code type} must be when {@code value}, as JSON gives it, is not that (null: it is). */
    private static String wrongKind(FieldType type, Object value) {
        if (value == null || value instanceof String) {
            return null; // text is read by the field's standardizer, which says what it makes of it
        }
        return switch (type) {
            case NUMBER, MONEY -> value instanceof Number ? null : "a number";
            case BOOLEAN -> value instanceof Boolean ? null : "true or false";
            case STRING_LIST -> value instanceof java.util.List<?> list && list.stream().allMatch(v -> v == null || v instanceof String)
                    ? null : "text or a list of texts";
            case PHONE -> "text (a JSON string), e.g. \"+14155550134\": a number loses the leading + and zeros";
            default -> "text (a JSON string)";
        };
    }

    /** Whether the record holds anything the rule can match on; a lookup without it would only scan. */
    public static boolean matchable(DedupeRules rules, CanonicalRecord record) {
        return rules.matchFields().stream().anyMatch(f -> record.value(f) != null)
                || record.value("email") != null || record.value("fullName") != null;
    }
}
