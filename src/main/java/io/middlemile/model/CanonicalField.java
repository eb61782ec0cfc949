package io.middlemile.model;

/** A documented field of the canonical model. */
public record CanonicalField(String name, FieldType type, String description) {
}
