package io.middlemile.govern;

import io.middlemile.connector.Connector;
import io.middlemile.connector.CurrentState;
import io.middlemile.connector.TargetRecord;
import io.middlemile.connector.WriteOutcome;
import io.middlemile.model.SourceRef;
import io.middlemile.store.JobLock;
import io.middlemile.store.JobRun;
import io.middlemile.store.JournalEntry;
import io.middlemile.store.ReviewItem;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * The write-path commands besides job runs: apply a saved plan exactly, approve or reject a parked
 * write, and roll a run back from its journal. Each checks the target's current values first, so a
 * record someone changed in the meantime is reported as a conflict, never overwritten blindly.
 */
public final class GovernedActions {

    private final Governance governance;
    private final Function<String, Connector> opener;

    public GovernedActions(Governance governance, Function<String, Connector> opener) {
        this.governance = governance;
        this.opener = opener;
    }

    // ------------------------------------------------------------------ apply

    /** Executes the auto writes of a plan whose targets still hold what the plan saw; parks its review writes. */
    public ActionReport apply(WritePlan plan, String planName) {
        List<PlannedWrite> writes = plan.writes().stream().filter(w -> !w.decision().equals("deny")).toList();
        return session("apply:" + plan.job(), "apply", "apply of " + planName, null, (session, report) -> {
            for (Map.Entry<String, List<PlannedWrite>> target : byTarget(writes).entrySet()) {
                String[] parts = target.getKey().split("/", 2);
                Map<String, Map<String, Object>> current = current(session, parts[0], parts[1],
                        target.getValue().stream().map(PlannedWrite::key).toList());
                List<TargetRecord> records = new ArrayList<>();
                for (PlannedWrite write : target.getValue()) {
                    Optional<String> conflict = conflict(write.action(), write.before(), write.after(), current.get(write.key()),
                            current != null);
                    if (conflict.isPresent()) {
                        report.conflicts.add(parts[0] + "/" + parts[1] + "/" + write.key() + ": " + conflict.get());
                    } else {
                        records.add(new TargetRecord(parts[1], write.key(), write.after(), new SourceRef(parts[0], parts[1], write.key())));
                    }
                }
                report.count(session.to(parts[0], parts[1]).write(parts[0], parts[1], records));
            }
        });
    }

    // ------------------------------------------------------------------ merges

    /**
     * One merge a dedupe plan asks for.
     *
     * @param reviewOnly true for a pair in the review band: it is parked for a person, never merged directly
     */
    public record MergeRequest(String connection, String object, String primaryId, String duplicateId, double confidence,
                               boolean reviewOnly) {
    }

    /** Executes merges through the write path (policy by confidence, snapshots, journal); the review band is parked. */
    public ActionReport merge(String job, List<MergeRequest> requests) {
        return session(job, "apply", "merge plan of " + job, null, (session, report) -> {
            for (MergeRequest request : requests) {
                report.count(session.writes.merge(request.connection(), request.object(), request.primaryId(),
                        List.of(request.duplicateId()), request.confidence(), request.reviewOnly()));
            }
        });
    }

    // ------------------------------------------------------------------ reviews

    /** Executes an approved review item through the same write path; a changed target is a conflict. */
    public ActionReport approve(long reviewId, String by, String note) {
        governance.reviews.expire();
        ReviewItem item = pendingReview(reviewId);
        ActionReport result = session("review:" + item.job(), "review", "review #" + reviewId,
                "approved review #" + reviewId + " by " + by, (session, report) -> {
            if (item.action().equals("merge")) {
                report.count(session.writes.merge(item.connection(), item.object(), String.valueOf(item.after().get("mergedInto")),
                        List.of(item.recordKey()), ((Number) item.after().get("confidence")).doubleValue()));
                return;
            }
            Map<String, Map<String, Object>> current = current(session, item.connection(), item.object(), List.of(item.recordKey()));
            Optional<String> conflict = conflict(item.action(), item.before(), item.after(),
                    current == null ? null : current.get(item.recordKey()), current != null);
            if (conflict.isPresent()) {
                report.conflicts.add(item.connection() + "/" + item.object() + "/" + item.recordKey() + ": " + conflict.get());
                return;
            }
            report.count(session.to(item.connection(), item.object()).write(item.connection(), item.object(), List.of(new TargetRecord(item.object(),
                    item.recordKey(), item.after(), new SourceRef(item.connection(), item.object(), item.recordKey())))));
        });
        boolean conflicted = !result.conflicts().isEmpty();
        governance.reviews.decide(reviewId, conflicted ? "conflict" : "approved", by,
                conflicted ? String.join("; ", result.conflicts()) : note, result.runId() == 0 ? null : result.runId());
        return result;
    }

