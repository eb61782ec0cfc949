package io.middlemile.govern;

import io.middlemile.connector.CheckpointedSink;
import io.middlemile.connector.Connector;
import io.middlemile.model.SourceRef;
import io.middlemile.store.JobRun;
import io.middlemile.store.RecordLocks;
import io.middlemile.store.ReviewItem;
import io.middlemile.workspace.ConnectorConfig;

import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * What the writes of one run share, whatever their action: the run and its mode, who asked for the
 * writes, the counts, the journal, the plan and the review queue.
 */
final class WriteRun {

    final Governance governance;
    final JobRun run;
    final GovernedWrites.Mode mode;
    final RunCounts counts;
    final RunJournal journal;
    final PlanRecorder plan = new PlanRecorder();
    final CheckpointedSinks sinks;
    private final Function<String, Connector> connectors;
    private final boolean deferResults;
    private String source = "run";
    private String approval;
    private Actor actor;

    /** @param deferResults true for job runs: write results are committed with the page's checkpoint */
    WriteRun(Governance governance, JobRun run, Function<String, Connector> connectors, GovernedWrites.Mode mode, boolean deferResults) {
        this.governance = governance;
        this.run = run;
        this.connectors = connectors;
        this.mode = mode;
        this.deferResults = deferResults;
        this.sinks = new CheckpointedSinks(connectors, mode == GovernedWrites.Mode.PLAN);
        this.counts = new RunCounts(governance.journal);
        this.journal = new RunJournal(governance.journal, run, governance.workspaceVersion, this::actor);
        this.actor = Actor.job(run.job());
    }

    private final java.util.List<java.util.function.Consumer<GovernedWrites.KeptInTarget>> keptListeners = new java.util.ArrayList<>();

    void onKeptInTarget(java.util.function.Consumer<GovernedWrites.KeptInTarget> listener) {
        keptListeners.add(listener);
    }

    /** Tells the listeners of a person's change the write kept; a plan keeps nothing, so it tells no one. */
    void keptInTarget(GovernedWrites.KeptInTarget kept) {
        if (!planning()) {
            keptListeners.forEach(listener -> listener.accept(kept));
        }
    }

    boolean planning() {
        return mode == GovernedWrites.Mode.PLAN;
    }

    String source() {
        return source;
    }

    void source(String name) {
        this.source = name;
    }

    void approval(String approval) {
        this.approval = approval;
    }

    /** Who asks for this run's writes: the job itself unless a person or an agent was named. */
    Actor actor() {
        return actor;
    }

    void actor(Actor actor) {
        this.actor = actor;
    }

    Connector connector(String connection) {
        return connectors.apply(connection);
    }

    ConnectorConfig config(String connection) {
        return governance.connectors.get(connection);
    }

    /**
     * Opens a connection for one kind of write. The kill switch comes first, so with the switch on
     * not even a connector is opened; except for a plan, which writes nothing: previewing the fix of what made someone
     * stop the writes is what an operator does next (applying the plan then meets the switch).
     *
     * @param missing what to throw when the connector lacks the capability
     */
    <T> WriteTarget<T> target(String connection, Class<T> capability, Supplier<? extends RuntimeException> missing) {
        if (!planning()) {
            governance.killSwitch.check(actor);
        }
        Connector connector = connector(connection);
        T able = connector.capability(capability).orElseThrow(missing);
        ConnectorConfig config = config(connection);
        return new WriteTarget<>(connection, connector, able, config, new PolicyGate(config == null ? null : config.writePolicy(), approval,
                actor));
    }

    boolean deferResults() {
        return deferResults;
    }

    /**
     * Whether results are recorded right after the call: outside a job (apply, review, rollback),
     * unless a file takes the writes, which become real only when it is published at the end.
     */
    boolean resultsAtOnce(WriteTarget<?> target) {
        return !deferResults && sinks.isEmpty() && target.connector().capability(CheckpointedSink.class).isEmpty();
    }

