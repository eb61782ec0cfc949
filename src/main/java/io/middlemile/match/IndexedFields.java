package io.middlemile.match;

import io.middlemile.dedupe.DedupeRules;
import io.middlemile.model.CanonicalRecord;
import io.middlemile.model.Entity;
import io.middlemile.model.FieldValue;
import io.middlemile.store.MatchIndexStore.IndexRecord;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Which canonical fields of a record the index keeps, and the conversions to and from the stored form. Only what
 * the rule reads is kept: its compared and blocking fields, the fields the matcher derives missing ones from (a
 * work email names the employer, a full name holds the first and last name) and the country phones are read in.
 */
final class IndexedFields {

    /** Fields the matcher falls back on when a compared field is empty (see dedupe's MatchRecords). */
    private static final List<String> DERIVED_FROM = List.of("email", "fullName", "name", "companyDomain", "country");

    private final Entity entity;
    private final List<String> fields;
    private final Map<String, Integer> position = new java.util.HashMap<>();

    IndexedFields(DedupeRules rules) {
        this.entity = rules.entity();
        Set<String> all = new LinkedHashSet<>(rules.matchFields());
        all.addAll(rules.rawFields());
        all.addAll(DERIVED_FROM);
        all.removeIf(field -> entity.field(field).isEmpty());
        this.fields = List.copyOf(all);
        for (int f = 0; f < fields.size(); f++) {
            position.put(fields.get(f), f);
        }
    }

    List<String> fields() {
        return fields;
    }

    IndexRecord toStored(CanonicalRecord record) {
        String[] texts = texts(record);
        Map<String, String> values = new LinkedHashMap<>();
        for (int f = 0; f < texts.length; f++) {
            if (texts[f] != null) {
                values.put(fields.get(f), texts[f]);
            }
        }
        return new IndexRecord(record.source(), values);
    }

    /** The record's value of each of {@link #fields()} as text, in that order; null for an empty one. */
    String[] texts(CanonicalRecord record) {
        Object[] values = record.values(position, fields.size());
        String[] texts = new String[values.length];
        for (int f = 0; f < texts.length; f++) {
            texts[f] = text(values[f]);
        }
        return texts;
    }

    CanonicalRecord toCanonical(IndexRecord stored) {
        Map<String, FieldValue> values = new LinkedHashMap<>();
        stored.fields().forEach((field, value) -> values.put(field, new FieldValue(value, null)));
        return new CanonicalRecord(entity, stored.ref(), null, values);
    }

    private static String text(Object value) {
        if (value == null) {
            return null;
        }
        if (value instanceof Collection<?> list) {
            // one line per value, as the matcher shows a list field
            return list.isEmpty() ? null : String.join("\n", list.stream().map(String::valueOf).toList());
        }
        String s = value.toString();
        return s.isBlank() ? null : s;
    }
}
