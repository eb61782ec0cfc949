package io.middlemile.quality;

import io.middlemile.standardize.Standardizers;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** What the clean-up writes back for a record: the fixable findings' values, one per field, and nothing a person must decide. */
class CleanUpTest {

    private static final Instant NOW = Instant.parse("2026-12-03T12:00:00Z");

    private static Conformance conformance(String name, String field, String standardizer) {
        return new Conformance(name, Severity.WARNING, "contacts", field, Standardizers.byName(standardizer).orElseThrow(), "country");
    }

    private static Inspected contact(Map<String, Object> fields) {
        return new Inspected("contacts", "7", fields, null, NOW);
    }

    @Test
    void fixableFindingsBecomeTheValuesToWriteAndTheRestIsLeftToPeople() {
        CleanUp cleanUp = new CleanUp("contacts", List.of(
                conformance("phones", "phone", "phone"),
                conformance("countries", "country", "country"),
                conformance("emails", "email", "email"),
                new RequiredFields("basics", Severity.ERROR, "contacts", null, Set.of(), List.of("jobtitle")),
                new AllowedValues("lifecycle", Severity.WARNING, "contacts", "lifecyclestage", Set.of("lead", "customer"))));

        CleanUp.Fix fix = cleanUp.fix(contact(Map.of("phone", "(415) 555-0134", "country", "United States", "email", "not an email",
                "lifecyclestage", "Lead")), NOW);

        // the phone reads its country however the record writes it; the invalid email and the empty title need a person
        assertThat(fix.values()).containsExactly(Map.entry("phone", "+14155550134"), Map.entry("country", "US"),
                Map.entry("lifecyclestage", "lead"));
        assertThat(fix.conflicts()).isEmpty();
        assertThat(fix.describe()).isEqualTo("phones: phone \"(415) 555-0134\" → \"+14155550134\"; countries: country \"United States\""
                + " → \"US\"; lifecycle: lifecyclestage \"Lead\" → \"lead\"");
    }

    @Test
    void aRecordThatKeepsTheRulesNeedsNoChange() {
        CleanUp cleanUp = new CleanUp("contacts", List.of(conformance("phones", "phone", "phone")));

        assertThat(cleanUp.fix(contact(Map.of("phone", "+14155550134", "country", "US")), NOW).none()).isTrue();
        assertThat(cleanUp.fix(contact(Map.of("country", "US")), NOW).none()).isTrue();
    }

    @Test
    void twoRulesSuggestingDifferentValuesForOneFieldLeaveItAsItIsAndSaySo() {
        CleanUp cleanUp = new CleanUp("contacts", List.of(
                new AllowedValues("stages-a", Severity.WARNING, "contacts", "lifecyclestage", Set.of("lead")),
                new AllowedValues("stages-b", Severity.WARNING, "contacts", "lifecyclestage", Set.of("LEAD")),
                new AllowedValues("stages-c", Severity.WARNING, "contacts", "lifecyclestage", Set.of("lead"))));

        CleanUp.Fix fix = cleanUp.fix(contact(Map.of("lifecyclestage", "Lead")), NOW);

        assertThat(fix.none()).isTrue();
        assertThat(fix.conflicts()).containsExactly("lifecyclestage left as it is: rule stages-a suggests \"lead\", rule stages-b"
                + " suggests \"LEAD\"; make the rules agree");
    }

    @Test
    void rulesOfAnotherObjectAreNotAppliedAndARecordOfAnotherObjectIsRefused() {
        CleanUp cleanUp = new CleanUp("contacts", List.of(
                new AllowedValues("stages", Severity.WARNING, "deals", "dealstage", Set.of("closedwon"))));

        assertThat(cleanUp.fix(contact(Map.of("dealstage", "ClosedWon")), NOW).none()).isTrue();
        assertThatThrownBy(() -> cleanUp.fix(new Inspected("deals", "9", Map.of(), null, NOW), NOW))
                .hasMessage("This clean-up fixes contacts records; got a deals record (9)");
    }
}
