package io.middlemile.assign;

import io.middlemile.assign.AccountMatch.By;
import io.middlemile.standardize.FreeMail;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Lead-to-account matching: by the email's domain, then the stated company domain, then the company name's
 * key. Free-mail domains never match. When a key finds several accounts with different owners the step is
 * ambiguous and matching goes on to the next step rather than guess; several accounts with one owner (CRM
 * duplicates) are a match. Thread-safe.
 */
public final class AccountMatcher {

    private final AccountIndex index;

    public AccountMatcher(AccountIndex index) {
        this.index = Objects.requireNonNull(index, "index");
    }

    public AccountMatch match(Lead lead) {
        List<String> misses = new ArrayList<>(3);
        String emailDomain = AccountIndex.domain(lead.value("email"));
        AccountMatch match = byDomain(By.EMAIL_DOMAIN, emailDomain, misses);
        if (match != null) {
            return match;
        }
        String companyDomain = AccountIndex.domain(lead.companyDomain());
        if (companyDomain != null && companyDomain.equals(emailDomain)) {
            misses.add("company domain is the email domain");
        } else {
            match = byDomain(By.COMPANY_DOMAIN, companyDomain, misses);
            if (match != null) {
                return match;
            }
        }
        String name = lead.companyName();
        String key = AccountIndex.nameKey(name);
        if (key == null) {
            misses.add("no company name");
        } else {
            match = accept(By.COMPANY_NAME, "company name \"" + name + "\"", index.byNameKey(key), misses);
            if (match != null) {
                return match;
            }
        }
        return new AccountMatch(null, null, "no account matched: " + String.join("; ", misses));
    }

    private AccountMatch byDomain(By by, String domain, List<String> misses) {
        if (domain == null) {
            misses.add("no " + by.words());
            return null;
        }
        if (FreeMail.isFreeMail(domain)) {
            misses.add(by.words() + " " + domain + " is free mail");
            return null;
        }
        AccountIndex.Hit hit = index.byDomain(domain);
        String what = by.words() + " " + domain;
        if (hit != null && !hit.key().equals(domain)) {
            what += " (a subdomain of " + hit.key() + ")";
        }
        return accept(by, what, hit, misses);
    }

    private static AccountMatch accept(By by, String what, AccountIndex.Hit hit, List<String> misses) {
        if (hit == null) {
            misses.add(what + " matches no account");
            return null;
        }
        Account first = hit.accounts().get(0);
        boolean oneOwner = hit.accounts().stream().allMatch(account -> Objects.equals(account.owner(), first.owner()));
        if (!oneOwner) {
            misses.add(what + " matches " + hit.accounts().size() + " accounts with different owners "
                    + hit.accounts().stream().map(Account::id).toList() + ", not guessing");
            return null;
        }
        String others = hit.accounts().size() == 1 ? "" : " (and " + (hit.accounts().size() - 1) + " duplicate(s) with the same owner)";
        return new AccountMatch(first, by, what + " matches account " + first.id()
                + (first.name() == null ? "" : " \"" + first.name() + "\"") + others);
    }
}
