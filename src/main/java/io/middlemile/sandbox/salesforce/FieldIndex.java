package io.middlemile.sandbox.salesforce;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Hash indexes of one sObject table by the value of text, Id and reference fields, so the queries a
 * sync makes per page ({@code WHERE Email IN (...)}, {@code WHERE Id IN (...)}) look up their rows
 * instead of scanning the whole table. An index answers a superset: entries are added on every
 * write and never removed, so a row whose value changed may still be listed under its old value.
 * Callers test every candidate with the full condition, as a scan would. Guarded by the
 * {@link OrgStore}'s lock.
 *
 * <p>Keys follow how SOQL compares the field: text lower-cased (IN lists compare case-insensitively),
 * Ids and references by their first 15 characters (a 15-character Id names the same record as its
 * 18-character form).
 */
final class FieldIndex {

    private final SObjectSchema schema;
    private final Map<String, Map<String, Object>> table;
    /** Canonical field name to key to record Ids; built on a field's first lookup. */
    private final Map<String, Map<String, Set<String>>> byField = new HashMap<>();

    FieldIndex(SObjectSchema schema, Map<String, Map<String, Object>> table) {
        this.schema = schema;
        this.table = table;
    }

    /** Whether the field's rows always hold text (or null), so a key can stand for its value. */
    static boolean indexable(SfFieldType type) {
        return type == SfFieldType.STRING || type == SfFieldType.ID || type == SfFieldType.REFERENCE;
    }

    /** The index key of a value of a field of this type. */
    static String key(SfFieldType type, String value) {
        if (type == SfFieldType.ID || type == SfFieldType.REFERENCE) {
            return value.length() >= 15 ? value.substring(0, 15) : value;
        }
        return value.toLowerCase(Locale.ROOT);
    }

    /** Files a row (new or just written) under its current values of the indexed fields. */
    void written(Map<String, Object> row) {
        byField.forEach((field, index) -> file(index, field, row));
    }

    /**
     * Rows that may have one of {@code keys} in {@code field}, in creation order (Ids are zero-padded
     * sequence numbers, so their order is creation order; see {@link OrgStore}).
     */
    List<Map<String, Object>> candidates(String field, Collection<String> keys) {
        Map<String, Set<String>> index = byField.computeIfAbsent(field, f -> {
            Map<String, Set<String>> built = new HashMap<>();
            table.values().forEach(row -> file(built, f, row));
            return built;
        });
        Set<String> ids = new TreeSet<>();
        for (String key : keys) {
            ids.addAll(index.getOrDefault(key, Set.of()));
        }
        List<Map<String, Object>> rows = new ArrayList<>(ids.size());
        for (String id : ids) {
            rows.add(table.get(id));
        }
        return rows;
    }

    private void file(Map<String, Set<String>> index, String field, Map<String, Object> row) {
        if (row.get(field) instanceof String value) {
            index.computeIfAbsent(key(schema.type(field), value), k -> new HashSet<>()).add((String) row.get("Id"));
        }
    }
}
