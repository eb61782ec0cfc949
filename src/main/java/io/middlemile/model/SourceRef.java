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

    /**
     * The reference {@link #toString()} wrote, or null when {@code text} is not one. Connection and object names hold no
     * slash, so the source id is everything after the second.
     */
    public static SourceRef parse(String text) {
        int object = text.indexOf('/');
        int id = object < 0 ? -1 : text.indexOf('/', object + 1);
        return id < 0 ? null : new SourceRef(text.substring(0, object), text.substring(object + 1, id), text.substring(id + 1));
    }
}
