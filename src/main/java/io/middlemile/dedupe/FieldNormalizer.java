package io.middlemile.dedupe;

import io.middlemile.model.CanonicalField;
import io.middlemile.model.Entity;
import io.middlemile.model.FieldType;
import io.middlemile.standardize.CompanyNameStandardizer;
import io.middlemile.standardize.DomainStandardizer;
import io.middlemile.standardize.EmailStandardizer;
import io.middlemile.standardize.LinkedInUrlStandardizer;
import io.middlemile.standardize.PersonNameStandardizer;
import io.middlemile.standardize.PhoneStandardizer;
import io.middlemile.standardize.RepeatCache;
import io.middlemile.standardize.StandardizeContext;
import io.middlemile.standardize.Standardized;

import java.text.Normalizer;
import java.util.Collection;

/**
 * Turns a canonical field value into the form the matcher compares: the standardizers' match keys for e-mail,
 * phone, domain and LinkedIn, an accent- and punctuation-free lowercase form for names and free text, digits for
 * dates. Values are re-standardized even though mappings usually did it already, because records can also come
 * straight from a CSV export; every standardizer is idempotent on its own output, and already-clean values take
 * fast paths. Thread-safe.
 */
final class FieldNormalizer {

    private static final PhoneStandardizer PHONE = new PhoneStandardizer();
    private static final DomainStandardizer DOMAIN = new DomainStandardizer(false);
    private static final LinkedInUrlStandardizer LINKEDIN = new LinkedInUrlStandardizer();
    private static final EmailStandardizer EMAIL = new EmailStandardizer();
    private static final PersonNameStandardizer FIRST = new PersonNameStandardizer(PersonNameStandardizer.Field.FIRST);
    private static final PersonNameStandardizer LAST = new PersonNameStandardizer(PersonNameStandardizer.Field.LAST);

    enum Kind { EMAIL, PHONE, DOMAIN, LINKEDIN, FIRST_NAME, LAST_NAME, COMPANY, DATE, TEXT }

    /** Values CRM users type when they have none; they must not make two records agree. */
    private static final java.util.Set<String> PLACEHOLDERS = java.util.Set.of("n a", "na", "none", "null", "nil",
            "unknown", "tbd", "tba", "test", "x", "xx", "xxx", "0", "no", "not available", "not applicable",
            "no name", "noname", "no company", "unknown company", "self employed", "private", "dummy", "asdf");
    // the longest placeholder: longer values (addresses, numbers, pages) are not looked up, which hashed each of them
    private static final int PLACEHOLDER_LENGTH = PLACEHOLDERS.stream().mapToInt(String::length).max().orElse(0);
    private static final java.util.Set<String> PLACEHOLDER_MAIL_DOMAINS = java.util.Set.of("example.com",
            "example.org", "test.com", "none.com", "noemail.com", "no-email.com", "nomail.com", "email.com",
            "domain.com", "invalid.com");

    /** A normalized value that is missing, as the cache of repeating values holds it (it holds no nulls). */
    private static final String NONE = new String("");

    private final String field;
    private final Kind kind;
    private final boolean person;
    // names, companies, domains and titles repeat across a batch; addresses, phones, LinkedIn pages and dates barely
    // do, and phones depend on the record's country. Company names and titles are remembered only when they have
    // accents to take off: plain ASCII is cleaned in less time than a look-up among 65,536 values takes to miss the
    // processor's caches
    private final RepeatCache<String> repeats;
    private final boolean onlyAccented;
    private final java.util.function.Function<String, String> remembered = value -> {
        String normalized = normalizeText(value, null);
        return normalized == null ? NONE : normalized;
    };

    FieldNormalizer(Entity entity, String field) {
        this.field = field;
        this.kind = kindOf(entity, field);
        this.person = entity == Entity.PERSON;
        this.onlyAccented = kind == Kind.COMPANY || kind == Kind.TEXT;
        this.repeats = switch (kind) {
            case FIRST_NAME, LAST_NAME, COMPANY, TEXT, DOMAIN -> new RepeatCache<>();
            default -> null;
        };
    }

