package io.middlemile.model;

import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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

    @Test
    void aMapHandedToARecordIsCopiedAndFieldsGatheredForItAreTakenOnceAndFrozen() {
        SourceRef ref = new SourceRef("hubspot", "contacts", "1");
        Map<String, FieldValue> map = new LinkedHashMap<>();
        map.put("email", new FieldValue("bob@acme.com", null));
        CanonicalRecord copied = new CanonicalRecord(Entity.PERSON, ref, null, map);
        map.put("title", new FieldValue("CTO", null));
        assertThat(copied.fields()).containsOnlyKeys("email");

        CanonicalRecord.Fields fields = new CanonicalRecord.Fields()
                .put("title", new FieldValue("CTO", null))
                .put("email", new FieldValue("bob@acme.com", null));
        CanonicalRecord gathered = fields.record(Entity.PERSON, ref, null);

        assertThat(gathered.fields().keySet()).containsExactly("title", "email");
        assertThat(gathered.fields()).isEqualTo(Map.of("email", new FieldValue("bob@acme.com", null), "title", new FieldValue("CTO", null)));
        assertThat(gathered).isEqualTo(new CanonicalRecord(Entity.PERSON, ref, null, gathered.fields()));
        assertThatThrownBy(() -> gathered.fields().put("phone", new FieldValue("+1", null))).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> fields.put("phone", new FieldValue("+1", null))).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("handed to a record already");
    }
}
