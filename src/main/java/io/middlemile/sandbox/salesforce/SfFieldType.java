package io.middlemile.sandbox.salesforce;

/** The describe {@code type} of a field, as far as the emulator distinguishes them. */
public enum SfFieldType {
    ID, STRING, BOOLEAN, DATETIME, DATE, INT, DOUBLE, REFERENCE;

    public String describeName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
