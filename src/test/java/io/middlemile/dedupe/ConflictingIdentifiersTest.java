package io.middlemile.dedupe;

import io.middlemile.model.CanonicalRecord;
import io.middlemile.model.Entity;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Namesakes at one company: conflicting identifiers send a pair to review, never to a merge, and the explanation
 * says which identifiers conflict; real slips still merge. Default weights (no estimation), so the scores are known.
 */
class ConflictingIdentifiersTest {

    private static PairDecision decide(CanonicalRecord a, CanonicalRecord b) {
        return new DedupeEngine(TestRecords.contactRules()).run(List.of(a, b).iterator()).explain(0, 1);
    }

    private static CanonicalRecord julie(String id, String... more) {
        String[] base = {"firstName", "Julie", "lastName", "Bennett", "companyName", "Acme Inc."};
        String[] all = new String[base.length + more.length];
        System.arraycopy(base, 0, all, 0, base.length);
        System.arraycopy(more, 0, all, base.length, more.length);
        return TestRecords.person("crm", id, all);
    }

    @Test
    void twoMailboxesAtOneCompanyGoToReviewNamingTheMailboxes() {
        // same name, company and (switchboard) phone would merge; the two mailboxes are two people
        assertThat(decide(julie("1", "phone", "+14155550100"), julie("2", "phone", "+14155550100")).decision())
                .isEqualTo(MatchDecision.AUTO_MERGE);
        PairDecision d = decide(julie("1", "phone", "+14155550100", "email", "julie.bennett@acme.com"),
                julie("2", "phone", "+14155550100", "email", "julie_bennett@acme.com"));
        assertThat(d.decision()).isEqualTo(MatchDecision.REVIEW);
        assertThat(d.conflicts()).containsExactly("two different mailboxes at acme.com: julie.bennett@ and julie_bennett@");
        assertThat(d.summary()).contains("held for review, conflicting: two different mailboxes at acme.com");
    }

    @Test
    void anotherLocalPartPatternIsAnotherMailboxNotATypo() {
        for (String other : new String[] {"juliebennett@acme.com", "julie_bennett@acme.com", "jbennett@acme.com",
            "julie.bennett2@acme.com", "j.bennett@acme.com"}) {
            PairDecision d = decide(julie("1", "email", "julie.bennett@acme.com", "phone", "+14155550100"),
                    julie("2", "email", other, "phone", "+14155550100"));
            assertThat(d.decision()).as(other).isNotEqualTo(MatchDecision.AUTO_MERGE);
            assertThat(d.explanation()).as(other).anySatisfy(c -> assertThat(c.level()).isEqualTo("other-address-same-domain"));
        }
    }

    @Test
    void twoDirectLinesOfOneNumberBlockGoToReview() {
        assertThat(decide(julie("1", "linkedinUrl", "linkedin.com/in/julie-bennett"),
                julie("2", "linkedinUrl", "https://www.linkedin.com/in/julie-bennett/")).decision())
                .isEqualTo(MatchDecision.AUTO_MERGE);
        PairDecision d = decide(julie("1", "linkedinUrl", "linkedin.com/in/julie-bennett", "phone", "+1 415 555 0123"),
                julie("2", "linkedinUrl", "https://www.linkedin.com/in/julie-bennett/", "phone", "(415) 555-0187",
                        "country", "US"));
        assertThat(d.decision()).isEqualTo(MatchDecision.REVIEW);
        assertThat(d.conflicts()).containsExactly("two different direct lines: +14155550123 and +14155550187");
    }

    @Test
    void aMainLineAgainstADirectLineIsNoConflict() {
        PairDecision d = decide(julie("1", "email", "julie.bennett@acme.com", "phone", "+14155550100"),
                julie("2", "email", "julie.bennett@acme.com", "phone", "+14155550123"));
        assertThat(d.conflicts()).isEmpty();
        assertThat(d.decision()).isEqualTo(MatchDecision.AUTO_MERGE);
    }

    @Test
    void twoLinkedInProfilesGoToReview() {
        PairDecision d = decide(julie("1", "phone", "+14155550100", "linkedinUrl", "linkedin.com/in/julie-bennett-1a"),
                julie("2", "phone", "+14155550100", "linkedinUrl", "linkedin.com/in/julie-bennett-7f"));
        assertThat(d.decision()).isEqualTo(MatchDecision.REVIEW);
        assertThat(d.conflicts()).singleElement().asString().isEqualTo("two different LinkedIn pages: julie-bennett-1a and julie-bennett-7f");
    }

