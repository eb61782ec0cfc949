package io.middlemile.sync;

import io.middlemile.model.CanonicalRecord;
import io.middlemile.model.FieldValue;
import org.apache.commons.codec.digest.DigestUtils;

import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The three-way comparison of two-way sync, in plain Java: which canonical fields of a source record
 * changed since the source last agreed with the hub (its merge base). Only those are written to the
 * other side; a field the source did not change leaves the other side's value alone, even when the
 * two differ, because the other side may have changed it since (its own sync carries it back).
 */
public final class FieldBase {

    private FieldBase() {
    }

    /** A short, stable hash of each field's value as text; an empty value hashes to "". */
    public static Map<String, String> hashes(CanonicalRecord record) {
        Map<String, String> hashes = new LinkedHashMap<>();
        for (Map.Entry<String, FieldValue> field : record.fields().entrySet()) {
            hashes.put(field.getKey(), hash(field.getValue() == null ? null : field.getValue().value()));
        }
        return hashes;
    }

    static String hash(Object value) {
        if (value == null || value.toString().isBlank()) {
            return "";
        }
        return DigestUtils.sha1Hex(value.toString()).substring(0, 16);
    }

    /**
     * The fields whose value differs from the base. Without a base (the record never synced, or synced
     * before merge bases existed) every field counts as changed, and the write rules against the target's
     * current values decide alone, as on a first sync.
     */
    public static Set<String> changed(Map<String, String> now, Map<String, String> base) {
        if (base == null) {
            return new LinkedHashSet<>(now.keySet());
        }
        Set<String> fields = new HashSet<>(now.keySet());
        fields.addAll(base.keySet());
        Set<String> changed = new LinkedHashSet<>();
        for (String field : fields) {
            if (!Objects.equals(now.getOrDefault(field, ""), base.getOrDefault(field, ""))) {
                changed.add(field);
            }
        }
        return changed;
    }
}
