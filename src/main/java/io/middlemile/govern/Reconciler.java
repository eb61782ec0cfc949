package io.middlemile.govern;

import io.middlemile.connector.Connector;
import io.middlemile.connector.CurrentState;
import io.middlemile.connector.TargetRecord;
import io.middlemile.store.JobLock;
import io.middlemile.store.JobRun;
import io.middlemile.store.JournalEntry;
import io.middlemile.store.JournalStore;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * Settles journal intents left without a result by a process that died between journal and write:
 * the target is read back and each intent is recorded as applied or not-applied, so the journal says
 * what really happened and a rerun never writes twice. Once per connection and run.
 */
final class Reconciler {

    private final Governance governance;
    private final JobRun run;
    private final Set<String> reconciled = new HashSet<>();

    Reconciler(Governance governance, JobRun run) {
        this.governance = governance;
        this.run = run;
    }

    /** Intents of a job another live process is running are left alone: its writes are still in flight. */
    void reconcile(String connection, Connector connector) {
        if (!reconciled.add(connection)) {
            return;
        }
        List<JournalEntry> unresolved = governance.journal.unresolved(connection);
        if (unresolved.isEmpty()) {
            return;
        }
        Map<String, List<JournalEntry>> byJob = new LinkedHashMap<>();
        unresolved.forEach(entry -> byJob.computeIfAbsent(entry.job(), job -> new ArrayList<>()).add(entry));
        for (Map.Entry<String, List<JournalEntry>> job : byJob.entrySet()) {
            if (job.getKey().equals(run.job())) {
                settle(connector, job.getValue());
                continue;
            }
            Optional<JobLock> lock = governance.runs.tryLock(job.getKey());
            if (lock.isPresent()) {
                try (JobLock held = lock.get()) {
                    settle(connector, job.getValue());
                }
            }
        }
    }

    private void settle(Connector connector, List<JournalEntry> entries) {
        Optional<CurrentState> state = connector.capability(CurrentState.class);
        List<JournalStore.EntryResult> results = new ArrayList<>();
        Map<String, List<JournalEntry>> byObject = new LinkedHashMap<>();
        entries.forEach(entry -> byObject.computeIfAbsent(entry.object(), o -> new ArrayList<>()).add(entry));
        for (Map.Entry<String, List<JournalEntry>> object : byObject.entrySet()) {
            Map<String, String> created = createdIds(object.getValue());
            Map<String, Map<String, Object>> current = state.map(s -> s.current(object.getKey(),
                    object.getValue().stream().map(entry -> created.getOrDefault(entry.recordKey(), entry.recordKey())).distinct().toList()))
                    .orElse(null);
            for (JournalEntry entry : object.getValue()) {
                String key = created.getOrDefault(entry.recordKey(), entry.recordKey());
                String recordId = key.equals(entry.recordKey()) ? null : key;
                if (current == null) {
                    results.add(new JournalStore.EntryResult(entry.id(), JournalEntry.Result.NOT_APPLIED,
                            "interrupted before its result was recorded; the target cannot be read back to check"));
                } else if (ChangeSet.holds(current.get(key), entry.after())) {
                    results.add(new JournalStore.EntryResult(entry.id(), JournalEntry.Result.APPLIED,
                            "confirmed by reading the target after an interruption", recordId));
                } else {
                    results.add(new JournalStore.EntryResult(entry.id(), JournalEntry.Result.NOT_APPLIED, "the target does not hold these values after an"
                            + " interruption; the write is made again when the job resumes"));
                }
            }
        }
        governance.journal.results(results);
    }

    /**
     * The ids creates journaled under a placeholder key got, where the crosswalk linked them before the
     * interruption (a sync links a create's id as soon as the provider answers, before its page commits): so the
     * journal records the real record, and a rollback of the interrupted run archives it.
     */
    private Map<String, String> createdIds(List<JournalEntry> entries) {
        Map<UUID, String> placeholders = new LinkedHashMap<>();
        String connection = null;
        String object = null;
        for (JournalEntry entry : entries) {
            Optional<UUID> canonical = TargetRecord.canonicalIdOf(entry.recordKey());
            if (canonical.isPresent()) {
                placeholders.put(canonical.get(), entry.recordKey());
                connection = entry.connection();
                object = entry.object();
            }
        }
        Map<String, String> created = new LinkedHashMap<>();
        if (!placeholders.isEmpty()) {
            governance.crosswalk.memberIds(connection, object, placeholders.keySet())
                    .forEach((id, targetId) -> created.put(placeholders.get(id), targetId));
        }
        return created;
    }
}
