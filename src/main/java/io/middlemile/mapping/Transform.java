package io.middlemile.mapping;

/**
 * A named step of a mapping's {@code transform:} list. Transforms never throw on bad input: a value
 * they cannot make sense of comes back with a problem, which the mapping reports for that record.
 */
@FunctionalInterface
public interface Transform {

    Result apply(String value, TransformContext context);

    /** The transformed value, and a problem when the input was not usable. */
    record Result(String value, String problem) {
        public static Result ok(String value) {
            return new Result(value, null);
        }

        public static Result problem(String value, String problem) {
            return new Result(value, problem);
        }
    }
}
