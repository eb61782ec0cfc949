package io.middlemile.connector.instantly;

import io.middlemile.connector.ConnectorException;

import java.time.Duration;

/** A classified Instantly failure, with the HTTP status (0 when no answer came). */
public final class InstantlyCallException extends ConnectorException {

    private final int status;

    public InstantlyCallException(Kind kind, String message, int status, Duration retryAfter, Throwable cause) {
        super(kind, message, retryAfter, null, cause);
        this.status = status;
    }

    public int status() {
        return status;
    }
}
