package io.middlemile.standardize;

import com.google.common.net.InternetDomainName;

/**
 * Registrable domains by the Public Suffix List (https://publicsuffix.org), as bundled in Guava's
 * {@link InternetDomainName}; the list therefore moves with the Guava version in the pom, not with our code.
 *
 * <p>Both sections of the list count: a host under a private suffix such as {@code github.io} or
 * {@code herokuapp.com} is registered by its own customer, so {@code acme.github.io} is a company of its own and
 * never collapses into {@code github.io}.
 */
final class PublicSuffixList {

    /**
     * How a host splits.
     *
     * @param registrable  the registrable domain ("shop.acme.co.uk" → "acme.co.uk"); null when the host is itself a
     *                     public suffix or ends in none
     * @param publicSuffix the public suffix the host ends in ("co.uk", "github.io"); null when it ends in none
     *                     (an unknown or misspelt top-level domain such as ".con" or ".local")
     */
    record Split(String registrable, String publicSuffix) {
    }

    private static final Split NO_SUFFIX = new Split(null, null);

    private PublicSuffixList() {
    }

    /** Splits a lowercased ASCII (punycode) host that already passed {@link DomainStandardizer#hostProblem}. */
    static Split split(String asciiHost) {
        InternetDomainName name;
        try {
            name = InternetDomainName.from(asciiHost);
        } catch (IllegalArgumentException e) {
            return NO_SUFFIX; // our syntax check is stricter than Guava's, so this is only a safety net
        }
        InternetDomainName suffix = name.publicSuffix();
        if (suffix == null) {
            return NO_SUFFIX;
        }
        String registrable = name.isUnderPublicSuffix() ? name.topPrivateDomain().toString() : null;
        return new Split(registrable, suffix.toString());
    }
}
