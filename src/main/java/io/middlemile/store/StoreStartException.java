package io.middlemile.store;

/**
 * The embedded state store would not start. The message is for the operator: where its data is, what the server said,
 * where its log is and what to do; the command prints it as it is, without the cause's trace.
 */
public final class StoreStartException extends IllegalStateException {

    StoreStartException(String message, Throwable cause) {
        super(message, cause);
    }
}
