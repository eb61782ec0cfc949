package io.middlemile.govern;

import io.middlemile.connector.Connector;
import io.middlemile.connector.CurrentState;
import io.middlemile.connector.Merger;
import io.middlemile.connector.TargetRecord;
import io.middlemile.connector.WriteOutcome;
import io.middlemile.model.SourceRef;
import io.middlemile.model.Target;
import io.middlemile.store.AssignmentStore;
import io.middlemile.store.JournalEntry;
import io.middlemile.store.ReviewItem;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * Rolls a run back from its journal ({@link RollbackSteps} says what each write needs), through the
 * write path with the rollback as the approval: a {@code review} rule does not park the undo, a
 * {@code deny} still refuses it, and the caps apply. What the run parked for review and nobody decided yet
 * (writes, sends, lookups) is withdrawn with it ({@link #withdrawals}): approving it later would make part of the
 * undone change.
 */
final class Rollback {

    /** The job a rollback runs as: "rollback:RUN" or "rollback:ACTOR"; its review items carry it too. */
    static final String JOB = "rollback:";

    private final ActionSessions sessions;

    Rollback(ActionSessions sessions) {
        this.sessions = sessions;
    }

    /** @throws UnknownRunException when there is no such run: its rollback would be recorded as a run of its own, undoing nothing */
    List<GovernedActions.RollbackStep> plan(long runId) {
        if (sessions.governance.runs.find(runId).isEmpty()) {
            throw new UnknownRunException(runId);
        }
        return undoneAlready(steps(sessions.governance.journal.ofRun(runId).stream().filter(e -> e.result() == JournalEntry.Result.APPLIED)
                .toList()), JOB + runId, java.time.Instant.MIN);
    }

    /**
     * Everything one actor had applied since a time, across its runs. A record the actor updated more than once is
     * undone once: back to the values before its first write, compared with the values of its last, so a later
     * change by anyone else is a conflict exactly as in a run's rollback.
     */
    List<GovernedActions.RollbackStep> plan(Actor actor, java.time.Instant since) {
        return undoneAlready(steps(combined(sessions.governance.journal.ofActor(actor.id(), since).stream()
                .filter(e -> e.result() == JournalEntry.Result.APPLIED).toList())), JOB + actor.id(), since);
    }

    /** How a step an earlier rollback made already is described; {@link #execute} reports these in one note. */
    private static final String UNDONE_ALREADY = "undone already by rollback run ";

    /**
     * A record an earlier rollback of the same run (or actor's window, {@code job} since {@code since}) wrote back is never
     * undone again: what it holds now was written after that rollback (a later run giving the same value the rolled-back
     * run gave, say), and is not the rolled-back run's to undo. Only what the earlier rollback left alone is undone now.
     */
    private List<GovernedActions.RollbackStep> undoneAlready(List<GovernedActions.RollbackStep> steps, String job,
                                                             java.time.Instant since) {
        Map<String, Long> undoneBy = new java.util.HashMap<>();
        for (io.middlemile.store.JobRun earlier : sessions.governance.runs.history(job, 20)) {
            if (earlier.startedAt().isBefore(since)) {
                continue;
            }
            for (JournalEntry entry : sessions.governance.journal.ofRun(earlier.id())) {
                if (entry.result() == JournalEntry.Result.APPLIED) {
                    // newest first: the first rollback that wrote a record is the one named
                    undoneBy.put(entry.connection() + "\u0000" + entry.object() + "\u0000" + entry.recordKey(), earlier.id());
                }
            }
        }
        if (undoneBy.isEmpty()) {
            return steps;
        }
        return steps.stream().map(step -> {
            Long by = undoneBy.get(step.connection() + "\u0000" + step.object() + "\u0000" + step.key());
            return by == null ? step : new GovernedActions.RollbackStep(step.connection(), step.object(), step.key(),
                    GovernedActions.RollbackStep.Action.NONE, Map.of(), UNDONE_ALREADY + by);
        }).toList();
    }

    /** Updates of one record folded into one entry (first before-image and last after-image per field); other actions as they are. */
    static List<JournalEntry> combined(List<JournalEntry> entries) {
        Map<String, JournalEntry> updates = new java.util.LinkedHashMap<>();
        List<JournalEntry> combined = new ArrayList<>();
        for (JournalEntry e : entries) {
            if (!e.action().equals(WriteAction.UPDATE.id()) || e.before() == null) {
                combined.add(e);
                continue;
            }
            String record = e.connection() + "\u0000" + e.object() + "\u0000" + e.recordKey();
            JournalEntry earlier = updates.get(record);
            if (earlier == null) {
                updates.put(record, e);
                continue;
            }
            Map<String, Object> before = new java.util.LinkedHashMap<>(e.before());
            before.putAll(earlier.before());
            Map<String, Object> after = new java.util.LinkedHashMap<>(earlier.after());
            after.putAll(e.after());
            updates.put(record, new JournalEntry(e.id(), e.runId(), e.job(), e.connection(), e.object(), e.recordKey(), e.action(), before,
                    after, e.decision(), e.rule(), e.workspaceVersion(), e.result(), e.recordedAt(), e.reason(), e.actor()));
        }
        combined.addAll(updates.values());
        return combined;
    }

    /** Actions a rollback reports but cannot revert, whatever the target holds now ({@link RollbackSteps}). */
    private static final java.util.Set<String> UNDONE_BY_NOBODY = java.util.Set.of(WriteAction.SPEND.id(), WriteAction.SEND.id());

    private List<GovernedActions.RollbackStep> steps(List<JournalEntry> applied) {
        List<GovernedActions.RollbackStep> steps = new ArrayList<>();
        for (Map.Entry<Target, List<JournalEntry>> target : Target.group(applied, e -> new Target(e.connection(), e.object())).entrySet()) {
            String object = target.getKey().object();
            if (target.getValue().stream().allMatch(e -> UNDONE_BY_NOBODY.contains(e.action()))) {
                // credits spent and messages sent are reported, never reverted: the provider is not opened for them, so a
                // rollback needs no enrichment provider's key (an agent's or a job's lookups)
                target.getValue().forEach(entry -> steps.add(RollbackSteps.step(entry, null, false, field -> false)));
                continue;
            }
            try (Connector connector = sessions.opener.apply(target.getKey().connection())) {
                Map<String, Map<String, Object>> current = connector.capability(CurrentState.class).map(s -> s.current(object,
                        target.getValue().stream().map(JournalEntry::recordKey).distinct().toList())).orElse(null);
                // only a connector that merges re-creates merged-away records; it knows which of their fields it sets itself
                Predicate<String> providerManaged = connector.capability(Merger.class)
                        .<Predicate<String>>map(merger -> field -> merger.providerManaged(object, field)).orElse(field -> false);
                for (JournalEntry entry : target.getValue()) {
                    steps.add(RollbackSteps.step(entry, current == null ? null : current.get(entry.recordKey()), current != null,
                            providerManaged));
                }
            }
        }
        return steps;
    }

    /**
     * The review items run {@code runId} parked that nobody decided yet, and those a person approved that no run has made yet
     * (a send or a lookup, which the next run makes): its rollback withdraws them, whatever they park (a write, a send, a
     * lookup). An item past its expiry is expired first, as every reader of the queue does.
     */
    List<ReviewItem> withdrawals(long runId) {
        sessions.governance.reviews.expire();
        return sessions.governance.reviews.withdrawableOf(runId).stream().filter(Rollback::withdrawable).toList();
    }

    /** As {@link #withdrawals(long)}, for the items parked for {@code actor} since a time. */
    List<ReviewItem> withdrawals(Actor actor, java.time.Instant since) {
        sessions.governance.reviews.expire();
        return sessions.governance.reviews.withdrawableOf(actor.id(), since).stream().filter(Rollback::withdrawable).toList();
    }

    /**
     * Pending, or an approved send or lookup (the store's reading says no run made it yet). An approved write was written by
     * its approval (its own run, rolled back on its own), so it is never the rolled-back run's to withdraw.
     */
    private static boolean withdrawable(ReviewItem item) {
        return item.status() == ReviewItem.Status.PENDING || item.status() == ReviewItem.Status.APPROVED
                && (item.action().equals(WriteAction.SEND.id()) || item.action().equals(WriteAction.SPEND.id()));
    }

    /**
     * @param by who asked for it (an API token's name), recorded in the journal's decisions; null from the CLI
     * @throws AlreadyRolledBackException when an earlier rollback undid the run and nothing of it is left to undo
     */
    ActionReport rollback(long runId, String by) {
        String name = "rollback of run " + runId + (by == null ? "" : " by " + by);
        String job = JOB + runId;
        // planned and checked under the rollback's lock: of two rollbacks asked for at once (a double click, two operators),
        // the second waits for the first and then finds nothing left to undo, as a rollback repeated later does
        return sessions.exclusively(job, () -> {
            List<GovernedActions.RollbackStep> steps = plan(runId);
            List<ReviewItem> pending = withdrawals(runId);
            if (pending.isEmpty()) {
                // items still pending are something left to do (a run rolled back before rollbacks withdrew them)
                refuseIfUndoneAlready("Run " + runId, job, java.time.Instant.MIN, steps, "`middlemile rollback " + runId + " --plan`");
            }
            return execute(steps, job, name, by == null ? null : Actor.person(by), runId,
                    new Withdrawal(pending, "run " + runId, "run " + runId, by));
        });
    }

    /**
     * Undoes what {@link #plan(Actor, java.time.Instant)} says, as one rollback run.
     *
     * @throws AlreadyRolledBackException when a rollback of the actor since then undid it all and nothing is left to undo
     */
    ActionReport rollback(Actor actor, java.time.Instant since, String by) {
        String name = "rollback of " + actor.id() + " since " + since + (by == null ? "" : " by " + by);
        String job = JOB + actor.id();
        // as a run's rollback: planned and checked under its lock
        return sessions.exclusively(job, () -> {
            List<GovernedActions.RollbackStep> steps = plan(actor, since);
            List<ReviewItem> pending = withdrawals(actor, since);
            if (pending.isEmpty()) {
                refuseIfUndoneAlready("What " + actor.id() + " did since " + since, job, since, steps,
                        "`middlemile rollback --actor " + actor.id() + " --since ... --plan`");
            }
            return execute(steps, job, name, by == null ? null : Actor.person(by), null,
                    new Withdrawal(pending, "what " + actor.id() + " did since " + since,
                            actor.id() + " since " + since, by));
        });
    }

    /**
     * A run (or an actor's window) rolled back before is rolled back again only when something of it is left to undo: a
     * record the earlier rollback left alone (changed since) and that someone has since set back is undone now. A rerun
     * with nothing to do (an operator who retried, two who clicked at once) is refused, saying which rollback undid it,
     * instead of recorded as a rollback of nothing.
     */
    private void refuseIfUndoneAlready(String what, String job, java.time.Instant since, List<GovernedActions.RollbackStep> steps,
                                       String preview) {
        if (steps.stream().anyMatch(step -> step.action() != GovernedActions.RollbackStep.Action.NONE)) {
            return;
        }
        // newest first
        List<io.middlemile.store.JobRun> earlier = sessions.governance.runs.history(job, 20).stream()
                .filter(run -> !run.startedAt().isBefore(since)).toList();
        if (earlier.isEmpty()) {
            return;
        }
        io.middlemile.store.JobRun first = earlier.get(earlier.size() - 1);
        List<String> again = new ArrayList<>();
        for (int i = earlier.size() - 2; i >= 0; i--) {
            again.add(Long.toString(earlier.get(i).id()));
        }
        Map<String, Long> why = new java.util.TreeMap<>();
        steps.forEach(step -> why.merge(step.problem() == null ? "as before" : step.problem(), 1L, Long::sum));
        List<String> counts = new ArrayList<>();
        why.forEach((problem, n) -> counts.add(n + " " + problem));
        throw new AlreadyRolledBackException(what + " was rolled back by run " + first.id() + " (started "
                + first.startedAt().truncatedTo(java.time.temporal.ChronoUnit.SECONDS) + ")"
                + (again.isEmpty() ? "" : " and again by run " + String.join(", ", again))
                + ", and nothing of it is left to undo" + (counts.isEmpty() ? "" : ": " + String.join("; ", counts))
                + ". Nothing was done; " + preview + " lists each record, and the journal of run " + first.id()
                + " what that rollback did");
    }

    /**
     * The pending review items a rollback withdraws.
     *
     * @param what what is rolled back, as a sentence names it: {@code run 2}, {@code what agent:x did since ...}
     * @param of   whose items they are, as the summary counts them: {@code run 2}, {@code agent:x since ...}
     * @param by   who asked for the rollback, or null (the CLI)
     */
    private record Withdrawal(List<ReviewItem> pending, String what, String of, String by) {
    }

    /**
     * @param actor the person who asked for the rollback, journaled as its actor; null: the rollback run's own name
     * @param runId the run rolled back, whose owner assignments are undone too; null for a rollback by actor
     */
    private ActionReport execute(List<GovernedActions.RollbackStep> steps, String job, String name, Actor actor, Long runId,
                                 Withdrawal withdrawal) {
        return sessions.run(job, "rollback", name, name, actor, (session, tally) -> {
            // first: the run is being undone, so what it parked is no longer wanted even if a cap or the kill switch stops
            // the undo half-way (a rollback asked for again finishes it; an approval in between would not be undone)
            withdraw(withdrawal, session.run.id(), tally);
            Map<String, Long> undoneBefore = new java.util.TreeMap<>();
            for (GovernedActions.RollbackStep step : steps) {
                if (step.problem() != null && step.problem().startsWith(UNDONE_ALREADY)) {
                    undoneBefore.merge(step.problem(), 1L, Long::sum);
                } else if (step.action() == GovernedActions.RollbackStep.Action.RECREATE) {
                    continue; // said once the record is re-created: the target may refuse it
                } else if (step.problem() != null && step.problem().startsWith("conflict")) {
                    tally.conflict(step.connection(), step.object(), step.key(), step.problem());
                } else if (step.problem() != null) {
                    tally.notDone(step.connection(), step.object(), step.key(), step.problem());
                }
            }
            undoneBefore.forEach((problem, n) -> tally.notes.add(n + " record(s) " + problem + ", left as they are now"));
            List<GovernedActions.RollbackStep> doable = steps.stream().filter(step -> step.action() != GovernedActions.RollbackStep.Action.NONE).toList();
            for (Map.Entry<Target, List<GovernedActions.RollbackStep>> target
                    : Target.group(doable, step -> new Target(step.connection(), step.object())).entrySet()) {
                String connection = target.getKey().connection();
                String object = target.getKey().object();
                List<TargetRecord> updates = new ArrayList<>();
                List<GovernedActions.RollbackStep> updateSteps = new ArrayList<>();
                List<String> archives = new ArrayList<>();
                for (GovernedActions.RollbackStep step : target.getValue()) {
                    SourceRef ref = new SourceRef(connection, object, step.key());
                    if (step.action() == GovernedActions.RollbackStep.Action.ARCHIVE) {
                        archives.add(step.key());
                        continue;
                    }
                    // a merged-away record comes back as a record to create (a placeholder key, as a sync's creates have),
                    // never keyed by the gone id nor by a made-up value a sink could take for a unique property (an email)
                    updates.add(new TargetRecord(object, step.action() == GovernedActions.RollbackStep.Action.RECREATE
                            ? TargetRecord.NEW + "recreated-" + step.key() : step.key(), step.restore(), ref));
                    updateSteps.add(step);
                }
                GovernedWrites writes = session.to(connection, object);
                List<WriteOutcome> updated = writes.write(connection, object, updates);
                tally.count(updated);
                for (int i = 0; i < updated.size(); i++) {
                    GovernedActions.RollbackStep step = updateSteps.get(i);
                    if (step.action() == GovernedActions.RollbackStep.Action.RECREATE && updated.get(i).status() == WriteOutcome.Status.WRITTEN) {
                        String id = updated.get(i).targetId();
                        tally.notes.add(connection + "/" + object + "/" + step.key() + ": " + step.problem()
                                + (id == null || TargetRecord.isPlaceholder(id) ? "" : " (its new id: " + id + ")"));
                    }
                }
                List<WriteOutcome> archived = writes.archive(connection, object, archives, new SourceRef(connection, object, "rollback"));
                tally.count(archived);
                unlinkUndone(connection, object, archives, archived);
            }
            // the owners the run gave are undone with its writes: the next run must not find them "kept" and write them again
            AssignmentStore.Undone undone = runId == null ? new AssignmentStore.Undone(0, 0) : sessions.governance.assignments.undo(runId);
            if (undone.closed() + undone.reopened() > 0) {
                tally.notes.add("owner assignments of run " + runId + ": " + undone.closed() + " undone, " + undone.reopened()
                        + " given back to the owner they were moved from (a lead left with neither is assigned again by its job's"
                        + " next run)");
            }
        });
    }

    /**
     * Withdraws the items, each under the review lock its job's decisions take: an approval under way finishes first (its
     * item is then decided and withdrawn only if it is an approved send or lookup no run made yet), and none starts while
     * they are withdrawn. Each item is read again under the lock, and withdrawn only as it stands then: one a run made
     * meanwhile, or a later run took over by parking the same change, is left as it is. Each keeps who withdrew it and what
     * to do if its change is still wanted (and who had approved it); the rollback run lists each as a skipped record, and
     * its summary counts them.
     */
    private void withdraw(Withdrawal withdrawal, long rollbackRun, ActionSession.Tally tally) {
        if (withdrawal.pending().isEmpty()) {
            return;
        }
        Map<String, List<ReviewItem>> byLock = new java.util.LinkedHashMap<>();
        withdrawal.pending().forEach(item -> byLock.computeIfAbsent(ReviewDecisions.lock(item), lock -> new ArrayList<>()).add(item));
        String rolledBack = withdrawal.what() + " was rolled back by run " + rollbackRun
                + (withdrawal.by() == null ? "" : " (asked for by " + withdrawal.by() + ")");
        List<ReviewItem> withdrawn = new ArrayList<>();
        for (Map.Entry<String, List<ReviewItem>> lock : byLock.entrySet()) {
            withdrawn.addAll(sessions.exclusively(lock.getKey(), () -> {
                List<ReviewItem> done = new ArrayList<>();
                for (ReviewItem read : lock.getValue()) {
                    ReviewItem item = sessions.governance.reviews.find(read.id()).orElse(read);
                    if (item.runId() != read.runId() || !withdrawable(item)) {
                        continue; // taken over by a later run, or decided otherwise meanwhile: not this rollback's
                    }
                    String why = item.status() == ReviewItem.Status.APPROVED
                            ? rolledBack + " after " + item.decidedBy() + " approved this item and before any run made it"
                            : rolledBack + " before anyone decided this item";
                    String note = (item.status() == ReviewItem.Status.APPROVED ? WITHDRAWN_AFTER_APPROVAL : "withdrawn")
                            + ": " + why + ", so it is not made. If it is still wanted, " + again(item) + ".";
                    if (sessions.governance.reviews.withdraw(item, "rollback run " + rollbackRun, note)) {
                        done.add(item);
                        tally.withdrawn(item.connection(), item.object(), item.recordKey(), "review #" + item.id() + " ("
                                + item.action() + " " + item.after().keySet() + ") withdrawn: " + why);
                    }
                }
                return done;
            }));
        }
        if (withdrawn.isEmpty()) {
            return; // all decided a moment before: left as they were decided
        }
        withdrawn.sort(java.util.Comparator.comparingLong(ReviewItem::id));
        List<String> ids = withdrawn.stream().limit(20).map(item -> "#" + item.id())
                .collect(java.util.stream.Collectors.toCollection(ArrayList::new));
        if (withdrawn.size() > ids.size()) {
            ids.add("and " + (withdrawn.size() - ids.size()) + " more");
        }
        tally.notes.add(counted(withdrawn) + " of " + withdrawal.of() + " withdrawn: " + String.join(", ", ids)
                + " (not made; approving one is refused, and `middlemile review show ID` says how to make its change after all)");
    }

    /** How a withdrawn item's note begins when a person had approved it: {@link AlreadyDecidedException} says so too. */
    static final String WITHDRAWN_AFTER_APPROVAL = "withdrawn after its approval";

    /**
     * The items a rollback withdraws, counted as its summary and its preview say it: "2 pending reviews", "1 approved review
     * not made yet", "3 reviews (2 pending, 1 approved, not made yet)".
     */
    static String counted(List<ReviewItem> items) {
        long approved = items.stream().filter(item -> item.status() == ReviewItem.Status.APPROVED).count();
        long pending = items.size() - approved;
        if (approved == 0) {
            return pending + (pending == 1 ? " pending review" : " pending reviews");
        }
        if (pending == 0) {
            return approved + (approved == 1 ? " approved review" : " approved reviews") + " not made yet";
        }
        return items.size() + " reviews (" + pending + " pending, " + approved + " approved, not made yet)";
    }

    /** What makes a withdrawn item's change after all: whoever parked it meeting the change again, which parks it anew. */
    static String again(ReviewItem item) {
        String job = item.job();
        if (job.startsWith("apply:")) {
            String planned = job.substring("apply:".length());
            return "plan job " + planned + " again and apply that plan (`middlemile job run " + planned + " --from-start --plan FILE`,"
                    + " then `middlemile apply FILE`): the change is parked for review anew";
        }
        if (job.contains(":")) {
            // an agent's or a person's own session: the job is the actor
            return "have " + job + " propose it again: it is parked for review anew";
        }
        return "run job " + job + " again (`middlemile job run " + job + " --from-start`; with `--plan FILE` to see it first): the"
                + " change is parked for review anew";
    }

    /**
     * A created record the rollback archived (or found gone) is taken out of the crosswalk: the create is undone,
     * so the record stands for nothing, and the other direction of a two-way sync, reading it back archived, must
     * not carry that over as a deletion of the record it was created from.
     */
    private void unlinkUndone(String connection, String object, List<String> keys, List<WriteOutcome> outcomes) {
        List<String> undone = new ArrayList<>();
        for (int i = 0; i < keys.size(); i++) {
            if (outcomes.get(i).status() != WriteOutcome.Status.REJECTED) {
                undone.add(keys.get(i));
            }
        }
        sessions.governance.crosswalk.unlink(connection, object, undone);
    }

}
