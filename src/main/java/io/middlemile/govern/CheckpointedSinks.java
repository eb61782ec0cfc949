package io.middlemile.govern;

import io.middlemile.connector.CheckpointedSink;
import io.middlemile.connector.Connector;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The checkpointed sinks (files) one run writes to: begun before the first page, made durable with
 * every page, published when the run succeeds. A plan enlists none.
 */
final class CheckpointedSinks {

    private final Function<String, Connector> connectors;
    private final boolean planning;
    private final Map<String, CheckpointedSink> sinks = new LinkedHashMap<>();
    private final Map<String, String> committedStates = new LinkedHashMap<>();

    CheckpointedSinks(Function<String, Connector> connectors, boolean planning) {
        this.connectors = connectors;
        this.planning = planning;
    }

    /** Begins each sink fresh or, when the run resumes, from the state committed with its last page. */
    void enlist(List<String[]> targets, Map<String, String> committed) {
        committedStates.putAll(committed);
        if (planning) {
            return;
        }
        for (String[] target : targets) {
            String key = target[0] + "/" + target[1];
            connectors.apply(target[0]).capability(CheckpointedSink.class).ifPresent(sink -> {
                if (!sinks.containsKey(key)) {
                    sink.begin(target[1], committed.get(key));
                    sinks.put(key, sink);
                }
            });
        }
    }

    /** Makes every sink durable; returns the states to commit with the page. */
    Map<String, String> flush() {
        Map<String, String> states = new LinkedHashMap<>(committedStates);
        sinks.forEach((key, sink) -> states.put(key, sink.flush(objectOf(key))));
        return states;
    }

    void complete() {
        sinks.forEach((key, sink) -> sink.complete(objectOf(key)));
    }

    /** The sinks enlisted, as {@code connection/object} keys. */
    java.util.Set<String> keys() {
        return java.util.Collections.unmodifiableSet(sinks.keySet());
    }

    boolean isEmpty() {
        return sinks.isEmpty();
    }

    private static String objectOf(String key) {
        return key.substring(key.indexOf('/') + 1);
    }
}
