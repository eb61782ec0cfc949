package io.middlemile.observe;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.middlemile.govern.PolicyDecisions;
import io.middlemile.govern.PolicyVerdict;
import io.middlemile.govern.WriteAction;

/**
 * {@code middlemile.policy.decisions{connection, object, action, decision}}: the write path's policy decisions as acted
 * on in this process (auto: written, review: parked, deny: refused), told by {@code govern} through
 * {@link PolicyDecisions}. Thread-safe (Micrometer's counters are).
 */
public final class DecisionMetrics implements PolicyDecisions {

    private final MeterRegistry registry;

    public DecisionMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    @Override
    public void decided(String connection, String object, WriteAction action, PolicyVerdict.Kind decision) {
        Counter.builder("middlemile.policy.decisions").description("Policy decisions the write path acted on: auto (written), review"
                        + " (parked for a person), deny (refused)")
                .tags("connection", connection, "object", object, "action", action.id(), "decision", decision.id())
                .register(registry).increment();
    }
}
