package io.middlemile.quality;

import io.middlemile.standardize.Standardizers;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** Each kind of hygiene rule, on records made to break it and records that keep it. */
class HygieneRulesTest {

    private static final Instant NOW = Instant.parse("2026-12-02T12:00:00Z");

    private static Inspected deal(String id, Object... fields) {
        Map<String, Object> values = new HashMap<>();
        for (int i = 0; i < fields.length; i += 2) {
            values.put((String) fields[i], fields[i + 1]);
        }
        return new Inspected("deals", id, values, "ana@acme.com", NOW.minusSeconds(3_600));
    }

    private static List<Finding> check(HygieneRule rule, Inspected record) {
        List<Finding> found = new ArrayList<>();
        rule.check(record, NOW, found::add);
        return found;
    }

    @Test
    void anEmptyListOfAssociatedRecordsIsAMissingField() {
        RequiredFields rule = new RequiredFields("contract-sent-ready", Severity.ERROR, "deals", "dealstage", Set.of("contractsent"),
                List.of("associations.contacts"));

        assertThat(check(rule, deal("1", "dealstage", "contractsent", "associations.contacts", List.of())))
                .extracting(Finding::field).containsExactly("associations.contacts");
        assertThat(check(rule, deal("2", "dealstage", "contractsent", "associations.contacts", List.of("1007")))).isEmpty();
    }

    @Test
    void stageExitCriteriaApplyOnlyInTheirStages() {
        RequiredFields rule = new RequiredFields("contract-sent-ready", Severity.ERROR, "deals", "dealstage", Set.of("contractsent"),
                List.of("amount", "closedate"));

        List<Finding> found = check(rule, deal("1", "dealstage", "contractsent", "amount", " ", "closedate", "2027-01-31"));

        assertThat(found).singleElement().satisfies(f -> {
            assertThat(f.field()).isEqualTo("amount");
            assertThat(f.severity()).isEqualTo(Severity.ERROR);
            assertThat(f.owner()).isEqualTo("ana@acme.com");
            assertThat(f.fixable()).isFalse();
            assertThat(f.message()).isEqualTo("amount is empty; a record in stage contractsent needs it before it moves on");
        });
        assertThat(check(rule, deal("2", "dealstage", "appointmentscheduled"))).as("another stage").isEmpty();
        assertThat(check(new RequiredFields("named", Severity.WARNING, "deals", null, null, List.of("dealname")), deal("3")))
                .extracting(Finding::message).containsExactly("dealname is empty; every deals record needs it");
    }

    @Test
    void anOpenDealPastItsCloseDateIsStaleAndAClosedOneIsNot() {
        PastDate rule = new PastDate("close-date-passed", Severity.WARNING, "deals", "closedate", "dealstage",
                Set.of("closedwon", "closedlost"));

        assertThat(check(rule, deal("1", "closedate", "2026-11-30T00:00:00Z", "dealstage", "contractsent")))
                .extracting(Finding::message)
                .containsExactly("closedate 2026-11-30T00:00:00Z has passed and the record is still open (dealstage contractsent);"
                        + " move the date or close it");
        assertThat(check(rule, deal("2", "closedate", "2026-11-30", "dealstage", "closedwon"))).isEmpty();
        assertThat(check(rule, deal("3", "closedate", String.valueOf(NOW.plusSeconds(86_400).toEpochMilli())))).as("epoch ms, future")
                .isEmpty();
        assertThat(check(rule, deal("4", "closedate", "next friday"))).extracting(Finding::message)
                .containsExactly("closedate \"next friday\" is not a date");
    }

    @Test
    void aDealOverItsStagesAgeIsReportedWithItsDays() {
        StageAge rule = new StageAge("stuck", Severity.WARNING, "deals", "dealstage", "hs_v2_date_entered_{stage}",
                Map.of("qualifiedtobuy", 30));

        assertThat(check(rule, deal("1", "dealstage", "qualifiedtobuy", "hs_v2_date_entered_qualifiedtobuy", "2026-10-01T12:00:00Z")))
                .extracting(Finding::message).containsExactly("in stage qualifiedtobuy for 62 days; the stage allows 30");
        assertThat(check(rule, deal("2", "dealstage", "qualifiedtobuy", "hs_v2_date_entered_qualifiedtobuy", "2026-11-20T12:00:00Z")))
                .isEmpty();
        assertThat(check(rule, deal("3", "dealstage", "closedwon", "hs_v2_date_entered_closedwon", "2020-01-01"))).as("not limited")
                .isEmpty();
        assertThat(rule.age(deal("4", "dealstage", "qualifiedtobuy"), NOW)).as("entered unknown").isEqualTo(-1);
    }

