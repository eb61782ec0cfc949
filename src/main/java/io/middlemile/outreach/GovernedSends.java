package io.middlemile.outreach;

import io.middlemile.connector.Outreach;
import io.middlemile.connector.Outreach.Send;
import io.middlemile.govern.GovernedCalls;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.function.Function;

/**
 * One chunk of sends to an outreach provider through {@link GovernedCalls}: the intents journaled and the policy, caps
 * and kill switch asked first, then the provider called with what they allowed. The one way enrolments, invitations,
 * messages, interest updates and lead removals leave (ArchitectureTest); each caller settles the outcomes in its words.
 */
final class GovernedSends {

    /** Told of each send the policy, a cap or the kill switch held back: why, and the review item when it was parked. */
    @FunctionalInterface
    interface Refused {
        /** @param review the review item the send waits in, or null when it was not parked for review */
        void refused(Send send, String why, Long review);
    }

    /** What the provider was asked and answered, in the order of {@code allowed}; settle it with {@link #settle}. */
    record Called(GovernedCalls.Permit permit, List<Send> allowed, List<Outreach.Outcome> outcomes) {
    }

    private GovernedSends() {
    }

    /** The sends the policy, caps and kill switch let go, their intents journaled; {@link #send} them. */
    record Intended(GovernedCalls.Permit permit, List<Send> allowed) {
    }

    /**
     * @param intent  what each send does, as the journal shows it and a review compares it
     * @param refused told of each send the policy, a cap or the kill switch held back, with why
     * @return null when nothing was allowed (nothing was called)
     * @throws RuntimeException the provider's failure, after every allowed send was journaled as failed with it
     */
    static Called call(GovernedCalls calls, String connection, String object, Outreach provider, List<Send> chunk,
                       Map<String, Object> options, Function<Send, Map<String, Object>> intent, BiConsumer<Send, String> refused) {
        return call(calls, connection, object, provider, chunk, options, intent, (send, why, review) -> refused.accept(send, why));
    }

    /** As {@link #call(GovernedCalls, String, String, Outreach, List, Map, Function, BiConsumer)}, telling parked sends' review items. */
    static Called call(GovernedCalls calls, String connection, String object, Outreach provider, List<Send> chunk,
                       Map<String, Object> options, Function<Send, Map<String, Object>> intent, Refused refused) {
        Intended intended = intend(calls, connection, object, chunk, intent, refused);
        return intended == null ? null : send(calls, intended, provider, options);
    }

    /**
     * The first half of {@link #call}: the intents journaled (committed: a send whose intent is not durable never goes)
     * and what is allowed. A caller that does not wait for the answer sends it on another thread.
     *
     * @return null when nothing was allowed
     */
    static Intended intend(GovernedCalls calls, String connection, String object, List<Send> chunk,
                           Function<Send, Map<String, Object>> intent, BiConsumer<Send, String> refused) {
        return intend(calls, connection, object, chunk, intent, (send, why, review) -> refused.accept(send, why));
    }

    /** As {@link #intend(GovernedCalls, String, String, List, Function, BiConsumer)}, telling parked sends' review items. */
    static Intended intend(GovernedCalls calls, String connection, String object, List<Send> chunk,
                           Function<Send, Map<String, Object>> intent, Refused refused) {
        GovernedCalls.Permit permit = calls.intend(connection, object, chunk.stream()
                .map(send -> new GovernedCalls.Lookup(send.key(), intent.apply(send))).toList());
        List<Send> allowed = new ArrayList<>();
        for (Send send : chunk) {
            if (permit.allowed(send.key())) {
                allowed.add(send);
            } else {
                refused.refused(send, permit.refused().get(send.key()), permit.review(send.key()));
            }
        }
        return allowed.isEmpty() ? null : new Intended(permit, List.copyOf(allowed));
    }

    /**
     * The second half of {@link #call}: the provider called with what was allowed.
     *
     * @throws RuntimeException the provider's failure, after every allowed send was journaled as failed with it
     */
    static Called send(GovernedCalls calls, Intended intended, Outreach provider, Map<String, Object> options) {
        try {
            return new Called(intended.permit(), intended.allowed(), provider.send(intended.allowed(), options));
        } catch (RuntimeException e) {
            Map<String, String> failed = new LinkedHashMap<>();
            intended.allowed().forEach(send -> failed.put(send.key(), String.valueOf(e.getMessage())));
            calls.settled(intended.permit(), Map.of(), failed);
            throw e;
        }
    }
}
