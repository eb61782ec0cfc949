package io.middlemile.govern;

import io.middlemile.connector.Lookup;
import io.middlemile.connector.TargetRecord;
import io.middlemile.connector.WriteOutcome;
import io.middlemile.model.SourceRef;
import io.middlemile.model.Target;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Executes what was planned: a saved job plan ({@code middlemile apply FILE}) and a dedupe merge
 * plan. Each write goes through the write path again, so the policy and the caps in force now
 * decide, and a record changed since it was planned is a conflict, not overwritten.
 */
final class PlanApply {

    private final ActionSessions sessions;

    PlanApply(ActionSessions sessions) {
        this.sessions = sessions;
    }

    /** Executes the auto writes of a plan whose targets still hold what the plan saw; parks its review writes. */
    ActionReport apply(WritePlan plan, String planName) {
        List<PlannedWrite> writes = plan.writes().stream().filter(w -> w.decision() != PolicyVerdict.Kind.DENY).toList();
        List<String> denied = plan.writes().stream().filter(w -> w.decision() == PolicyVerdict.Kind.DENY)
                .map(w -> w.connection() + "/" + w.object() + "/" + w.key()).toList();
        return sessions.run("apply:" + plan.job(), "apply", "apply of " + planName, null, (session, tally) -> {
            if (!denied.isEmpty()) {
                // counted, so the summary adds up to the plan's writes
                tally.notes.add(denied.size() + " planned write(s) the policy denied when the plan was made, not made: "
                        + String.join(", ", denied.subList(0, Math.min(5, denied.size())))
                        + (denied.size() > 5 ? " and " + (denied.size() - 5) + " more" : ""));
            }
            for (Map.Entry<Target, List<PlannedWrite>> target : Target.group(writes, w -> new Target(w.connection(), w.object())).entrySet()) {
                apply(session, tally, target.getKey().connection(), target.getKey().object(), target.getValue());
            }
            // the owners the plan's hub-assign steps gave become this run's assignments, so the job's next run keeps them
            // (and a rollback of this run undoes them with its writes)
            if (!plan.assignments().isEmpty()) {
                int recorded = sessions.governance.assignments.recordApplied(plan.assignments(), session.run.id(),
                        java.time.LocalDate.now(java.time.ZoneOffset.UTC));
                tally.notes.add("owner assignments: " + recorded + " of the plan's " + plan.assignments().size() + " recorded for run "
                        + session.run.id() + (recorded < plan.assignments().size()
                        ? " (the others' leads were given an owner by a run since the plan was made)" : ""));
            }
        });
    }

    private void apply(ActionSession session, ActionSession.Tally tally, String connection, String object,
                       List<PlannedWrite> planned) {
        long sends = planned.stream().filter(w -> w.action().equals(WriteAction.SEND.id())).count();
        if (sends > 0) {
            // suppression, the accounts' caps and windows are decided when a send goes, not when it was planned
            tally.notes.add(connection + ": " + sends + " planned send(s) not made; a plan lists sends, the job makes them when it"
                    + " runs (suppression and caps are checked again then)");
        }
        List<PlannedWrite> merges = planned.stream().filter(w -> w.action().equals(WriteAction.MERGE.id())).toList();
        List<PlannedWrite> others = planned.stream().filter(w -> !w.action().equals(WriteAction.MERGE.id())
                && !w.action().equals(WriteAction.SEND.id())).toList();
        // a record to create has no id to read back yet: it is looked for again as a run would look for it
        List<PlannedWrite> creates = others.stream().filter(w -> TargetRecord.isPlaceholder(w.key())).toList();
        List<String> readable = others.stream().map(PlannedWrite::key).filter(key -> !TargetRecord.isPlaceholder(key)).toList();
        Map<String, Map<String, Object>> current = readable.isEmpty() ? Map.of() : session.current(connection, object, readable);
        PlannedCreates resolved = new PlannedCreates(sessions.governance.crosswalk, connection, object);
        Map<String, String> existing = creates.isEmpty() ? Map.of()
                : resolved.existing(creates, session.connector(connection).capability(Lookup.class));
        List<TargetRecord> records = new ArrayList<>();
        List<String> reasons = new ArrayList<>();
        List<String> archives = new ArrayList<>();
        for (PlannedWrite write : others) {
            Optional<String> conflict = existing.containsKey(write.key()) ? Optional.of(existing.get(write.key()))
                    : Conflicts.of(write.action(), write.before(), write.after(), current == null ? null : current.get(write.key()),
                    current != null);
            if (conflict.isPresent()) {
                tally.conflict(connection, object, write.key(), conflict.get());
            } else if (write.action().equals(WriteAction.ARCHIVE.id())) {
                archives.add(write.key());
            } else {
                records.add(new TargetRecord(object, write.key(), write.after(), new SourceRef(connection, object, write.key())));
                reasons.add(write.reason());
            }
        }
        GovernedWrites writes = session.to(connection, object);
        List<WriteOutcome> written = writes.write(connection, object, records, reasons);
        resolved.link(records, written);
        tally.count(written);
        tally.count(underTheirKeys(connection, object, archives,
                writes.archive(connection, object, archives, new SourceRef(connection, object, "apply"))));
        // a merge snapshots both records again when it is made; one planned for review is parked again, never merged outright
        for (PlannedWrite merge : merges) {
            tally.count(writes.merge(connection, object, String.valueOf(merge.after().get("mergedInto")), List.of(merge.key()),
                    ((Number) merge.after().get("confidence")).doubleValue(), merge.decision() == PolicyVerdict.Kind.REVIEW));
        }
    }

    /**
     * Each archive's outcome under the record it archives: the archive call takes one origin for the whole batch, so a
     * refused archive (its outcome has no target id) would be recorded under "apply" rather than its record's key, and
     * applying the plan could not tell which planned write, so which queued record, it was. The journal is unchanged (it
     * goes by the write's key, as does a rollback of this run); the reasons are the archive's own.
     */
    private static List<WriteOutcome> underTheirKeys(String connection, String object, List<String> keys, List<WriteOutcome> archived) {
        List<WriteOutcome> outcomes = new ArrayList<>(archived.size());
        for (int i = 0; i < archived.size(); i++) {
            outcomes.add(archived.get(i).withOrigin(new SourceRef(connection, object, keys.get(i))));
        }
        return outcomes;
    }

    /** Executes merges through the write path (policy by confidence, snapshots, journal); the review band is parked. */
    ActionReport merge(String job, List<GovernedActions.MergeRequest> requests) {
        return sessions.run(job, "apply", "merge plan of " + job, null, (session, tally) -> {
            for (GovernedActions.MergeRequest request : requests) {
                tally.count(session.writes.merge(request.connection(), request.object(), request.primaryId(),
                        List.of(request.duplicateId()), request.confidence(), request.reviewOnly()));
            }
        });
    }

}
