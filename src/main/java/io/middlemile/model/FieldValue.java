package io.middlemile.model;

/**
 * One canonical field's value together with where it came from.
 *
 * @param written what the hub itself last wrote for this field to the target (the owner an earlier run assigned), or
 *                null: a target value other than this one was set there by a person, and the write keeps it
 */
public record FieldValue(Object value, Provenance provenance, Object written) {

    public FieldValue(Object value, Provenance provenance) {
        this(value, provenance, null);
    }

    public boolean isEmpty() {
        return value == null || (value instanceof String s && s.isBlank());
    }
}
