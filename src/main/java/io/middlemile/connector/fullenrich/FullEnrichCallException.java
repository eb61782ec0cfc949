package io.middlemile.connector.fullenrich;

import io.middlemile.connector.ConnectorException;

import java.time.Duration;

/** A classified FullEnrich failure, with the HTTP status and FullEnrich's error code ({@code error.rate.limit}) for callers and tests. */
public final class FullEnrichCallException extends ConnectorException {

    private final int status;
    private final String code;

    public FullEnrichCallException(Kind kind, String message, int status, String code, Duration retryAfter, Throwable cause) {
        super(kind, message, retryAfter, null, cause);
        this.status = status;
        this.code = code;
    }

    /** The HTTP status, 0 when no answer came. */
    public int status() {
        return status;
    }

    /** FullEnrich's {@code code} field, or null. */
    public String code() {
        return code;
    }
}
