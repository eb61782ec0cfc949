package io.middlemile.workspace;

import jakarta.validation.constraints.NotEmpty;

import java.util.List;

/**
 * One object of a connection ({@code objects.contacts} in a connector file).
 *
 * @param id            the field holding the record's id in this object (CSV column, API property)
 * @param modifiedField the field holding the last-modified time, if the object has one
 * @param fields        the fields the workspace may map; mappings naming others are errors
 */
public record ObjectConfig(String id, String modifiedField, @NotEmpty(message = "is required: the fields mappings may use, e.g. fields: [id, email]") List<String> fields) {
}
