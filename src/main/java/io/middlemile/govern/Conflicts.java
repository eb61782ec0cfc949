package io.middlemile.govern;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Whether a target still holds what a planner or reviewer saw. A write whose record someone changed
 * in the meantime is reported, never made blindly over that change. Pure.
 */
final class Conflicts {

    private Conflicts() {
    }

    /**
     * @param now      the record as the target holds it now (null: absent)
     * @param readable false when the target cannot be read back: nothing can be checked
     */
    static Optional<String> of(String action, Map<String, Object> before, Map<String, Object> after, Map<String, Object> now,
                               boolean readable) {
        if (!readable) {
            return Optional.empty();
        }
        if (action.equals(WriteAction.CREATE.id())) {
            return now == null || ChangeSet.holds(now, after) ? Optional.empty()
                    : Optional.of("created by someone else since it was planned; nothing written");
        }
        // a record already gone is nothing to archive; the archive reports it as such
        if (before == null || (now == null && action.equals(WriteAction.ARCHIVE.id()))) {
            return Optional.empty();
        }
        List<String> changed = new ArrayList<>();
        before.forEach((field, value) -> {
            Object current = now == null ? null : now.get(field);
            if (!ChangeSet.same(current, value) && !ChangeSet.same(current, after == null ? null : after.get(field))) {
                changed.add(field + " is now \"" + (current == null ? "" : current) + "\", was \"" + (value == null ? "" : value) + "\"");
            }
        });
        return changed.isEmpty() ? Optional.empty()
                : Optional.of("changed since it was planned (" + String.join(", ", changed) + "); not overwritten");
    }
}
