package io.middlemile.standardize;

/** A pure, thread-safe value cleaner. Implementations never throw on any input. */
public interface Standardizer {

    /** Registry name as used in declarative mappings, e.g. {@code "email"}. */
    String name();

    /** Standardizes {@code input}; {@code context} may be null (treated as {@link StandardizeContext#NONE}). */
    Standardized apply(String input, StandardizeContext context);

    /** Convenience for context-free use. */
    default Standardized apply(String input) {
        return apply(input, StandardizeContext.NONE);
    }
}