    @Test
    void aRecordNobodyTouchedIsReported() {
        Untouched rule = new Untouched("cold", Severity.INFO, "contacts", 90);
        Inspected old = new Inspected("contacts", "7", Map.of(), null, NOW.minusSeconds(100L * 86_400));

        assertThat(check(rule, old)).extracting(Finding::message).singleElement().asString().startsWith("not changed in 100 days");
        assertThat(check(rule, new Inspected("contacts", "8", Map.of(), null, NOW.minusSeconds(86_400)))).isEmpty();
    }

    @Test
    void aValueTheStandardizerWouldChangeIsFixableAndAnInvalidOneIsNot() {
        Conformance phones = new Conformance("phones-e164", Severity.WARNING, "contacts", "phone",
                Standardizers.byName("phone").orElseThrow(), "country");
        Inspected national = new Inspected("contacts", "1", Map.of("phone", "(415) 555-0134", "country", "US"), null, NOW);
        Inspected standard = new Inspected("contacts", "2", Map.of("phone", "+14155550134", "country", "US"), null, NOW);
        Inspected garbage = new Inspected("contacts", "3", Map.of("phone", "call me maybe"), null, NOW);

        assertThat(check(phones, national)).singleElement().satisfies(f -> {
            assertThat(f.current()).isEqualTo("(415) 555-0134");
            assertThat(f.suggested()).isEqualTo("+14155550134");
            assertThat(f.fixable()).isTrue();
        });
        assertThat(check(phones, standard)).isEmpty();
        assertThat(check(phones, garbage)).singleElement().satisfies(f -> {
            assertThat(f.fixable()).isFalse();
            assertThat(f.message()).startsWith("phone \"call me maybe\" is not valid: ");
        });
    }

    @Test
    void aPicklistValueOutsideTheSetIsReportedAndACaseSlipIsFixable() {
        AllowedValues rule = new AllowedValues("lifecycle", Severity.WARNING, "contacts", "lifecyclestage",
                Set.of("lead", "marketingqualifiedlead", "customer"));

        assertThat(check(rule, new Inspected("contacts", "1", Map.of("lifecyclestage", "Customer"), null, NOW)))
                .singleElement().extracting(Finding::suggested).isEqualTo("customer");
        assertThat(check(rule, new Inspected("contacts", "2", Map.of("lifecyclestage", "prospect"), null, NOW)))
                .singleElement().satisfies(f -> assertThat(f.fixable()).isFalse());
        assertThat(check(rule, new Inspected("contacts", "3", Map.of("lifecyclestage", "lead"), null, NOW))).isEmpty();
    }

    @Test
    void aContactWithoutACompanyAndARecordOfAnInactiveOwnerAreReported() {
        MissingRelation noCompany = new MissingRelation("contact-company", Severity.WARNING, "contacts", "associations.companies",
                "company");
        InactiveOwner inactive = new InactiveOwner("owner-active", Severity.ERROR, "contacts", Set.of("ana@acme.com"));

        assertThat(check(noCompany, new Inspected("contacts", "1", Map.of("associations.companies", List.of()), null, NOW)))
                .extracting(Finding::message).containsExactly("has no company (associations.companies is empty)");
        assertThat(check(noCompany, new Inspected("contacts", "2", Map.of("associations.companies", List.of("9001")), null, NOW))).isEmpty();
        assertThat(check(inactive, new Inspected("contacts", "3", Map.of(), "bob@acme.com", NOW))).extracting(Finding::message)
                .containsExactly("owned by bob@acme.com, who is not an active user; reassign it");
        assertThat(check(inactive, new Inspected("contacts", "4", Map.of(), "ana@acme.com", NOW))).isEmpty();
        assertThat(check(inactive, new Inspected("contacts", "5", Map.of(), null, NOW))).as("unowned is another rule's business").isEmpty();
    }
}
