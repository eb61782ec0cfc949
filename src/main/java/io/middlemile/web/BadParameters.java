package io.middlemile.web;

import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;

/**
 * The words for a request parameter or path segment that is missing or not of its type, the same in the API's JSON
 * ({@link HttpErrors}) and on the console's pages: Spring's own words name Java types and conversion internals.
 */
public final class BadParameters {

    private BadParameters() {
    }

    /** {@code 'id' must be a whole number; got "abc"}. */
    public static String wrongType(MethodArgumentTypeMismatchException e) {
        Class<?> type = e.getRequiredType();
        String words = type == null ? null : kind(type.getSimpleName());
        String expected = words != null ? words : type == null ? "of another type" : "a " + type.getSimpleName().toLowerCase();
        String got = String.valueOf(e.getValue());
        return "'" + e.getName() + "' must be " + expected + "; got \"" + (got.length() > 40 ? got.substring(0, 40) + "..." : got)
                + "\"";
    }

    /** {@code 'on' is missing: the request must give it (true or false)}. */
    public static String missing(MissingServletRequestParameterException e) {
        String words = kind(e.getParameterType());
        return "'" + e.getParameterName() + "' is missing: the request must give it" + (words == null ? "" : " (" + words + ")");
    }

    /** A parameter type's name (int, Long, boolean, ...) in an operator's words, or null for the others. */
    private static String kind(String typeName) {
        return switch (typeName) {
            case "int", "long", "Integer", "Long" -> "a whole number";
            case "boolean", "Boolean" -> "true or false";
            default -> null;
        };
    }
}
