package io.middlemile.match;

/** A rule exists but has no usable index yet: its dedupe run has not been saved, or the rule changed since. */
public final class IndexNotBuiltException extends RuntimeException {
    public IndexNotBuiltException(String message) {
        super(message);
    }
}
