package io.middlemile.quality;

import java.time.Instant;
import java.util.Map;

/**
 * One record as hygiene rules see it.
 *
 * @param object       the object it belongs to, as the connection names it (deals, contacts, Contact)
 * @param id           the record's id in its system
 * @param fields       field name to value; an absent or blank value is missing
 * @param owner        the owner's id or email, or null
 * @param lastModified when the record last changed, or null when unknown
 */
public record Inspected(String object, String id, Map<String, Object> fields, String owner, Instant lastModified) {

    public Inspected {
        fields = fields == null ? Map.of() : fields;
    }

    /** The field's value as trimmed text, or null when it is absent, blank or an empty list. */
    public String text(String field) {
        Object value = fields.get(field);
        if (value == null || (value instanceof java.util.Collection<?> list && list.isEmpty())) {
            return null; // an empty list of associated ids is as missing as an empty text
        }
        String text = value.toString().strip();
        return text.isEmpty() ? null : text;
    }
}
