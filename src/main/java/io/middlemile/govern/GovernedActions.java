package io.middlemile.govern;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import io.middlemile.connector.Connector;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The write-path commands besides job runs: apply a saved plan exactly ({@link PlanApply}), approve
 * or reject a parked write ({@link ReviewDecisions}), and roll a run back from its journal
 * ({@link Rollback}). Each checks the target's current values first, so a record someone changed in
 * the meantime is reported as a conflict, never overwritten blindly.
 */
public final class GovernedActions {

    private final PlanApply plans;
    private final ReviewDecisions reviews;
    private final Rollback rollbacks;
    private final Proposals proposals;
    private final ActionSessions sessions;

    public GovernedActions(Governance governance, Function<String, Connector> opener) {
        this.sessions = new ActionSessions(governance, opener);
        this.plans = new PlanApply(sessions);
        this.reviews = new ReviewDecisions(sessions);
        this.rollbacks = new Rollback(sessions);
        this.proposals = new Proposals(sessions);
    }

    /** New values for some fields of one existing record, keyed as the target keys it (its id). */
    public record FieldProposal(String key, Map<String, Object> fields) {
        public FieldProposal {
            fields = Map.copyOf(fields);
        }
    }

    /**
     * What became of a proposal: the run it was made in (its journal) and one outcome per record, in order: written,
     * skipped with a note (unchanged, or "waiting for review #12: ..."), or rejected with why (a denied field, no such record).
     */
    public record ProposalReport(long runId, List<io.middlemile.connector.WriteOutcome> outcomes) {
    }

    /** What an actor's spending session produced: its run (journal, rollback) and the work's own answer. */
    public record Spent<T>(long runId, T result) {
    }

    /** Work that spends credits or sends through the one write path, in a run of its own. */
    @FunctionalInterface
    public interface SpendWork<T> {
        T run(io.middlemile.store.JobRun run, GovernedCalls spend);
    }

    /**
     * Runs {@code work} as a session of {@code actor}'s own (run kind {@code agent}, locked per actor like a proposal),
     * its spending governed under that actor: the kill switches (the agents' one for an agent), the provider connection's
     * policy for {@code spend} and its caps matched against the actor, the journal and the review queue naming the actor
     * with {@code reason}.
     *
     * @throws RunStoppedException when a kill switch or a cap stopped the session
     */
    public <T> Spent<T> spend(Actor actor, String reason, SpendWork<T> work) {
        return calls(WriteAction.SPEND, "enrichment of ", actor, reason, work);
    }

    /**
     * As {@link #spend}, for outreach sends ({@link WriteAction#SEND}): the channel connection's policy for {@code send} and
     * its caps matched against the actor, the journal and the review queue naming it with {@code reason}.
     */
    public <T> Spent<T> send(Actor actor, String reason, SpendWork<T> work) {
        return calls(WriteAction.SEND, "outreach of ", actor, reason, work);
    }

    /** Work that takes back what a run sent (a lead out of its campaign), through the one write path. */
    @FunctionalInterface
    public interface UnsendWork<T> {
        /** @param connectors the session's connectors by connection id, closed when the session ends */
        T run(io.middlemile.store.JobRun run, GovernedCalls send, Function<String, Connector> connectors);
    }

    /**
     * Runs {@code work} as a rollback session of run {@code runId} (locked as its rollback is), whose calls are
     * {@link WriteAction#SEND}s of {@code actor}: the kill switch, the channel connection's policy and caps for {@code send},
     * the journal and the review queue apply as to the sends themselves. {@code middlemile rollback RUN --remove-from-campaign}
     * takes a run's leads out of their campaign with it.
     *
     * @throws RunStoppedException when a kill switch or a cap stopped the session
     */
    public <T> Spent<T> unsend(long runId, Actor actor, String reason, UnsendWork<T> work) {
        List<T> result = new java.util.ArrayList<>(1);
        String name = "removal of what run " + runId + " sent";
        ActionReport report = sessions.run(Rollback.JOB + runId, "rollback", name, null, actor, (session, tally) -> result.add(work.run(
                session.run, new GovernedCalls(sessions.governance, session.run, WriteAction.SEND, actor, reason), session::connector)));
        return new Spent<>(report.runId(), result.isEmpty() ? null : result.get(0));
    }

    private <T> Spent<T> calls(WriteAction action, String what, Actor actor, String reason, SpendWork<T> work) {
        List<T> result = new java.util.ArrayList<>(1);
        ActionReport report = sessions.run(actor.id(), "agent", what + actor.id(), null, actor,
                (session, tally) -> result.add(work.run(session.run, new GovernedCalls(sessions.governance, session.run, action, actor, reason))));
        return new Spent<>(report.runId(), result.isEmpty() ? null : result.get(0));
    }

