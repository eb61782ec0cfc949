package io.middlemile.govern;

import io.middlemile.connector.Connector;
import io.middlemile.connector.CurrentState;
import io.middlemile.connector.WriteOutcome;
import io.middlemile.model.SourceRef;
import io.middlemile.store.JobRun;
import io.middlemile.store.RecordOutcome;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * One command of the write path besides job runs (apply, a review decision, a rollback, a merge
 * plan), opened by {@link ActionSessions}: it writes through one {@link GovernedWrites} of its own
 * run, reads targets through the connectors it opened, and tallies what it did.
 */
final class ActionSession {

    /** The work of a session, written against its writer and counted in its tally. */
    interface Work {
        void run(ActionSession session, Tally tally);
    }

    final JobRun run;
    final GovernedWrites writes;
    private final Function<String, Connector> opener;
    private final Map<String, Connector> connectors = new LinkedHashMap<>();

    ActionSession(Governance governance, JobRun run, Function<String, Connector> opener, String source, String approval) {
        this.run = run;
        this.opener = opener;
        this.writes = governance.open(run, this::connector, GovernedWrites.Mode.EXECUTE, false).source(source);
        if (approval != null) {
            writes.approvedBy(approval);
        }
    }

    Connector connector(String connection) {
        return connectors.computeIfAbsent(connection, opener);
    }

    /** What the target holds now for these keys, or null when it cannot be read back. */
    Map<String, Map<String, Object>> current(String connection, String object, List<String> keys) {
        return connector(connection).capability(CurrentState.class).map(s -> s.current(object, keys)).orElse(null);
    }

    /** The writer, with the target's file session begun when it is a file (only targets written are touched). */
    GovernedWrites to(String connection, String object) {
        writes.enlist(List.<String[]>of(new String[] {connection, object}), Map.of());
        return writes;
    }

    /** Closes the connectors the session opened. */
    void close() {
        connectors.values().forEach(Connector::close);
    }

    /**
     * Counts as the session goes, and keeps each record's outcome for the session's run: the write path's answers
     * ({@link #count}), the conflicts the work met ({@link #conflict}) and the steps it could not take ({@link #notDone}).
     */
    static final class Tally {
        private long written;
        private long skipped;
        private long failed;
        private final List<String> conflicts = new ArrayList<>();
        private final List<String> refused = new ArrayList<>();
        final List<String> notes = new ArrayList<>();
        /** Each record the session met, as its run records it. */
        private final List<RecordOutcome> outcomes = new ArrayList<>();

        void count(List<WriteOutcome> outcomes) {
            for (WriteOutcome outcome : outcomes) {
                this.outcomes.add(recorded(outcome));
                switch (outcome.status()) {
                    case WRITTEN -> written++;
                    case SKIPPED -> {
                        if (outcome.reason() != null && outcome.reason().startsWith("unchanged")) {
                            skipped++;
                        } else {
                            refused.add(which(outcome) + ": " + outcome.reason());
                        }
                    }
                    case REJECTED -> {
                        failed++;
                        refused.add(which(outcome) + ": " + outcome.reason());
                    }
                }
            }
        }

        /** A record the work left alone because it changed since (a conflict): a rejected record of the run. */
        void conflict(String connection, String object, String key, String why) {
            conflicts.add(connection + "/" + object + "/" + key + ": " + why);
            outcomes.add(met(connection, object, key, RecordOutcome.Outcome.REJECTED, why.startsWith("conflict") ? why : "conflict: " + why));
        }

        /** A step the work could not take (a sent message a rollback cannot unsend): a skipped record of the run, with why. */
        void notDone(String connection, String object, String key, String why) {
            refused.add(connection + "/" + object + "/" + key + ": " + why);
            outcomes.add(met(connection, object, key, RecordOutcome.Outcome.SKIPPED, why));
        }

        /**
         * A parked write (send, lookup) the session took out of the review queue (a rollback withdrawing what its run
         * parked): a skipped record of the run, with why, so the run's page keeps what the rollback did to the queue. Not a
         * step refused: nothing was asked of the target.
         */
        void withdrawn(String connection, String object, String key, String why) {
            outcomes.add(met(connection, object, key, RecordOutcome.Outcome.SKIPPED, why));
        }

        /** The record an outcome is about: its id in the target, or for a record that was to be created, where it came from. */
        private static String which(WriteOutcome outcome) {
            return outcome.targetId() != null ? outcome.targetId()
                    : outcome.origin() != null ? outcome.origin().sourceId() : "a record";
        }

        ActionReport report(long runId) {
            return new ActionReport(runId, written, skipped, List.copyOf(conflicts), List.copyOf(refused), List.copyOf(notes), failed);
        }

        /**
         * Each record the session met, as its run records it: the write path's outcome of each write (a refusal by policy
         * or by the target is rejected, a write parked for review skipped), each conflict rejected, and each step the work
         * could not take skipped with why.
         */
        List<RecordOutcome> recordOutcomes() {
            return List.copyOf(outcomes);
        }

        /**
         * What the run's record page says when the session left records behind, or null: a rollback or apply that met a
         * conflict still did the rest and ends succeeded, as a job run with rejected records does, but says so.
         */
        String summary() {
            if (conflicts.isEmpty() && failed == 0) {
                return null;
            }
            return conflicts.size() + (conflicts.size() == 1 ? " conflict, " : " conflicts, ") + failed + " refused: see the run's"
                    + " rejected records, each with why it was not written";
        }

        private static RecordOutcome recorded(WriteOutcome outcome) {
            SourceRef origin = outcome.origin();
            String id = which(outcome);
            SourceRef ref = origin == null ? new SourceRef("-", "-", id) : new SourceRef(origin.connection(), origin.object(), id);
            return new RecordOutcome(ref, ref.connection() + "/" + ref.object() + "/" + id, outcome(outcome.status()), outcome.reason(),
                    null);
        }

        private static RecordOutcome.Outcome outcome(WriteOutcome.Status status) {
            return switch (status) {
                case WRITTEN -> RecordOutcome.Outcome.WRITTEN;
                case SKIPPED -> RecordOutcome.Outcome.SKIPPED;
                case REJECTED -> RecordOutcome.Outcome.REJECTED;
            };
        }

        private static RecordOutcome met(String connection, String object, String key, RecordOutcome.Outcome outcome, String why) {
            return new RecordOutcome(new SourceRef(connection, object, key), connection + "/" + object + "/" + key, outcome, why, null);
        }
    }
}
