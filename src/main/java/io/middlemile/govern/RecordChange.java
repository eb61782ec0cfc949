package io.middlemile.govern;

import java.util.Map;
import java.util.Set;

/**
 * What writing one record would change: the action, and for each field that would change, its
 * current value (before) and the value written (after). Empty {@code after} means nothing to do.
 */
public record RecordChange(String key, WriteAction action, Map<String, Object> before, Map<String, Object> after, Set<String> held,
                           String matchOn, String reason) {

    /**
     * @param held    fields whose value differs from the target's but whose write rule keeps the target's value
     * @param matchOn a create's field that finds the same record if someone else creates it first ({@link
     *                io.middlemile.connector.TargetRecord#matchOn}), or null
     * @param reason  why the hub writes these values (an owner's assignment rule), for the journal and the review
     *                queue; null when a route step gave none
     */
    public RecordChange {
        held = held == null ? Set.of() : Set.copyOf(held);
    }

    public RecordChange(String key, WriteAction action, Map<String, Object> before, Map<String, Object> after, Set<String> held,
                        String matchOn) {
        this(key, action, before, after, held, matchOn, null);
    }

    /** This change, explained by {@code why} (null leaves it unexplained). */
    public RecordChange because(String why) {
        return new RecordChange(key, action, before, after, held, matchOn, why);
    }

    public RecordChange(String key, WriteAction action, Map<String, Object> before, Map<String, Object> after, Set<String> held) {
        this(key, action, before, after, held, null);
    }

    public RecordChange(String key, WriteAction action, Map<String, Object> before, Map<String, Object> after) {
        this(key, action, before, after, Set.of());
    }

    public boolean changesNothing() {
        return after.isEmpty();
    }
}