    /** Rejects a review item: nothing is written. */
    public void reject(long reviewId, String by, String note) {
        governance.reviews.expire();
        pendingReview(reviewId);
        governance.reviews.decide(reviewId, "rejected", by, note, null);
    }

    private ReviewItem pendingReview(long id) {
        ReviewItem item = governance.reviews.find(id)
                .orElseThrow(() -> new IllegalArgumentException("There is no review item #" + id + "; `middlemile review list` shows them"));
        if (!item.status().equals("pending")) {
            throw new IllegalArgumentException("Review item #" + id + " is " + item.status() + " already (decided "
                    + item.decidedAt() + " by " + item.decidedBy() + "); only pending items can be decided");
        }
        return item;
    }

    // ------------------------------------------------------------------ rollback

    /** One step of a rollback: what would be written back, archived, or cannot be restored. */
    public record RollbackStep(String connection, String object, String key, String action, Map<String, Object> restore,
                               String problem) {
    }

    /**
     * What rolling a run back means, from its journal: updated fields go back to their before-images
     * unless someone changed them since (a conflict), created records are archived, and what cannot be
     * undone (sends, merges the CRM cannot reverse) is listed.
     */
    public List<RollbackStep> rollbackPlan(long runId) {
        List<JournalEntry> applied = governance.journal.ofRun(runId).stream().filter(e -> "applied".equals(e.result())).toList();
        List<RollbackStep> steps = new ArrayList<>();
        Map<String, List<JournalEntry>> byTarget = new LinkedHashMap<>();
        applied.forEach(entry -> byTarget.computeIfAbsent(entry.connection() + "/" + entry.object(), k -> new ArrayList<>()).add(entry));
        for (Map.Entry<String, List<JournalEntry>> target : byTarget.entrySet()) {
            String[] parts = target.getKey().split("/", 2);
            Optional<CurrentState> state;
            try (Connector connector = opener.apply(parts[0])) {
                state = connector.capability(CurrentState.class);
                Map<String, Map<String, Object>> current = state.map(s -> s.current(parts[1],
                        target.getValue().stream().map(JournalEntry::recordKey).distinct().toList())).orElse(null);
                for (JournalEntry entry : target.getValue()) {
                    steps.add(step(entry, current == null ? null : current.get(entry.recordKey()), current != null));
                }
            }
        }
        return steps;
    }

    private static RollbackStep step(JournalEntry entry, Map<String, Object> now, boolean readable) {
        String connection = entry.connection();
        String object = entry.object();
        String key = entry.recordKey();
        switch (entry.action()) {
            case "send" -> {
                return new RollbackStep(connection, object, key, "none", Map.of(), "a sent message cannot be unsent");
            }
            case "merge" -> {
                return mergeStep(entry);
            }
            case "spend", "archive" -> {
                return new RollbackStep(connection, object, key, "none", Map.of(), entry.action() + " cannot be reverted here");
            }
            default -> {
            }
        }
        if (!readable) {
            return new RollbackStep(connection, object, key, "none", Map.of(), connection + " cannot be read back, so a change made"
                    + " since the run could not be told apart; nothing is restored automatically");
        }
        if (entry.action().equals("create")) {
            if (now == null) {
                return new RollbackStep(connection, object, key, "none", Map.of(), "already gone");
            }
            return GovernedWrites.holds(now, entry.after())
                    ? new RollbackStep(connection, object, key, "archive", Map.of(), null)
                    : new RollbackStep(connection, object, key, "none", Map.of(),
                    "conflict: changed since the run created it, so it is not archived");
        }
        Map<String, Object> restore = new LinkedHashMap<>();
        List<String> conflicts = new ArrayList<>();
        entry.after().forEach((field, value) -> {
            Object current = now == null ? null : now.get(field);
            if (ChangeSet.same(current, value)) {
                Object before = entry.before() == null ? null : entry.before().get(field);
                restore.put(field, before == null ? "" : before);
            } else {
                conflicts.add(field + " (now \"" + (current == null ? "" : current) + "\", the run wrote \"" + value + "\")");
            }
        });
        return new RollbackStep(connection, object, key, restore.isEmpty() ? "none" : "update", restore,
                conflicts.isEmpty() ? null : "conflict: changed by someone since the run: " + String.join(", ", conflicts));
    }

