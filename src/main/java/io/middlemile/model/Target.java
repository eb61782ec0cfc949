package io.middlemile.model;

import java.util.Objects;

/**
 * One object of one connection, as a route names it ({@code CONNECTION/OBJECT}): what a job reads
 * from or writes to. Lives here, at the bottom of the dependency order, so the workspace's route
 * parser, the jobs, the governed write path and the Camel components all pass the same value instead
 * of string pairs.
 *
 * @param connection the connection id from {@code connectors/}
 * @param object     the provider's object name, e.g. {@code contacts} or {@code Contact}
 */
public record Target(String connection, String object) {

    public Target {
        Objects.requireNonNull(connection, "connection");
        Objects.requireNonNull(object, "object");
    }

    /** The record {@code id} of this object. */
    public SourceRef ref(String id) {
        return new SourceRef(connection, object, id);
    }

    /** {@code CONNECTION/OBJECT}, as routes and messages write it. */
    @Override
    public String toString() {
        return connection + "/" + object;
    }
}
