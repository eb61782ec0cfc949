package io.middlemile.govern;

import io.middlemile.govern.GovernedActions.RollbackStep.Action;
import io.middlemile.store.JournalEntry;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * What undoing one journaled write means, from its entry and the record as the target holds it now:
 * updated fields go back to their before-images unless someone changed them since (a conflict),
 * created records are archived, merged-away records are re-created, and what cannot be undone is
 * said. Pure.
 */
final class RollbackSteps {

    private RollbackSteps() {
    }

    /**
     * @param now             the record now (null: absent)
     * @param readable        false when the target cannot be read back
     * @param providerManaged fields the provider sets itself, left out of a re-created record (from the connector)
     */
    static GovernedActions.RollbackStep step(JournalEntry entry, Map<String, Object> now, boolean readable,
                                             Predicate<String> providerManaged) {
        String connection = entry.connection();
        String object = entry.object();
        String key = entry.recordKey();
        switch (entry.action()) {
            case "send" -> {
                Object what = entry.after() == null ? null : entry.after().get("send");
                if ("interest".equals(what)) {
                    return none(entry, "an interest status set at " + connection + " is not set back by a rollback; change it there if needed");
                }
                if ("remove".equals(what)) {
                    return none(entry, "a lead taken out of its campaign is not put back by a rollback; add it in " + connection
                            + " again if needed");
                }
                return none(entry, "a sent message cannot be unsent");
            }
            case "merge" -> {
                return recreate(entry, providerManaged);
            }
            case "spend" -> {
                return none(entry, "credits spent at " + connection + " are not given back by a rollback");
            }
            case "archive" -> {
                return none(entry, "an archived record is not brought back by a rollback; restore it in " + connection
                        + " if needed (its values are in the journal's before-image)");
            }
            default -> {
            }
        }
        if (!readable) {
            return none(entry, connection + " cannot be read back, so a change made since the run could not be told apart; nothing is"
                    + " restored automatically");
        }
        if (entry.action().equals(WriteAction.CREATE.id())) {
            if (now == null) {
                return none(entry, "already gone");
            }
            return ChangeSet.holds(now, entry.after())
                    ? new GovernedActions.RollbackStep(connection, object, key, Action.ARCHIVE, Map.of(), null)
                    : none(entry, "conflict: changed since the run created it, so it is not archived");
        }
        Map<String, Object> restore = new LinkedHashMap<>();
        List<String> conflicts = new ArrayList<>();
        entry.after().forEach((field, value) -> {
            Object current = now == null ? null : now.get(field);
            if (ChangeSet.same(current, value)) {
                Object before = entry.before() == null ? null : entry.before().get(field);
                restore.put(field, before == null ? "" : before);
            } else {
                conflicts.add(field + " (now \"" + (current == null ? "" : current) + "\", the run wrote \"" + value + "\")");
            }
        });
        return new GovernedActions.RollbackStep(connection, object, key, restore.isEmpty() ? Action.NONE : Action.UPDATE, restore,
                conflicts.isEmpty() ? null : "conflict: changed by someone since the run: " + String.join(", ", conflicts));
    }

    /**
     * A merge is undone by re-creating the merged-away record from its snapshot as a new record. What
     * the CRM moved onto the survivor (activities, associations, the old id) cannot come back; the
     * step says so.
     */
    @SuppressWarnings("unchecked")
    private static GovernedActions.RollbackStep recreate(JournalEntry entry, Predicate<String> providerManaged) {
        Object snapshot = entry.before() == null ? null : entry.before().get("record");
        if (!(snapshot instanceof Map<?, ?> record)) {
            return none(entry, "no snapshot of the merged-away record was journaled; it cannot be re-created");
        }
        Map<String, Object> restore = new LinkedHashMap<>();
        ((Map<String, Object>) record).forEach((field, value) -> {
            if (!providerManaged.test(field) && value != null && !value.toString().isBlank()) {
                restore.put(field, value);
            }
        });
        return new GovernedActions.RollbackStep(entry.connection(), entry.object(), entry.recordKey(), Action.RECREATE, restore,
                "re-created as a new record from the snapshot: it gets a new id, and the activities, associations and"
                        + " merge history the CRM moved onto " + entry.after().get("mergedInto") + " stay there");
    }

    private static GovernedActions.RollbackStep none(JournalEntry entry, String problem) {
        return new GovernedActions.RollbackStep(entry.connection(), entry.object(), entry.recordKey(), Action.NONE, Map.of(), problem);
    }
}
