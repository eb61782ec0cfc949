package io.middlemile.mapping;

import io.middlemile.workspace.Condition;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A compiled {@code when:} condition: the one evaluator of its operators, shared by mapping lines and
 * assignment rules so that {@code equals}, {@code in}, {@code matches} and {@code notEmpty} mean the same
 * everywhere. Values are compared as text, stripped, case-insensitively (except {@code matches}). Thread-safe.
 */
public final class When {

    /** The operator a value failed, so a caller can say why without a second evaluator. */
    public enum Failed { NOT_EMPTY, EQUALS, IN, MATCHES }

    private final Condition condition;
    private final Pattern matches;

    private When(Condition condition) {
        this.condition = condition;
        this.matches = condition.matches() == null ? null : Pattern.compile(condition.matches());
    }

    /** Compiles {@code condition}; null stays null (a line without {@code when:} always applies). */
    public static When of(Condition condition) {
        return condition == null ? null : new When(condition);
    }

    public Condition condition() {
        return condition;
    }

    public String field() {
        return condition.field();
    }

    public boolean test(Object value) {
        return failed(value) == null;
    }

    /** The first operator {@code value} fails, or null when it satisfies every one. */
    public Failed failed(Object value) {
        String trimmed = value == null ? "" : value.toString().strip();
        if (condition.notEmpty() != null && condition.notEmpty() == trimmed.isEmpty()) {
            return Failed.NOT_EMPTY;
        }
        if (condition.equals() != null && !condition.equals().equalsIgnoreCase(trimmed)) {
            return Failed.EQUALS;
        }
        if (condition.in() != null && condition.in().stream().noneMatch(option -> option != null && option.equalsIgnoreCase(trimmed))) {
            return Failed.IN;
        }
        return matches == null || matches.matcher(trimmed).matches() ? null : Failed.MATCHES;
    }

    /** What the failed operator expected, in words for an explanation ("one of [US, CA]"). */
    public String expected(Failed failed) {
        return switch (Objects.requireNonNull(failed, "failed")) {
            case NOT_EMPTY -> condition.notEmpty() ? "a value" : "no value";
            case EQUALS -> "\"" + condition.equals() + "\"";
            case IN -> "one of " + condition.in();
            case MATCHES -> "a value matching /" + condition.matches() + "/";
        };
    }
}
