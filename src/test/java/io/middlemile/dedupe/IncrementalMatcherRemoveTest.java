package io.middlemile.dedupe;

import io.middlemile.model.CanonicalRecord;
import io.middlemile.model.SourceRef;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** A record deleted or merged away at its source leaves the incremental index: no candidate, and nothing else changes. */
class IncrementalMatcherRemoveTest {

    private static final CanonicalRecord BOB_HUBSPOT = TestRecords.person("hubspot", "h1", "firstName", "Bob", "lastName",
            "McDonald", "email", "bob.mcdonald@acme.com", "companyName", "Acme");
    private static final CanonicalRecord BOB_CRM = TestRecords.person("crm", "c1", "firstName", "Robert", "lastName",
            "McDonald", "email", "bob.mcdonald@acme.com", "companyName", "Acme");
    private static final CanonicalRecord MARY = TestRecords.person("hubspot", "h2", "firstName", "Mary", "lastName", "Major",
            "email", "mary@initech.com", "companyName", "Initech");

    @Test
    void aRemovedRecordIsNoCandidateTheOthersStayAndAddingItAgainBringsItBack() {
        IncrementalMatcher matcher = new DedupeEngine(TestRecords.contactRules())
                .run(List.of(BOB_HUBSPOT, BOB_CRM, MARY).iterator()).incremental();
        CanonicalRecord bob = TestRecords.person("api", "q", "firstName", "Bob", "lastName", "McDonald", "email",
                "bob.mcdonald@acme.com");
        CanonicalRecord mary = TestRecords.person("api", "q", "firstName", "Mary", "lastName", "Major", "email", "mary@initech.com");
        assertThat(candidates(matcher, bob)).containsExactlyInAnyOrder("h1", "c1");

        assertThat(matcher.remove(BOB_HUBSPOT.source())).isTrue();

        assertThat(candidates(matcher, bob)).containsExactly("c1");
        assertThat(candidates(matcher, mary)).containsExactly("h2");
        assertThat(matcher.size()).isEqualTo(2);
        // taken out twice, or never there: nothing to do
        assertThat(matcher.remove(BOB_HUBSPOT.source())).isFalse();
        assertThat(matcher.remove(new SourceRef("hubspot", "contacts", "nobody"))).isFalse();
        assertThat(matcher.size()).isEqualTo(2);

        // restored from the recycle bin and read again
        matcher.put(BOB_HUBSPOT);
        assertThat(candidates(matcher, bob)).containsExactlyInAnyOrder("h1", "c1");
        assertThat(matcher.size()).isEqualTo(3);
    }

    @Test
    void aRecordAddedAfterTheRunCanBeRemovedToo() {
        IncrementalMatcher matcher = new DedupeEngine(TestRecords.contactRules()).run(List.of(MARY).iterator()).incremental();
        matcher.put(BOB_CRM);
        matcher.put(BOB_CRM); // a changed version replaces the earlier one: one removal takes it out
        CanonicalRecord bob = TestRecords.person("api", "q", "email", "bob.mcdonald@acme.com", "lastName", "McDonald");
        assertThat(candidates(matcher, bob)).containsExactly("c1");

        matcher.remove(BOB_CRM.source());

        assertThat(candidates(matcher, bob)).isEmpty();
        assertThat(matcher.size()).isEqualTo(1);
    }

    private static List<String> candidates(IncrementalMatcher matcher, CanonicalRecord record) {
        return matcher.lookup(record).matches().stream().map(d -> d.right().sourceId()).toList();
    }
}
