package io.middlemile.standardize;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Cleans e-mail addresses and derives a canonical match key.
 *
 * <ul>
 *   <li>Value: trimmed, {@code mailto:} / {@code "Name <addr>"} wrappers removed, whole address lowercased.
 *       The local part is technically case-sensitive (RFC 5321) but no mainstream provider treats it so,
 *       and mixed case only produces false non-matches.</li>
 *   <li>Key: value with the domain punycoded, {@code googlemail.com → gmail.com}, Gmail dots removed and
 *       {@code +tag} removed for providers known to support sub-addressing (or all domains when configured).</li>
 *   <li>Typo'd well-known domains ({@code gmial.com}) are NOT rewritten: the address might be real. The verdict stays
 *       VALID, {@code reason} explains, and attribute {@code suggestion} carries the likely intended address.</li>
 *   <li>Internationalized (RFC 6531) local parts and IDN domains are accepted; the key carries the punycode domain.</li>
 *   <li>Attributes: {@code domain}, {@code freeMail=true}, {@code roleAccount=true}, {@code suggestion}.</li>
 * </ul>
 */
public final class EmailStandardizer implements Standardizer {

    public static final String NAME = "email";

    private static final EmailStandardizer DEFAULT = new EmailStandardizer(false);

    private static final Pattern ANGLE = Pattern.compile("<([^<>]*@[^<>]*)>");
    private static final Pattern LOCAL_OK = Pattern.compile("[\\p{L}\\p{N}!#$%&'*+/=?^_`{|}~.-]{1,64}");
    /** The ASCII characters {@link #LOCAL_OK} allows besides letters and digits. */
    private static final String LOCAL_SPECIALS = "!#$%&'*+/=?^_`{|}~.-";

    private static final Set<String> SUBADDRESSING = Set.of(
            "gmail.com", "googlemail.com", "outlook.com", "hotmail.com", "hotmail.co.uk", "live.com", "msn.com",
            "fastmail.com", "fastmail.fm", "protonmail.com", "protonmail.ch", "proton.me", "pm.me",
            "icloud.com", "me.com", "mac.com", "zoho.com", "yandex.ru", "yandex.com", "tutanota.com", "hey.com");

    private static final Set<String> ROLES = Set.of(
            "info", "sales", "support", "admin", "administrator", "noreply", "no-reply", "no_reply", "donotreply",
            "do-not-reply", "contact", "contactus", "hello", "help", "helpdesk", "office", "marketing", "billing",
            "accounts", "accounting", "invoices", "hr", "jobs", "careers", "recruiting", "team", "webmaster",
            "postmaster", "hostmaster", "abuse", "security", "privacy", "legal", "press", "media", "pr",
            "enquiries", "inquiries", "enquiry", "service", "customerservice", "customercare", "feedback",
            "newsletter", "orders", "finance", "it", "mail", "root", "reception", "bookings", "partners", "ops",
            "dev", "devnull", "all", "everyone", "staff", "notifications", "alerts", "mailer-daemon");

