package io.middlemile.quality;

import io.middlemile.standardize.Standardizers;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** A check over a handful of contacts: findings go to the caller, and the metrics count what the rules found. */
class HygieneCheckTest {

    private static final Instant NOW = Instant.parse("2026-12-02T12:00:00Z");

    @Test
    void metricsCountCompletenessConformanceFreshnessAndViolations() {
        List<HygieneRule> rules = List.of(
                new Conformance("emails", Severity.ERROR, "contacts", "email", Standardizers.byName("email").orElseThrow(), null),
                new Conformance("countries", Severity.WARNING, "contacts", "country", Standardizers.byName("country").orElseThrow(), null),
                new InactiveOwner("owners", Severity.INFO, "contacts", Set.of("ana")),
                new RequiredFields("deal-only", Severity.ERROR, "deals", null, null, List.of("amount")));
        HygieneCheck check = new HygieneCheck("contacts", rules, List.of("email", "phone"), NOW);
        List<Finding> all = new ArrayList<>();

        check.inspect(contact("1", Map.of("email", "bob@acme.com", "country", "US", "phone", "+14155550134"), "ana", 2), all::add);
        check.inspect(contact("2", Map.of("email", "not-an-email", "country", "Germany"), "ana", 40), all::add);
        check.inspect(contact("3", Map.of("country", "FR"), "zed", 400), all::add);
        check.inspect(new io.middlemile.quality.Inspected("contacts", "4", Map.of("email", "liz@northwind.co.uk"), "ana", null), all::add);

        QualitySnapshot snapshot = check.snapshot();
        assertThat(snapshot.records()).isEqualTo(4);
        assertThat(all).extracting(Finding::rule).containsExactly("emails", "countries", "owners");
        assertThat(snapshot.flagged()).isEqualTo(2);
        assertThat(snapshot.clean()).isEqualTo(0.5);
        assertThat(snapshot.bySeverity()).containsEntry(Severity.ERROR, 1L).containsEntry(Severity.WARNING, 1L)
                .containsEntry(Severity.INFO, 1L);
        assertThat(snapshot.byRule()).doesNotContainKey("deal-only");
        FieldQuality email = field(snapshot, "email");
        assertThat(email.completeness()).isEqualTo(0.75);
        assertThat(email.invalid()).isEqualTo(1);
        assertThat(email.conformance()).isCloseTo(2.0 / 3, org.assertj.core.data.Offset.offset(1e-9));
        FieldQuality country = field(snapshot, "country");
        assertThat(country.nonConforming()).as("Germany → DE is fixable").isEqualTo(1);
        assertThat(field(snapshot, "phone").completeness()).isEqualTo(0.25);
        assertThat(field(snapshot, "phone").conformance()).as("no rule checks phone").isNaN();
        // 2 days, 40 days, 400 days, unknown
        assertThat(snapshot.freshness()).containsExactly(1, 0, 1, 0, 1, 1);
    }

    @Test
    void aRecordOfAnotherObjectIsRefusedWithWhatWasExpected() {
        HygieneCheck check = new HygieneCheck("contacts", List.of(), List.of(), NOW);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> check.inspect(new Inspected("deals", "9", Map.of(), null, NOW), f -> { }))
                .hasMessage("This check reads contacts records; got a deals record (9)");
    }

    private static Inspected contact(String id, Map<String, Object> fields, String owner, int daysAgo) {
        return new Inspected("contacts", id, fields, owner, NOW.minusSeconds(daysAgo * 86_400L));
    }

    private static FieldQuality field(QualitySnapshot snapshot, String name) {
        return snapshot.fields().stream().filter(f -> f.field().equals(name)).findFirst().orElseThrow();
    }
}
