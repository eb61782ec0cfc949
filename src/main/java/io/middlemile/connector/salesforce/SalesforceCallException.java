package io.middlemile.connector.salesforce;

import io.middlemile.connector.ConnectorException;

import java.time.Duration;

/** A classified failure of one Salesforce call, with the HTTP status and Salesforce's errorCode. */
public final class SalesforceCallException extends ConnectorException {

    private final int httpStatus;
    private final String errorCode;
    private final String answer;

    public SalesforceCallException(Kind kind, String message, int httpStatus, String errorCode, Duration retryAfter, Throwable cause) {
        this(kind, message, httpStatus, errorCode, null, retryAfter, cause);
    }

    /** @param answer Salesforce's own words, "HTTP 400 [INVALID_FIELD: ...]", to quote without the hub's advice; null if none */
    public SalesforceCallException(Kind kind, String message, int httpStatus, String errorCode, String answer, Duration retryAfter,
                                   Throwable cause) {
        super(kind, message, retryAfter, null, cause);
        this.httpStatus = httpStatus;
        this.errorCode = errorCode;
        this.answer = answer;
    }

    /** HTTP status, or 0 when no answer arrived. */
    public int httpStatus() {
        return httpStatus;
    }

    /** Salesforce's errorCode (REQUEST_LIMIT_EXCEEDED, INVALID_FIELD, ...), or null. */
    public String errorCode() {
        return errorCode;
    }

    /**
     * What Salesforce answered, without the hub's advice ("HTTP 400 [INVALID_FIELD: No such column ...]"), or null when the
     * classifier kept none. The advice in the message fits the call as a whole; a message per record quotes this instead.
     */
    public String answer() {
        return answer;
    }
}