    /** Fields a provider sets itself: never written back when a record is re-created. */
    private static boolean providerManaged(String field) {
        return field.equals("hs_object_id") || field.equals("createdate") || field.equals("lastmodifieddate")
                || field.startsWith("hs_") || field.equals("Id") || field.equals("SystemModstamp") || field.equals("CreatedDate");
    }

    /**
     * A merge is undone by re-creating the merged-away record from its snapshot as a new record. What
     * the CRM moved onto the survivor (activities, associations, the old id) cannot come back; the
     * step says so.
     */
    @SuppressWarnings("unchecked")
    private static RollbackStep mergeStep(JournalEntry entry) {
        Object snapshot = entry.before() == null ? null : entry.before().get("record");
        if (!(snapshot instanceof Map<?, ?> record)) {
            return new RollbackStep(entry.connection(), entry.object(), entry.recordKey(), "none", Map.of(),
                    "no snapshot of the merged-away record was journaled; it cannot be re-created");
        }
        Map<String, Object> restore = new LinkedHashMap<>();
        ((Map<String, Object>) record).forEach((field, value) -> {
            if (!providerManaged(field) && value != null && !value.toString().isBlank()) {
                restore.put(field, value);
            }
        });
        return new RollbackStep(entry.connection(), entry.object(), entry.recordKey(), "recreate", restore,
                "re-created as a new record from the snapshot: it gets a new id, and the activities, associations and"
                        + " merge history the CRM moved onto " + entry.after().get("mergedInto") + " stay there");
    }

    /** Restores what {@link #rollbackPlan} says can be restored, through the write path. */
    public ActionReport rollback(long runId) {
        List<RollbackStep> steps = rollbackPlan(runId);
        return session("rollback:" + runId, "rollback", "rollback of run " + runId, "rollback of run " + runId, (session, report) -> {
            steps.stream().filter(step -> step.problem() != null && !step.action().equals("recreate"))
                    .forEach(step -> (step.problem().startsWith("conflict") ? report.conflicts : report.refused)
                            .add(step.connection() + "/" + step.object() + "/" + step.key() + ": " + step.problem()));
            steps.stream().filter(step -> step.action().equals("recreate"))
                    .forEach(step -> report.notes.add(step.connection() + "/" + step.object() + "/" + step.key() + ": " + step.problem()));
            Map<String, List<RollbackStep>> byTarget = new LinkedHashMap<>();
            steps.stream().filter(step -> !step.action().equals("none"))
                    .forEach(step -> byTarget.computeIfAbsent(step.connection() + "/" + step.object(), k -> new ArrayList<>()).add(step));
            for (Map.Entry<String, List<RollbackStep>> target : byTarget.entrySet()) {
                String[] parts = target.getKey().split("/", 2);
                List<TargetRecord> updates = new ArrayList<>();
                List<String> archives = new ArrayList<>();
                for (RollbackStep step : target.getValue()) {
                    if (step.action().equals("archive")) {
                        archives.add(step.key());
                    } else if (step.action().equals("recreate")) {
                        // a new record: keyed by its first unique-looking value so the sink upserts, never by the gone id
                        updates.add(new TargetRecord(parts[1], "recreated-" + step.key(), step.restore(),
                                new SourceRef(parts[0], parts[1], step.key())));
                    } else {
                        updates.add(new TargetRecord(parts[1], step.key(), step.restore(), new SourceRef(parts[0], parts[1], step.key())));
                    }
                }
                GovernedWrites writes = session.to(parts[0], parts[1]);
                report.count(writes.write(parts[0], parts[1], updates));
                report.count(writes.archive(parts[0], parts[1], archives, new SourceRef(parts[0], parts[1], "rollback")));
            }
        });
    }

