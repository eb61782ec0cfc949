package io.middlemile.sync;

import io.middlemile.connector.Connector;
import io.middlemile.govern.GovernedWrites;
import io.middlemile.store.JobRun;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Everything that belongs to one job run: its store record, the connector instances it opened, and
 * its governed writer, the only way the run's steps can write anywhere.
 */
public final class RunContext implements AutoCloseable {

    /** A step's word on a run that stopped before its end, once the pages it did not commit were taken back. */
    @FunctionalInterface
    public interface OnStop {
        /**
         * @param unpublished true when the writes of the pages the run did commit are lost as well: it wrote to a file, which
         *                    takes a run's writes only when the run ends, and it stopped without being resumed after
         * @return a sentence for the run's message (what the step took back), or null for nothing to say
         */
        String stopped(boolean unpublished);
    }

    private final JobRun run;
    private final Function<String, Connector> opener;
    private final Map<String, Connector> connectors = new LinkedHashMap<>();
    private GovernedWrites writes;
    private Reassignment reassignment;
    private final Map<String, OnStop> onStop = new LinkedHashMap<>();

    RunContext(JobRun run, Function<String, Connector> opener) {
        this.run = run;
        this.opener = opener;
    }

    void writes(GovernedWrites governed) {
        this.writes = governed;
    }

    void reassignment(Reassignment moving) {
        this.reassignment = moving;
    }

    /** The departed owner's leads this run moves ({@code assign reassign}), or null for every other run. */
    public Reassignment reassignment() {
        return reassignment;
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

    /** The run's writer: every write goes through the policy, the journal and the caps. */
    public GovernedWrites writes() {
        return writes;
    }

    /**
     * Registers a step's {@link OnStop} for this run, once under {@code key} (the step's own name): returns the one
     * registered first, so a step keeps its state for the run there from page to page.
     */
    @SuppressWarnings("unchecked")
    public <T extends OnStop> T onStop(String key, Supplier<T> create) {
        return (T) onStop.computeIfAbsent(key, k -> create.get());
    }

    Collection<OnStop> onStop() {
        return List.copyOf(onStop.values());
    }

    @Override
    public void close() {
        connectors.values().forEach(Connector::close);
    }
}