    /** Common misspellings of big providers' domains → intended domain. */
    private static final Map<String, String> TYPOS = Map.ofEntries(
            Map.entry("gmial.com", "gmail.com"), Map.entry("gmal.com", "gmail.com"), Map.entry("gmaill.com", "gmail.com"),
            Map.entry("gamil.com", "gmail.com"), Map.entry("gnail.com", "gmail.com"), Map.entry("gmai.com", "gmail.com"),
            Map.entry("gmail.co", "gmail.com"), Map.entry("gmail.cm", "gmail.com"), Map.entry("gmail.con", "gmail.com"),
            Map.entry("gmail.om", "gmail.com"), Map.entry("gmail.cmo", "gmail.com"), Map.entry("gmail.comm", "gmail.com"),
            Map.entry("gmail.c", "gmail.com"), Map.entry("gmsil.com", "gmail.com"), Map.entry("gmali.com", "gmail.com"),
            Map.entry("hotmial.com", "hotmail.com"), Map.entry("hotmal.com", "hotmail.com"), Map.entry("hotmai.com", "hotmail.com"),
            Map.entry("hotmil.com", "hotmail.com"), Map.entry("hotamil.com", "hotmail.com"), Map.entry("hotmail.co", "hotmail.com"),
            Map.entry("hotmail.con", "hotmail.com"), Map.entry("hotnail.com", "hotmail.com"),
            Map.entry("yaho.com", "yahoo.com"), Map.entry("yahooo.com", "yahoo.com"), Map.entry("yahoo.co", "yahoo.com"),
            Map.entry("yahoo.con", "yahoo.com"), Map.entry("yhoo.com", "yahoo.com"), Map.entry("yahho.com", "yahoo.com"),
            Map.entry("outlok.com", "outlook.com"), Map.entry("outllok.com", "outlook.com"), Map.entry("outlook.co", "outlook.com"),
            Map.entry("outlook.con", "outlook.com"), Map.entry("otlook.com", "outlook.com"),
            Map.entry("iclod.com", "icloud.com"), Map.entry("icloud.co", "icloud.com"), Map.entry("icoud.com", "icloud.com"),
            Map.entry("aol.co", "aol.com"), Map.entry("aol.con", "aol.com"),
            Map.entry("protonmail.co", "protonmail.com"), Map.entry("comcast.com", "comcast.net"));

    private final boolean stripTagsEverywhere;

    /**
     * @param stripTagsEverywhere when true, {@code +tag} is removed from the key for every domain; when false
     *                            (default) only for providers known to support sub-addressing
     */
    public EmailStandardizer(boolean stripTagsEverywhere) {
        this.stripTagsEverywhere = stripTagsEverywhere;
    }

    public EmailStandardizer() {
        this(false);
    }

    @Override
    public String name() {
        return NAME;
    }

    /** Canonical match key with default options, or null when {@code email} is not a usable address. */
    public static String matchKey(String email) {
        return DEFAULT.apply(email, StandardizeContext.NONE).key();
    }

    /** True when the local part is a role/shared mailbox (info@, sales@ ...). */
    public static boolean isRoleAccount(String localPart) {
        return localPart != null && ROLES.contains(localPart.toLowerCase(Locale.ROOT));
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
        String original = s;
        boolean unwrapped = false;
        if (s.indexOf('<') >= 0) {
            Matcher m = ANGLE.matcher(s);
            if (m.find()) {
                s = m.group(1).trim();
                unwrapped = true;
            }
        }
        if (s.regionMatches(true, 0, "mailto:", 0, 7)) {
            s = s.substring(7).trim();
            int q = s.indexOf('?');
            if (q >= 0) {
                s = s.substring(0, q);
            }
            unwrapped = true;
        }
        // surrounding quotes/punctuation typical of copy-paste from documents
        String stripped = stripEdges(s);
        if (!stripped.equals(s)) {
            s = stripped;
            unwrapped = true;
        }
        String lower = s.toLowerCase(Locale.ROOT);
        int at = lower.lastIndexOf('@');
        if (at < 0) {
            return Standardized.invalid("'" + DomainStandardizer.abbreviate(original) + "' has no '@'");
        }
        if (lower.indexOf('@') != at) {
            return Standardized.invalid("'" + DomainStandardizer.abbreviate(original) + "' has more than one '@'");
        }
        String local = lower.substring(0, at);
        String domain = lower.substring(at + 1);
        if (local.isEmpty()) {
            return Standardized.invalid("local part before '@' is empty");
        }
        if (!localOk(local)) {
            return Standardized.invalid("local part '" + DomainStandardizer.abbreviate(local)
                    + "' contains invalid characters or is longer than 64");
        }
        if (misplacedDot(local)) {
            return Standardized.invalid("local part '" + local + "' has a misplaced '.'");
        }
        if (domain.isEmpty()) {
            return Standardized.invalid("domain after '@' is empty");
        }
        String asciiDomain = DomainStandardizer.toAscii(domain);
        if (asciiDomain == null) {
            return Standardized.invalid("domain '" + DomainStandardizer.abbreviate(domain) + "' is not a valid host name");
        }
        String problem = DomainStandardizer.hostProblem(asciiDomain);
        Map<String, String> attrs = new HashMap<>(4);
        String typoFix = TYPOS.get(asciiDomain);
        if (problem != null && typoFix == null) {
            return Standardized.invalid("domain " + problem);
        }
        String value = local + "@" + domain;
        attrs.put("domain", asciiDomain);
        if (FreeMail.isFreeMail(asciiDomain)) {
            attrs.put("freeMail", "true");
        }
        if (isRoleAccount(local)) {
            attrs.put("roleAccount", "true");
        }
        String key = key(local, asciiDomain);
        if (typoFix != null) {
            attrs.put("suggestion", local + "@" + typoFix);
            return new Standardized(value, key, Verdict.VALID,
                    "domain '" + asciiDomain + "' looks like a typo of '" + typoFix + "'", attrs);
        }
        if (unwrapped) {
            return Standardized.fixed(value, key, "extracted address from '" + DomainStandardizer.abbreviate(original) + "'", attrs);
        }
        return Standardized.valid(value, key, attrs);
    }

