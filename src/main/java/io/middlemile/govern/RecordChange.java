package io.middlemile.govern;

import java.util.Map;

/**
 * What writing one record would change: the action, and for each field that would change, its
 * current value (before) and the value written (after). Empty {@code after} means nothing to do.
 */
public record RecordChange(String key, WriteAction action, Map<String, Object> before, Map<String, Object> after) {

    public boolean changesNothing() {
        return after.isEmpty();
    }
}
