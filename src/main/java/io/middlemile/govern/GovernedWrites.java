package io.middlemile.govern;

import io.middlemile.connector.Connector;
import io.middlemile.connector.TargetRecord;
import io.middlemile.connector.WriteOutcome;
import io.middlemile.model.SourceRef;
import io.middlemile.store.JobRun;
import io.middlemile.store.JournalStore;
import io.middlemile.store.RecordLocks;
import io.middlemile.workspace.ObjectConfig;

import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The single write path of one run. Every action takes the same steps: the kill switch, the
 * target's current values (before-images; an unchanged record is skipped), the connection's policy
 * ({@link PolicyGate}: auto, review, deny), the caps ({@link CapGate}), then a journal intent
 * committed before the call and a result after it ({@link WritePipeline}). In plan mode the same
 * decisions are made and collected, and nothing is written.
 *
 * <p>Creates and updates are {@link RecordWrites}, archives {@link Archives}, merges {@link Merges};
 * this class is what the rest of the engine holds.
 *
 * <p>Not thread-safe: one run writes on one thread. Different runs serialize on the records they
 * share through {@link RecordLocks}.
 */
public final class GovernedWrites {

    public enum Mode { EXECUTE, PLAN }

    private final WriteRun run;
    private final RecordWrites records;
    private final Archives archives;
    private final Merges merges;

    GovernedWrites(Governance governance, JobRun run, Function<String, Connector> connectors, Mode mode, boolean deferResults) {
        this.run = new WriteRun(governance, run, connectors, mode, deferResults);
        this.records = new RecordWrites(this.run, new Reconciler(governance, run));
        this.archives = new Archives(this.run);
        this.merges = new Merges(this.run);
    }

    /** Names what made these writes in the journal's decision column (run, apply, review, rollback). */
    public GovernedWrites source(String name) {
        run.source(name);
        return this;
    }

    /**
     * Names who asks for these writes (a person, an agent); a job's writes are its own ({@code job:NAME}) unless named.
     * Rules and caps with an {@code actor} glob match it, the journal records it, and for an agent its kill switch applies.
     */
    public GovernedWrites actor(Actor actor) {
        run.actor(actor);
        return this;
    }

    public Mode mode() {
        return run.mode;
    }

    /**
     * A field value a person set in the target since the hub last wrote it there, which a write kept rather than overwrote
     * ({@link io.middlemile.connector.FieldWrite#ours}): a rep gave the lead to another owner in the CRM or the file.
     *
     * @param lead  the source record the write was made from
     * @param value what the target holds, kept
     * @param ours  what the hub last wrote there
     */
    public record KeptInTarget(SourceRef lead, String connection, String object, String key, String field, String value, String ours) {
    }

    /**
     * Has {@code listener} told of each {@link KeptInTarget} as the run's writes find it (not in a plan, which keeps
     * nothing): the assignment step records the lead as the target's owner's, so neither the next run nor a reassign moves it.
     */
    public void onKeptInTarget(java.util.function.Consumer<KeptInTarget> listener) {
        run.onKeptInTarget(listener);
    }

    /**
     * Writes made on a person's explicit decision (an approved review, a rollback): a policy's
     * {@code review} no longer parks them, but {@code deny} still refuses them.
     */
    public GovernedWrites approvedBy(String approval) {
        run.approval(approval);
        return this;
    }

    // ------------------------------------------------------------------ checkpointed sinks

    /**
     * Enlists every checkpointed sink the run writes to before its first page: each starts fresh or,
     * when the run resumes, from the state committed with its last page. Nothing is enlisted in plan mode.
     */
    public void enlist(List<String[]> targets, Map<String, String> committed) {
        run.sinks.enlist(targets, committed);
    }

    /** Makes every checkpointed sink durable; returns the states to commit with the page. */
    public Map<String, String> flush() {
        return run.sinks.flush();
    }

    /** Publishes the checkpointed sinks' output; called when the run succeeded. */
    public void complete() {
        run.sinks.complete();
        if (!run.deferResults()) {
            run.journal.recordPending();
        }
    }

    /**
     * For a run that stopped and is not resumed (a retry, a reassign): its checkpointed sinks (files) were never published,
     * so the writes its committed pages journaled as applied to them are journaled again as not applied, with why; a
     * rollback then has nothing of them to undo. Returns the files ({@code connection/object}) with how many writes each
     * did not take, only those with any.
     */
    public Map<String, Integer> withdrawUnpublished(String why) {
        Map<String, Integer> withdrawn = new java.util.TreeMap<>();
        for (String key : run.sinks.keys()) {
            int slash = key.indexOf('/');
            int count = run.governance.journal.withdraw(run.run.id(), key.substring(0, slash), key.substring(slash + 1), why);
            if (count > 0) {
                withdrawn.put(key, count);
            }
        }
        return withdrawn;
    }

