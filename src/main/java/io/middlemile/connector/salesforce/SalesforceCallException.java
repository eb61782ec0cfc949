package io.middlemile.connector.salesforce;

import io.middlemile.connector.ConnectorException;

import java.time.Duration;

/** A classified failure of one Salesforce call, with the HTTP status and Salesforce's errorCode. */
public final class SalesforceCallException extends ConnectorException {

    private final int httpStatus;
    private final String errorCode;
    private final Duration retryAfter;

    public SalesforceCallException(Kind kind, String message, int httpStatus, String errorCode, Duration retryAfter, Throwable cause) {
        super(kind, message, cause);
        this.httpStatus = httpStatus;
        this.errorCode = errorCode;
        this.retryAfter = retryAfter;
    }

    /** HTTP status, or 0 when no answer arrived. */
    public int httpStatus() {
        return httpStatus;
    }

    /** Salesforce's errorCode (REQUEST_LIMIT_EXCEEDED, INVALID_FIELD, ...), or null. */
    public String errorCode() {
        return errorCode;
    }

    /** How long to wait before retrying, when the answer said so; otherwise null. */
    public Duration retryAfter() {
        return retryAfter;
    }
}
