package io.middlemile.workspace;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;

import java.util.List;

/**
 * A file of {@code mappings/}: how one object of one connection maps to a canonical entity, in
 * both directions. The mapping id is the file name without {@code .yaml}.
 *
 * @param connector the connection id (a file of {@code connectors/})
 * @param object    the object of that connection
 * @param entity    canonical entity: person, company, deal or activity
 * @param fields    the field lines, applied in order
 */
public record MappingConfig(
        @JsonIgnoreId String id,
        @NotBlank(message = "is required: the connection id this mapping reads and writes") String connector,
        @NotBlank(message = "is required: the object of the connection, e.g. contacts") String object,
        @NotBlank(message = "is required: person, company, deal or activity") String entity,
        @NotEmpty(message = "needs at least one field line") List<@Valid FieldMapping> fields) {

    public MappingConfig withId(String newId) {
        return new MappingConfig(newId, connector, object, entity, fields);
    }
}
