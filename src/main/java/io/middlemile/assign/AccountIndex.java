package io.middlemile.assign;

import io.middlemile.standardize.CompanyNameStandardizer;
import io.middlemile.standardize.DomainStandardizer;
import io.middlemile.standardize.FreeMail;
import io.middlemile.standardize.StandardizeContext;
import io.middlemile.standardize.Standardized;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Accounts by normalized domain and by company-name key (the company-name standardizer's key, legal forms
 * removed), built once per run and read by many assignments. Immutable after construction; thread-safe.
 * An account whose domain is a free-mail provider is not indexed by domain: gmail.com must never pull every
 * Gmail lead to one account.
 */
public final class AccountIndex {

    private static final DomainStandardizer DOMAINS = new DomainStandardizer();

    /** Accounts found for a key; {@code key} is the indexed domain or name key that matched. */
    public record Hit(String key, List<Account> accounts) {
    }

    private final Map<String, List<Account>> byDomain = new HashMap<>();
    private final Map<String, List<Account>> byNameKey = new HashMap<>();

    public AccountIndex(Collection<Account> accounts) {
        for (Account account : accounts) {
            String domain = domain(account.domain());
            if (domain != null && !FreeMail.isFreeMail(domain)) {
                byDomain.computeIfAbsent(domain, d -> new ArrayList<>(1)).add(account);
            }
            String key = nameKey(account.name());
            if (key != null) {
                byNameKey.computeIfAbsent(key, k -> new ArrayList<>(1)).add(account);
            }
        }
    }

    /**
     * Accounts for {@code domain} or, failing that, for its nearest parent domain: a lead at eu.acme.com
     * belongs to the acme.com account unless eu.acme.com is an account of its own. Parents are cut at dots,
     * so notacme.com never reaches acme.com, and a bare top-level label is never looked up. The walk stops at
     * a free-mail domain. Null when nothing matches.
     */
    public Hit byDomain(String domain) {
        for (String candidate = domain; candidate != null && candidate.indexOf('.') > 0; candidate = parent(candidate)) {
            if (FreeMail.isFreeMail(candidate)) {
                return null;
            }
            List<Account> found = byDomain.get(candidate);
            if (found != null) {
                return new Hit(candidate, found);
            }
        }
        return null;
    }

    /** Accounts whose company-name key equals {@code key}; null when none. */
    public Hit byNameKey(String key) {
        List<Account> found = key == null ? null : byNameKey.get(key);
        return found == null ? null : new Hit(key, found);
    }

    /** Bare lowercased host of a domain, URL or email address; null when there is none. */
    static String domain(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        Standardized standardized = DOMAINS.apply(value, StandardizeContext.NONE);
        return standardized.usable() ? standardized.value() : null;
    }

    static String nameKey(String name) {
        return CompanyNameStandardizer.key(name);
    }

    private static String parent(String domain) {
        return domain.substring(domain.indexOf('.') + 1);
    }
}
