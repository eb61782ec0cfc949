package io.middlemile.govern;

import io.middlemile.connector.Merger;
import io.middlemile.connector.WriteOutcome;
import io.middlemile.model.SourceRef;
import io.middlemile.store.RecordLocks;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Merges duplicates into a surviving record, one at a time (each merge changes the survivor). The
 * policy decides each merge by its match confidence; every record is snapshotted first, so the
 * journal's before-image holds the merged-away record and the survivor as they were, which is what
 * a rollback re-creates from.
 */
final class Merges {

    private final WriteRun run;

    Merges(WriteRun run) {
        this.run = run;
    }

    /**
     * @param confidence  the match probability of the pair, from the dedupe engine
     * @param reviewBand  true for pairs in the dedupe rule's review band: a person decides, whatever the policy says
     */
    List<WriteOutcome> merge(String connection, String object, String primaryId, List<String> duplicateIds, double confidence,
                             boolean reviewBand) {
        if (duplicateIds.isEmpty()) {
            return List.of();
        }
        WriteTarget<Merger> target = run.target(connection, Merger.class, () -> new IllegalStateException("Connection " + connection
                + " has no merge operation; link these records in the crosswalk instead"));
        List<String> all = new ArrayList<>(duplicateIds);
        all.add(0, primaryId);
        List<WriteOutcome> outcomes = new ArrayList<>();
        try (RecordLocks.Held held = run.lock(connection, object, all)) {
            Map<String, Map<String, Object>> snapshot = target.capability().snapshot(object, all);
            for (String duplicate : duplicateIds) {
                SourceRef origin = new SourceRef(connection, object, duplicate);
                if (!snapshot.containsKey(duplicate)) {
                    // archived, deleted or merged since, in the target or by hand: nothing is left to merge (a retry of
                    // a merge the target refused would otherwise meet "not found" for ever)
                    outcomes.add(new WriteOutcome(origin, duplicate, WriteOutcome.Status.SKIPPED, "nothing to do: " + connection
                            + " does not hold " + object + " " + duplicate + " (already archived, deleted or merged)"));
                    continue;
                }
                Map<String, Object> before = new LinkedHashMap<>();
                before.put("record", snapshot.get(duplicate));
                before.put("primary", snapshot.get(primaryId));
                RecordChange change = new RecordChange(duplicate, WriteAction.MERGE, before,
                        Map.of("mergedInto", primaryId, "confidence", confidence));
                PolicyVerdict verdict = target.gate().decide(object, null, WriteAction.MERGE, run.volume(target, WriteAction.MERGE),
                        confidence);
                if (reviewBand) {
                    verdict = PolicyGate.inReviewBand(verdict, confidence);
                }
                outcomes.addAll(switch (verdict.kind()) {
                    case DENY -> {
                        run.planned(target, object, change, verdict);
                        yield List.of(WriteOutcome.denied(origin, duplicate, "merge denied by connectors/" + connection + ".yaml "
                                + verdict.rule()));
                    }
                    case REVIEW -> List.of(new WriteOutcome(origin, duplicate, WriteOutcome.Status.SKIPPED,
                            run.park(target, object, change, verdict) + ": merge into " + primaryId + " (" + verdict.rule() + ")"));
                    case AUTO -> WritePipeline.run(run, target, object, List.of(new WritePipeline.Approved<>(duplicate, change, verdict,
                                    new WriteOutcome(origin, primaryId, WriteOutcome.Status.WRITTEN, "would merge " + duplicate + " into "
                                            + primaryId))), 1, CapGate.Batch.REQUEST, true,
                            one -> List.of(target.capability().merge(object, primaryId, one.get(0), origin)));
                });
            }
        }
        return outcomes;
    }
}
