package io.middlemile.govern;

import io.middlemile.store.JournalStore;

import java.util.HashMap;
import java.util.Map;

/**
 * Writes per connection and action: this run's, counted as they are made, and earlier runs' of
 * today, read from the journal once per action and only when a rule or a cap needs them.
 */
final class RunCounts {

    private final JournalStore journal;
    private final Map<String, Long> thisRun = new HashMap<>();
    private final Map<String, Long> earlierToday = new HashMap<>();
    private final Map<String, Long> actorEarlierToday = new HashMap<>();

    RunCounts(JournalStore journal) {
        this.journal = journal;
    }

    ActionVolume volume(String connection, WriteAction action, boolean withToday) {
        String key = key(connection, action);
        long made = thisRun.getOrDefault(key, 0L);
        if (!withToday) {
            return new ActionVolume(made, 0);
        }
        // read before this run's first write of the action, so this run is never counted twice
        long earlier = earlierToday.computeIfAbsent(key, k -> journal.appliedToday(connection, action.id()));
        return new ActionVolume(made, earlier);
    }

    /** As {@link #volume}, with earlier runs' writes of today counted for one actor only (a cap with an actor). */
    ActionVolume actorVolume(String connection, WriteAction action, Actor actor, boolean withToday) {
        long made = thisRun.getOrDefault(key(connection, action), 0L);
        if (!withToday || actor == null) {
            return new ActionVolume(made, 0);
        }
        long earlier = actorEarlierToday.computeIfAbsent(key(connection, action) + "|" + actor.id(),
                k -> journal.appliedToday(connection, action.id(), actor.id()));
        return new ActionVolume(made, earlier);
    }

    void count(String connection, WriteAction action) {
        thisRun.merge(key(connection, action), 1L, Long::sum);
    }

    /** By connection and action, e.g. {@code hubspot|update → 120}. */
    Map<String, Long> thisRun() {
        return Map.copyOf(thisRun);
    }

    private static String key(String connection, WriteAction action) {
        return connection + "|" + action.id();
    }
}
