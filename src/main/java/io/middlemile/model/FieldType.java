package io.middlemile.model;

/**
 * The value types canonical fields can hold; mappings are type-checked against them at load time.
 * {@code REFERENCE} points at another canonical record (a person's company): mapping lines read and
 * write it with {@code refers:}, and a sync translates the id between systems through the crosswalk.
 */
public enum FieldType {
    STRING, EMAIL, PHONE, URL, DOMAIN, COUNTRY, NUMBER, MONEY, TIMESTAMP, DATE, BOOLEAN, STRING_LIST, REFERENCE
}
