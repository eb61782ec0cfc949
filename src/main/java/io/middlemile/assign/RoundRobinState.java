package io.middlemile.assign;

import java.util.HashMap;
import java.util.Map;

/**
 * The rotation's memory: per pool, each owner's current weight in the smooth weighted round robin. The
 * caller loads it (from the store, shared by every engine process), hands it to the assigner, and saves it
 * after the batch; the assigner keeps nothing between calls. Not thread-safe: one batch owns it at a time
 * (the store serializes batches per rule set).
 *
 * <p>An owner missing from the state starts at 0; an owner who left a pool is simply never read again.
 */
public final class RoundRobinState {

    private final Map<String, Map<String, Long>> current;

    private RoundRobinState(Map<String, Map<String, Long>> current) {
        this.current = current;
    }

    public static RoundRobinState empty() {
        return new RoundRobinState(new HashMap<>());
    }

    /** A state as saved by {@link #snapshot()}: pool name → owner → current weight. */
    public static RoundRobinState of(Map<String, Map<String, Long>> saved) {
        RoundRobinState state = empty();
        saved.forEach((pool, owners) -> state.current.put(pool, new HashMap<>(owners)));
        return state;
    }

    /** An immutable copy to persist. */
    public Map<String, Map<String, Long>> snapshot() {
        Map<String, Map<String, Long>> copy = new HashMap<>();
        current.forEach((pool, owners) -> copy.put(pool, Map.copyOf(owners)));
        return Map.copyOf(copy);
    }

    /** Puts the state back to a {@link #snapshot()}: the turns taken since are forgotten. */
    void restore(Map<String, Map<String, Long>> saved) {
        current.clear();
        saved.forEach((pool, owners) -> current.put(pool, new HashMap<>(owners)));
    }

    long current(String pool, String owner) {
        Map<String, Long> owners = current.get(pool);
        Long value = owners == null ? null : owners.get(owner);
        return value == null ? 0 : value;
    }

    void set(String pool, String owner, long value) {
        current.computeIfAbsent(pool, p -> new HashMap<>()).put(owner, value);
    }
}