    String field() {
        return field;
    }

    /** True when values of this field are looked up among remembered ones (and {@link #warm} reads ahead). */
    boolean remembers() {
        return repeats != null && !onlyAccented;
    }

    /** About to normalize {@code values} (nulls among them): the remembered values' look-ups read ahead. A hint. */
    void warm(String[] values) {
        if (remembers()) {
            repeats.warm(values);
        }
    }

    Kind kind() {
        return kind;
    }

    static Kind kindOf(Entity entity, String field) {
        FieldType type = entity.field(field).map(CanonicalField::type).orElse(FieldType.STRING);
        if (field.equals("emailKey") || type == FieldType.EMAIL || field.equals("secondaryEmails")) {
            return Kind.EMAIL;
        }
        if (type == FieldType.PHONE) {
            return Kind.PHONE;
        }
        if (type == FieldType.DOMAIN || field.equals("website")) {
            return Kind.DOMAIN;
        }
        if (field.equals("linkedinUrl")) {
            return Kind.LINKEDIN;
        }
        if (field.equals("firstName") || field.equals("middleName") || field.equals("nickname")) {
            return Kind.FIRST_NAME;
        }
        if (field.equals("lastName")) {
            return Kind.LAST_NAME;
        }
        if (field.equals("companyName") || (entity == Entity.COMPANY && field.equals("name"))) {
            return Kind.COMPANY;
        }
        if (type == FieldType.DATE || type == FieldType.TIMESTAMP) {
            return Kind.DATE;
        }
        return Kind.TEXT;
    }

    /** Comparable form of {@code raw}, or null when the value is missing or unusable. */
    String normalize(Object raw, String country) {
        if (raw == null) {
            return null;
        }
        if (raw instanceof Collection<?> list) {
            raw = list.isEmpty() ? null : list.iterator().next();
            if (raw == null) {
                return null;
            }
        }
        String s = raw.toString();
        if (s.isBlank()) {
            return null;
        }
        if (repeats != null && !(onlyAccented && ascii(s))) {
            // the kinds cached do not read the country
            String v = repeats.get(s, remembered);
            return v == NONE ? null : v;
        }
        return normalizeText(s, country);
    }

    private String normalizeText(String s, String country) {
        String v = switch (kind) {
            case EMAIL -> email(s);
            case PHONE -> phone(s, country);
            case DOMAIN -> key(DOMAIN.apply(s, StandardizeContext.NONE));
            case LINKEDIN -> key(LINKEDIN.apply(s, StandardizeContext.NONE));
            case LAST_NAME -> lastName(s);
            case FIRST_NAME -> firstName(s);
            case COMPANY, TEXT -> clean(s);
            case DATE -> digits(s);
        };
        return v != null && v.length() <= PLACEHOLDER_LENGTH && PLACEHOLDERS.contains(v) ? null : v;
    }

    /** "Dr. John" → "john": titles go, the given name stays; unusual input falls back to plain cleaning. */
    private static String firstName(String s) {
        Standardized st = FIRST.apply(s, StandardizeContext.NONE);
        return clean(st.usable() ? st.value() : s);
    }

    /** "Smith Jr." → "smith": suffixes never enter the key. */
    private static String lastName(String s) {
        Standardized st = LAST.apply(s, StandardizeContext.NONE);
        return st.usable() && st.key() != null ? st.key() : PersonNameStandardizer.lastNameKey(s);
    }

