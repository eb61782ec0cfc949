package io.middlemile.govern;

import io.middlemile.connector.Connector;
import io.middlemile.connector.CurrentState;
import io.middlemile.connector.WriteOutcome;
import io.middlemile.store.JobRun;

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

    /** Counts as the session goes. */
    static final class Tally {
        private long written;
        private long skipped;
        private long failed;
        final List<String> conflicts = new ArrayList<>();
        final List<String> refused = new ArrayList<>();
        final List<String> notes = new ArrayList<>();

        void count(List<WriteOutcome> outcomes) {
            for (WriteOutcome outcome : outcomes) {
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

        /** The record an outcome is about: its id in the target, or for a record that was to be created, where it came from. */
        private static String which(WriteOutcome outcome) {
            return outcome.targetId() != null ? outcome.targetId()
                    : outcome.origin() != null ? outcome.origin().sourceId() : "a record";
        }

        ActionReport report(long runId) {
            return new ActionReport(runId, written, skipped, List.copyOf(conflicts), List.copyOf(refused), List.copyOf(notes), failed);
        }
    }
}
