package io.middlemile.assign;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** What a lead states of itself that assignment reads: the owner it already has. */
class LeadTest {

    @Test
    void aLeadsCurrentOwnerIsItsCrmOwnerIdElseItsOwnersEmailAndBlankIsNone() {
        assertThat(Leads.person("ownerId", "71003", "ownerEmail", "sue@example.com").currentOwner()).isEqualTo("71003");
        assertThat(Leads.person("ownerId", " ", "ownerEmail", "sue@example.com").currentOwner()).isEqualTo("sue@example.com");
        assertThat(Leads.person("ownerEmail", "", "email", "lee@acme.com").currentOwner()).isNull();
        // the company's owner is not the lead's
        assertThat(Leads.withCompany(Leads.person("email", "lee@acme.com"), "ownerEmail", "raj@example.com").currentOwner())
                .isNull();
    }
}