    @Test
    void aOneLetterTypoInALongLocalPartStillMerges() {
        PairDecision d = decide(julie("1", "email", "julie.bennett@acme.com"), julie("2", "email", "julie.benett@acme.com"));
        assertThat(d.explanation()).anySatisfy(c -> assertThat(c.level()).isEqualTo("close"));
        assertThat(d.conflicts()).isEmpty();
        assertThat(d.decision()).isEqualTo(MatchDecision.AUTO_MERGE);
    }

    @Test
    void aSwitchedDomainAfterACompanyRenameStillMerges() {
        PairDecision d = decide(
                TestRecords.person("crm", "1", "firstName", "Julie", "lastName", "Bennett", "companyName", "Acme Widgets",
                        "email", "julie.bennett@acmewidgets.com"),
                TestRecords.person("crm", "2", "firstName", "Julie", "lastName", "Bennett", "companyName", "Acme",
                        "email", "julie.bennett@acme.com"));
        assertThat(d.explanation()).anySatisfy(c -> assertThat(c.level()).isEqualTo("same-local-part"));
        assertThat(d.conflicts()).isEmpty();
        assertThat(d.decision()).isEqualTo(MatchDecision.AUTO_MERGE);
    }

    @Test
    void colleaguesWithOneSurnameOnTheSwitchboardAreNotMerged() {
        PairDecision d = decide(
                TestRecords.person("crm", "1", "firstName", "Anna", "lastName", "Okafor", "companyName", "Okafor Foods",
                        "phone", "+442071231000"),
                TestRecords.person("crm", "2", "firstName", "Maria", "lastName", "Okafor", "companyName", "Okafor Foods",
                        "phone", "+442071231000"));
        assertThat(d.explanation()).anySatisfy(c -> assertThat(c.level()).isEqualTo("exact-but-shared-by-many"));
        assertThat(d.decision()).isEqualTo(MatchDecision.NO_MATCH);
    }

    @Test
    void noChainOfMergesJoinsAConflictingPair() {
        // B is sparse and matches both namesakes; A and C have their own mailboxes
        List<CanonicalRecord> records = List.of(
                julie("A", "email", "julie.bennett@acme.com", "phone", "+14155550100"),
                julie("B", "phone", "+14155550100"),
                julie("C", "email", "jbennett@acme.com", "phone", "+14155550100"));
        DedupeResult result = new DedupeEngine(TestRecords.contactRules()).run(records.iterator());
        assertThat(result.clusterId(0)).isNotEqualTo(result.clusterId(2));
        assertThat(result.plan().reviews()).anySatisfy(r -> assertThat(r.conflicts()).isNotEmpty());
    }

    @Test
    void slipsAndMailboxesAreToldApartByShape() {
        assertThat(EmailComparator.isSlip("julie.bennett", "julie.benett")).isTrue();
        assertThat(EmailComparator.isSlip("julie.bennett", "julie.bennnett")).isTrue();
        assertThat(EmailComparator.isSlip("julie.bennett", "julie_bennett")).isFalse();
        assertThat(EmailComparator.isSlip("julie.bennett", "juliebennett")).isFalse();
        assertThat(EmailComparator.isSlip("julie.bennett", "julie.bennett2")).isFalse();
        assertThat(EmailComparator.isSlip("ewright", "lwright")).isFalse();
        assertThat(EmailComparator.isSlip("jo.li", "jo.le")).isFalse(); // too short to tell a slip from initials
        MatchRecords records = new MatchRecords(Entity.PERSON, List.of("phone"), List.of(), 4);
        records.add(TestRecords.person("s", "1", "phone", "+14155550123"));
        records.add(TestRecords.person("s", "2", "phone", "+14155550187"));
        FieldComparator phone = Comparators.create(DedupeRules.ComparisonRule.of("phone", "phone"), records);
        assertThat(phone.levels().get(phone.compare(records.column(0)[0], records.column(0)[1])).name())
                .isEqualTo("other-line-same-block");
    }
}
