package io.middlemile.connector.hubspot;

import io.middlemile.connector.ConnectorException;

import java.time.Duration;
import java.time.Instant;

/**
 * A classified failure of one HubSpot call, with what the caller needs to act on it: how long to
 * wait before retrying (rate limits, {@link #retryAfter()}) or when the daily quota resets
 * ({@link #resumeAt()}), both kept on {@link ConnectorException}.
 */
public final class HubSpotCallException extends ConnectorException {

    private final int httpStatus;
    private final String category;

    public HubSpotCallException(Kind kind, String message, int httpStatus, String category, Duration retryAfter,
                                Instant resumeAt, Throwable cause) {
        super(kind, message, retryAfter, resumeAt, cause);
        this.httpStatus = httpStatus;
        this.category = category;
    }

    /** HTTP status, or 0 when no answer arrived (I/O failure). */
    public int httpStatus() {
        return httpStatus;
    }

    /** HubSpot's error category (VALIDATION_ERROR, ...) or the 429 policy name; may be null. */
    public String category() {
        return category;
    }
}
