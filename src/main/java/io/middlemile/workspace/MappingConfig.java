package io.middlemile.workspace;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.Pattern;

import java.util.List;

/**
 * A file of {@code mappings/}: how one object of one connection maps to a canonical entity, in
 * both directions. The mapping id is the file name without {@code .yaml}.
 *
 * @param connector      the connection id (a file of {@code connectors/})
 * @param object         the object of that connection
 * @param entity         canonical entity: person, company, deal or activity
 * @param countryField   provider field holding the record's country, the default region for phones and states
 * @param defaultCountry ISO 3166-1 alpha-2 country assumed when the record has none
 * @param fields         the field lines, applied in order
 */
public record MappingConfig(
        @JsonIgnoreId String id,
        @NotBlank(message = "is required: the connection id this mapping reads and writes") String connector,
        @NotBlank(message = "is required: the object of the connection, e.g. contacts") String object,
        @NotBlank(message = "is required: person, company, deal or activity") String entity,
        String countryField,
        @Pattern(regexp = "[A-Z]{2}", message = "must be an ISO 3166-1 alpha-2 code such as US or DE") String defaultCountry,
        @NotEmpty(message = "needs at least one field line") List<@Valid FieldMapping> fields) {

    public MappingConfig withId(String newId) {
        return new MappingConfig(newId, connector, object, entity, countryField, defaultCountry, fields);
    }

    /**
     * A hub-sync's {@code matchOn} must be a field its mapping writes to the target: the first sync searches the target by
     * that provider field. One the mapping does not write (a misspelt {@code nmae}) was no search at all, so every
     * record was created again beside the one the target already held.
     */
    public java.util.Optional<String> matchOnProblem(String matchOn) {
        if (matchOn == null || fields == null) {
            return java.util.Optional.empty();
        }
        java.util.List<String> written = fields.stream().filter(java.util.Objects::nonNull)
                .filter(line -> line.outbound() && line.source() != null && line.canonical() != null).map(FieldMapping::canonical)
                .distinct().toList();
        if (written.contains(matchOn)) {
            return java.util.Optional.empty();
        }
        return java.util.Optional.of("matchOn=" + matchOn + ": mapping " + id + " writes no " + connector + "/"
                + object + " field from \"" + matchOn + "\", so the first sync could not find the records "
                + connector + " already holds and would create them again; use one of the canonical fields it writes "
                + written + " (usually email for people, name or companyDomain for companies)");
    }
}
