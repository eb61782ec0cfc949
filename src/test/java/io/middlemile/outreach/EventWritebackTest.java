package io.middlemile.outreach;

import io.middlemile.model.CanonicalRecord;
import io.middlemile.model.Entity;
import io.middlemile.model.FieldValue;
import io.middlemile.model.Provenance;
import io.middlemile.model.SourceRef;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** How a write-back names an event's person and its note; the writing itself is {@link InstantlyWritebackTest}'s. */
class EventWritebackTest {

    private static CanonicalRecord activity(Map<String, String> values) {
        Map<String, FieldValue> fields = new LinkedHashMap<>();
        values.forEach((field, value) -> fields.put(field, new FieldValue(value, new Provenance("unipile", Instant.EPOCH))));
        return new CanonicalRecord(Entity.ACTIVITY, new SourceRef("unipile", "events", "evt-1"), Instant.EPOCH, fields);
    }

    @Test
    void thePersonIsTheLowerCasedEmailOrTheProfilesPublicIdentifier() {
        assertThat(EventWriteback.email(activity(Map.of("personEmail", " Jane.Doe@Globex.com ")))).contains("jane.doe@globex.com");
        assertThat(EventWriteback.linkedinId(activity(Map.of("personLinkedinUrl", "https://www.linkedin.com/in/Jane-Doe-42/?utm_source=x"))))
                .contains("jane-doe-42");
        assertThat(EventWriteback.linkedinId(activity(Map.of("personLinkedinUrl", "linkedin.com/in/ada#about")))).contains("ada");
        assertThat(EventWriteback.linkedinId(activity(Map.of("personEmail", "x@y.com")))).isEmpty();
        assertThat(EventWriteback.email(activity(Map.of("personEmail", "  ")))).isEmpty();
    }

    @Test
    void anEventAlwaysNamesTheSameNoteAndTwoEventsNeverTheSame() {
        SourceRef reply = new SourceRef("instantly", "events", "sha256:abc");
        assertThat(EventWriteback.noteId(reply)).isEqualTo(EventWriteback.noteId(new SourceRef("instantly", "events", "sha256:abc")));
        assertThat(EventWriteback.noteId(reply)).isNotEqualTo(EventWriteback.noteId(new SourceRef("instantly", "events", "sha256:abd")))
                .isNotEqualTo(EventWriteback.noteId(new SourceRef("instantly-eu", "events", "sha256:abc")));
    }
}
