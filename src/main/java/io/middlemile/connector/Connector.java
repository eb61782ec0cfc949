package io.middlemile.connector;

import java.util.Optional;

/**
 * One configured connection to a provider (a file of {@code connectors/}). A connector is a thin,
 * faithful adapter to the provider's API; capabilities ({@link ChangeSource}, {@link RecordSink}, ...)
 * are looked up by type so a route can only use what the provider really offers.
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
