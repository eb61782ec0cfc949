package io.middlemile.model;

/** The value types canonical fields can hold; mappings are type-checked against them at load time. */
public enum FieldType {
    STRING, EMAIL, PHONE, URL, DOMAIN, COUNTRY, NUMBER, MONEY, TIMESTAMP, DATE, BOOLEAN, STRING_LIST
}
