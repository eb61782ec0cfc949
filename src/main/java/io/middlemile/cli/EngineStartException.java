package io.middlemile.cli;

/** The engine could not start; the message says why and what to do, without a stack trace. */
class EngineStartException extends RuntimeException {
    EngineStartException(String message, Throwable cause) {
        super(message, cause);
    }
}
