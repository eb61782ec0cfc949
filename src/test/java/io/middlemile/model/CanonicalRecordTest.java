package io.middlemile.model;

import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class CanonicalRecordTest {

    @Test
    void valuesPutsEachAskedFieldAtItsSlotAndLeavesTheRestOut() {
        Map<String, FieldValue> fields = new LinkedHashMap<>();
        fields.put("email", new FieldValue("bob@acme.com", null));
        fields.put("title", new FieldValue("CTO", null));
        fields.put("country", new FieldValue("US", null));
        CanonicalRecord record = new CanonicalRecord(Entity.PERSON, new SourceRef("hubspot", "contacts", "1"), null, fields);

        // slots in another order than the record's fields; one the record lacks; one field not asked for
        Object[] values = record.values(Map.of("country", 0, "phone", 1, "email", 2), 4);

        assertThat(values).containsExactly("US", null, "bob@acme.com", null);
    }
}
