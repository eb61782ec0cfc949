package io.middlemile.standardize;

/** A pure, thread-safe value cleaner. Implementations never throw on any input. */
public interface Standardizer {

    /** Registry name as used in declarative mappings, e.g. {@code "email"}. */
    String name();

    /** Standardizes {@code input}; {@code context} may be null (treated as {@link StandardizeContext#NONE}). */
    Standardized apply(String input, StandardizeContext context);

    /**
     * About to standardize {@code inputs} (nulls among them): a standardizer that remembers results reads its cache
     * ahead for all of them at once ({@link RepeatCache#warm}). A hint that changes no result; most do nothing.
     */
    default void warm(String[] inputs) {
    }

    /** Convenience for context-free use. */
    default Standardized apply(String input) {
        return apply(input, StandardizeContext.NONE);
    }
}
