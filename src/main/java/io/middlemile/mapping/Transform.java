package io.middlemile.mapping;

import io.middlemile.standardize.StandardizeContext;
import io.middlemile.standardize.Standardized;

/**
 * A step of a mapping line's {@code transform:} list. Every transform answers with a
 * {@link Standardized}: plain text transforms with a VALID value, standardizers with their verdict,
 * match key and attributes. Transforms never throw on bad input.
 */
@FunctionalInterface
public interface Transform {

    Standardized apply(String value, StandardizeContext context);

    /** About to be applied to {@code values}: see {@link io.middlemile.standardize.Standardizer#warm}. */
    default void warm(String[] values) {
    }
}