    /** Results of writes made since the last call, to be committed with the page that made them. */
    public List<JournalStore.EntryResult> drainResults() {
        return run.journal.drain();
    }

    // ------------------------------------------------------------------ writing

    /** The workspace's configuration of a target object (its id field, modified field), or null. */
    public ObjectConfig objectConfig(String connection, String object) {
        var config = run.config(connection);
        return config == null ? null : config.object(object);
    }

    /** Writes records (creates and updates) through the policy; one outcome per record, in order. */
    public List<WriteOutcome> write(String connection, String object, List<TargetRecord> records) {
        return this.records.write(connection, object, records, null);
    }

    /**
     * As {@link #write(String, String, List)}, with why the hub writes each record (an owner's assignment rule):
     * the journal keeps it beside the policy's decision, and a write parked for review shows it to the person.
     *
     * @param reasons one per record, in order; an element may be null
     */
    public List<WriteOutcome> write(String connection, String object, List<TargetRecord> records, List<String> reasons) {
        if (reasons.size() != records.size()) {
            throw new IllegalArgumentException(reasons.size() + " reasons for " + records.size() + " records; give one per record");
        }
        return this.records.write(connection, object, records, reasons);
    }

    /**
     * As {@link #write(String, String, List, List)}, for records that must already exist (an agent's proposal): a record
     * the target does not hold is refused with {@code missing}'s reason, never created, and without a read-back every
     * record is refused with {@code unreadable}. Checked against the write's own read of the target, under its locks.
     */
    public List<WriteOutcome> update(String connection, String object, List<TargetRecord> records, List<String> reasons,
                                     String unreadable, java.util.function.Function<String, String> missing) {
        if (reasons.size() != records.size()) {
            throw new IllegalArgumentException(reasons.size() + " reasons for " + records.size() + " records; give one per record");
        }
        return this.records.write(connection, object, records, reasons, new RecordWrites.Existing(unreadable, missing));
    }

    /**
     * Archives records by key (deletes seen at a source, undoing creates), through the kill switch,
     * the policy for {@code archive}, the caps and the journal. Keys the target does not hold are skipped.
     */
    public List<WriteOutcome> archive(String connection, String object, List<String> keys, SourceRef origin) {
        return archives.archive(connection, object, keys, origin);
    }

    /** As {@link #archive(String, String, List, SourceRef)}, each key with its own source record (one per key, in order). */
    public List<WriteOutcome> archive(String connection, String object, List<String> keys, List<SourceRef> origins) {
        return archives.archive(connection, object, keys, origins);
    }

    /**
     * Merges duplicates into a surviving record through the policy for {@code merge} (with the match
     * confidence, so low-confidence merges can go to review), the caps and the journal.
     *
     * @param confidence the match probability of the pair, from the dedupe engine
     */
    public List<WriteOutcome> merge(String connection, String object, String primaryId, List<String> duplicateIds, double confidence) {
        return merges.merge(connection, object, primaryId, duplicateIds, confidence, false);
    }

    /**
     * @param forceReview true for pairs in the dedupe rule's review band: a person decides, whatever the policy says
     */
    public List<WriteOutcome> merge(String connection, String object, String primaryId, List<String> duplicateIds, double confidence,
                                    boolean forceReview) {
        return merges.merge(connection, object, primaryId, duplicateIds, confidence, forceReview);
    }

    /**
     * In plan mode, keeps the owners a {@code hub-assign} step would give with the plan, so applying it records them (the
     * job's next run then keeps them instead of assigning again). Outside plan mode the step records them itself.
     */
    public void planAssignments(List<io.middlemile.store.AssignmentStore.Assignment> planned) {
        if (run.mode == Mode.PLAN) {
            run.plan.assignments(planned);
        }
    }

    /**
     * In plan mode, lists sends an outreach step would make ({@code action} send, the policy's decision with each) in the
     * plan. Applying a plan does not send them: a send's suppression and caps are checked again when the job runs.
     */
    public void planSends(List<PlannedWrite> planned) {
        if (run.mode == Mode.PLAN) {
            run.plan.sends(planned);
        }
    }

    /** The plan collected in plan mode. */
    public WritePlan plan() {
        return run.plan.toPlan(run.run, run.governance.workspaceVersion);
    }

    /** Writes made so far this run, by connection and action, e.g. {@code hubspot|update → 120}. */
    public Map<String, Long> volume() {
        return run.volumes();
    }
}
