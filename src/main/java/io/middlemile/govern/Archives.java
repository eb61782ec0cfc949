package io.middlemile.govern;

import io.middlemile.connector.Archiver;
import io.middlemile.connector.CurrentState;
import io.middlemile.connector.WriteOutcome;
import io.middlemile.model.SourceRef;
import io.middlemile.store.RecordLocks;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Archives (soft-deletes) records by key: deletes seen at a source, and the undoing of creates. The
 * policy decides each record as a whole; a {@code review} verdict parks the archive with the record as
 * it was (approving it archives the record, unless it changed since), a {@code deny} refuses it.
 */
final class Archives {

    private final WriteRun run;

    Archives(WriteRun run) {
        this.run = run;
    }

    /**
     * Keys the target does not hold are skipped; one outcome per key, in order. The before-images are read
     * in one batch and the archive is one call, which the archiver splits by its provider's batch maximum
     * (HubSpot 100, Salesforce 200), so a wave of deletions costs a few calls per hundred records.
     */
    List<WriteOutcome> archive(String connection, String object, List<String> keys, SourceRef origin) {
        return archive(connection, object, keys, java.util.Collections.nCopies(keys.size(), origin));
    }

    /**
     * As {@link #archive(String, String, List, SourceRef)}, each key with the source record its archive comes from (a record
     * deleted at a sync's source): a plan names it, so applying the plan queues that record for a retry when the archive is
     * not made.
     */
    List<WriteOutcome> archive(String connection, String object, List<String> keys, List<SourceRef> origins) {
        if (keys.isEmpty()) {
            return List.of();
        }
        if (origins.size() != keys.size()) {
            throw new IllegalArgumentException(origins.size() + " origins for " + keys.size() + " keys; give one per key");
        }
        WriteTarget<Archiver> target = run.target(connection, Archiver.class, () -> new WritesHaltedException("Connection "
                + connection + " cannot archive records, so these creates cannot be undone here: " + keys));
        WriteOutcome[] outcomes = new WriteOutcome[keys.size()];
        try (RecordLocks.Held held = run.lock(connection, object, keys)) {
            Optional<CurrentState> state = target.connector().capability(CurrentState.class);
            BeforeImages before = BeforeImages.read(state, object, keys, Map.of());
            Map<String, Map<String, Object>> current = before.current();
            Map<String, String> unreadable = before.unreadable();
            List<WritePipeline.Approved<String>> allowed = new ArrayList<>();
            List<Integer> allowedAt = new ArrayList<>();
            for (int i = 0; i < keys.size(); i++) {
                String key = keys.get(i);
                SourceRef origin = origins.get(i);
                if (unreadable.containsKey(key)) {
                    outcomes[i] = WriteOutcome.rejected(origin, unreadable.get(key));
                    continue;
                }
                if (state.isPresent() && !current.containsKey(key)) {
                    outcomes[i] = new WriteOutcome(origin, key, WriteOutcome.Status.SKIPPED, "nothing to do: " + connection
                            + " does not hold " + object + " " + key + " (already archived or deleted)");
                    continue;
                }
                // the whole record is the before-image, so the journal keeps what was archived
                RecordChange change = new RecordChange(key, WriteAction.ARCHIVE, current.get(key), null);
                PolicyVerdict verdict = target.gate().decide(object, null, WriteAction.ARCHIVE, run.volume(target, WriteAction.ARCHIVE),
                        null);
                if (verdict.kind() == PolicyVerdict.Kind.REVIEW) {
                    // a person decides; the run goes on (a sync's cursor moves past the delete: the review item keeps it)
                    outcomes[i] = new WriteOutcome(origin, key, WriteOutcome.Status.SKIPPED,
                            run.park(target, object, new RecordChange(key, WriteAction.ARCHIVE, current.get(key), Map.of()), verdict,
                                    origin)
                                    + " to archive " + object + " " + key + " (" + verdict.rule() + ")"); // a review item's after is no values
                    continue;
                }
                if (verdict.kind() != PolicyVerdict.Kind.AUTO) {
                    run.planned(target, object, change, verdict, origin);
                    outcomes[i] = WriteOutcome.denied(origin, key, "archive of " + key + " not allowed: " + verdict.rule());
                    continue;
                }
                allowed.add(new WritePipeline.Approved<>(key, change, verdict,
                        new WriteOutcome(origin, key, WriteOutcome.Status.WRITTEN, "would archive " + object + " " + key)));
                allowedAt.add(i);
            }
            // one call for all keys: each archiver batches by its provider's own limit
            List<WriteOutcome> made = WritePipeline.run(run, target, object, allowed, Integer.MAX_VALUE, CapGate.Batch.REQUEST, false,
                    batch -> target.capability().archive(object, batch, origins.get(0)));
            for (int i = 0; i < made.size(); i++) {
                // each key's own source record, whatever the archiver put in its answer
                outcomes[allowedAt.get(i)] = made.get(i).withOrigin(origins.get(allowedAt.get(i)));
            }
        }
        return List.of(outcomes);
    }
}
