package io.middlemile.workspace;

import com.fasterxml.jackson.annotation.JsonProperty;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * One line of a mapping: a canonical field and the provider field(s) it comes from and goes to.
 *
 * @param canonical    canonical field name (see {@code model.Entity})
 * @param source       provider field of the mapped object (both directions)
 * @param sources      several provider fields joined into one value on the way in (read only)
 * @param join         separator for {@code sources} (default one space)
 * @param transform    transforms and standardizers applied on the way in, in order
 * @param transformOut text transforms applied on the way out, e.g. to write a region code as the provider expects it
 * @param take         what the line keeps from its last standardizer: {@code value} (default), {@code key} or an attribute
 * @param values       picklist value map, first match wins in each direction
 * @param unmapped     what to do with a value not in {@code values}: keep, empty or reject (required with values)
 * @param invalid      what to do when a standardizer finds the value invalid: keep (default, the original value), empty or reject
 * @param constant     a fixed value instead of a source field
 * @param defaultValue value used when the result is empty
 * @param when         apply the line only to records that satisfy this condition
 * @param direction    {@code both} (default), {@code in} (read only) or {@code out} (write only)
 * @param write        outbound write rule: {@code always} (default), {@code if-empty}, {@code never}, {@code prefer-newest}
 * @param refers       for a reference field: the object of the same connection whose record id the source field holds,
 *                     e.g. {@code Account} for a Salesforce contact's AccountId
 * @param placeholder  written where the canonical value is empty and the provider requires one (Salesforce's LastName);
 *                     read back, it means no value: the hub's own stand-in never becomes a person's name elsewhere
 */
public record FieldMapping(
        @NotBlank(message = "is required: the canonical field this line maps") String canonical,
        String source,
        List<String> sources,
        String join,
        List<TransformSpec> transform,
        List<TransformSpec> transformOut,
        String take,
        List<@Valid ValueMapping> values,
        @Pattern(regexp = "keep|empty|reject", message = "must be keep, empty or reject") String unmapped,
        @Pattern(regexp = "keep|empty|reject", message = "must be keep, empty or reject") String invalid,
        String constant,
        @JsonProperty("default") String defaultValue,
        @Valid Condition when,
        @Pattern(regexp = "both|in|out", message = "must be both, in or out") String direction,
        @Pattern(regexp = "always|if-empty|never|prefer-newest", message = "must be always, if-empty, never or prefer-newest")
        String write,
        String refers,
        String placeholder) {

    public FieldMapping {
        // keeps null entries (an empty or unreadable list item) so validation can report them, not crash
        transform = transform == null ? List.of() : Collections.unmodifiableList(new ArrayList<>(transform));
        transformOut = transformOut == null ? List.of() : Collections.unmodifiableList(new ArrayList<>(transformOut));
        sources = sources == null ? List.of() : Collections.unmodifiableList(new ArrayList<>(sources));
        values = values == null ? List.of() : Collections.unmodifiableList(new ArrayList<>(values));
        join = join == null ? " " : join;
        take = take == null ? "value" : take;
        invalid = invalid == null ? "keep" : invalid;
        direction = direction == null ? (sources.isEmpty() ? "both" : "in") : direction;
        write = write == null ? "always" : write;
    }

    public boolean inbound() {
        return !"out".equals(direction);
    }

    public boolean outbound() {
        return !"in".equals(direction);
    }

    /** The provider fields this line reads. */
    public List<String> inputs() {
        if (!sources.isEmpty()) {
            return sources;
        }
        return source == null ? List.of() : List.of(source);
    }
}
