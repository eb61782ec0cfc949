package io.middlemile.govern;

/**
 * Told of each policy decision the write path acts on (a write made, parked for review or refused), for the
 * engine's metrics: {@code io.middlemile.observe} implements it as the run metrics implement the progress listener,
 * so this package stays free of Micrometer. A plan's decisions are not acted on and not told. Called from the
 * threads that write, so implementations are thread-safe and quick, and do not throw.
 */
@FunctionalInterface
public interface PolicyDecisions {

    PolicyDecisions NONE = (connection, object, action, decision) -> {
    };

    /**
     * @param object   the connection's object ({@code contacts}), or the lookup's kind for a send or a spend
     * @param decision what was done: {@code AUTO} made (by the policy or after a person approved it), {@code REVIEW} parked,
     *                 {@code DENY} refused
     */
    void decided(String connection, String object, WriteAction action, PolicyVerdict.Kind decision);
}
