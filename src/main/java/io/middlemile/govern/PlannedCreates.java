package io.middlemile.govern;

import io.middlemile.connector.Lookup;
import io.middlemile.connector.TargetRecord;
import io.middlemile.connector.WriteOutcome;
import io.middlemile.model.SourceRef;
import io.middlemile.store.CrosswalkStore;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * The creates of a saved plan, resolved again when it is applied the way a run resolves them: the
 * crosswalk first (a later run created or linked the record), then the create's {@code matchOn}
 * field (someone created the same person, by email, since the plan was made). A record found either
 * way is a conflict and is not created twice; a record created is linked in the crosswalk, so the
 * job's next run updates it instead of creating it again.
 */
final class PlannedCreates {

    private final CrosswalkStore crosswalk;
    private final String connection;
    private final String object;

    PlannedCreates(CrosswalkStore crosswalk, String connection, String object) {
        this.crosswalk = crosswalk;
        this.connection = connection;
        this.object = object;
    }

    /** Creates keyed by a placeholder whose record exists by now, with why; the others are absent. */
    Map<String, String> existing(List<PlannedWrite> creates, Optional<Lookup> lookup) {
        Map<String, String> found = new LinkedHashMap<>();
        Map<UUID, String> keysByCanonical = new LinkedHashMap<>();
        for (PlannedWrite create : creates) {
            TargetRecord.canonicalIdOf(create.key()).ifPresent(id -> keysByCanonical.put(id, create.key()));
        }
        crosswalk.memberIds(connection, object, keysByCanonical.keySet()).forEach((id, targetId) ->
                found.put(keysByCanonical.get(id), "created since it was planned: " + connection + "/" + object + " " + targetId
                        + " already stands for this record (a later run created or linked it); not created again"));
        if (lookup.isEmpty()) {
            return found;
        }
        Map<String, Map<String, String>> keysByValue = new LinkedHashMap<>(); // match field -> value -> key
        for (PlannedWrite create : creates) {
            Object value = create.matchOn() == null ? null : create.after().get(create.matchOn());
            if (!found.containsKey(create.key()) && value != null && !value.toString().isBlank()) {
                keysByValue.computeIfAbsent(create.matchOn(), f -> new LinkedHashMap<>()).put(value.toString(), create.key());
            }
        }
        keysByValue.forEach((field, byValue) -> {
            List<String> values = new ArrayList<>(byValue.keySet());
            values.removeAll(lookup.get().unsearchableValues(object, field, values).keySet());
            lookup.get().find(object, field, values).forEach((value, targetId) -> found.put(byValue.get(value),
                    "created by someone else since it was planned: " + connection + "/" + object + " " + targetId + " has " + field
                            + " " + value + "; not created again. Run the job: it links that record and updates it"));
        });
        return found;
    }

    /** Links each record the apply created to the canonical record its placeholder key names. */
    void link(List<TargetRecord> created, List<WriteOutcome> outcomes) {
        Map<UUID, String> targetIds = new LinkedHashMap<>();
        for (int i = 0; i < created.size(); i++) {
            WriteOutcome outcome = outcomes.get(i);
            Optional<UUID> id = TargetRecord.canonicalIdOf(created.get(i).key());
            if (id.isPresent() && outcome.status() == WriteOutcome.Status.WRITTEN && outcome.targetId() != null
                    && !TargetRecord.isPlaceholder(outcome.targetId())) {
                targetIds.put(id.get(), outcome.targetId());
            }
        }
        Map<UUID, String> entities = crosswalk.entities(targetIds.keySet());
        Map<String, Map<SourceRef, UUID>> byEntity = new LinkedHashMap<>();
        targetIds.forEach((id, targetId) -> {
            String entity = entities.get(id);
            if (entity != null) { // a placeholder no sync ever linked has nothing to join
                byEntity.computeIfAbsent(entity, e -> new LinkedHashMap<>()).put(new SourceRef(connection, object, targetId), id);
            }
        });
        byEntity.forEach(crosswalk::linkAll);
    }

}
