package io.middlemile.govern;

import io.middlemile.store.JobRun;
import io.middlemile.store.JournalEntry;
import io.middlemile.store.JournalStore;
import io.middlemile.store.ReviewItem;
import io.middlemile.workspace.ConnectorConfig;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Credits spent at an enrichment provider, through the same steps as every other action of the one write path:
 * the kill switch, the provider connection's policy for {@code spend} (auto, review, deny), its caps (lookups per
 * run and per day), then a journal intent committed before the call and a result after it. One instance per run;
 * the waterfall ({@code io.middlemile.enrich}) asks it before every call.
 *
 * <p>A lookup the policy sends to review is parked as a review item ({@code middlemile review list}) and not made;
 * once a person approves it, the next run that meets the same lookup makes it (once), and a rejected one is not
 * parked again. Thread-safe: a waterfall's providers spend side by side.
 */
public final class GovernedSpend {

    /**
     * One lookup about to be paid for.
     *
     * @param key    the looked-up identity (journal record key)
     * @param intent what is asked and what it may cost, as the journal shows it
     */
    public record Lookup(String key, Map<String, Object> intent) {
    }

    /** The lookups that may go ahead (their journal entries) and those refused, with the reason. */
    public record Permit(String connection, Map<String, Long> entries, Map<String, String> refused) {

        public boolean allowed(String key) {
            return entries.containsKey(key);
        }
    }

    private final Governance governance;
    private final JobRun run;
    private final Actor actor;
    private final String reason;
    private final RunCounts counts;

    /** A job run's spending: the actor is the job ({@code job:NAME}). */
    public GovernedSpend(Governance governance, JobRun run) {
        this(governance, run, Actor.job(run.job()), null);
    }

    /**
     * Spending asked for by {@code actor} (an agent through the gateway): the policy's and caps' actor globs match it,
     * the agents' kill switch stops it, the journal and the review queue name it, with its {@code reason}.
     */
    GovernedSpend(Governance governance, JobRun run, Actor actor, String reason) {
        this.governance = governance;
        this.run = run;
        this.actor = actor;
        this.reason = reason;
        this.counts = new RunCounts(governance.journal);
    }

    /**
     * Kill switch, policy, caps and journal for a call about to spend at {@code connection}.
     *
     * @param object the connection's object the lookups are about (people, companies)
     * @throws RuntimeException the kill switch's or a cap's halt, which stops the run as for any write
     */
    public synchronized Permit intend(String connection, String object, List<Lookup> lookups) {
        governance.killSwitch.check(actor);
        ConnectorConfig config = governance.connectors.get(connection);
        PolicyGate gate = new PolicyGate(config == null ? null : config.writePolicy(), null, actor);
        Map<String, String> refused = new LinkedHashMap<>();
        List<Lookup> allowed = new ArrayList<>();
        List<PolicyVerdict> verdicts = new ArrayList<>();
        for (Lookup lookup : lookups) {
            PolicyVerdict verdict = gate.decide(object, null, WriteAction.SPEND, counts.volume(connection, WriteAction.SPEND,
                    gate.countsToday()), null);
            switch (verdict.kind()) {
                case AUTO -> {
                    allowed.add(lookup);
                    verdicts.add(verdict);
                }
                case REVIEW -> {
                    Optional<ReviewItem> approved = governance.reviews.approvedNotCarriedOut(connection, object, lookup.key(),
                            WriteAction.SPEND.id(), lookup.intent());
                    if (approved.isPresent() && governance.reviews.carriedOut(approved.get().id(), run.id())) {
                        allowed.add(lookup);
                        verdicts.add(new PolicyVerdict(PolicyVerdict.Kind.AUTO, "approved in review #" + approved.get().id()
                                + " by " + approved.get().decidedBy()));
                    } else {
                        refused.put(lookup.key(), parked(connection, object, lookup, verdict));
                    }
                }
                case DENY -> refused.put(lookup.key(), "connectors/" + connection + ".yaml policy denies spending here ("
                        + verdict.rule() + ")");
            }
        }
        if (allowed.isEmpty()) {
            return new Permit(connection, Map.of(), refused);
        }
        CapGate.enforce(connection, gate.caps(), Map.of(WriteAction.SPEND, (long) allowed.size()), new CapGate.Volumes() {
            @Override
            public ActionVolume of(WriteAction action, boolean withToday) {
                return counts.volume(connection, action, withToday);
            }

            @Override
            public ActionVolume ofActor(WriteAction action, boolean withToday) {
                return counts.actorVolume(connection, action, actor, withToday);
            }
        }, false, CapGate.Batch.PAGE);
        List<JournalEntry> intents = new ArrayList<>();
        for (int i = 0; i < allowed.size(); i++) {
            PolicyVerdict verdict = verdicts.get(i);
            intents.add(new JournalEntry(0, run.id(), run.job(), connection, object, allowed.get(i).key(), WriteAction.SPEND.id(),
                    null, allowed.get(i).intent(), verdict.kind().id(), verdict.rule(), governance.workspaceVersion, null, null, reason,
                    actor.id()));
        }
        List<Long> ids = governance.journal.intend(intents);
        Map<String, Long> entries = new LinkedHashMap<>();
        for (int i = 0; i < allowed.size(); i++) {
            entries.put(allowed.get(i).key(), ids.get(i));
            counts.count(connection, WriteAction.SPEND);
        }
        return new Permit(connection, entries, refused);
    }

    /**
     * A lookup the policy sends to review waits for a person: parked once (a later run meeting it again finds it
     * waiting), carried out by the next run after its approval, never parked again once rejected.
     */
    private String parked(String connection, String object, Lookup lookup, PolicyVerdict verdict) {
        Optional<ReviewItem> rejected = governance.reviews.rejected(connection, object, lookup.key(), WriteAction.SPEND.id(),
                lookup.intent());
        if (rejected.isPresent()) {
            return connection + " not asked: spending on it was rejected in review #" + rejected.get().id() + " by "
                    + rejected.get().decidedBy();
        }
        long id = governance.reviews.park(new ReviewItem(0, run.id(), run.job(), connection, object, lookup.key(), WriteAction.SPEND.id(),
                null, lookup.intent(), verdict.rule(), ReviewItem.Status.PENDING, null, null, null, null, null, reason, actor.id()),
                governance.reviewExpiry);
        return "connectors/" + connection + ".yaml policy sends spending to review (" + verdict.rule() + "): waiting for review #"
                + id + "; nothing was spent on it. After `middlemile review approve " + id + "` the next run makes this lookup";
    }

    /**
     * Records what became of the permitted lookups: {@code applied} when the provider took the call (the credits
     * it charged are in {@code detail}), else not applied with the failure.
     */
    public synchronized void settled(Permit permit, boolean applied, Map<String, String> detailByKey) {
        List<JournalStore.EntryResult> results = new ArrayList<>();
        permit.entries().forEach((key, entry) -> results.add(new JournalStore.EntryResult(entry,
                applied ? JournalEntry.Result.APPLIED : JournalEntry.Result.NOT_APPLIED, detailByKey.get(key))));
        governance.journal.results(results);
    }
}
