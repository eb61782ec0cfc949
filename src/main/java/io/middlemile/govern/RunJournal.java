package io.middlemile.govern;

import io.middlemile.connector.TargetRecord;
import io.middlemile.connector.WriteOutcome;
import io.middlemile.store.JobRun;
import io.middlemile.store.JournalEntry;
import io.middlemile.store.JournalStore;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The journal as one run writes it: an intent per write, committed before the call, and its result
 * after. A job run keeps results pending and commits them with its page's checkpoint, so a crash
 * between the two is settled by reading the target back ({@link Reconciler}).
 */
final class RunJournal {

    private final JournalStore store;
    private final JobRun run;
    private final String workspaceVersion;
    private final java.util.function.Supplier<Actor> actor;
    private final List<JournalStore.EntryResult> pending = new ArrayList<>();

    /** @param actor who asks for the run's writes at the time of each intent (the run may name a person or an agent late) */
    RunJournal(JournalStore store, JobRun run, String workspaceVersion, java.util.function.Supplier<Actor> actor) {
        this.store = store;
        this.run = run;
        this.workspaceVersion = workspaceVersion;
        this.actor = actor;
    }

    /**
     * Journals the intents of one batch; returns their ids, in order.
     *
     * @param source what made these writes (run, apply, review #12, rollback of run 7), for the decision column
     */
    List<Long> intend(String connection, String object, List<? extends WritePipeline.Approved<?>> writes, String source) {
        List<JournalEntry> intents = new ArrayList<>(writes.size());
        for (WritePipeline.Approved<?> write : writes) {
            RecordChange change = write.change();
            intents.add(new JournalEntry(0, run.id(), run.job(), connection, object, change.key(), change.action().id(),
                    change.before(), change.after(), decision(write.verdict(), source), write.verdict().rule(), workspaceVersion,
                    JournalEntry.Result.INTENT, Instant.now(), change.reason(), actor.get().id()));
        }
        return store.intend(intents);
    }

    /** e.g. {@code auto}, or {@code auto via review #12} for writes a person asked for. */
    static String decision(PolicyVerdict verdict, String source) {
        return verdict.id() + (source.equals("run") ? "" : " via " + source);
    }

    /**
     * What the journal says of a call's outcome: applied, not-applied (nothing to do) or failed (refused). A
     * record written under a placeholder key (a create, {@code new:...}) keeps the id the provider gave it.
     */
    static JournalStore.EntryResult result(long entry, String key, WriteOutcome outcome) {
        return switch (outcome.status()) {
            case WRITTEN -> new JournalStore.EntryResult(entry, JournalEntry.Result.APPLIED, outcome.reason(),
                    outcome.targetId() != null && !outcome.targetId().equals(key) && TargetRecord.isPlaceholder(key) ? outcome.targetId() : null);
            case SKIPPED -> new JournalStore.EntryResult(entry, JournalEntry.Result.NOT_APPLIED, outcome.reason());
            case REJECTED -> new JournalStore.EntryResult(entry, JournalEntry.Result.FAILED, outcome.reason());
        };
    }

    void later(JournalStore.EntryResult result) {
        pending.add(result);
    }

    void now(List<JournalStore.EntryResult> results) {
        store.results(results);
    }

    /** Results kept since the last call, to be committed with the page that made them. */
    List<JournalStore.EntryResult> drain() {
        List<JournalStore.EntryResult> drained = List.copyOf(pending);
        pending.clear();
        return drained;
    }

    void recordPending() {
        store.results(drain());
    }
}
