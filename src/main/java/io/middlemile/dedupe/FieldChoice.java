package io.middlemile.dedupe;

import io.middlemile.model.SourceRef;

import java.util.List;

/**
 * The surviving value of one field in a merged record, and where it came from.
 *
 * @param field  canonical field
 * @param values the surviving value (one element; several for the union rule), as written in the source
 * @param from   the record(s) each value was taken from, parallel to {@code values}
 * @param rule   the survivorship rule that chose it (master, most-recent, longest, union, source:X)
 */
public record FieldChoice(String field, List<String> values, List<SourceRef> from, String rule) {

    public FieldChoice {
        values = List.copyOf(values);
        from = List.copyOf(from);
    }

    /** The single surviving value (the first one for the union rule). */
    public String value() {
        return values.isEmpty() ? null : values.get(0);
    }
}
