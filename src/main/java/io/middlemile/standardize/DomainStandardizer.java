package io.middlemile.standardize;

import java.net.IDN;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Extracts a bare, lowercased, punycoded host name from a domain, URL or e-mail address.
 *
 * <p>Scheme, userinfo, port, path, query, fragment, a trailing dot and a leading {@code www.} are removed; the
 * ideographic and full-width full stops (U+3002, U+FF0E, U+FF61) count as dots, as IDNA says they do.
 * VALID means the input already was a bare domain (modulo case/whitespace); FIXED means something was extracted.
 *
 * <p>"domain" keeps the host ({@code mail.google.com} stays). "company-domain" gives the registrable domain by the
 * Public Suffix List ({@link PublicSuffixList}): {@code forums.news.cnn.com} becomes {@code cnn.com} and
 * {@code sub.example.co.za} becomes {@code example.co.za}, so one company has one key; a host under a private
 * suffix ({@code acme.github.io}) is a company of its own. In that mode a free-mail domain, a bare public suffix
 * ({@code co.uk}) and a host ending in no known suffix ({@code acme.con}) are INVALID, because none identifies a
 * company.
 */
public final class DomainStandardizer implements Standardizer {

    /** Registry name of the plain domain standardizer. */
    public static final String NAME = "domain";
    /** Registry name of the variant that gives the registrable domain and rejects free-mail domains. */
    public static final String COMPANY_NAME = "company-domain";

    private static final int MAX_HOST = 253;

    private final boolean companyDomain;

    /** @param companyDomain true for the registrable domain without free-mail providers ("company-domain") */
    public DomainStandardizer(boolean companyDomain) {
        this.companyDomain = companyDomain;
    }

    public DomainStandardizer() {
        this(false);
    }

    @Override
    public String name() {
        return companyDomain ? COMPANY_NAME : NAME;
    }

    @Override
    public Standardized apply(String input, StandardizeContext context) {
        String s = Text.tidy(input);
        if (s == null) {
            return Standardized.empty();
        }
        if (Text.tooLong(s)) {
            return Text.tooLongResult();
        }
        String host = extractHost(s);
        if (host == null || host.isEmpty()) {
            return Standardized.invalid("no host name found in '" + abbreviate(s) + "'");
        }
        String ascii = toAscii(host);
        if (ascii == null) {
            return Standardized.invalid("'" + abbreviate(host) + "' is not a valid host name");
        }
        String problem = hostProblem(ascii);
        if (problem != null) {
            return Standardized.invalid(problem);
        }
        Map<String, String> attrs = new HashMap<>(2);
        if (companyDomain) {
            return companyDomain(s, ascii, attrs);
        }
        if (FreeMail.isFreeMail(ascii)) {
            attrs.put("freeMail", "true");
        }
        return result(s, ascii, null, attrs);
    }

    /** The registrable domain of {@code host}, or INVALID when no company can be told from it. */
    private static Standardized companyDomain(String input, String host, Map<String, String> attrs) {
        PublicSuffixList.Split split = PublicSuffixList.split(host);
        if (split.publicSuffix() == null) {
            return Standardized.invalid(host, "'" + abbreviate(host) + "' does not end in a known public suffix such as"
                    + " .com or .co.uk; check the spelling of the top-level domain", attrs);
        }
        String domain = split.registrable();
        if (domain == null) {
            return Standardized.invalid(host, "'" + abbreviate(host) + "' is a public suffix under which many companies"
                    + " register, not a company domain; give the company's own domain, such as 'acme." + host + "'", attrs);
        }
        if (FreeMail.isFreeMail(domain)) {
            attrs.put("freeMail", "true");
            return Standardized.invalid(domain, "'" + domain + "' is a free-mail provider, not a company domain", attrs);
        }
        return result(input, domain, domain.equals(host) ? null : host, attrs);
    }

    private static Standardized result(String input, String domain, String reducedHost, Map<String, String> attrs) {
        if (input.toLowerCase(Locale.ROOT).equals(domain)) {
            return Standardized.valid(domain, domain, attrs);
        }
        String reason = "normalized '" + abbreviate(input) + "' to '" + domain + "'"
                + (reducedHost == null ? "" : ", the registrable domain of host '" + abbreviate(reducedHost) + "'");
        return Standardized.fixed(domain, domain, reason, attrs);
    }

