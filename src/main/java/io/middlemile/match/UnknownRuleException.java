package io.middlemile.match;

/** A match request named a rule the workspace does not have. */
public final class UnknownRuleException extends RuntimeException {
    public UnknownRuleException(String message) {
        super(message);
    }
}
