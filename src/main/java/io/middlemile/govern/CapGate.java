package io.middlemile.govern;

import io.middlemile.workspace.PolicyConfig;

import java.util.List;
import java.util.Map;

/**
 * The hard limits of a connection's {@code policy.caps}, the same for every action: a batch that
 * would take an action over its cap per run or per day halts the run before anything of the batch is
 * journaled or written. Pure: the volumes come from a {@link Volumes} the caller passes.
 */
final class CapGate {

    /** What the halted batch was, for the message an operator reads. */
    enum Batch {
        /** A page of a job's records (creates and updates). */
        PAGE,
        /** One archive or merge request: a delete or merge seen at the source, a rollback, a merge plan. */
        REQUEST
    }

    /** The writes made so far, per action; {@code withToday} asks for the journal's count of earlier runs today. */
    interface Volumes {
        ActionVolume of(WriteAction action, boolean withToday);

        /**
         * Only the writes of the run's actor, for a cap with an {@code actor}: a run has one actor, so its own count is
         * the same, and earlier today counts that actor's writes alone.
         */
        default ActionVolume ofActor(WriteAction action, boolean withToday) {
            return of(action, withToday);
        }
    }

    private CapGate() {
    }

    /**
     * @param adding   writes of each action the batch would make
     * @param planning true in a plan: only per-run caps apply, as a plan does not know what other runs will have made by then
     * @throws WritesHaltedException when a cap would be exceeded
     */
    static void enforce(String connection, List<PolicyConfig.Cap> caps, Map<WriteAction, Long> adding, Volumes volumes,
                        boolean planning, Batch batch) {
        for (PolicyConfig.Cap cap : caps) {
            if (cap == null || cap.action() == null) {
                continue;
            }
            WriteAction action = WriteAction.of(cap.action());
            long more = adding.getOrDefault(action, 0L);
            if (more == 0) {
                continue;
            }
            boolean perDay = cap.perDay() != null && !planning;
            ActionVolume volume = cap.actor() == null ? volumes.of(action, perDay) : volumes.ofActor(action, perDay);
            String whose = cap.actor() == null ? "" : " (the cap for actor " + cap.actor() + ")";
            if (cap.perRun() != null && volume.thisRun() + more > cap.perRun()) {
                throw new WritesHaltedException("Cap reached at " + connection + whose + ": this run already made " + volume.thisRun() + " "
                        + cap.action() + " writes and " + asked(batch, more) + ", over perRun " + cap.perRun() + " (connectors/"
                        + connection + ".yaml policy.caps). " + notMade(batch, more) + ". Check that the volume is expected, raise"
                        + " the cap if it is, and run " + (batch == Batch.PAGE ? "the job" : "it") + " again to resume.");
            }
            if (perDay && volume.today() + more > cap.perDay()) {
                throw new WritesHaltedException("Daily cap reached at " + connection + whose + ": " + volume.today() + " " + cap.action()
                        + " writes today and " + asked(batch, more) + ", over perDay " + cap.perDay() + " (connectors/" + connection
                        + ".yaml policy.caps). " + notMade(batch, more) + "; run " + (batch == Batch.PAGE ? "the job" : "it")
                        + " again tomorrow (UTC) or raise the cap.");
            }
        }
    }

    private static String asked(Batch batch, long more) {
        if (batch == Batch.PAGE) {
            return "the next page has " + more + " more";
        }
        return more + " more " + (more == 1 ? "was" : "were") + " asked for";
    }

    private static String notMade(Batch batch, long more) {
        if (batch == Batch.PAGE) {
            return "Nothing of this page was written";
        }
        return more == 1 ? "It was not made" : "None of them was made";
    }
}
