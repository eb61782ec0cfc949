package io.middlemile.govern;

import io.middlemile.store.JobRun;
import io.middlemile.store.JournalEntry;
import io.middlemile.store.JournalStore;
import io.middlemile.store.ReviewItem;
import io.middlemile.workspace.ConnectorConfig;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Calls that cost or reach outside and cannot be undone, through the same steps as every other action of the one write
 * path: credits spent at an enrichment provider ({@link WriteAction#SPEND}) and outreach sends ({@link WriteAction#SEND}:
 * a lead enrolled in a campaign, a LinkedIn invitation). Each goes through the kill switch, the connection's policy for
 * the action (auto, review, deny), its caps (per run and per day), then a journal intent committed before the call and
 * a result after it. One instance per run and action; the waterfall ({@code io.middlemile.enrich}) and the outreach
 * step ({@code io.middlemile.outreach}) ask it before every call.
 *
 * <p>A call the policy sends to review is parked as a review item ({@code middlemile review list}) and not made;
 * once a person approves it, the next run that meets the same call makes it (once), and a rejected one is not
 * parked again. Thread-safe: a waterfall's providers spend side by side, and an outreach page's results are recorded while
 * the next page asks (results touch nothing but their own journal rows, so they need not wait for an intent).
 */
public final class GovernedCalls {

    /**
     * One call about to be made: a lookup about to be paid for, a send about to go. An approval in review is for one call:
     * the same connection, object, record key and action, and values that cover it (see {@link ApprovalMatch}): a send's
     * exactly; a spend's may ask less than was approved ({@link #FIELDS} and {@link #GROUPS} among those approved, at most
     * {@link #MAX_CREDITS}), so a held-back lookup re-planned when it is made still finds its approval.
     *
     * @param key    the looked-up identity or the record sent to (journal record key)
     * @param intent what is asked and what it may cost, or what is sent where, as the journal shows it
     */
    public record Lookup(String key, Map<String, Object> intent) {

        /** A spend's intent: the values it buys (a list). */
        public static final String FIELDS = "fields";
        /** A spend's intent: the waterfall groups it answers (a list). */
        public static final String GROUPS = "groups";
        /** A spend's intent: the most credits it may cost (a number). */
        public static final String MAX_CREDITS = "maxCredits";
    }

    /**
     * The calls that may go ahead (their journal entries) and those refused, with the reason.
     *
     * @param parked    of the refused calls, those the policy parked for review, with the review item's id (by key)
     * @param approvals of the calls that may go ahead, those a person approved in review, with the review item this run took
     *                  (by key): {@link #giveBack} returns it when the call is not made after all
     */
    public record Permit(String connection, Map<String, Long> entries, Map<String, String> refused, Map<String, Long> parked,
                         Map<String, Long> approvals) {

        /** A permit that parked nothing. */
        public Permit(String connection, Map<String, Long> entries, Map<String, String> refused) {
            this(connection, entries, refused, Map.of(), Map.of());
        }

        public boolean allowed(String key) {
            return entries.containsKey(key);
        }

        /** The review item a refused call waits in, or null when it was not parked (denied, or rejected in review before). */
        public Long review(String key) {
            return parked.get(key);
        }
    }

    private final Governance governance;
    private final JobRun run;
    private final Actor actor;
    private final String reason;
    private final RunCounts counts;
    private final WriteAction action;
    /** What makes a parked call once approved, by its key and review id, when neither a run nor an agent does; or null. */
    private final java.util.function.BiFunction<String, Long, String> afterApproval;

    /** Credit spending of a job run ({@link WriteAction#SPEND}): the actor is the job ({@code job:NAME}). */
    public GovernedCalls(Governance governance, JobRun run) {
        this(governance, run, WriteAction.SPEND);
    }

    /** @param action {@link WriteAction#SPEND} or {@link WriteAction#SEND}, by the job ({@code job:NAME}) */
    public GovernedCalls(Governance governance, JobRun run, WriteAction action) {
        this(governance, run, action, Actor.job(run.job()), null);
    }

    /**
     * Calls asked for by {@code actor} (an agent through the gateway): the policy's and caps' actor globs match it, the
     * agents' kill switch stops it, the journal and the review queue name it, with its {@code reason}.
     */
    GovernedCalls(Governance governance, JobRun run, WriteAction action, Actor actor, String reason) {
        this(governance, run, action, actor, reason, new RunCounts(governance.journal), null);
    }

    private GovernedCalls(Governance governance, JobRun run, WriteAction action, Actor actor, String reason, RunCounts counts,
                          java.util.function.BiFunction<String, Long, String> afterApproval) {
        if (action != WriteAction.SPEND && action != WriteAction.SEND) {
            throw new IllegalArgumentException("governed calls are spends or sends, not " + action.id());
        }
        this.governance = governance;
        this.run = run;
        this.actor = actor;
        this.reason = reason;
        this.counts = counts;
        this.action = action;
        this.afterApproval = afterApproval;
    }

    /**
     * The same calls, for a caller whose parked calls neither the job's next run nor an agent makes (a rollback's removal of
     * leads from their campaigns: the person runs the rollback again): {@code sentence} says, by the call's key and the
     * review's id, what makes the call once approved, and a parked call's message ends with it. The run's counts are
     * shared, so its caps count every call of both.
     */
    public GovernedCalls madeOnceApprovedBy(java.util.function.BiFunction<String, Long, String> sentence) {
        return new GovernedCalls(governance, run, action, actor, reason, counts, sentence);
    }

    /**
     * Kill switch, policy, caps and journal for calls about to spend or send at {@code connection}. A call a person
     * approved in review goes as the policy's own would, and its approval is taken only once the caps let the calls go:
     * a cap that halts the run leaves every approval standing (its message says so), for the run that has room.
     *
     * @param object the connection's object the calls are about (people, companies, leads)
     * @throws RuntimeException the kill switch's or a cap's halt, which stops the run as for any write; no approval is
     *                          used up by it
     */
    public synchronized Permit intend(String connection, String object, List<Lookup> lookups) {
        governance.killSwitch.check(actor);
        ConnectorConfig config = governance.connectors.get(connection);
        PolicyGate gate = new PolicyGate(config == null ? null : config.writePolicy(), null, actor);
        Map<String, String> refused = new LinkedHashMap<>();
        Map<String, Long> parked = new LinkedHashMap<>();
        List<Lookup> allowed = new ArrayList<>();
        List<PolicyVerdict> verdicts = new ArrayList<>();
        // found, not taken: an approval is used up only by a call the caps let go (below)
        Map<String, ReviewItem> approved = new LinkedHashMap<>();
        // one verdict for the whole chunk: it depends on the connection, the object, the action and the volume so far, none
        // of which changes between the chunk's calls (they are counted once journaled, below)
        PolicyVerdict verdict = gate.decide(object, null, action, counts.volume(connection, action, gate.countsToday()), null);
        for (Lookup lookup : lookups) {
            switch (verdict.kind()) {
                case AUTO -> {
                    allowed.add(lookup);
                    verdicts.add(verdict);
                }
                case REVIEW -> {
                    Optional<ReviewItem> approval = approvals(connection, object, lookup).stream().findFirst();
                    if (approval.isPresent()) {
                        allowed.add(lookup);
                        verdicts.add(approvedIn(approval.get()));
                        approved.put(lookup.key(), approval.get());
                    } else {
                        refused.put(lookup.key(), parked(connection, object, lookup, verdict, parked));
                        governance.decisions.decided(connection, object, action, PolicyVerdict.Kind.REVIEW);
                    }
                }
                case DENY -> {
                    refused.put(lookup.key(), "connectors/" + connection + ".yaml policy denies " + gerund() + " here ("
                            + verdict.rule() + ")");
                    governance.decisions.decided(connection, object, action, PolicyVerdict.Kind.DENY);
                }
            }
        }
        if (allowed.isEmpty()) {
            return new Permit(connection, Map.of(), refused, parked, Map.of());
        }
        try {
            CapGate.enforce(connection, gate.caps(), Map.of(action, (long) allowed.size()), new CapGate.Volumes() {
                @Override
                public ActionVolume of(WriteAction capped, boolean withToday) {
                    return counts.volume(connection, capped, withToday);
                }

                @Override
                public ActionVolume ofActor(WriteAction capped, boolean withToday) {
                    return counts.actorVolume(connection, capped, actor, withToday);
                }
            }, false, CapGate.Batch.PAGE);
        } catch (WritesHaltedException halted) {
            if (approved.isEmpty()) {
                throw halted;
            }
            throw new WritesHaltedException(halted.getMessage() + stillStanding(approved));
        }
        // the caps let the calls go: each approved one takes its approval now (once: another run may have taken it meanwhile,
        // then another approval that covers it is taken, or it is parked as any call without one)
        Map<String, Long> taken = new LinkedHashMap<>();
        for (int i = 0; i < allowed.size(); i++) {
            Lookup lookup = allowed.get(i);
            if (!approved.containsKey(lookup.key())) {
                continue;
            }
            ReviewItem approval = take(connection, object, lookup);
            if (approval != null) {
                taken.put(lookup.key(), approval.id());
                verdicts.set(i, approvedIn(approval));
            } else {
                refused.put(lookup.key(), parked(connection, object, lookup, verdict, parked));
                governance.decisions.decided(connection, object, action, PolicyVerdict.Kind.REVIEW);
                allowed.remove(i);
                verdicts.remove(i);
                i--;
            }
        }
        if (allowed.isEmpty()) {
            return new Permit(connection, Map.of(), refused, parked, Map.of());
        }
        List<JournalEntry> intents = new ArrayList<>();
        for (int i = 0; i < allowed.size(); i++) {
            PolicyVerdict decided = verdicts.get(i);
            intents.add(new JournalEntry(0, run.id(), run.job(), connection, object, allowed.get(i).key(), action.id(),
                    null, allowed.get(i).intent(), decided.kind().id(), decided.rule(), governance.workspaceVersion, null, null, reason,
                    actor.id()));
        }
        List<Long> ids;
        try {
            ids = governance.journal.intend(intents);
        } catch (RuntimeException e) {
            // no intent, no call: the approvals wait for the run that can journal them
            governance.reviews.giveBackApprovals(run.id(), taken.values());
            throw e;
        }
        Map<String, Long> entries = new LinkedHashMap<>();
        for (int i = 0; i < allowed.size(); i++) {
            entries.put(allowed.get(i).key(), ids.get(i));
            counts.count(connection, action);
            // made by the policy's rule or on a person's approval
            governance.decisions.decided(connection, object, action, PolicyVerdict.Kind.AUTO);
        }
        return new Permit(connection, entries, refused, parked, taken);
    }

    /**
     * The approvals not yet carried out that cover this call (the same connection, object, record and action, values that
     * cover it: {@link ApprovalMatch}), the one approving exactly this call first, then the oldest.
     */
    private List<ReviewItem> approvals(String connection, String object, Lookup lookup) {
        List<ReviewItem> exact = new ArrayList<>();
        List<ReviewItem> bigger = new ArrayList<>();
        for (ReviewItem item : governance.reviews.approvedNotCarriedOut(connection, object, lookup.key(), action.id())) {
            if (!approvedFor(item)) {
                continue;
            }
            if (ApprovalMatch.same(item.after(), lookup.intent())) {
                exact.add(item);
            } else if (ApprovalMatch.covers(action, item.after(), lookup.intent())) {
                bigger.add(item);
            }
        }
        exact.addAll(bigger);
        return exact;
    }

    /**
     * Whether a person's approval of {@code item} may be carried out by this caller. An approval of an agent's call is that
     * agent's: the person read its reason and approved it for the agent (the approval says the agent's next call makes it),
     * so only that agent's call takes it, journaled under the agent; a job's run meeting the same send would otherwise make
     * it as the job's, and the journal would lose the agent. Likewise an agent never rides on an approval given to a job,
     * a person or another agent. The jobs' and people's approvals stay interchangeable among them, as before.
     */
    private boolean approvedFor(ReviewItem item) {
        boolean forAgent = item.actor() != null && item.actor().startsWith("agent:");
        return !(forAgent || actor.isAgent()) || actor.id().equals(item.actor());
    }

    /** Takes an approval that covers the call for this run; null when none is left (another run took it meanwhile). */
    private ReviewItem take(String connection, String object, Lookup lookup) {
        for (ReviewItem approval : approvals(connection, object, lookup)) {
            if (governance.reviews.carriedOut(approval.id(), run.id())) {
                return approval;
            }
        }
        return null;
    }

    private static PolicyVerdict approvedIn(ReviewItem approval) {
        return new PolicyVerdict(PolicyVerdict.Kind.AUTO, "approved in review #" + approval.id() + " by " + approval.decidedBy());
    }

    /** What a cap's halt adds for the calls a person approved: their approvals were not used and still stand. */
    private String stillStanding(Map<String, ReviewItem> approved) {
        List<String> named = new ArrayList<>();
        approved.forEach((key, item) -> named.add("#" + item.id() + " (" + key + ")"));
        String which = named.size() <= 10 ? String.join(", ", named)
                : String.join(", ", named.subList(0, 10)) + " and " + (named.size() - 10) + " more";
        String call = action == WriteAction.SPEND ? "lookup" : "send";
        return named.size() == 1
                ? " The " + call + " approved in review " + which + " was stopped by this cap, not made: its approval still stands,"
                        + " and the first run with room under the cap makes it without asking for review again."
                : " The " + named.size() + " " + call + "s approved in review " + which + " were stopped by this cap, not made: their"
                        + " approvals still stand, and the first run with room under the cap makes them without asking for review again.";
    }

    /** The action as the operator reads it: "spending", "sending". */
    private String gerund() {
        return action == WriteAction.SPEND ? "spending" : "sending";
    }

    /**
     * A call the policy sends to review waits for a person: parked once (a later run meeting it again finds it
     * waiting), carried out by the next run after its approval, never parked again once rejected. The review item's id goes
     * into {@code parked}: a caller that keeps the call (the outreach ledger) finds it again once it is decided.
     */
    private String parked(String connection, String object, Lookup lookup, PolicyVerdict verdict, Map<String, Long> parked) {
        Optional<ReviewItem> rejected = governance.reviews.rejected(connection, object, lookup.key(), action.id(),
                lookup.intent());
        if (rejected.isPresent()) {
            return connection + " not asked: " + gerund() + " was rejected in review #" + rejected.get().id() + " by "
                    + rejected.get().decidedBy();
        }
        long id = governance.reviews.park(new ReviewItem(0, run.id(), run.job(), connection, object, lookup.key(), action.id(),
                null, lookup.intent(), verdict.rule(), ReviewItem.Status.PENDING, null, null, null, null, null, reason, actor.id()),
                governance.reviewExpiry);
        parked.put(lookup.key(), id);
        String call = action == WriteAction.SPEND ? "lookup" : "send";
        return "connectors/" + connection + ".yaml policy sends " + gerund() + " to review (" + verdict.rule() + "): waiting for review #"
                + id + "; nothing was " + (action == WriteAction.SPEND ? "spent on it" : "sent") + ". After `middlemile review approve " + id
                + "`" + (afterApproval != null ? ", " + afterApproval.apply(lookup.key(), id) : " " + whoMakes(call));
    }

    /**
     * Who makes a parked call once approved. A job's run keeps what it parks (the outreach ledger, the held-back lookups), so
     * its next run makes it; an agent's call keeps nothing, so only the agent's next call for the record does, as its own
     * (enroll for a send, enrich_record for a lookup), and the agent must be told so, or it waits for a run that never comes.
     */
    private String whoMakes(String call) {
        if (!actor.isAgent()) {
            return "the next run makes this " + call;
        }
        String tool = action == WriteAction.SPEND ? "enrich_record" : "enroll";
        return actor.id() + "'s next " + tool + " of this record makes this " + call + " (nothing is kept to make it without that call)";
    }

    /**
     * What the policy would decide for a call at {@code connection} (for a plan: nothing is journaled, parked or counted).
     */
    public PolicyVerdict preview(String connection, String object) {
        ConnectorConfig config = governance.connectors.get(connection);
        PolicyGate gate = new PolicyGate(config == null ? null : config.writePolicy(), null, actor);
        return gate.decide(object, null, action, counts.volume(connection, action, gate.countsToday()), null);
    }

    /**
     * Records what became of the permitted lookups: {@code applied} when the provider took the call (the credits
     * it charged are in {@code detail}), else not applied with the failure.
     */
    public void settled(Permit permit, boolean applied, Map<String, String> detailByKey) {
        List<JournalStore.EntryResult> results = new ArrayList<>();
        permit.entries().forEach((key, entry) -> results.add(new JournalStore.EntryResult(entry,
                applied ? JournalEntry.Result.APPLIED : JournalEntry.Result.NOT_APPLIED, detailByKey.get(key))));
        governance.journal.results(results);
    }

    /**
     * Gives back the approvals {@link #intend} took for calls of {@code permit} that were then not made (the provider put
     * them off or could not take the call), so each waits, approved, for the run that makes it instead of being parked for a
     * second review. Only the review items this permit took for these keys are given back. Returns how many were given back.
     */
    public int giveBack(Permit permit, Collection<String> keys) {
        List<Long> reviews = new ArrayList<>();
        keys.forEach(key -> {
            Long review = permit.approvals().get(key);
            if (review != null) {
                reviews.add(review);
            }
        });
        return governance.reviews.giveBackApprovals(run.id(), reviews);
    }

    /**
     * The calls this run journaled at {@code connection}/{@code object} without a result: the engine stopped between the
     * intent and the answer, and the resumed run meets the same records again. Entry ids by record key. Ask before the
     * run journals calls of its own there (those are unsettled too while in flight).
     */
    public Map<String, Long> interrupted(String connection, String object) {
        Map<String, Long> found = new LinkedHashMap<>();
        for (JournalEntry entry : governance.journal.unresolved(run.id(), connection, object)) {
            found.put(entry.recordKey(), entry.id());
        }
        return found;
    }

    /** Settles calls {@link #interrupted} left as made, once the provider confirmed it: the detail says how. */
    public void settledAfterInterruption(Map<Long, String> made) {
        List<JournalStore.EntryResult> results = new ArrayList<>();
        made.forEach((entry, detail) -> results.add(new JournalStore.EntryResult(entry, JournalEntry.Result.APPLIED, detail)));
        governance.journal.results(results);
    }

    /**
     * Records each permitted call's result: those in {@code made} were made (the value is the detail: what the provider
     * answered, a lead or invitation id), the others not, with the reason in {@code notMade}.
     */
    public void settled(Permit permit, Map<String, String> made, Map<String, String> notMade) {
        List<JournalStore.EntryResult> results = new ArrayList<>();
        permit.entries().forEach((key, entry) -> results.add(made.containsKey(key)
                ? new JournalStore.EntryResult(entry, JournalEntry.Result.APPLIED, made.get(key))
                : new JournalStore.EntryResult(entry, JournalEntry.Result.NOT_APPLIED, notMade.get(key))));
        governance.journal.results(results);
    }
}
