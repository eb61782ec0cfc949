package io.middlemile.assign;

import io.middlemile.assign.AccountMatch.By;
import org.junit.jupiter.api.Test;

import java.util.List;

import static io.middlemile.assign.Leads.person;
import static org.assertj.core.api.Assertions.assertThat;

class AccountMatcherTest {

    private final AccountMatcher matcher = new AccountMatcher(new AccountIndex(List.of(
            new Account("001A", "ana", "https://www.acme.com/", "Acme Inc."),
            new Account("001B", "ben", "globex.de", "Globex GmbH"),
            new Account("001C", "cat", "eu.initech.com", "Initech Europe"),
            new Account("001D", "dan", "initech.com", "Initech"),
            new Account("001E", "eve", "gmail.com", "Somebody's Gmail"),
            new Account("001F", "fay", "umbrella.com", "Umbrella"),
            new Account("001G", "gus", "umbrella.com", "Umbrella Corp"))));

    @Test
    void matchesByEmailDomain() {
        AccountMatch match = matcher.match(person("email", "jo@acme.com"));

        assertThat(match.account().id()).isEqualTo("001A");
        assertThat(match.by()).isEqualTo(By.EMAIL_DOMAIN);
        assertThat(match.explanation()).isEqualTo("email domain acme.com matches account 001A \"Acme Inc.\"");
    }

    @Test
    void aLeadAtASubsidiaryDomainBelongsToTheParentAccount() {
        AccountMatch match = matcher.match(person("email", "jo@eu.acme.com"));

        assertThat(match.account().id()).isEqualTo("001A");
        assertThat(match.explanation()).isEqualTo("email domain eu.acme.com (a subdomain of acme.com) matches account 001A \"Acme Inc.\"");
    }

    @Test
    void theMostSpecificAccountDomainWins() {
        assertThat(matcher.match(person("email", "jo@sales.eu.initech.com")).account().id()).isEqualTo("001C");
        assertThat(matcher.match(person("email", "jo@us.initech.com")).account().id()).isEqualTo("001D");
    }

    @Test
    void aDomainOnlyMatchesAtALabelBoundary() {
        AccountMatch match = matcher.match(person("email", "jo@notacme.com"));

        assertThat(match.matched()).isFalse();
        assertThat(match.explanation()).startsWith("no account matched: email domain notacme.com matches no account");
    }

    @Test
    void freeMailNeverMatchesEvenWhenAnAccountHasThatDomain() {
        AccountMatch match = matcher.match(person("email", "jo.smith@gmail.com"));

        assertThat(match.matched()).isFalse();
        assertThat(match.explanation())
                .isEqualTo("no account matched: email domain gmail.com is free mail; no company domain; no company name");
    }

    @Test
    void aFreeMailLeadStillMatchesByCompanyDomainThenByNameWithoutLegalForm() {
        assertThat(matcher.match(person("email", "jo@gmail.com", "companyDomain", "www.globex.de")).by()).isEqualTo(By.COMPANY_DOMAIN);

        AccountMatch byName = matcher.match(person("email", "jo@gmail.com", "companyName", "ACME, LLC"));
        assertThat(byName.account().id()).isEqualTo("001A");
        assertThat(byName.by()).isEqualTo(By.COMPANY_NAME);
        assertThat(byName.explanation()).isEqualTo("company name \"ACME, LLC\" matches account 001A \"Acme Inc.\"");
    }

    @Test
    void aDomainSharedByAccountsOfDifferentOwnersIsNotGuessed() {
        AccountMatch match = matcher.match(person("email", "jo@umbrella.com"));

        assertThat(match.matched()).isFalse();
        assertThat(match.explanation()).contains("email domain umbrella.com matches 2 accounts with different owners [001F, 001G], not guessing");
    }
}
