package io.middlemile.sync;

import io.middlemile.mapping.Mapper;
import io.middlemile.model.CanonicalRecord;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * The three-way comparison of one record in one direction of a two-way sync, field by field. The
 * three sides are the source's value now, the merge base (what both sides held the last time they
 * agreed) and the target's value now. This class covers the first two: only fields the source
 * changed since the base are sent, so a field changed only in the target keeps the target's value,
 * and the hub's own earlier write reads back as no change (echo suppression). The target side is the
 * governed write path's: it compares what is sent with the target's current value under the
 * mapping line's write rule and reports the fields it kept back ({@code held}), which {@link #agreed}
 * turns into the next merge base. Plain Java, no I/O.
 *
 * @param hashes     the source's field hashes now, references as canonical ids ({@link FieldBase#hashes})
 * @param changed    the canonical fields whose hash differs from the merge base (all of them without a base)
 * @param unresolved reference fields the target could not be given yet (their record is not synced there)
 */
public record FieldDiff(Map<String, String> hashes, Set<String> changed, Set<String> unresolved) {

    public FieldDiff {
        hashes = Collections.unmodifiableMap(new LinkedHashMap<>(hashes));
        changed = Collections.unmodifiableSet(new LinkedHashSet<>(changed));
        unresolved = Set.copyOf(unresolved);
    }

    /**
     * @param neutral    the source record with references as canonical ids, comparable across systems
     * @param base       the source side's merge base for the record, null when it never synced
     * @param unresolved reference fields the target could not be given
     */
    public static FieldDiff of(CanonicalRecord neutral, Map<String, String> base, Set<String> unresolved) {
        Map<String, String> hashes = FieldBase.hashes(neutral);
        return new FieldDiff(hashes, FieldBase.changed(hashes, base), unresolved);
    }

    /**
     * The provider fields to send, out of everything the mapping produced. An update ({@code targetId}
     * set) carries only fields whose canonical field changed, plus fields written from a constant (the
     * governed write path drops them when the target holds them already); a create carries everything.
     * The id field is never sent as a value: a create gets its id from the target, an update names the
     * target's record in it. Empty means nothing changed at the source: the record is unchanged.
     *
     * @param mapped  the record as the target's mapping wrote it (provider field to value)
     * @param idField the target object's id field, or null
     * @param targetId the linked target record, or null for a create
     */
    public Map<String, Object> outgoing(Map<String, Object> mapped, Mapper mapper, String idField, String targetId) {
        Map<String, Object> fields = new LinkedHashMap<>(mapped);
        if (targetId != null) {
            fields.keySet().removeIf(field -> {
                String canonical = mapper.canonicalOf(field);
                return canonical != null && !changed.contains(canonical);
            });
        }
        if (idField != null) {
            fields.remove(idField);
        }
        if (fields.isEmpty()) {
            return Map.of();
        }
        if (idField != null && targetId != null) {
            fields.put(idField, targetId);
        }
        return fields;
    }

    /**
     * The merge base after a write the target took (written, or skipped because it held the values
     * already): the changed fields, with their new hash, that both sides now hold. A field the write
     * rule or the policy kept back ({@code held}, provider field names) and a reference not given yet
     * stay out, so they keep counting as changed: the other direction can still carry its own value
     * over, and this one retries the reference. A {@code write: never} line is not written but counts
     * as agreed, so the target's differing value reads as a change and flows back: the target owns it.
     */
    public Map<String, String> agreed(Set<String> held, Mapper mapper) {
        Map<String, String> agreed = new LinkedHashMap<>();
        for (String field : changed) {
            String providerField = mapper.outboundField(field);
            if (!unresolved.contains(field) && (providerField == null || !held.contains(providerField))) {
                agreed.put(field, hashes.getOrDefault(field, ""));
            }
        }
        return agreed;
    }
}
