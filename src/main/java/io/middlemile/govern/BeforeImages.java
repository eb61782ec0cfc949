package io.middlemile.govern;

import io.middlemile.connector.CurrentState;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What the target holds for some keys before a write, read once per batch. A key the target cannot be
 * asked about (too long for its request limit) has no before-image: its record is rejected with the
 * target's reason, never written or archived blind.
 *
 * @param current    fields per key the target holds; {@code absent} when the target cannot tell (no CurrentState)
 * @param unreadable why, per key the target cannot be asked about
 */
record BeforeImages(Map<String, Map<String, Object>> current, Map<String, String> unreadable) {

    static BeforeImages read(Optional<CurrentState> state, String object, List<String> keys, Map<String, Map<String, Object>> absent) {
        Map<String, String> unreadable = state.map(s -> s.unreadableKeys(object, keys)).orElse(Map.of());
        List<String> readable = keys.stream().filter(key -> !unreadable.containsKey(key)).toList();
        return new BeforeImages(state.map(s -> s.current(object, readable)).orElse(absent), unreadable);
    }
}
