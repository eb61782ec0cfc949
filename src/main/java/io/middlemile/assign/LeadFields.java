package io.middlemile.assign;

import io.middlemile.model.CanonicalRecord;
import io.middlemile.model.Entity;
import io.middlemile.model.FieldValue;
import io.middlemile.model.Provenance;
import io.middlemile.model.SourceRef;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * A lead written as one flat row of canonical field names (a JSON object, a CSV row), as simulations and
 * fixtures write it. A canonical person field belongs to the person; any other canonical company field
 * (employeeCount, industry, annualRevenue, ...) describes the lead's company, so one row carries both.
 */
public final class LeadFields {

    private LeadFields() {
    }

    /**
     * The lead of one row; blank values are left out.
     *
     * @throws IllegalArgumentException naming every field that is neither a person nor a company field
     */
    public static Lead lead(Map<String, String> row, SourceRef source, Provenance provenance) {
        Map<String, FieldValue> person = new LinkedHashMap<>();
        Map<String, FieldValue> company = new LinkedHashMap<>();
        List<String> unknown = new ArrayList<>();
        row.forEach((field, value) -> {
            String name = field == null ? "" : field.strip();
            if (value == null || value.isBlank()) {
                return;
            }
            if (Entity.PERSON.field(name).isPresent()) {
                person.put(name, new FieldValue(value.strip(), provenance));
            } else if (Entity.COMPANY.field(name).isPresent()) {
                company.put(name, new FieldValue(value.strip(), provenance));
            } else {
                unknown.add(name);
            }
        });
        if (!unknown.isEmpty()) {
            TreeSet<String> known = new TreeSet<>(Entity.PERSON.fields().keySet());
            known.addAll(Entity.COMPANY.fields().keySet());
            throw new IllegalArgumentException((unknown.size() == 1 ? "field " : "fields ") + unknown
                    + (unknown.size() == 1 ? " is not a canonical person or company field" : " are not canonical person or company fields")
                    + "; use canonical names, e.g. email, country, region, leadSource, employeeCount, industry (all: " + known + ")");
        }
        Instant at = provenance.setAt();
        CanonicalRecord lead = new CanonicalRecord(Entity.PERSON, source, at, person);
        return new Lead(lead, company.isEmpty() ? null : new CanonicalRecord(Entity.COMPANY, source, at, company));
    }
}