    // ------------------------------------------------------------------ shared

    /** A conflict when the target no longer holds what the planner or reviewer saw. */
    private static Optional<String> conflict(String action, Map<String, Object> before, Map<String, Object> after,
                                             Map<String, Object> now, boolean readable) {
        if (!readable) {
            return Optional.empty();
        }
        if (action.equals("create")) {
            return now == null || GovernedWrites.holds(now, after) ? Optional.empty()
                    : Optional.of("created by someone else since it was planned; nothing written");
        }
        if (before == null) {
            return Optional.empty();
        }
        List<String> changed = new ArrayList<>();
        before.forEach((field, value) -> {
            Object current = now == null ? null : now.get(field);
            if (!ChangeSet.same(current, value) && !ChangeSet.same(current, after.get(field))) {
                changed.add(field + " is now \"" + (current == null ? "" : current) + "\", was \"" + (value == null ? "" : value) + "\"");
            }
        });
        return changed.isEmpty() ? Optional.empty()
                : Optional.of("changed since it was planned (" + String.join(", ", changed) + "); not overwritten");
    }

    private static Map<String, List<PlannedWrite>> byTarget(List<PlannedWrite> writes) {
        Map<String, List<PlannedWrite>> grouped = new LinkedHashMap<>();
        writes.forEach(write -> grouped.computeIfAbsent(write.connection() + "/" + write.object(), k -> new ArrayList<>()).add(write));
        return grouped;
    }

    private Map<String, Map<String, Object>> current(Session session, String connection, String object, List<String> keys) {
        return session.connector(connection).capability(CurrentState.class).map(s -> s.current(object, keys)).orElse(null);
    }

    /** An open writer with its own run record, lock and connectors. */
    private final class Session {
        final JobRun run;
        final GovernedWrites writes;
        final Map<String, Connector> connectors = new LinkedHashMap<>();

        Session(JobRun run, String source, String approval) {
            this.run = run;
            this.writes = governance.open(run, this::connector, GovernedWrites.Mode.EXECUTE, false).source(source);
            if (approval != null) {
                writes.approvedBy(approval);
            }
        }

        Connector connector(String connection) {
            return connectors.computeIfAbsent(connection, opener);
        }

        /** The writer, with the target's file session begun when it is a file (only targets written are touched). */
        GovernedWrites to(String connection, String object) {
            writes.enlist(List.<String[]>of(new String[] {connection, object}), Map.of());
            return writes;
        }
    }

    /** Counts as the session goes. */
    private static final class Tally {
        long written;
        long skipped;
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
                            refused.add(outcome.targetId() + ": " + outcome.reason());
                        }
                    }
                    case REJECTED -> refused.add(outcome.targetId() + ": " + outcome.reason());
                }
            }
        }
    }

    private interface Work {
        void run(Session session, Tally tally);
    }

    private ActionReport session(String job, String kind, String source, String approval, Work work) {
        Optional<JobLock> lock = governance.runs.tryLock(job);
        if (lock.isEmpty()) {
            throw new IllegalStateException(job + " is already running in another process; wait for it to finish");
        }
        try (JobLock held = lock.get()) {
            JobRun run = governance.runs.start(job, "-", "-", governance.workspaceVersion, kind);
            Session session = new Session(run, source, approval);
            Tally tally = new Tally();
            try {
                work.run(session, tally);
                session.writes.complete();
                governance.runs.finish(run.id(), JobRun.Status.SUCCEEDED, null);
            } catch (RuntimeException e) {
                governance.runs.finish(run.id(), e instanceof WritesHaltedException ? JobRun.Status.HALTED : JobRun.Status.FAILED,
                        e.getMessage());
                throw e;
            } finally {
                session.connectors.values().forEach(Connector::close);
            }
            return new ActionReport(run.id(), tally.written, tally.skipped, List.copyOf(tally.conflicts), List.copyOf(tally.refused),
                    List.copyOf(tally.notes));
        }
    }

}