    /** Locks the records against other runs' writes; a plan writes nothing and takes no lock (null). */
    RecordLocks.Held lock(String connection, String object, Collection<String> keys) {
        return planning() ? null : governance.locks.lock(connection, object, keys);
    }

    /** This run's and today's writes of an action at a target, as far as its rules need them. */
    ActionVolume volume(WriteTarget<?> target, WriteAction action) {
        return counts.volume(target.connection(), action, !planning() && target.gate().countsToday());
    }

    /** Every volume the caps of a target ask for; a plan never reads today's. */
    CapGate.Volumes capVolumes(WriteTarget<?> target) {
        return new CapGate.Volumes() {
            @Override
            public ActionVolume of(WriteAction action, boolean withToday) {
                return counts.volume(target.connection(), action, withToday && !planning());
            }

            @Override
            public ActionVolume ofActor(WriteAction action, boolean withToday) {
                return counts.actorVolume(target.connection(), action, actor, withToday && !planning());
            }
        };
    }

    /** As {@link #planned(WriteTarget, String, RecordChange, PolicyVerdict, SourceRef)}, for a write naming no source record. */
    void planned(WriteTarget<?> target, String object, RecordChange change, PolicyVerdict verdict) {
        planned(target, object, change, verdict, null);
    }

    /**
     * In a plan, records a write the policy parked or refused, so the plan shows it; a run records nothing here, and tells
     * the engine's metrics of the refusal.
     *
     * @param origin the source record the write came from, or null: the plan names it, so applying the plan keeps that record
     *               queued alone when this write is not made (with null, every record the plan would write stays queued)
     */
    void planned(WriteTarget<?> target, String object, RecordChange change, PolicyVerdict verdict, SourceRef origin) {
        if (planning()) {
            plan.add(target.connection(), object, change, verdict, source, origin);
        } else {
            // refused: a deny, or a review verdict for an action that cannot wait for one (an archive)
            governance.decisions.decided(target.connection(), object, change.action(), PolicyVerdict.Kind.DENY);
        }
    }

    /**
     * Tells the engine's metrics of a write about to be made: {@code auto}, whoever let it through (the policy, or a person
     * approving it in review). A plan tells nothing: it acts on nothing.
     */
    void approved(WriteTarget<?> target, String object, WritePipeline.Approved<?> write) {
        if (!planning()) {
            governance.decisions.decided(target.connection(), object, write.change().action(), PolicyVerdict.Kind.AUTO);
        }
    }

    /** As {@link #park(WriteTarget, String, RecordChange, PolicyVerdict, SourceRef)}, for a write naming no source record. */
    String park(WriteTarget<?> target, String object, RecordChange change, PolicyVerdict verdict) {
        return park(target, object, change, verdict, null);
    }

    /**
     * Parks a write in the review queue (a plan only records it, naming {@code origin}, the source record it came from, or
     * null) and says so, for the record's note: "waiting for review #12" or "would wait for review".
     */
    String park(WriteTarget<?> target, String object, RecordChange change, PolicyVerdict verdict, SourceRef origin) {
        if (!planning()) {
            governance.decisions.decided(target.connection(), object, change.action(), PolicyVerdict.Kind.REVIEW);
        }
        Optional<ReviewItem> rejected = governance.reviews.rejected(target.connection(), object, change.key(), change.action().id(),
                change.after());
        if (rejected.isPresent()) {
            ReviewItem no = rejected.get();
            return "not written, rejected in review #" + no.id() + " by " + no.decidedBy() + " (parked again only when the source"
                    + " value changes)";
        }
        if (planning()) {
            planned(target, object, change, verdict, origin);
            return "would wait for review";
        }
        long id = governance.reviews.park(new ReviewItem(0, run.id(), run.job(), target.connection(), object, change.key(),
                change.action().id(), change.before(), change.after(), verdict.rule(), ReviewItem.Status.PENDING, null, null, null, null, null,
                change.reason(), actor.id()),
                governance.reviewExpiry);
        return "waiting for review #" + id;
    }

    Map<String, Long> volumes() {
        return counts.thisRun();
    }
}
