package io.middlemile.model;

import java.util.Objects;

/**
 * Where a record came from: the connection id from {@code connectors/}, the provider's object name
 * (for example {@code contacts} or {@code Lead}) and the provider's own id for the record.
 */
public record SourceRef(String connection, String object, String sourceId) {
    public SourceRef {
        Objects.requireNonNull(connection, "connection");
        Objects.requireNonNull(object, "object");
        Objects.requireNonNull(sourceId, "sourceId");
    }

    @Override
    public String toString() {
        return connection + "/" + object + "/" + sourceId;
    }
}
