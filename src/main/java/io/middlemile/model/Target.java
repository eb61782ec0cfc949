package io.middlemile.model;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

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

    /**
     * {@code CONNECTION/OBJECT} as a workspace file writes it (a hygiene file's {@code source:}).
     *
     * @throws IllegalArgumentException when it has no {@code /} or an empty side, saying what to write
     */
    public static Target parse(String text) {
        int slash = text == null ? -1 : text.indexOf('/');
        if (slash <= 0 || slash == text.length() - 1) {
            throw new IllegalArgumentException("\"" + text + "\" names no object; write connection/object, e.g. hubspot/contacts");
        }
        return new Target(text.substring(0, slash), text.substring(slash + 1));
    }

    /** Items grouped by the target each belongs to, targets and items in the order given (writes made per target). */
    public static <T> Map<Target, List<T>> group(Collection<T> items, Function<T, Target> target) {
        Map<Target, List<T>> grouped = new LinkedHashMap<>();
        items.forEach(item -> grouped.computeIfAbsent(target.apply(item), k -> new ArrayList<>()).add(item));
        return grouped;
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
