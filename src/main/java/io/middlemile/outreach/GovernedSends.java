package io.middlemile.outreach;

import io.middlemile.connector.ConnectorException;
import io.middlemile.connector.Outreach;
import io.middlemile.connector.Outreach.Send;
import io.middlemile.govern.GovernedCalls;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * One chunk of sends to an outreach provider through {@link GovernedCalls}: the intents journaled and the policy, caps
 * and kill switch asked first, then the provider called with what they allowed. The one way enrolments, invitations,
 * messages, interest updates and lead removals leave (ArchitectureTest); each caller settles the outcomes in its words.
 *
 * <p>An approval given in review holds until its send is made: GovernedCalls takes it only once the kill switch and the
 * caps let the send go (a halt leaves it standing), and what stops the send after that (the provider putting it off or
 * failing) gives it back ({@link Approvals}), so that a later run makes the send without asking the reviewer a second
 * time. Only an answer about the send itself (made, skipped, refused) or a provider's refusal of the request as sent
 * ({@link #refusedForGood}) uses it.
 */
final class GovernedSends {

    /** Told of each send the policy, a cap or the kill switch held back: why, and the review item when it was parked. */
    @FunctionalInterface
    interface Refused {
        /** @param review the review item the send waits in, or null when it was not parked for review */
        void refused(Send send, String why, Long review);
    }

    /**
     * Gives back the approvals this run took for sends it did not make after all ({@link GovernedCalls#giveBack}): the
     * review items the permit took for those keys. A send that had no approval gives back nothing.
     */
    @FunctionalInterface
    interface Approvals {
        /** @param keys the record keys of the permit's sends that were not made */
        void keep(GovernedCalls.Permit permit, Collection<String> keys);

        /** For sends whose approvals are never kept for a later run (a rollback's removals). */
        Approvals NONE = (permit, keys) -> { };
    }

    /** What the provider was asked and answered, in the order of {@code allowed}; settle it with {@link #settle}. */
    record Called(GovernedCalls.Permit permit, List<Send> allowed, List<Outreach.Outcome> outcomes) {
    }

    private GovernedSends() {
    }

    /**
     * The sends the policy, caps and kill switch let go, their intents journaled; {@link #send} them.
     *
     * @param approvals where an approval goes back when its send is not made after all
     */
    record Intended(GovernedCalls.Permit permit, List<Send> allowed, Approvals approvals) {
    }

    /**
     * Whether a failed call refused its sends for good: the provider said the request as sent is wrong (a 4xx: an
     * unknown campaign, a lead it will not take), not that it could not take it now (429, 5xx, no answer) nor that the
     * connection must be fixed (401). Such a failure uses up the approvals of its sends; any other gives them back.
     */
    static boolean refusedForGood(RuntimeException failure) {
        return failure instanceof ConnectorException e
                && (e.kind() == ConnectorException.Kind.INVALID_REQUEST || e.kind() == ConnectorException.Kind.NOT_FOUND);
    }

    /**
     * @param intent  what each send does, as the journal shows it and a review compares it
     * @param refused told of each send the policy, a cap or the kill switch held back, with why and its review item
     * @return null when nothing was allowed (nothing was called)
     * @throws RuntimeException the provider's failure, after every allowed send was journaled as failed with it
     */
    static Called call(GovernedCalls calls, Approvals approvals, String connection, String object, Outreach provider, List<Send> chunk,
                       Map<String, Object> options, Function<Send, Map<String, Object>> intent, Refused refused) {
        Intended intended = intend(calls, approvals, connection, object, chunk, intent, refused);
        return intended == null ? null : send(calls, intended, provider, options);
    }

    /**
     * The first half of {@link #call}: the intents journaled (committed: a send whose intent is not durable never goes)
     * and what is allowed. A caller that does not wait for the answer sends it on another thread.
     *
     * @return null when nothing was allowed
     * @throws RuntimeException the kill switch's or a cap's halt: GovernedCalls takes no approval for a chunk it halts, so
     *                          each still stands for the next run
     */
    static Intended intend(GovernedCalls calls, Approvals approvals, String connection, String object, List<Send> chunk,
                           Function<Send, Map<String, Object>> intent, Refused refused) {
        Map<String, Map<String, Object>> intents = new LinkedHashMap<>();
        chunk.forEach(send -> intents.put(send.key(), intent.apply(send)));
        GovernedCalls.Permit permit = calls.intend(connection, object, chunk.stream()
                .map(send -> new GovernedCalls.Lookup(send.key(), intents.get(send.key()))).toList());
        List<Send> allowed = new ArrayList<>();
        for (Send send : chunk) {
            if (permit.allowed(send.key())) {
                allowed.add(send);
            } else {
                refused.refused(send, permit.refused().get(send.key()), permit.review(send.key()));
            }
        }
        return allowed.isEmpty() ? null : new Intended(permit, List.copyOf(allowed), approvals);
    }

    /**
     * The second half of {@link #call}: the provider called with what was allowed. A send the provider put off (Unipile's
     * answer to LinkedIn's limit) keeps its approval for when it goes.
     *
     * @throws RuntimeException the provider's failure, after every allowed send was journaled as failed with it
     */
    static Called send(GovernedCalls calls, Intended intended, Outreach provider, Map<String, Object> options) {
        List<Outreach.Outcome> outcomes;
        try {
            outcomes = provider.send(intended.allowed(), options);
        } catch (RuntimeException e) {
            Map<String, String> failed = new LinkedHashMap<>();
            intended.allowed().forEach(send -> failed.put(send.key(), String.valueOf(e.getMessage())));
            calls.settled(intended.permit(), Map.of(), failed);
            if (!refusedForGood(e)) {
                intended.approvals().keep(intended.permit(), intended.allowed().stream().map(Send::key).toList());
            }
            throw e;
        }
        List<String> putOff = outcomes.stream().filter(outcome -> outcome.status() == Outreach.Outcome.Status.DEFERRED)
                .map(Outreach.Outcome::key).toList();
        if (!putOff.isEmpty()) {
            intended.approvals().keep(intended.permit(), putOff);
        }
        return new Called(intended.permit(), intended.allowed(), outcomes);
    }
}
