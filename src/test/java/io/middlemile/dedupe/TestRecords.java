package io.middlemile.dedupe;

import io.middlemile.model.CanonicalRecord;
import io.middlemile.model.Entity;
import io.middlemile.model.FieldValue;
import io.middlemile.model.Provenance;
import io.middlemile.model.SourceRef;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Small builders for dedupe tests. */
final class TestRecords {

    private TestRecords() {
    }

    /** A person record; {@code fieldsAndValues} alternate canonical field name and value. */
    static CanonicalRecord person(String connection, String id, String... fieldsAndValues) {
        return person(connection, id, null, fieldsAndValues);
    }

    static CanonicalRecord person(String connection, String id, Instant modified, String... fieldsAndValues) {
        Map<String, FieldValue> fields = new LinkedHashMap<>();
        Provenance p = new Provenance(connection, modified);
        for (int i = 0; i < fieldsAndValues.length; i += 2) {
            fields.put(fieldsAndValues[i], new FieldValue(fieldsAndValues[i + 1], p));
        }
        return new CanonicalRecord(Entity.PERSON, new SourceRef(connection, "contacts", id), modified, fields);
    }

    /** Contact rules with the methods' default weights (no estimation), so tests know the weights. */
    static DedupeRules contactRules(double prior, DedupeRules.Survivorship survivorship) {
        return new DedupeRules(Entity.PERSON, List.of("test"), DedupeRules.Mode.DEDUPE,
                List.of(List.of("email"), List.of("phone"), List.of("lastName", "companyName")),
                List.of(DedupeRules.ComparisonRule.of("email", "email"),
                        DedupeRules.ComparisonRule.of("firstName", "first-name"),
                        new DedupeRules.ComparisonRule("lastName", "last-name", false, Map.of(), Map.of()),
                        DedupeRules.ComparisonRule.of("phone", "phone"),
                        DedupeRules.ComparisonRule.of("companyName", "company-name"),
                        DedupeRules.ComparisonRule.of("linkedinUrl", "linkedin")),
                0.95, 0.80, 500, false, prior, survivorship);
    }

    static DedupeRules contactRules() {
        return contactRules(1e-4, null);
    }
}
