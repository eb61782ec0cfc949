package io.middlemile.govern;

import io.middlemile.connector.WriteOutcome;
import io.middlemile.store.JournalStore;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * The steps every write takes once the policy let it through, whatever its action (create, update,
 * archive, merge, and send and spend to come): the caps, then in a plan only the plan entry;
 * otherwise the journal intent, committed before the call, the call, its result and the counts.
 */
final class WritePipeline {

    /**
     * A write the policy let through.
     *
     * @param payload what the call takes (a record, a key, a duplicate's id)
     * @param change  what the journal and the plan record: key, action, before- and after-image
     * @param wouldBe the outcome a plan reports for it
     */
    record Approved<T>(T payload, RecordChange change, PolicyVerdict verdict, WriteOutcome wouldBe) {
    }

    /** The provider call for a batch of at most the given size; one outcome per payload, in order. */
    interface Call<T> {
        List<WriteOutcome> make(List<T> payloads);
    }

    private WritePipeline() {
    }

    /**
     * @param batchSize most payloads per call
     * @param settleNow record results at once even in a job, where they are otherwise committed with
     *                  the page: a merge, because read back after a crash a merged-away record looks
     *                  like a write that never happened
     * @return one outcome per write, in order: the call's, or in a plan {@link Approved#wouldBe}
     */
    static <T> List<WriteOutcome> run(WriteRun run, WriteTarget<?> target, String object, List<Approved<T>> writes, int batchSize,
                                      CapGate.Batch batch, boolean settleNow, Call<T> call) {
        if (writes.isEmpty()) {
            return List.of();
        }
        Map<WriteAction, Long> adding = new EnumMap<>(WriteAction.class);
        writes.forEach(write -> adding.merge(write.change().action(), 1L, Long::sum));
        CapGate.enforce(target.connection(), target.gate().caps(), adding, run.capVolumes(target), run.planning(), batch);
        if (run.planning()) {
            for (Approved<T> write : writes) {
                run.plan.add(target.connection(), object, write.change(), write.verdict(), run.source(),
                        write.wouldBe().origin());
                run.counts.count(target.connection(), write.change().action());
            }
            run.plan.calls(target, PlanRecorder.batches(writes.size(), batchSize));
            return writes.stream().map(Approved::wouldBe).toList();
        }
        writes.forEach(write -> run.approved(target, object, write));
        List<Long> ids = run.journal.intend(target.connection(), object, writes, run.source());
        List<WriteOutcome> outcomes = new ArrayList<>(writes.size());
        List<JournalStore.EntryResult> settled = new ArrayList<>();
        int max = Math.max(1, batchSize);
        for (int from = 0; from < writes.size(); from += max) {
            List<Approved<T>> chunk = writes.subList(from, Math.min(writes.size(), from + max));
            List<WriteOutcome> answered = call.make(chunk.stream().map(Approved::payload).toList());
            if (answered.size() != chunk.size()) {
                throw new IllegalStateException("Connection " + target.connection() + " answered " + answered.size() + " outcomes for "
                        + chunk.size() + " records; every record must get an outcome");
            }
            for (int i = 0; i < chunk.size(); i++) {
                WriteOutcome outcome = answered.get(i);
                JournalStore.EntryResult result = RunJournal.result(ids.get(from + i), chunk.get(i).change().key(), outcome);
                if (settleNow) {
                    settled.add(result);
                } else {
                    run.journal.later(result);
                }
                if (outcome.status() == WriteOutcome.Status.WRITTEN) {
                    run.counts.count(target.connection(), chunk.get(i).change().action());
                }
                outcomes.add(outcome);
            }
        }
        if (settleNow) {
            run.journal.now(settled);
        } else if (run.resultsAtOnce(target)) {
            run.journal.recordPending();
        }
        return outcomes;
    }
}
