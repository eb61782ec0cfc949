package io.middlemile.sync;

import io.middlemile.mapping.Mapper;
import io.middlemile.model.CanonicalRecord;
import io.middlemile.model.FieldValue;
import io.middlemile.model.SourceRef;
import io.middlemile.store.CrosswalkStore;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Translates reference fields (a person's company, a deal's company) between systems through the
 * crosswalk: HubSpot company 123 is canonical company c, which is Salesforce Account 001... So a
 * contact's primary company becomes the contact's AccountId, and back. A referenced record that was
 * never synced to the target cannot be pointed at yet: the field is left out and stays pending, so the
 * next sync of the record writes it once the company is there (sync companies before contacts).
 */
public final class References {

    /**
     * A page's records with their references translated.
     *
     * @param outbound   records to map to the target: reference fields hold the target's id, or are left untranslated
     *                   (the mapping then leaves them out) when the target has no such record yet
     * @param neutral    the same records with references as canonical ids, comparable across systems (for merge bases)
     * @param unresolved per record, the reference fields the target could not be given
     * @param notes      per record, what was left out and why (null when nothing was)
     */
    public record Translated(List<CanonicalRecord> outbound, List<CanonicalRecord> neutral, List<Set<String>> unresolved,
                             List<String> notes) {
    }

    private final CrosswalkStore crosswalk;

    public References(CrosswalkStore crosswalk) {
        this.crosswalk = crosswalk;
    }

    public Translated translate(List<CanonicalRecord> records, String target, Mapper mapper) {
        Map<String, Map<String, UUID>> canonicalBySource = new HashMap<>();
        Map<String, List<String>> wanted = new HashMap<>();
        for (CanonicalRecord record : records) {
            for (FieldValue value : record.fields().values()) {
                if (value.value() instanceof SourceRef ref) {
                    wanted.computeIfAbsent(ref.connection() + "\u0000" + ref.object(), key -> new ArrayList<>()).add(ref.sourceId());
                }
            }
        }
        if (wanted.isEmpty()) {
            return new Translated(records, records, records.stream().map(record -> Set.<String>of()).toList(),
                    java.util.Collections.nCopies(records.size(), null));
        }
        wanted.forEach((key, ids) -> {
            String[] parts = key.split("\u0000", 2);
            canonicalBySource.put(key, crosswalk.canonicalIds(parts[0], parts[1], ids));
        });
        // one crosswalk query per referenced object for the whole page
        Map<String, Set<UUID>> byObject = new HashMap<>();
        for (CanonicalRecord record : records) {
            for (Map.Entry<String, FieldValue> field : record.fields().entrySet()) {
                String object = mapper.refersOf(field.getKey());
                if (field.getValue().value() instanceof SourceRef ref && object != null) {
                    UUID canonical = canonicalBySource.get(ref.connection() + "\u0000" + ref.object()).get(ref.sourceId());
                    if (canonical != null) {
                        byObject.computeIfAbsent(object, o -> new LinkedHashSet<>()).add(canonical);
                    }
                }
            }
        }
        Map<String, Map<UUID, String>> targetIds = new HashMap<>();
        byObject.forEach((object, ids) -> targetIds.put(object, crosswalk.memberIds(target, object, ids)));
        List<CanonicalRecord> outbound = new ArrayList<>(records.size());
        List<CanonicalRecord> neutral = new ArrayList<>(records.size());
        List<Set<String>> unresolved = new ArrayList<>(records.size());
        List<String> notes = new ArrayList<>(records.size());
        for (CanonicalRecord record : records) {
            CanonicalRecord out = record;
            CanonicalRecord same = record;
            Set<String> pending = new LinkedHashSet<>();
            List<String> said = new ArrayList<>();
            for (Map.Entry<String, FieldValue> field : record.fields().entrySet()) {
                if (!(field.getValue().value() instanceof SourceRef ref)) {
                    continue;
                }
                UUID canonical = canonicalBySource.get(ref.connection() + "\u0000" + ref.object()).get(ref.sourceId());
                same = same.with(field.getKey(), canonical != null ? "canonical:" + canonical
                        : "unlinked:" + ref.connection() + "/" + ref.object() + "/" + ref.sourceId(), field.getValue().provenance());
                String object = mapper.refersOf(field.getKey());
                if (object == null) {
                    continue;
                }
                String id = canonical == null ? null : targetIds.getOrDefault(object, Map.of()).get(canonical);
                if (id != null) {
                    out = out.with(field.getKey(), id, field.getValue().provenance());
                } else {
                    pending.add(field.getKey());
                    out = without(out, field.getKey());
                    said.add(field.getKey() + ": " + ref.connection() + "/" + ref.object() + " " + ref.sourceId() + " has no "
                            + target + "/" + object + " yet, so it was left out; it is written the next time this record syncs after"
                            + " that one is synced (sync " + ref.object() + " first, or rerun this job with --from-start)");
                }
            }
            outbound.add(out);
            neutral.add(same);
            unresolved.add(Set.copyOf(pending));
            notes.add(said.isEmpty() ? null : String.join("; ", said));
        }
        return new Translated(outbound, neutral, unresolved, notes);
    }

    private static CanonicalRecord without(CanonicalRecord record, String field) {
        Map<String, FieldValue> fields = new java.util.LinkedHashMap<>(record.fields());
        fields.remove(field);
        return new CanonicalRecord(record.entity(), record.source(), record.lastModified(), fields);
    }
}
