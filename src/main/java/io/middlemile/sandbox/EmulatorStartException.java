package io.middlemile.sandbox;

/** An emulator could not start (its port is taken): the message says which and what to do, for the operator, not a bug. */
public final class EmulatorStartException extends IllegalStateException {

    public EmulatorStartException(String message, Throwable cause) {
        super(message, cause);
    }
}
