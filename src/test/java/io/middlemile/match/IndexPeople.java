package io.middlemile.match;

import io.middlemile.model.CanonicalRecord;
import io.middlemile.model.Entity;
import io.middlemile.model.FieldValue;
import io.middlemile.model.SourceRef;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** People of the bundled rule {@code contacts} for match-index tests, and the candidates an index answers for one. */
final class IndexPeople {

    static final CanonicalRecord BOB_HUBSPOT = person("hubspot-export", "51001", "Bob", "McDonald", "bob.mcdonald@acme.com");
    static final CanonicalRecord BOB_LEGACY = person("legacy-crm-export", "1001", "Robert", "McDonald", "bob.mcdonald@acme.com");
    static final CanonicalRecord RAJ = person("hubspot-export", "51003", "Rajesh", "Kumar", "raj.kumar@globex.io");
    static final CanonicalRecord MARY = person("legacy-crm-export", "1002", "Mary", "Major", "mary.major@initech.com");

    private IndexPeople() {
    }

    /** The source ids rule {@code contacts} offers for a person with this email and last name. */
    static List<String> candidates(MatchIndexes indexes, String email, String lastName) {
        CanonicalRecord probe = new CanonicalRecord(Entity.PERSON, MatchQuery.REQUEST, null,
                Map.of("email", new FieldValue(email, null), "lastName", new FieldValue(lastName, null)));
        return indexes.lookup("contacts", probe).matches().stream().map(d -> d.right().sourceId()).toList();
    }

    static CanonicalRecord person(String connection, String id, String first, String last, String email) {
        Map<String, FieldValue> fields = new LinkedHashMap<>();
        fields.put("firstName", new FieldValue(first, null));
        fields.put("lastName", new FieldValue(last, null));
        fields.put("email", new FieldValue(email, null));
        return new CanonicalRecord(Entity.PERSON, new SourceRef(connection, "contacts", id), null, fields);
    }
}
