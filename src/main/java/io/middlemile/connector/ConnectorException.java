package io.middlemile.connector;

import java.time.Duration;
import java.time.Instant;

/**
 * A failure talking to a provider, classified once per provider (its error classifier) so callers act
 * on the {@link Kind} rather than parse messages. The message is written for the person who has to act
 * on it: which connection and call, what the provider said, and what to do.
 *
 * <p>What a connector throws and what it returns (the SPI error contract, see {@link Connector}):
 * <ul>
 *   <li>thrown: failures of a whole call, which no record of the batch can get past: {@link Kind#RETRIABLE},
 *       {@link Kind#RATE_LIMITED} (after the connection's own retries, honouring {@link #retryAfter()}),
 *       {@link Kind#QUOTA_EXHAUSTED} (with {@link #resumeAt()} when the provider's reset is known),
 *       {@link Kind#AUTH} and {@link Kind#FATAL}; and {@link Kind#INVALID_REQUEST} or {@link Kind#NOT_FOUND}
 *       when the request itself is wrong whatever the records (a bad object name, a stored cursor the
 *       provider no longer takes);</li>
 *   <li>returned, never thrown: a record the provider refused on its own (invalid value, missing
 *       record) comes back as a {@link WriteOutcome.Status#REJECTED} outcome of that record, or as a
 *       {@link RejectedRecord} when reading, so one bad record does not sink its batch.</li>
 * </ul>
 * What a thrown failure does to the run (paused until {@link #resumeAt()}, failed, ...) is decided in
 * one place above the connectors, for every kind of run alike.
 */
public class ConnectorException extends RuntimeException {

    /**
     * How a failure is classified.
     * <ul>
     *   <li>{@code RETRIABLE}: a temporary problem (5xx, time-out, no answer); the call is retried.</li>
     *   <li>{@code RATE_LIMITED}: the provider asked to slow down; retried after {@link #retryAfter()}.</li>
     *   <li>{@code QUOTA_EXHAUSTED}: the daily (or rolling) allocation is spent; never retried, the run
     *       pauses and is resumed after {@link #resumeAt()}.</li>
     *   <li>{@code AUTH}: credentials or permissions; a person must fix the connection.</li>
     *   <li>{@code INVALID_REQUEST}, {@code NOT_FOUND}: the request as sent is wrong; per record where the
     *       provider says which record, otherwise for the whole call.</li>
     *   <li>{@code FATAL}: anything else that retrying cannot fix.</li>
     * </ul>
     */
    public enum Kind { RETRIABLE, RATE_LIMITED, QUOTA_EXHAUSTED, AUTH, INVALID_REQUEST, NOT_FOUND, FATAL }

    private final Kind kind;
    private final Duration retryAfter;
    private final Instant resumeAt;

    /**
     * @param retryAfter how long the provider asked us to wait before the next call, or null
     * @param resumeAt   when an exhausted quota is expected to be available again, or null when unknown
     */
    public ConnectorException(Kind kind, String message, Duration retryAfter, Instant resumeAt, Throwable cause) {
        super(message, cause);
        this.kind = kind;
        this.retryAfter = retryAfter;
        this.resumeAt = resumeAt;
    }

    public ConnectorException(Kind kind, String message, Throwable cause) {
        this(kind, message, null, null, cause);
    }

    public ConnectorException(Kind kind, String message) {
        this(kind, message, null, null, null);
    }

    public Kind kind() {
        return kind;
    }

    /** How long the provider asked us to wait before calling again (a {@code Retry-After}), or null. */
    public Duration retryAfter() {
        return retryAfter;
    }

    /** For {@link Kind#QUOTA_EXHAUSTED}: when the quota is expected to be available again, or null when the provider does not say. */
    public Instant resumeAt() {
        return resumeAt;
    }
}
