package io.middlemile.web;

import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
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
        return "'" + e.getName() + "' must be " + expected + "; got \"" + cut(String.valueOf(e.getValue())) + "\"";
    }

    /** {@code 'on' is missing: the request must give it (true or false)}. */
    public static String missing(MissingServletRequestParameterException e) {
        String words = kind(e.getParameterType());
        return "'" + e.getParameterName() + "' is missing: the request must give it" + (words == null ? "" : " (" + words + ")");
    }

    /**
     * A JSON body that is JSON but not of the endpoint's shape, in an operator's words: {@code "on" must be true or false;
     * got "yes"}, not Jackson's {@code Cannot deserialize value of type `java.lang.Boolean`}. A field the body does not
     * have names the ones it has.
     */
    public static String wrongBody(MismatchedInputException e) {
        String at = e.getPath().stream()
                .map(step -> step.getFieldName() != null ? step.getFieldName() : "[" + step.getIndex() + "]")
                .collect(java.util.stream.Collectors.joining(".")).replace(".[", "[");
        if (e instanceof UnrecognizedPropertyException unknown) {
            return "\"" + at + "\" is not a field of this endpoint's body; it takes " + unknown.getKnownPropertyIds().stream()
                    .map(String::valueOf).sorted().map(name -> "\"" + name + "\"").collect(java.util.stream.Collectors.joining(", "));
        }
        Class<?> type = e.getTargetType();
        String words = type == null ? null : kind(type.getSimpleName());
        if (words == null) {
            words = type == null ? "of another kind" : type == String.class ? "text (a JSON string)"
                    : type.isRecord() ? "a JSON object"
                    : java.util.Collection.class.isAssignableFrom(type) || type.isArray() ? "a JSON array" : "of another kind";
        }
        String got = e instanceof InvalidFormatException invalid ? "; got \"" + cut(String.valueOf(invalid.getValue())) + "\"" : "";
        return (at.isEmpty() ? "The body" : "\"" + at + "\"") + " must be " + words + got;
    }

    private static String cut(String value) {
        return value.length() > 40 ? value.substring(0, 40) + "..." : value;
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
