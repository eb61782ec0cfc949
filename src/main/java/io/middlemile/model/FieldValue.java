package io.middlemile.model;

/** One canonical field's value together with where it came from. */
public record FieldValue(Object value, Provenance provenance) {
    public boolean isEmpty() {
        return value == null || (value instanceof String s && s.isBlank());
    }
}
