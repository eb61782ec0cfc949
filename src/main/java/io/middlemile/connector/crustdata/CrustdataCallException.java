package io.middlemile.connector.crustdata;

import io.middlemile.connector.ConnectorException;

import java.time.Duration;
import java.time.Instant;

/** A classified Crustdata failure that keeps the HTTP status (0 without an answer), so a 400 can be traced to its record. */
public final class CrustdataCallException extends ConnectorException {

    private final int status;
    private final String vendorMessage;

    CrustdataCallException(Kind kind, String message, int status, String vendorMessage, Duration retryAfter, Instant resumeAt,
                           Throwable cause) {
        super(kind, message, retryAfter, resumeAt, cause);
        this.status = status;
        this.vendorMessage = vendorMessage;
    }

    public int status() {
        return status;
    }

    /** What Crustdata itself said ({@code error.message}), for a per-record rejection reason. */
    public String vendorMessage() {
        return vendorMessage;
    }
}
