package io.middlemile.model;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A Person, Company, Deal or Activity in the hub's own vocabulary: what every connector's record is
 * mapped to on the way in and from on the way out. Immutable; {@link #with} returns a copy.
 *
 * @param entity       which canonical entity this is
 * @param source       the connection, object and id the record was read from
 * @param lastModified when the source last changed the record (null when the source does not say)
 * @param fields       canonical field name to value and provenance, in mapping order
 */
public record CanonicalRecord(Entity entity, SourceRef source, Instant lastModified, Map<String, FieldValue> fields) {

    public CanonicalRecord {
        Objects.requireNonNull(entity, "entity");
        Objects.requireNonNull(source, "source");
        // fields gathered for this record alone (Fields) are taken as they are; any other map is copied, so that no one
        // holding it can change the record
        fields = fields instanceof Gathered gathered ? gathered.fields : Collections.unmodifiableMap(new LinkedHashMap<>(fields));
    }

    /**
     * A record's fields gathered one by one and handed to the record without a copy: a mapping makes each record of a
     * large export this way, and copying every record's map after making it was a twentieth of mapping one.
     */
    public static final class Fields {
        private LinkedHashMap<String, FieldValue> gathering = new LinkedHashMap<>();

        /** Sets {@code field}, as {@link Map#put} does (a field set twice keeps its first place). */
        public Fields put(String field, FieldValue value) {
            gathering().put(field, value);
            return this;
        }

        /** The record with the fields gathered; the gathering ends here, so nothing changes them afterwards. */
        public CanonicalRecord record(Entity entity, SourceRef source, Instant lastModified) {
            Map<String, FieldValue> fields = Collections.unmodifiableMap(gathering());
            gathering = null;
            return new CanonicalRecord(entity, source, lastModified, new Gathered(fields));
        }

        private LinkedHashMap<String, FieldValue> gathering() {
            if (gathering == null) {
                throw new IllegalStateException("these fields were handed to a record already");
            }
            return gathering;
        }
    }

    /** Fields only {@link Fields} makes, read-only and held by no one else: the record keeps them as they are. */
    private static final class Gathered extends java.util.AbstractMap<String, FieldValue> {
        private final Map<String, FieldValue> fields;

        private Gathered(Map<String, FieldValue> fields) {
            this.fields = fields;
        }

        @Override
        public java.util.Set<Entry<String, FieldValue>> entrySet() {
            return fields.entrySet();
        }
    }

    public static CanonicalRecord empty(Entity entity, SourceRef source, Instant lastModified) {
        return new CanonicalRecord(entity, source, lastModified, Map.of());
    }

    /** The plain value of a field, or null when the field is absent. */
    public Object value(String field) {
        FieldValue fieldValue = fields.get(field);
        return fieldValue == null ? null : fieldValue.value();
    }

    /**
     * The values of the fields {@code slots} names, each at its slot (null where the record lacks the field), read in one
     * pass over the record's fields: code that reads a dozen fields of a million records does one look-up per field of
     * a small map it keeps, instead of a dozen look-ups in each record's own.
     */
    public Object[] values(Map<String, Integer> slots, int size) {
        Object[] values = new Object[size];
        for (Map.Entry<String, FieldValue> field : fields.entrySet()) {
            Integer slot = slots.get(field.getKey());
            if (slot != null) {
                values[slot] = field.getValue().value();
            }
        }
        return values;
    }

    public String string(String field) {
        Object value = value(field);
        return value == null ? null : value.toString();
    }

    public CanonicalRecord with(String field, Object value, Provenance provenance) {
        return with(field, value, provenance, null);
    }

    /**
     * As {@link #with(String, Object, Provenance)}, knowing what the hub last wrote for the field to the target
     * ({@link FieldValue#written}): a different value there was a person's change, which the write keeps.
     */
    public CanonicalRecord with(String field, Object value, Provenance provenance, Object written) {
        if (entity.field(field).isEmpty()) {
            throw new IllegalArgumentException("'" + field + "' is not a canonical " + entity.id() + " field");
        }
        Map<String, FieldValue> copy = new LinkedHashMap<>(fields);
        copy.put(field, new FieldValue(value, provenance, written));
        return new CanonicalRecord(entity, source, lastModified, copy);
    }
}
