package io.middlemile.sync;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class FieldBaseTest {

    @Test
    void withoutABaseEveryFieldCountsAsChanged() {
        assertThat(FieldBase.changed(Map.of("email", "a", "phone", "b"), null)).containsExactlyInAnyOrder("email", "phone");
    }

    @Test
    void onlyFieldsWhoseValueDiffersFromTheBaseChanged() {
        Map<String, String> base = Map.of("email", FieldBase.hash("bob@acme.com"), "phone", FieldBase.hash("+14155550134"));
        Map<String, String> now = Map.of("email", FieldBase.hash("bob@acme.com"), "phone", FieldBase.hash("+14155550199"));
        assertThat(FieldBase.changed(now, base)).containsExactly("phone");
    }

    @Test
    void aFieldClearedOrAddedSinceTheBaseChangedAndBlankEqualsAbsent() {
        Map<String, String> base = Map.of("email", FieldBase.hash("bob@acme.com"), "title", "");
        Map<String, String> now = Map.of("phone", FieldBase.hash("+1"));
        assertThat(FieldBase.changed(now, base)).containsExactlyInAnyOrder("email", "phone");
        assertThat(FieldBase.hash("  ")).isEmpty();
        assertThat(FieldBase.hash("x")).hasSize(16).isEqualTo(FieldBase.hash("x"));
    }
}
