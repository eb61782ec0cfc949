package io.middlemile.sync;

import io.middlemile.connector.Connector;
import io.middlemile.govern.GovernedWrites;
import io.middlemile.store.JobRun;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * Everything that belongs to one job run: its store record, the connector instances it opened, and
 * its governed writer, the only way the run's steps can write anywhere.
 */
public final class RunContext implements AutoCloseable {

    private final JobRun run;
    private final Function<String, Connector> opener;
    private final Map<String, Connector> connectors = new LinkedHashMap<>();
    private GovernedWrites writes;
    private Reassignment reassignment;

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

    @Override
    public void close() {
        connectors.values().forEach(Connector::close);
    }
}
