package io.middlemile.connector;

import java.util.Optional;

/**
 * One configured connection to a provider (a file of {@code connectors/}). A connector is a thin,
 * faithful adapter to the provider's API; capabilities ({@link ChangeSource}, {@link RecordSink}, ...)
 * are looked up by type so a route can only use what the provider really offers.
 *
 * <p>Failures (the error contract every capability keeps): a failure of a whole call is thrown as a
 * {@link ConnectorException} whose {@link ConnectorException.Kind} the provider's one error classifier
 * chose, with {@link ConnectorException#retryAfter()} when the provider asked for a wait and
 * {@link ConnectorException#resumeAt()} when a spent quota's reset is known; retriable and rate-limited
 * calls are retried inside the connector first. A failure of one record is never thrown: a write
 * returns it as that record's {@link WriteOutcome.Status#REJECTED} outcome and a read as a
 * {@link RejectedRecord} of its page, so one bad record does not sink its batch. Any other exception
 * fails the run as unexpected. How a thrown failure ends a run (paused until the reset, failed, ...) is not the connector's
 * business: it is decided in one place above it, the same for every kind of run.
 *
 * <p>Threading: a connector instance is used by one job run at a time. Connectors hold no secrets in
 * fields that are printed: {@code toString} must not reveal credentials.
 */
public interface Connector extends AutoCloseable {

    /** Type, objects, fields and capabilities, for validation and the console. */
    ConnectorDescription describe();

    /** Checks credentials and reachability. Never throws: failures are returned as a result. */
    HealthCheck check();

    /** The capability of the given type, when this connector offers it. */
    default <T> Optional<T> capability(Class<T> type) {
        return type.isInstance(this) ? Optional.of(type.cast(this)) : Optional.empty();
    }

    @Override
    default void close() {
    }
}