    /**
     * The match key of an address already in the shape {@link #apply} writes addresses in (lowercase ASCII letters,
     * digits and {@code . _ % + -}, one {@code @}) and valid: {@code apply(address).key()} without the rest of its
     * work (tidying, unwrapping, attributes). Null for any other address, and for one whose domain looks like a typo;
     * those take {@link #apply}. The matcher reads addresses a mapping has standardized already, two a contact.
     */
    public String keyOfPlain(String address) {
        int n = address.length();
        int at = -1;
        if (n == 0 || n > Text.MAX_LENGTH || address.charAt(n - 1) == '.') {
            return null;
        }
        for (int i = 0; i < n; i++) {
            char c = address.charAt(i);
            if (c == '@') {
                if (at >= 0) {
                    return null;
                }
                at = i;
            } else if (!(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '.' || c == '-' || c == '_' || c == '+' || c == '%')) {
                return null;
            }
        }
        if (at <= 0 || at > 64) {
            return null;
        }
        String local = address.substring(0, at);
        String domain = address.substring(at + 1);
        // apply's checks, on what the shape leaves to check: the dots, the host (ASCII already), no typo to suggest
        if (misplacedDot(local) || !DomainStandardizer.isLowerAsciiHost(domain) || DomainStandardizer.hostProblem(domain) != null
                || TYPOS.containsKey(domain)) {
            return null;
        }
        return key(local, domain);
    }

    /** A local part starting or ending with a dot, or with two in a row: not an address. */
    private static boolean misplacedDot(String local) {
        return local.charAt(0) == '.' || local.charAt(local.length() - 1) == '.' || local.contains("..");
    }

    /**
     * {@link #LOCAL_OK} without the regex for a plain ASCII local part (nearly every address; the match was a quarter
     * of standardizing one, which a CRM export does twice per contact: mapping, then matching); others take the regex.
     */
    static boolean localOk(String local) {
        int n = local.length();
        if (n == 0 || n > 64) {
            return false;
        }
        for (int i = 0; i < n; i++) {
            char c = local.charAt(i);
            if (c >= 128) {
                return LOCAL_OK.matcher(local).matches();
            }
            if (!(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c >= 'A' && c <= 'Z' || LOCAL_SPECIALS.indexOf(c) >= 0)) {
                return false;
            }
        }
        return true;
    }

    private String key(String local, String domain) {
        String d = "googlemail.com".equals(domain) ? "gmail.com" : domain;
        String l = local;
        if (stripTagsEverywhere || SUBADDRESSING.contains(d)) {
            int plus = l.indexOf('+');
            if (plus > 0) {
                l = l.substring(0, plus);
            }
        }
        if ("gmail.com".equals(d)) {
            l = l.replace(".", "");
        }
        return l + "@" + d;
    }

    private static String stripEdges(String s) {
        int b = 0;
        int e = s.length();
        while (b < e && "\"'`(<[{,;:".indexOf(s.charAt(b)) >= 0) {
            b++;
        }
        while (e > b && "\"'`)>]},;:.".indexOf(s.charAt(e - 1)) >= 0) {
            e--;
        }
        return s.substring(b, e).trim();
    }
}