    /**
     * Proposes field updates of existing records as {@code actor}, through the write path: each field is decided by the
     * connection's policy for that actor (auto is written and journaled under the actor, review is parked with
     * {@code reason}, deny is refused), within the caps and the kill switches.
     *
     * @throws RunStoppedException when a kill switch or a cap stopped the proposal before anything of it was written
     */
    public ProposalReport propose(Actor actor, String connection, String object, List<FieldProposal> records, String reason) {
        return proposals.propose(actor, connection, object, records, reason);
    }

    /**
     * One merge a dedupe plan asks for.
     *
     * @param reviewOnly true for a pair in the review band: it is parked for a person, never merged directly
     */
    public record MergeRequest(String connection, String object, String primaryId, String duplicateId, double confidence,
                               boolean reviewOnly) {
    }

    /** One step of a rollback: what would be written back, archived, re-created, or cannot be restored. */
    public record RollbackStep(String connection, String object, String key, Action action, Map<String, Object> restore,
                               String problem) {

        /**
         * What undoing the write does: {@code update} writes before-images back, {@code archive} removes a
         * created record, {@code recreate} re-creates a merged-away record, {@code none} restores nothing
         * ({@link #problem} says why). {@link #wire()} is the word the CLI prints and JSON carries.
         */
        public enum Action {
            UPDATE, ARCHIVE, RECREATE, NONE;

            @JsonValue
            public String wire() {
                return name().toLowerCase(Locale.ROOT);
            }

            @JsonCreator
            public static Action fromWire(String value) {
                return Arrays.stream(values()).filter(a -> a.wire().equals(value)).findFirst()
                        .orElseThrow(() -> new IllegalArgumentException("Unknown rollback step action \"" + value
                                + "\"; expected one of " + Arrays.stream(values()).map(Action::wire).collect(Collectors.joining(", "))));
            }
        }
    }

    /** Executes the auto writes of a plan whose targets still hold what the plan saw; parks its review writes. */
    public ActionReport apply(WritePlan plan, String planName) {
        return plans.apply(plan, planName);
    }

    /** Executes merges through the write path (policy by confidence, snapshots, caps, journal); the review band is parked. */
    public ActionReport merge(String job, List<MergeRequest> requests) {
        return plans.merge(job, requests);
    }

    /** Executes an approved review item through the same write path; a changed target is a conflict. */
    public ActionReport approve(long reviewId, String by, String note) {
        return reviews.approve(reviewId, by, note);
    }

    /** Rejects a review item: nothing is written. */
    public void reject(long reviewId, String by, String note) {
        reviews.reject(reviewId, by, note);
    }

    /**
     * What rolling a run back means, from its journal: updated fields go back to their before-images
     * unless someone changed them since (a conflict), created records are archived, merged-away
     * records are re-created, and what cannot be undone (sends, archives) is listed. What the run parked for review is
     * withdrawn with it ({@link #rollbackWithdrawals(long)}).
     */
    public List<RollbackStep> rollbackPlan(long runId) {
        return rollbacks.plan(runId);
    }

    /**
     * What rolling back everything {@code actor} did since a time means (an agent's work of the last two hours): as a
     * run's rollback, with a record the actor wrote several times restored once, to its values before the first write.
     */
    public List<RollbackStep> rollbackPlan(Actor actor, java.time.Instant since) {
        return rollbacks.plan(actor, since);
    }

    /**
     * The review items rolling run {@code runId} back withdraws: what it parked (writes, sends, lookups) that nobody decided
     * yet, and its sends and lookups approved that no run made yet; not an item a later run parked again (that run's now).
     * A preview reads them ({@link WithdrawalPreview} words them); the rollback withdraws those still so then, so approving
     * one later is refused and no run makes an approved one.
     */
    public List<io.middlemile.store.ReviewItem> rollbackWithdrawals(long runId) {
        return rollbacks.withdrawals(runId);
    }

    /** As {@link #rollbackWithdrawals(long)}, for what was parked for {@code actor} since a time. */
    public List<io.middlemile.store.ReviewItem> rollbackWithdrawals(Actor actor, java.time.Instant since) {
        return rollbacks.withdrawals(actor, since);
    }

    /** Restores what {@link #rollbackPlan(Actor, java.time.Instant)} says can be restored, as one rollback run. */
    public ActionReport rollback(Actor actor, java.time.Instant since, String by) {
        return rollbacks.rollback(actor, since, by);
    }

    /** Restores what {@link #rollbackPlan} says can be restored, through the write path. */
    public ActionReport rollback(long runId) {
        return rollbacks.rollback(runId, null);
    }

    /** As {@link #rollback(long)}, asked for by {@code by} (an API token's name), which the journal records. */
    public ActionReport rollback(long runId, String by) {
        return rollbacks.rollback(runId, by);
    }
}
