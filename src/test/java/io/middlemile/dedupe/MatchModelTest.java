package io.middlemile.dedupe;

import io.middlemile.model.CanonicalRecord;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class MatchModelTest {

    @Test
    void rareSurnameWeighsMoreThanCommonSurname() {
        DedupeRules base = TestRecords.contactRules();
        DedupeRules rules = new DedupeRules(base.entity(), base.sources(), base.mode(), base.blocking(),
                List.of(DedupeRules.ComparisonRule.of("lastName", "last-name")), 0.95, 0.8, 500, false, 1e-4, null);
        List<CanonicalRecord> records = new ArrayList<>();
        for (int i = 0; i < 500; i++) {
            records.add(TestRecords.person("s", "smith-" + i, "lastName", "Smith"));
        }
        records.add(TestRecords.person("s", "z1", "lastName", "Zabriskie"));
        records.add(TestRecords.person("s", "z2", "lastName", "Zabriskie"));
        for (int i = 0; i < 498; i++) {
            records.add(TestRecords.person("s", "other-" + i, "lastName", "Other" + (char) ('a' + i % 26) + i));
        }
        MatchRecords store = MatchRecords.forRules(rules, records.size());
        store.addAll(records);
        MatchModel model = new MatchModel(rules, store);
        double smith = model.weight(0, 1);
        double zabriskie = model.weight(500, 501);
        assertThat(zabriskie).isGreaterThan(smith + 4); // 2/1000 vs 500/1000 of the values: log2(250) ≈ 8 bits apart
        assertThat(model.explain(500, 501)).anySatisfy(c -> assertThat(c.level()).contains("term frequency"));
    }

    @Test
    void differentLinkedInProfilesPushBelowReview() {
        MatchRecords store = MatchRecords.forRules(TestRecords.contactRules(), 8);
        store.add(TestRecords.person("s", "1", "firstName", "Anna", "lastName", "Berg", "companyName", "Acme Inc",
                "linkedinUrl", "https://www.linkedin.com/in/anna-berg-1"));
        store.add(TestRecords.person("s", "2", "firstName", "Anna", "lastName", "Berg", "companyName", "ACME",
                "linkedinUrl", "linkedin.com/in/anna-berg-2/"));
        store.add(TestRecords.person("s", "3", "firstName", "Anna", "lastName", "Berg", "companyName", "ACME"));
        DedupeRules rules = TestRecords.contactRules();
        MatchModel model = new MatchModel(rules, store);
        double withoutProfiles = MatchModel.probability(model.weight(0, 2));
        double differentProfiles = MatchModel.probability(model.weight(0, 1));
        assertThat(withoutProfiles).isGreaterThanOrEqualTo(rules.review());
        assertThat(differentProfiles).isLessThan(rules.review());
        assertThat(model.explain(0, 1)).anySatisfy(c -> {
            assertThat(c.comparison()).startsWith("linkedinUrl");
            assertThat(c.weight()).isLessThan(-5);
        });
    }

    @Test
    void swappedNamesAgreeCrosswiseAndFullNamesFillParts() {
        MatchRecords store = MatchRecords.forRules(TestRecords.contactRules(), 8);
        store.add(TestRecords.person("s", "1", "firstName", "John", "lastName", "Smith"));
        store.add(TestRecords.person("s", "2", "firstName", "SMITH", "lastName", "John"));
        store.add(TestRecords.person("s", "3", "fullName", "Dr. John Smith"));
        MatchModel model = new MatchModel(TestRecords.contactRules(), store);
        assertThat(model.explain(0, 1)).filteredOn(c -> c.comparison().startsWith("firstName") || c.comparison().startsWith("lastName"))
                .extracting(Contribution::level).containsOnly("exact");
        assertThat(model.explain(0, 2)).filteredOn(c -> c.comparison().startsWith("firstName") || c.comparison().startsWith("lastName"))
                .extracting(Contribution::level).containsOnly("exact");
    }

    @Test
    void twoWorkMailboxesAtOneCompanyAreEvidenceAgainst() {
        MatchRecords store = MatchRecords.forRules(TestRecords.contactRules(), 8);
        store.add(TestRecords.person("s", "1", "firstName", "Anna", "lastName", "Berg", "email", "anna.berg@acme.com"));
        store.add(TestRecords.person("s", "2", "firstName", "Anna", "lastName", "Berg", "email", "aberg2@acme.com"));
        MatchModel model = new MatchModel(TestRecords.contactRules(), store);
        assertThat(model.explain(0, 1)).anySatisfy(c -> {
            assertThat(c.level()).isEqualTo("other-address-same-domain");
            assertThat(c.weight()).isLessThan(-5);
        });
    }

    @Test
    void anIdentifierThatFollowsThePersonCarriesAChangeOfEmployer() {
        MatchRecords store = MatchRecords.forRules(TestRecords.contactRules(), 8);
        // one person before and after a move: new employer and work address, the LinkedIn profile stayed
        store.add(TestRecords.person("s", "1", "firstName", "Anna", "lastName", "Berg", "email", "anna.berg@acme.com",
                "companyName", "Acme Inc", "linkedinUrl", "https://www.linkedin.com/in/anna-berg-1"));
        store.add(TestRecords.person("s", "2", "firstName", "Anna", "lastName", "Berg", "email", "anna.berg@globex.io",
                "companyName", "Globex", "linkedinUrl", "linkedin.com/in/anna-berg-1/"));
        // ... or the personal address stayed
        store.add(TestRecords.person("s", "3", "firstName", "Anna", "lastName", "Berg", "email", "anna.berg77@gmail.com",
                "companyName", "Acme Inc"));
        store.add(TestRecords.person("s", "4", "firstName", "Anna", "lastName", "Berg", "email", "anna.berg77@gmail.com",
                "companyName", "Globex"));
        // two namesakes at two companies with nothing that follows a person in common
        store.add(TestRecords.person("s", "5", "firstName", "Anna", "lastName", "Berg", "email", "anna.berg@initech.com",
                "companyName", "Initech"));
        store.add(TestRecords.person("s", "6", "firstName", "Anna", "lastName", "Berg", "email", "anna.berg@hooli.com",
                "companyName", "Hooli"));
        DedupeRules rules = TestRecords.contactRules();
        MatchModel model = new MatchModel(rules, store);

        assertThat(MatchModel.probability(model.weight(0, 1))).isGreaterThanOrEqualTo(rules.autoMerge());
        assertThat(MatchModel.probability(model.weight(2, 3))).isGreaterThanOrEqualTo(rules.autoMerge());
        assertThat(MatchModel.probability(model.weight(4, 5))).isLessThan(rules.review());
        assertThat(model.explain(0, 1)).anySatisfy(c -> {
            assertThat(c.comparison()).startsWith("companyName");
            assertThat(c.level()).isEqualTo("different (not counted: the LinkedIn profile agrees, a change of employer)");
            assertThat(c.weight()).isZero();
        });
        assertThat(model.explain(2, 3)).anySatisfy(c -> assertThat(c.level())
                .isEqualTo("different (not counted: the personal address agrees, a change of employer)"));
    }

    @Test
    void aMoveDoesNotExcuseConflictingIdentifiers() {
        MatchRecords store = MatchRecords.forRules(TestRecords.contactRules(), 8);
        // one LinkedIn page on two records with two mailboxes at one domain: the conflict still holds the pair back
        store.add(TestRecords.person("s", "1", "firstName", "Anna", "lastName", "Berg", "email", "anna.berg@acme.com",
                "companyName", "Acme Inc", "linkedinUrl", "https://www.linkedin.com/in/anna-berg-1"));
        store.add(TestRecords.person("s", "2", "firstName", "Anna", "lastName", "Berg", "email", "anna_berg@acme.com",
                "companyName", "Globex", "linkedinUrl", "https://www.linkedin.com/in/anna-berg-1"));
        MatchModel model = new MatchModel(TestRecords.contactRules(), store);

        assertThat(model.hasNegative(model.pattern(0, 1))).isTrue();
        assertThat(model.conflicts(0, 1)).containsExactly("two different mailboxes at acme.com: anna.berg@ and anna_berg@");
    }
}
