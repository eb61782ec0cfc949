package io.middlemile.workspace;

import jakarta.validation.constraints.NotNull;

/**
 * One pair of a picklist value map: the provider's value and the canonical value. Read in order;
 * the first pair matching wins in each direction, so several provider values may map to one
 * canonical value and back to the first of them.
 */
public record ValueMapping(
        @NotNull(message = "is required: the provider's value") String source,
        @NotNull(message = "is required: the canonical value") String canonical) {
}
