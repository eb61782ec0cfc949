package io.middlemile.match;

/** A rule's index is being loaded from the store (after a start); the caller should try again shortly. */
public final class IndexLoadingException extends RuntimeException {
    public IndexLoadingException(String message) {
        super(message);
    }
}
