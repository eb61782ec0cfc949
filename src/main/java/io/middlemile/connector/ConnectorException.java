package io.middlemile.connector;

/**
 * A failure talking to a provider, classified once per provider so callers can act on the kind
 * rather than parse messages.
 */
public class ConnectorException extends RuntimeException {

    public enum Kind { RETRIABLE, RATE_LIMITED, QUOTA_EXHAUSTED, AUTH, INVALID_REQUEST, NOT_FOUND, FATAL }

    private final Kind kind;

    public ConnectorException(Kind kind, String message, Throwable cause) {
        super(message, cause);
        this.kind = kind;
    }

    public ConnectorException(Kind kind, String message) {
        this(kind, message, null);
    }

    public Kind kind() {
        return kind;
    }
}
