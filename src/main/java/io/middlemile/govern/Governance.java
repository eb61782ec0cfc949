package io.middlemile.govern;

import io.middlemile.connector.Connector;
import io.middlemile.store.AssignmentStore;
import io.middlemile.store.CrosswalkStore;
import io.middlemile.store.JobRun;
import io.middlemile.store.JournalStore;
import io.middlemile.store.RecordLocks;
import io.middlemile.store.ReviewStore;
import io.middlemile.store.RunStore;
import io.middlemile.workspace.ConnectorConfig;

import java.time.Duration;
import java.util.Map;
import java.util.function.Function;

/**
 * The one write path's shared parts: the workspace's policies, the journal, the review queue, the
 * kill switch and the record locks. Every writer ({@link GovernedWrites}) is opened here;
 * {@link GovernedActions} runs the commands besides job runs (apply, reviews, rollback).
 */
public final class Governance {

    final Map<String, ConnectorConfig> connectors;
    final JournalStore journal;
    final ReviewStore reviews;
    final RunStore runs;
    final RecordLocks locks;
    final CrosswalkStore crosswalk;
    final AssignmentStore assignments;
    final KillSwitch killSwitch;
    final String workspaceVersion;
    final Duration reviewExpiry;
    final PolicyDecisions decisions;

    public Governance(Map<String, ConnectorConfig> connectors, JournalStore journal, ReviewStore reviews, RunStore runs,
                      RecordLocks locks, CrosswalkStore crosswalk, AssignmentStore assignments, KillSwitch killSwitch,
                      String workspaceVersion, Duration reviewExpiry) {
        this(connectors, journal, reviews, runs, locks, crosswalk, assignments, killSwitch, workspaceVersion, reviewExpiry,
                PolicyDecisions.NONE);
    }

    /** @param decisions told of every policy decision a write acts on (the engine's metrics) */
    public Governance(Map<String, ConnectorConfig> connectors, JournalStore journal, ReviewStore reviews, RunStore runs,
                      RecordLocks locks, CrosswalkStore crosswalk, AssignmentStore assignments, KillSwitch killSwitch,
                      String workspaceVersion, Duration reviewExpiry, PolicyDecisions decisions) {
        this.decisions = decisions;
        this.connectors = connectors;
        this.journal = journal;
        this.reviews = reviews;
        this.runs = runs;
        this.locks = locks;
        this.crosswalk = crosswalk;
        this.assignments = assignments;
        this.killSwitch = killSwitch;
        this.workspaceVersion = workspaceVersion;
        this.reviewExpiry = reviewExpiry;
    }

    /**
     * Opens the writer of one run.
     *
     * @param deferResults true for job runs: write results are committed with the page's checkpoint
     */
    public GovernedWrites open(JobRun run, Function<String, Connector> connectors, GovernedWrites.Mode mode, boolean deferResults) {
        return new GovernedWrites(this, run, connectors, mode, deferResults);
    }

    /**
     * What a connection's policy decides for one field written by {@code actor}, before any volume is counted: the
     * answer to "may I write this?" and to "why was this parked or refused?".
     *
     * @param field the provider field, or null for a whole-record action (archive, merge, send)
     */
    public PolicyVerdict verdict(Actor actor, String connection, String object, String field, WriteAction action) {
        ConnectorConfig config = connectors.get(connection);
        if (config == null) {
            throw new IllegalArgumentException("There is no connection \"" + connection + "\" in this workspace; expected one of "
                    + new java.util.TreeSet<>(connectors.keySet()));
        }
        return PolicyEngine.decide(config.writePolicy(), actor, object, field, action, 0, 0, null);
    }

    /** The workspace's connections, by id. */
    public java.util.Set<String> connections() {
        return connectors.keySet();
    }

    public KillSwitch killSwitch() {
        return killSwitch;
    }

    public String workspaceVersion() {
        return workspaceVersion;
    }
}
