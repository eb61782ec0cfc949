package io.middlemile.assign;

import io.middlemile.model.CanonicalRecord;
import io.middlemile.model.Entity;
import io.middlemile.model.FieldValue;
import io.middlemile.model.Provenance;
import io.middlemile.model.SourceRef;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/** Leads for the assignment tests, written as field/value pairs. */
final class Leads {

    private static final Provenance PROVENANCE = new Provenance("hubspot", Instant.EPOCH);

    private Leads() {
    }

    static Lead person(String... fieldsAndValues) {
        return Lead.of(record(Entity.PERSON, fieldsAndValues));
    }

    static Lead withCompany(Lead lead, String... fieldsAndValues) {
        return new Lead(lead.person(), record(Entity.COMPANY, fieldsAndValues));
    }

    static CanonicalRecord record(Entity entity, String... fieldsAndValues) {
        Map<String, FieldValue> fields = new LinkedHashMap<>();
        for (int i = 0; i < fieldsAndValues.length; i += 2) {
            if (entity.field(fieldsAndValues[i]).isEmpty()) {
                throw new IllegalArgumentException(fieldsAndValues[i] + " is not a " + entity.id() + " field");
            }
            fields.put(fieldsAndValues[i], new FieldValue(fieldsAndValues[i + 1], PROVENANCE));
        }
        return new CanonicalRecord(entity, new SourceRef("hubspot", "contacts", "lead-" + fields.hashCode()), Instant.EPOCH, fields);
    }
}
