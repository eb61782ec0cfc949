package io.middlemile.connector.instantly;

import io.middlemile.connector.ConnectorException;

import java.time.Duration;

/** A classified Instantly failure, with the HTTP status (0 when no answer came). */
public final class InstantlyCallException extends ConnectorException {

    private final int status;
    private final String answer;

    public InstantlyCallException(Kind kind, String message, int status, Duration retryAfter, Throwable cause) {
        this(kind, message, null, status, retryAfter, cause);
    }

    /**
     * @param answer which connection and call, and what Instantly answered, without the advice the message adds: a caller
     *               that knows where the call's ids come from gives its own advice ({@link #answer()})
     */
    public InstantlyCallException(Kind kind, String message, String answer, int status, Duration retryAfter, Throwable cause) {
        super(kind, message, retryAfter, null, cause);
        this.status = status;
        this.answer = answer;
    }

    public int status() {
        return status;
    }

    /** Which connection and call, and what Instantly answered ("..., add 8 leads to campaign X: HTTP 404: ..."); else the message. */
    public String answer() {
        return answer == null ? getMessage() : answer;
    }
}
