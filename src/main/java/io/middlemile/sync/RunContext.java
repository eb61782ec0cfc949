package io.middlemile.sync;

import io.middlemile.connector.CheckpointedSink;
import io.middlemile.connector.Connector;
import io.middlemile.store.JobRun;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * Everything that belongs to one job run: its store record, the connector instances it opened,
 * and the checkpointed sinks that joined it, so they can be flushed with each page's commit and
 * published when the run succeeds.
 */
public final class RunContext implements AutoCloseable {

    private final JobRun run;
    private final Function<String, Connector> opener;
    private final Map<String, String> committedSinkStates;
    private final Map<String, Connector> connectors = new LinkedHashMap<>();
    private final Map<String, CheckpointedSink> sinks = new LinkedHashMap<>();

    RunContext(JobRun run, Function<String, Connector> opener, Map<String, String> committedSinkStates) {
        this.run = run;
        this.opener = opener;
        this.committedSinkStates = committedSinkStates;
    }

    public JobRun run() {
        return run;
    }

    public String sourceConnection() {
        return run.sourceConnection();
    }

    public String sourceObject() {
        return run.sourceObject();
    }

    /** The run's instance of a connection, opened on first use and closed with the run. */
    public Connector connector(String connection) {
        return connectors.computeIfAbsent(connection, opener);
    }

    /**
     * Enlists every checkpointed sink the route writes to, before the first page: each starts fresh
     * or, when the run resumes, from the state committed with the last page.
     */
    void enlistSinks(Iterable<String[]> connectionAndObject) {
        for (String[] target : connectionAndObject) {
            String key = target[0] + "/" + target[1];
            connector(target[0]).capability(CheckpointedSink.class).ifPresent(sink -> {
                if (!sinks.containsKey(key)) {
                    sink.begin(target[1], committedSinkStates.get(key));
                    sinks.put(key, sink);
                }
            });
        }
    }

    Map<String, String> flushSinks() {
        Map<String, String> states = new LinkedHashMap<>(committedSinkStates);
        sinks.forEach((key, sink) -> states.put(key, sink.flush(objectOf(key))));
        return states;
    }

    void completeSinks() {
        sinks.forEach((key, sink) -> sink.complete(objectOf(key)));
    }

    private static String objectOf(String key) {
        return key.substring(key.indexOf('/') + 1);
    }

    @Override
    public void close() {
        connectors.values().forEach(Connector::close);
    }
}
