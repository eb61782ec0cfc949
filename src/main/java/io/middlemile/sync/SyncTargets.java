package io.middlemile.sync;

import io.middlemile.connector.Lookup;
import io.middlemile.model.CanonicalRecord;
import io.middlemile.model.SourceRef;
import io.middlemile.model.Target;
import io.middlemile.store.CrosswalkStore;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Which record in the target each record of a page is: the crosswalk first (records synced before),
 * then, on the first sync of two populated systems, a lookup by a configured key (email, domain), so
 * an existing target record is linked and updated instead of created again. Records found in neither
 * are new, except records whose match value the target cannot be searched for at all (too long for its
 * request limit): those are rejected with the target's reason, as creating them could duplicate a record.
 * Links are written to the crosswalk as they are learned.
 */
public final class SyncTargets {

    /**
     * A page's records resolved: canonical id per source record and target id (null: create) per canonical id.
     * {@code unmatchable}: source records whose match value the target cannot be searched for, with why; they are to be
     * rejected, since creating them could duplicate a record the target already holds.
     */
    public record Resolved(Map<SourceRef, UUID> canonical, Map<UUID, String> target, Map<SourceRef, String> unmatchable) {
    }

    private final CrosswalkStore crosswalk;

    public SyncTargets(CrosswalkStore crosswalk) {
        this.crosswalk = crosswalk;
    }

    /**
     * @param target       the object the records are synced to
     * @param matchOn      canonical field to match unlinked records by (null: never match, always create)
     * @param matchField   the target's field holding that value
     * @param lookup       the target's lookup capability, when it has one
     */
    public Resolved resolve(List<CanonicalRecord> records, Target target, String matchOn, String matchField, Optional<Lookup> lookup) {
        Map<SourceRef, UUID> canonical = new LinkedHashMap<>();
        if (records.isEmpty()) {
            return new Resolved(canonical, Map.of(), Map.of());
        }
        String entity = records.get(0).entity().id();
        SourceRef first = records.get(0).source();
        Map<String, UUID> known = crosswalk.canonicalIds(first.connection(), first.object(),
                records.stream().map(record -> record.source().sourceId()).toList());
        Map<SourceRef, UUID> newLinks = new LinkedHashMap<>();
        for (CanonicalRecord record : records) {
            UUID id = known.get(record.source().sourceId());
            if (id == null) {
                id = UUID.randomUUID();
                newLinks.put(record.source(), id);
            }
            canonical.put(record.source(), id);
        }
        Map<UUID, String> targetIds = new HashMap<>(crosswalk.memberIds(target.connection(), target.object(), canonical.values()));
        Map<SourceRef, String> unmatchable = new LinkedHashMap<>();
        if (matchOn != null && matchField != null && lookup.isPresent()) {
            Map<String, UUID> byValue = new LinkedHashMap<>();
            Map<String, List<SourceRef>> sourcesByValue = new LinkedHashMap<>();
            for (CanonicalRecord record : records) {
                UUID id = canonical.get(record.source());
                String value = record.string(matchOn);
                if (!targetIds.containsKey(id) && value != null && !value.isBlank()) {
                    byValue.putIfAbsent(value, id);
                    sourcesByValue.computeIfAbsent(value, v -> new ArrayList<>()).add(record.source());
                }
            }
            Map<String, String> unsearchable = lookup.get().unsearchableValues(target.object(), matchField, byValue.keySet());
            unsearchable.forEach((value, why) -> {
                sourcesByValue.getOrDefault(value, List.of()).forEach(source -> unmatchable.put(source, why));
                byValue.remove(value);
            });
            lookup.get().find(target.object(), matchField, new ArrayList<>(byValue.keySet())).forEach((value, targetId) -> {
                UUID id = byValue.get(value);
                targetIds.put(id, targetId);
                newLinks.put(target.ref(targetId), id);
            });
        }
        if (!newLinks.isEmpty()) {
            crosswalk.linkAll(entity, newLinks);
        }
        return new Resolved(canonical, targetIds, unmatchable);
    }

    /** Records the ids creates got in the target (one batch per page), so the next sync updates them. */
    public void created(String entity, Map<SourceRef, UUID> targets) {
        if (!targets.isEmpty()) {
            crosswalk.linkAll(entity, targets);
        }
    }
}
