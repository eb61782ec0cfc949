package io.middlemile.outreach;

import io.middlemile.connector.Connector;
import io.middlemile.connector.Outreach;
import io.middlemile.connector.Outreach.Kind;
import io.middlemile.connector.Outreach.Send;
import io.middlemile.govern.Actor;
import io.middlemile.govern.GovernedActions;
import io.middlemile.govern.GovernedCalls;
import io.middlemile.store.OutreachSendStore;
import io.middlemile.store.OutreachSendStore.Entry;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * What a rollback can do about a run's sends. A send cannot be unsent: an email may have gone, an invitation was seen.
 * What can be done is to stop what follows: a lead the run enrolled is taken out of its Instantly campaign (Instantly
 * {@code DELETE /api/v2/leads/{id}}, with the lead id the enrolment answered and the ledger kept), which ends its
 * sequence. Each removal is a governed {@code SEND} of the person who asked (kill switch, the connection's policy and caps
 * for {@code send} on object {@value OutreachRun#LEADS}, journal), marked in the ledger so it is not asked twice.
 *
 * <p>LinkedIn invitations are listed, never withdrawn: Middlemile does not call Unipile's cancellation
 * ({@code DELETE /api/v1/users/invite/sent/{id}}, documented only through a third-party mirror of Unipile's reference),
 * so the person withdraws them in LinkedIn.
 */
public final class CampaignRemoval {

    /**
     * One send of the run, as a rollback lists it.
     *
     * @param where      the campaign or list (email) or the sending LinkedIn account
     * @param providerId Instantly's lead id or Unipile's invitation id; null when the provider answered none
     * @param removedAt  when a rollback took the lead out of its campaign again; null when it was not
     */
    public record Sent(long ledgerId, String outreach, String channel, String connection, String where, String recordKey, String person,
                       Instant sentAt, String providerId, Instant removedAt) {

        /** A lead still in its campaign whose id is known: {@code --remove-from-campaign} takes it out. */
        public boolean removable() {
            return channel.equals("email") && providerId != null && removedAt == null;
        }

        /** What can be done about it, for the operator. */
        public String note() {
            if (channel.equals("linkedin")) {
                return "cannot be withdrawn by Middlemile: withdraw it in LinkedIn (My Network > Manage > Sent) from account " + where;
            }
            if (removedAt != null) {
                return "removed from " + where + " at " + OutreachRun.WHEN.format(removedAt);
            }
            return providerId == null ? "cannot be removed: Instantly answered no lead id for it; delete the lead in Instantly"
                    : "cannot be unsent; --remove-from-campaign takes the lead out of " + where + " (ends its sequence)";
        }
    }

    /** What a removal did: taken out, already gone at Instantly, and those not taken out (parked, denied, refused) with why. */
    public record Removed(long runId, int removed, int alreadyGone, List<String> notRemoved) {
    }

    private final OutreachSendStore ledger;
    private final GovernedActions actions;
    private final Clock clock;

    public CampaignRemoval(OutreachSendStore ledger, GovernedActions actions, Clock clock) {
        this.ledger = ledger;
        this.actions = actions;
        this.clock = clock;
    }

    /** The sends run {@code runId} made (the provider took them), in order. */
    public List<Sent> sends(long runId) {
        List<Entry> sent = ledger.ofRun(runId).stream().filter(e -> e.status() == OutreachSendStore.Status.SENT).toList();
        Map<Long, Instant> removed = ledger.removedAt(sent.stream().map(Entry::id).toList());
        List<Sent> lines = new ArrayList<>();
        for (Entry entry : sent) {
            Object destination = entry.send() == null ? null : entry.send().get("destination");
            String where = entry.channel().equals("email") ? String.valueOf(destination) : entry.account();
            lines.add(new Sent(entry.id(), entry.outreach(), entry.channel(), entry.connection(), where, entry.recordKey(), entry.person(),
                    entry.sentAt(), entry.providerId(), removed.get(entry.id())));
        }
        return lines;
    }

    /**
     * Takes the leads run {@code runId} enrolled out of their campaigns, as {@code actor}, in a rollback session of its own.
     *
     * @throws io.middlemile.govern.RunStoppedException when the kill switch or a cap stopped it
     */
    public Removed remove(long runId, Actor actor) {
        List<Sent> removable = sends(runId).stream().filter(Sent::removable).toList();
        if (removable.isEmpty()) {
            return new Removed(0, 0, 0, List.of());
        }
        GovernedActions.Spent<Removed> spent = actions.unsend(runId, actor, "rollback of run " + runId + ": its leads out of their campaigns",
                (session, calls, connectors) -> {
                    int[] counts = new int[2];
                    List<String> notRemoved = new ArrayList<>();
                    // one outreach at a time: a record is enrolled once per outreach, so its key names one send in a call
                    Map<String, List<Sent>> byOutreach = new LinkedHashMap<>();
                    removable.forEach(sent -> byOutreach.computeIfAbsent(sent.outreach() + "\u0000" + sent.connection(), k -> new ArrayList<>())
                            .add(sent));
                    for (List<Sent> group : byOutreach.values()) {
                        String connection = group.get(0).connection();
                        Outreach provider = provider(connectors, connection);
                        int batch = Math.max(1, provider.maxBatchSize(Kind.REMOVE));
                        for (int from = 0; from < group.size(); from += batch) {
                            remove(runId, session.id(), calls, provider, connection, group.subList(from, Math.min(group.size(), from + batch)),
                                    counts, notRemoved);
                        }
                    }
                    return new Removed(session.id(), counts[0], counts[1], List.copyOf(notRemoved));
                });
        return spent.result();
    }

    /** @param runId the run rolled back, whose leads these are */
    private void remove(long runId, long sessionRun, GovernedCalls calls, Outreach provider, String connection, List<Sent> chunk, int[] counts,
                        List<String> notRemoved) {
        Map<String, Sent> byKey = new LinkedHashMap<>();
        chunk.forEach(sent -> byKey.put(sent.recordKey(), sent));
        List<Send> removals = chunk.stream().map(sent -> new Send(sent.recordKey(), Kind.REMOVE, null, sent.where(), sent.providerId(),
                Map.of(), null)).toList();
        // no job run makes a removal (it is in no outreach's queues, and the rollback's own run is no job that runs again): the
        // person runs the same rollback again once it is approved, and that run finds the approval and makes it, once
        GovernedCalls removing = calls.madeOnceApprovedBy((key, review) -> "run `middlemile rollback " + runId
                + " --remove-from-campaign` again: that run takes the lead out of " + byKey.get(key).where()
                + " (nothing makes this removal without it)");
        GovernedSends.Called called = GovernedSends.call(removing, GovernedSends.Approvals.NONE, connection, OutreachRun.LEADS, provider,
                removals, Map.of(), send -> intent(byKey.get(send.key())), (send, why, review) -> notRemoved.add(send.key() + " ("
                        + byKey.get(send.key()).person() + "): " + why));
        if (called == null) {
            return;
        }
        List<Outreach.Outcome> outcomes = called.outcomes();
        Map<String, String> made = new LinkedHashMap<>();
        Map<String, String> notMade = new LinkedHashMap<>();
        Instant now = clock.instant();
        for (Outreach.Outcome outcome : outcomes) {
            Sent sent = byKey.get(outcome.key());
            switch (outcome.status()) {
                case SENT -> {
                    made.put(outcome.key(), "removed lead " + sent.providerId() + " from " + sent.where());
                    ledger.markRemoved(sent.ledgerId(), sessionRun, now);
                    counts[0]++;
                }
                case SKIPPED -> {
                    // Instantly no longer has the lead (deleted in the app): nothing is left in the campaign
                    notMade.put(outcome.key(), "skipped: " + outcome.reason());
                    ledger.markRemoved(sent.ledgerId(), sessionRun, now);
                    counts[1]++;
                }
                default -> {
                    notMade.put(outcome.key(), outcome.status().name().toLowerCase(java.util.Locale.ROOT) + ": " + outcome.reason());
                    notRemoved.add(outcome.key() + " (" + sent.person() + "): " + outcome.reason());
                }
            }
        }
        removing.settled(called.permit(), made, notMade);
    }

    private static Outreach provider(Function<String, Connector> connectors, String connection) {
        return connectors.apply(connection).capability(Outreach.class).orElseThrow(() -> new IllegalStateException("Connection "
                + connection + " cannot remove leads (it is not Instantly); check connectors/" + connection + ".yaml"));
    }

    /** What a removal does, as the journal shows it and a review compares it. */
    private static Map<String, Object> intent(Sent sent) {
        Map<String, Object> intent = new LinkedHashMap<>();
        intent.put("send", "remove");
        intent.put("lead", sent.providerId());
        intent.put("from", sent.where());
        intent.put("to", sent.person());
        return intent;
    }
}
