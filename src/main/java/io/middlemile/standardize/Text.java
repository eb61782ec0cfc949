package io.middlemile.standardize;

import java.text.Normalizer;
import java.util.Locale;
import java.util.regex.Pattern;

/** Shared string helpers; package-private because the public contract is the standardizers. */
final class Text {

    /** Inputs longer than this are rejected outright: no CRM field value is legitimately that long, and it bounds CPU. */
    static final int MAX_LENGTH = 2048;

    private static final Pattern MARKS = Pattern.compile("\\p{M}+");
    private static final Pattern WS = Pattern.compile("[\\s\\u00A0\\u2000-\\u200B\\u202F\\u205F\\u3000\\uFEFF]+");

    private Text() {
    }

    /** Null when input is null or blank, else trimmed with internal whitespace (incl. NBSP) collapsed to one space. */
    static String tidy(String s) {
        if (s == null) {
            return null;
        }
        if (alreadyTidy(s)) {
            return s; // hot path: most CRM values need no whitespace work, so skip the regex
        }
        String t = WS.matcher(s).replaceAll(" ").trim();
        return t.isEmpty() ? null : t;
    }

    private static boolean alreadyTidy(String s) {
        int n = s.length();
        if (n == 0 || s.charAt(0) == ' ' || s.charAt(n - 1) == ' ') {
            return false;
        }
        char prev = 'x';
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (c == ' ' ? prev == ' ' : (c < ' ' || c > '~')) {
                if (c == ' ' || Character.isWhitespace(c) || Character.isSpaceChar(c) || c == '\u200B' || c == '\uFEFF') {
                    return false;
                }
            }
            prev = c;
        }
        return true;
    }

    static boolean tooLong(String s) {
        return s.length() > MAX_LENGTH;
    }

    static Standardized tooLongResult() {
        return Standardized.invalid("input longer than " + MAX_LENGTH + " characters");
    }

    /** Removes diacritics (é→e) and maps a few letters NFD does not decompose (ß, ø, æ, ł...). */
    static String stripDiacritics(String s) {
        boolean ascii = true;
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) > 127) {
                ascii = false;
                break;
            }
        }
        if (ascii) {
            return s;
        }
        String d = MARKS.matcher(Normalizer.normalize(s, Normalizer.Form.NFD)).replaceAll("");
        StringBuilder b = new StringBuilder(d.length() + 4);
        for (int i = 0; i < d.length(); i++) {
            char c = d.charAt(i);
            switch (c) {
                case 'ß' -> b.append("ss");
                case 'ø' -> b.append('o');
                case 'Ø' -> b.append('O');
                case 'æ' -> b.append("ae");
                case 'Æ' -> b.append("AE");
                case 'œ' -> b.append("oe");
                case 'Œ' -> b.append("OE");
                case 'ł' -> b.append('l');
                case 'Ł' -> b.append('L');
                case 'đ' -> b.append('d');
                case 'Đ' -> b.append('D');
                case 'ı' -> b.append('i');
                case 'þ' -> b.append("th");
                default -> b.append(c);
            }
        }
        return b.toString();
    }

    /** Lowercase, diacritic-free, only [a-z0-9] kept: the generic accent- and punctuation-insensitive key. */
    static String alnumKey(String s) {
        String f = stripDiacritics(s).toLowerCase(Locale.ROOT);
        StringBuilder b = new StringBuilder(f.length());
        for (int i = 0; i < f.length(); i++) {
            char c = f.charAt(i);
            if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) {
                b.append(c);
            } else if (Character.isLetterOrDigit(c)) {
                // non-Latin scripts (Cyrillic, CJK) are kept so such names still get a key
                b.append(c);
            }
        }
        return b.toString();
    }

    /** Lowercase, diacritic-free, punctuation turned into single spaces: for lookup tables of multi-word names. */
    static String lookupKey(String s) {
        String f = stripDiacritics(s).toLowerCase(Locale.ROOT);
        StringBuilder b = new StringBuilder(f.length());
        boolean space = false;
        for (int i = 0; i < f.length(); i++) {
            char c = f.charAt(i);
            if (Character.isLetterOrDigit(c)) {
                if (space && b.length() > 0) {
                    b.append(' ');
                }
                space = false;
                b.append(c);
            } else if (c == '.' || c == '\'' || c == '\u2019') {
                // abbreviation dots and apostrophes vanish: "U.S.A." → "usa", "Côte d'Ivoire" → "cote divoire"
            } else {
                space = true;
            }
        }
        return b.toString();
    }

    static StandardizeContext ctx(StandardizeContext c) {
        return c == null ? StandardizeContext.NONE : c;
    }

    static boolean hasLetterOrDigit(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (Character.isLetterOrDigit(s.charAt(i))) {
                return true;
            }
        }
        return false;
    }

    /**
     * VALID when {@code value} equals the tidied input ignoring case (the input already was canonical),
     * otherwise FIXED with {@code reason}. Keeps the meaning of FIXED uniform: "the value differs from what was sent".
     */
    static Standardized result(String tidiedInput, String value, String key, String reason, java.util.Map<String, String> attrs) {
        if (value.equalsIgnoreCase(tidiedInput)) {
            return Standardized.valid(value, key, attrs);
        }
        return Standardized.fixed(value, key, reason, attrs);
    }
}
