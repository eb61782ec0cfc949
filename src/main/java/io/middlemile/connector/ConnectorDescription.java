package io.middlemile.connector;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What a connection offers.
 *
 * @param id           the connection id (file name in {@code connectors/} without extension)
 * @param type         the connector type, e.g. {@code csv} or {@code hubspot}
 * @param objects      object name to its field names
 * @param capabilities simple names of the capability interfaces it implements ({@link #capabilitiesOf}), sorted
 */
public record ConnectorDescription(String id, String type, Map<String, List<String>> objects, List<String> capabilities) {

    /** A description whose capabilities are read off the connector's class, so they cannot drift from what it implements. */
    public static ConnectorDescription of(Connector connector, String id, String type, Map<String, List<String>> objects) {
        return new ConnectorDescription(id, type, objects, capabilitiesOf(connector.getClass()));
    }

    /**
     * The capability interfaces a connector class implements, directly or through another interface
     * ({@link CheckpointedSink} is a {@link RecordSink}): every interface of this package except
     * {@link Connector} itself. Sorted by name.
     */
    public static List<String> capabilitiesOf(Class<? extends Connector> type) {
        Set<Class<?>> seen = new LinkedHashSet<>();
        Deque<Class<?>> todo = new ArrayDeque<>();
        for (Class<?> c = type; c != null; c = c.getSuperclass()) {
            todo.addAll(List.of(c.getInterfaces()));
        }
        while (!todo.isEmpty()) {
            Class<?> next = todo.pop();
            if (seen.add(next)) {
                todo.addAll(List.of(next.getInterfaces()));
            }
        }
        return seen.stream()
                .filter(i -> i.getPackageName().equals(Connector.class.getPackageName()) && i != Connector.class)
                .map(Class::getSimpleName).sorted().toList();
    }
}
