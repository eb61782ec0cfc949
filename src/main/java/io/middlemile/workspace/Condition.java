package io.middlemile.workspace;

import jakarta.validation.constraints.NotBlank;

import java.util.List;

/**
 * {@code when:} on a mapping line: the line applies only to records whose provider field
 * {@code field} satisfies every given test.
 *
 * @param field    provider field tested
 * @param equals   exact value (case-insensitive)
 * @param in       one of these values (case-insensitive)
 * @param matches  a Java regular expression the whole value matches
 * @param notEmpty true: the field has a non-blank value; false: it is blank or missing
 */
public record Condition(
        @NotBlank(message = "is required: the provider field tested") String field,
        String equals,
        List<String> in,
        String matches,
        Boolean notEmpty) {
}
