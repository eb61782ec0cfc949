package io.middlemile.standardize;

import java.util.Locale;
import java.util.Set;

/** Bundled list of consumer mailbox domains ({@code standardize/free-mail-domains.txt}). */
public final class FreeMail {

    private static final Set<String> DOMAINS = Resources.lowerSet("free-mail-domains.txt");

    private FreeMail() {
    }

    /** True when {@code domain} (already lowercased or not) is a known free-mail provider. */
    public static boolean isFreeMail(String domain) {
        return domain != null && DOMAINS.contains(domain.toLowerCase(Locale.ROOT));
    }

    /** Immutable view of the bundled list. */
    public static Set<String> domains() {
        return DOMAINS;
    }
}