    /**
     * Match key of an address; null for placeholders and, for people, role mailboxes (info@, sales@): they name a
     * desk, not a person, so two contacts sharing one are not evidence of a duplicate.
     */
    private String email(String s) {
        // an address a mapping standardized already is taken as it is, not standardized a second time
        String key = EMAIL.keyOfPlain(s);
        if (key == null) {
            Standardized st = EMAIL.apply(s, StandardizeContext.NONE);
            key = st.usable() ? st.key() : null;
            if (key == null) {
                return null;
            }
            String suggestion = st.attribute("suggestion");
            if (suggestion != null) {
                // "ann@gmial.com" is kept as written by the standardizer, but for matching it is ann@gmail.com
                String fixed = EmailStandardizer.matchKey(suggestion);
                key = fixed == null ? key : fixed;
            }
        }
        int at = key.lastIndexOf('@');
        String local = key.substring(0, at);
        if (PLACEHOLDER_MAIL_DOMAINS.contains(key.substring(at + 1)) || PLACEHOLDERS.contains(local)
                || (person && EmailStandardizer.isRoleAccount(local))) {
            return null;
        }
        return key;
    }

    private static String key(Standardized st) {
        return st.usable() ? st.key() : null;
    }

    private static String phone(String s, String countryValue) {
        String country = countryValue == null ? null : countryValue.trim().toUpperCase(java.util.Locale.ROOT);
        if (isE164(s)) {
            return s;
        }
        String fast = plainPhone(s, country);
        if (fast != null) {
            return fast;
        }
        Standardized st = PHONE.apply(s, StandardizeContext.of(country));
        return st.usable() ? st.key() : null;
    }

    /**
     * E.164 without libphonenumber (about 10 µs a number) for the two shapes most exports hold: an international
     * number written with spaces, dashes, dots or parentheses, and a ten-digit North American number. Anything
     * else (trunk zeros, extensions, letters) goes through the standardizer. The result is a match key only.
     */
    static String plainPhone(String s, String country) {
        StringBuilder digits = new StringBuilder(16);
        boolean plus = false;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c >= '0' && c <= '9') {
                digits.append(c);
            } else if (c == '+' && digits.length() == 0 && !plus) {
                plus = true;
            } else if (c != ' ' && c != '-' && c != '.' && c != '(' && c != ')') {
                return null;
            }
        }
        if (s.contains("(0)")) {
            return null;
        }
        int n = digits.length();
        if (plus) {
            return n >= 8 && n <= 15 && digits.charAt(0) != '0' ? "+" + digits : null;
        }
        if ("US".equals(country) || "CA".equals(country)) {
            if (n == 11 && digits.charAt(0) == '1') {
                digits.deleteCharAt(0);
                n = 10;
            }
            if (n == 10 && digits.charAt(0) >= '2' && digits.charAt(3) >= '2') {
                return "+1" + digits;
            }
        }
        return null;
    }

    private static boolean isE164(String s) {
        int n = s.length();
        if (n < 8 || n > 16 || s.charAt(0) != '+') {
            return false;
        }
        for (int i = 1; i < n; i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return true;
    }

    private static String digits(String s) {
        StringBuilder b = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c >= '0' && c <= '9') {
                b.append(c);
            }
        }
        return b.length() == 0 ? null : b.toString();
    }

    private static boolean ascii(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) >= 128) {
                return false;
            }
        }
        return true;
    }

    /** Lowercase, accents removed, anything but letters and digits turned into single spaces; null when empty. */
    static String clean(String s) {
        if (!ascii(s)) {
            s = Normalizer.normalize(s, Normalizer.Form.NFD).replaceAll("\\p{M}+", "");
        }
        StringBuilder b = new StringBuilder(s.length());
        boolean space = false;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isLetterOrDigit(c)) {
                if (space && b.length() > 0) {
                    b.append(' ');
                }
                space = false;
                b.append(c < 128 ? (char) (c >= 'A' && c <= 'Z' ? c + 32 : c) : Character.toLowerCase(c));
            } else {
                space = true;
            }
        }
        return b.length() == 0 ? null : b.toString();
    }

    /** Company match key from a cleaned name (legal forms removed), via the standardizer. */
    static String companyKey(String cleaned) {
        return cleaned == null ? null : CompanyNameStandardizer.key(cleaned);
    }
}
