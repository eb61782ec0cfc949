package io.middlemile.connector.unipile;

import io.middlemile.connector.ConnectorException;

import java.time.Duration;

/**
 * A classified Unipile failure, with the HTTP status (0 when no answer came) and Unipile's error {@code type}
 * ({@code errors/disconnected_account}, {@code errors/too_many_characters}, ...; null when the body had none).
 */
public final class UnipileCallException extends ConnectorException {

    private final int status;
    private final String type;
    private final boolean perRecord;

    public UnipileCallException(Kind kind, String message, int status, String type, boolean perRecord, Duration retryAfter,
                                Throwable cause) {
        super(kind, message, retryAfter, null, cause);
        this.status = status;
        this.type = type;
        this.perRecord = perRecord;
    }

    public int status() {
        return status;
    }

    /** Unipile's error type, e.g. {@code errors/too_many_characters}; null when the answer had none. */
    public String type() {
        return type;
    }

    /**
     * Whether the refusal concerns the one send's person or text (a note too long, a person already invited, a profile
     * not found), so it is that send's outcome and not a failure of the connection.
     */
    public boolean perRecord() {
        return perRecord;
    }
}
