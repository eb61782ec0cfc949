package io.middlemile.connector.salesforce;

import io.middlemile.connector.ConnectorException;

import java.time.Duration;

/** A classified failure of one Salesforce call, with the HTTP status and Salesforce's errorCode. */
public final class SalesforceCallException extends ConnectorException {

    private final int httpStatus;
    private final String errorCode;

    public SalesforceCallException(Kind kind, String message, int httpStatus, String errorCode, Duration retryAfter, Throwable cause) {
        super(kind, message, retryAfter, null, cause);
        this.httpStatus = httpStatus;
        this.errorCode = errorCode;
    }

    /** HTTP status, or 0 when no answer arrived. */
    public int httpStatus() {
        return httpStatus;
    }

    /** Salesforce's errorCode (REQUEST_LIMIT_EXCEEDED, INVALID_FIELD, ...), or null. */
    public String errorCode() {
        return errorCode;
    }
}
