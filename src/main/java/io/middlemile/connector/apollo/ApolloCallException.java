package io.middlemile.connector.apollo;

import io.middlemile.connector.ConnectorException;

import java.time.Duration;
import java.time.Instant;

/** A classified Apollo failure, with the HTTP status and Apollo's {@code error_code} when it sent one. */
public final class ApolloCallException extends ConnectorException {

    private final int status;
    private final String errorCode;

    public ApolloCallException(Kind kind, String message, int status, String errorCode, Duration retryAfter, Instant resumeAt,
                               Throwable cause) {
        super(kind, message, retryAfter, resumeAt, cause);
        this.status = status;
        this.errorCode = errorCode;
    }

    public int status() {
        return status;
    }

    /** Apollo's error_code (RECORD_LIMIT_EXCEEDED, INVALID_REQUEST, API_INACCESSIBLE, ...), or null. */
    public String errorCode() {
        return errorCode;
    }
}
