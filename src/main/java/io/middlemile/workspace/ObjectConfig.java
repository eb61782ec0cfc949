package io.middlemile.workspace;

import jakarta.validation.constraints.NotEmpty;

import java.util.List;

/**
 * One object of a connection ({@code objects.contacts} in a connector file).
 *
 * @param id            the field holding the record's id in this object (CSV column, API property)
 * @param modifiedField the field holding the last-modified time, if the object has one
 * @param fields        the fields the workspace may map; mappings naming others are errors
 * @param associations  other objects of the same connection whose associated record ids each record
 *                      carries, as the field {@code associations.<object>} (a list of ids). Only HubSpot
 *                      connections read it; the loader rejects it on other connection types. Null or
 *                      empty: none.
 */
public record ObjectConfig(String id, String modifiedField,
                           @NotEmpty(message = "is required: the fields mappings may use, e.g. fields: [id, email]") List<String> fields,
                           List<String> associations) {

    /** Field name prefix of associated record ids: {@code associations.companies}. */
    public static final String ASSOCIATIONS_PREFIX = "associations.";

    public ObjectConfig {
        associations = associations == null ? List.of() : List.copyOf(associations);
    }

    public ObjectConfig(String id, String modifiedField, List<String> fields) {
        this(id, modifiedField, fields, List.of());
    }

    /** True when mappings may use {@code field}: one of {@code fields}, or {@code associations.<object>} of a listed association. */
    public boolean hasField(String field) {
        if (field == null) {
            return false;
        }
        if (fields != null && fields.contains(field)) {
            return true;
        }
        return field.startsWith(ASSOCIATIONS_PREFIX) && associations.contains(field.substring(ASSOCIATIONS_PREFIX.length()));
    }

    /** The field holding ids of associated records of {@code object}: {@code associations.<object>}. */
    public static String associationField(String object) {
        return ASSOCIATIONS_PREFIX + object;
    }
}