    /**
     * Bare host from URL/e-mail/domain, lowercased, without {@code www.} and trailing dot; not yet validated.
     * Returns null when nothing host-like is present.
     */
    static String extractHost(String s) {
        String t = labelDots(s.trim());
        int scheme = t.indexOf("://");
        boolean url = scheme >= 0;
        if (url) {
            t = t.substring(scheme + 3);
        } else if (t.startsWith("//")) {
            t = t.substring(2); // protocol-relative URL
        } else if (t.regionMatches(true, 0, "mailto:", 0, 7)) {
            t = t.substring(7);
        }
        int end = t.length();
        for (int i = 0; i < t.length(); i++) {
            char c = t.charAt(i);
            if (c == '/' || c == '?' || c == '#' || c == '\\' || c == ' ') {
                end = i;
                break;
            }
        }
        t = t.substring(0, end);
        int at = t.lastIndexOf('@');
        if (at >= 0) {
            t = t.substring(at + 1);
        }
        if (t.startsWith("[")) {
            return null; // IPv6 literal: never a company domain
        }
        int colon = t.indexOf(':');
        if (colon >= 0) {
            t = t.substring(0, colon);
        }
        t = t.toLowerCase(Locale.ROOT);
        while (t.endsWith(".")) {
            t = t.substring(0, t.length() - 1);
        }
        if (t.startsWith("www.") && t.indexOf('.', 4) > 0) {
            t = t.substring(4);
        }
        return t;
    }

    /**
     * U+3002 (ideographic), U+FF0E (full-width) and U+FF61 (half-width ideographic) full stops separate labels
     * like '.' (RFC 3490 section 3.1); a host typed on a CJK keyboard often ends in one.
     */
    static String labelDots(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\u3002' || c == '\uFF0E' || c == '\uFF61') {
                return s.replace('\u3002', '.').replace('\uFF0E', '.').replace('\uFF61', '.');
            }
        }
        return s;
    }

    /** IDN → punycode; null when the JDK rejects the label syntax. */
    static String toAscii(String host) {
        if (isLowerAsciiHost(host)) {
            return host; // IDN.toASCII is comparatively slow and a no-op for plain ASCII hosts
        }
        try {
            return IDN.toASCII(host, IDN.ALLOW_UNASSIGNED).toLowerCase(Locale.ROOT);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    static boolean isLowerAsciiHost(String h) {
        if (h.isEmpty() || h.length() > MAX_HOST) {
            return false;
        }
        char prev = '.';
        for (int i = 0; i < h.length(); i++) {
            char c = h.charAt(i);
            if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '.') || (c == '.' && prev == '.')) {
                return false;
            }
            prev = c;
        }
        return prev != '.';
    }

    /** Null when {@code ascii} is a syntactically valid public host name, else why not. */
    static String hostProblem(String ascii) {
        if (ascii.length() > MAX_HOST) {
            return "host name longer than 253 characters";
        }
        if (ascii.indexOf('.') < 0) {
            return "'" + abbreviate(ascii) + "' has no top-level domain";
        }
        // labels walked in place, not split into strings: every e-mail address of an export comes through here twice
        int start = 0;
        for (int end = 0; end <= ascii.length(); end++) {
            if (end < ascii.length() && ascii.charAt(end) != '.') {
                continue;
            }
            int length = end - start;
            if (length == 0 || length > 63) {
                return "'" + abbreviate(ascii) + "' has an empty or over-long label";
            }
            if (ascii.charAt(start) == '-' || ascii.charAt(end - 1) == '-') {
                return "'" + abbreviate(ascii) + "' has a label starting or ending with '-'";
            }
            for (int i = start; i < end; i++) {
                char c = ascii.charAt(i);
                if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-')) {
                    return "'" + abbreviate(ascii) + "' contains the invalid character '" + c + "'";
                }
            }
            start = end + 1;
        }
        int tld = ascii.lastIndexOf('.') + 1;
        if (!ascii.startsWith("xn--", tld)) {
            for (int i = tld; i < ascii.length(); i++) {
                if (ascii.charAt(i) < 'a' || ascii.charAt(i) > 'z') {
                    return "'" + abbreviate(ascii) + "' has a non-alphabetic top-level domain (IP address?)";
                }
            }
            if (ascii.length() - tld < 2) {
                return "'" + abbreviate(ascii) + "' has a one-letter top-level domain";
            }
        }
        return null;
    }

    static String abbreviate(String s) {
        return s.length() <= 80 ? s : s.substring(0, 77) + "...";
    }
}
