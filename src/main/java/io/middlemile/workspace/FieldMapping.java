package io.middlemile.workspace;

import com.fasterxml.jackson.annotation.JsonProperty;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;

import java.util.List;

/**
 * One line of a mapping: a canonical field and the provider field it comes from and goes to.
 *
 * @param canonical    canonical field name (see {@code model.Entity})
 * @param source       provider field of the mapped object; absent when {@code constant} is given
 * @param transform    standardizers and simple transforms applied on the way in, in order
 * @param constant     a fixed value instead of a source field
 * @param defaultValue value used when the source is empty
 * @param direction    {@code both} (default), {@code in} (read only) or {@code out} (write only)
 * @param write        outbound write rule: {@code always} (default), {@code if-empty}, {@code never}, {@code prefer-newest}
 */
public record FieldMapping(
        @NotBlank(message = "is required: the canonical field this line maps") String canonical,
        String source,
        List<String> transform,
        String constant,
        @JsonProperty("default") String defaultValue,
        @Pattern(regexp = "both|in|out", message = "must be both, in or out") String direction,
        @Pattern(regexp = "always|if-empty|never|prefer-newest", message = "must be always, if-empty, never or prefer-newest")
        String write) {

    public FieldMapping {
        // keeps null entries (an empty or unreadable list item) so validation can report them, not crash
        transform = transform == null ? List.of() : java.util.Collections.unmodifiableList(new java.util.ArrayList<>(transform));
        direction = direction == null ? "both" : direction;
        write = write == null ? "always" : write;
    }

    public boolean inbound() {
        return !"out".equals(direction);
    }

    public boolean outbound() {
        return !"in".equals(direction);
    }
}
