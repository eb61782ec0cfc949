package io.middlemile.standardize;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.PhoneNumberUtil.PhoneNumberFormat;
import com.google.i18n.phonenumbers.PhoneNumberUtil.PhoneNumberType;
import com.google.i18n.phonenumbers.PhoneNumberUtil.ValidationResult;
import com.google.i18n.phonenumbers.Phonenumber.PhoneNumber;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Phone numbers to E.164 via libphonenumber.
 *
 * <p>National numbers are read in {@link StandardizeContext#defaultCountry()}; without it only international
 * numbers ({@code +} or {@code 00} prefix) parse. A leading {@code 00} is treated as the international prefix
 * everywhere, which is right for almost all countries and harmless for NANP (no NANP number starts with 0).
 * VALID when the input already was E.164, FIXED when it was reformatted.
 * Value and key are the E.164 string; the extension goes to attribute {@code extension}, never into the key,
 * so a desk number with and without extension still matches. Other attributes: {@code region} (ISO alpha-2)
 * and {@code type} (mobile, fixed-line, fixed-line-or-mobile, toll-free, voip, ...).
 */
public final class PhoneStandardizer implements Standardizer {

    public static final String NAME = "phone";

    private static final PhoneNumberUtil UTIL = PhoneNumberUtil.getInstance();
    private static final String UNKNOWN_REGION = "ZZ";
    /**
     * The regions of the North American plan (+1), asked once: asking a region's country code per number looked its
     * metadata up every time, and for the unknown region "ZZ" libphonenumber logged a warning each time.
     */
    private static final Set<String> NORTH_AMERICAN = Set.copyOf(UTIL.getRegionCodesForCountryCode(1));

    /** "fixed-line-or-mobile" for FIXED_LINE_OR_MOBILE: made once, not per number. */
    private static final Map<PhoneNumberType, String> TYPE_NAMES = typeNames();

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Standardized apply(String input, StandardizeContext context) {
        String s = Text.tidy(input);
        if (s == null) {
            return Standardized.empty();
        }
        if (s.length() > 250) {
            return Standardized.invalid("too long to be a phone number");
        }
        String original = s;
        if (s.regionMatches(true, 0, "tel:", 0, 4)) {
            s = s.substring(4).trim();
        } else if (s.regionMatches(true, 0, "callto:", 0, 7)) {
            s = s.substring(7).trim();
        }
        if (s.startsWith("00")) {
            s = "+" + s.substring(2);
        }
        String region = Text.ctx(context).defaultCountry();
        if (region == null || !UTIL.getSupportedRegions().contains(region)) {
            region = UNKNOWN_REGION;
        }
        PhoneNumber number = northAmerican(s, region);
        number = number != null ? number : international(s);
        number = number != null || UNKNOWN_REGION.equals(region) ? number : national(s, region);
        try {
            number = number != null ? number : UTIL.parse(s, region);
        } catch (NumberParseException e) {
            return Standardized.invalid(parseReason(e, s.startsWith("+") ? null : region));
        } catch (RuntimeException e) {
            return Standardized.invalid("not a phone number");
        }
        ValidationResult possible = NumberTyping.possibility(number);
        if (possible != ValidationResult.IS_POSSIBLE && possible != ValidationResult.IS_POSSIBLE_LOCAL_ONLY) {
            return Standardized.invalid(switch (possible) {
                case TOO_SHORT -> "number too short";
                case TOO_LONG -> "number too long";
                case INVALID_COUNTRY_CODE -> "unknown country calling code +" + number.getCountryCode();
                default -> "number has an impossible length";
            });
        }
        String e164 = UTIL.format(number, PhoneNumberFormat.E164);
        Map<String, String> attrs = new HashMap<>(4);
        if (number.hasExtension() && !number.getExtension().isEmpty()) {
            attrs.put("extension", number.getExtension());
        }
        // A number is valid exactly when its type is known: getNumberType matches the number against the same
        // region's patterns isValidNumber would, so one pass over the patterns gives validity, region and type (the
        // phone parse and these matches are most of a hygiene pass over a CRM's contacts).
        NumberTyping.Typed typed = NumberTyping.of(number);
        PhoneNumberType numberType = typed.type();
        if (numberType == PhoneNumberType.UNKNOWN) {
            return Standardized.invalid(e164, "'" + e164 + "' is not a valid number for its country", attrs);
        }
        String numberRegion = typed.region();
        if (numberRegion != null && !UNKNOWN_REGION.equals(numberRegion)) {
            attrs.put("region", numberRegion);
        }
        attrs.put("type", typeName(numberType));
        return Text.result(original, e164, e164, "reformatted to E.164", attrs);
    }

    /**
     * The number libphonenumber's parse makes of a North American number in its common shapes, "+1 415-555-0123",
     * "(415) 555-0123" or "415.555.0123" (the national ones only when the record's country is a +1 country), without
     * its parse: that is half the cost of a phone, and phones were half of mapping a CRM export. Null for any other
     * shape, which goes through the parse. Validity and type are still libphonenumber's.
     */
    static PhoneNumber northAmerican(String s, String region) {
        int i = 0;
        int n = s.length();
        if (s.startsWith("+1")) {
            i = 2;
        } else if (!NORTH_AMERICAN.contains(region)) {
            return null;
        }
        long national = 0;
        int digits = 0;
        for (; i < n; i++) {
            char c = s.charAt(i);
            if (c >= '0' && c <= '9') {
                // an area code starts with 2 to 9; a leading 1 (the trunk prefix) or 0 is left to the parse
                if (++digits > 10 || digits == 1 && c < '2') {
                    return null;
                }
                national = national * 10 + (c - '0');
            } else if (c != ' ' && c != '-' && c != '.' && c != '(' && c != ')') {
                return null;
            }
        }
        return digits == 10 ? new PhoneNumber().setCountryCode(1).setNationalNumber(national) : null;
    }

    /** Calling codes libphonenumber knows, by code: what its parse reads a plus's first one to three digits as. */
    private static final boolean[] CALLING_CODES = callingCodes();

    /**
     * The number libphonenumber's parse makes of an international number written with a plus and separators only,
     * "+44 20 7946 0958" or "+49-30-1234567" ("0049..." arrives here as "+49..."), without its parse: the parse tries
     * an extension pattern, a viability pattern and the region's prefixes through a synchronized cache of regular
     * expressions, 5 % of mapping a CRM export with a third of its numbers abroad. Taken only where the parse's
     * steps are plain: the calling code as its first one to three digits read, a national number of 2 to 17 digits
     * that neither starts with 0 (Italian leading zeros) nor with its region's national prefix (which the parse may
     * take off). Null for anything else, which goes through the parse; validity and type are still libphonenumber's.
     */
    static PhoneNumber international(String s) {
        int n = s.length();
        if (n < 4 || s.charAt(0) != '+') {
            return null;
        }
        String digits = plainDigits(s, 1);
        if (digits == null) {
            return null;
        }
        int count = digits.length();
        if (count < 3 || digits.charAt(0) == '0') {
            return null;
        }
        int code = 0;
        int codeLength = 0;
        for (int k = 0; k < 3; k++) {
            code = code * 10 + (digits.charAt(k) - '0');
            if (CALLING_CODES[code]) {
                codeLength = k + 1;
                break;
            }
        }
        int nationalLength = count - codeLength;
        if (codeLength == 0 || nationalLength < 2 || nationalLength > 17 || digits.charAt(codeLength) == '0') {
            return null;
        }
        String national = digits.substring(codeLength);
        if (NumberTyping.mayStripNationalPrefix(code, national)) {
            return null;
        }
        return new PhoneNumber().setCountryCode(code).setNationalNumber(Long.parseLong(national));
    }

    /**
     * The number libphonenumber's parse makes of a national number written with separators only, "020 7946 0958" in
     * the record's country, without its parse, where its steps are plain ({@link NumberTyping#nationalFormat}); null
     * for anything else.
     */
    static PhoneNumber national(String s, String region) {
        String digits = plainDigits(s, 0);
        return digits == null || digits.length() < 3 ? null : NumberTyping.nationalFormat(region, digits);
    }

    /** The digits of {@code s} from {@code from} on, when the rest are separators only and there are at most 20; else null. */
    private static String plainDigits(String s, int from) {
        StringBuilder digits = new StringBuilder(20);
        for (int i = from; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c >= '0' && c <= '9') {
                if (digits.length() == 20) {
                    return null;
                }
                digits.append(c);
            } else if (c != ' ' && c != '-' && c != '.' && c != '(' && c != ')') {
                return null;
            }
        }
        return digits.toString();
    }

    private static boolean[] callingCodes() {
        boolean[] known = new boolean[1000];
        for (int code : UTIL.getSupportedCallingCodes()) {
            known[code] = true;
        }
        return known;
    }

    private static String parseReason(NumberParseException e, String region) {
        return switch (e.getErrorType()) {
            case INVALID_COUNTRY_CODE -> UNKNOWN_REGION.equals(region)
                    ? "national number without a default country; prefix with +<country code>"
                    : "unknown country calling code";
            case NOT_A_NUMBER -> "not a phone number";
            case TOO_SHORT_AFTER_IDD, TOO_SHORT_NSN -> "number too short";
            case TOO_LONG -> "number too long";
        };
    }

    private static Map<PhoneNumberType, String> typeNames() {
        Map<PhoneNumberType, String> names = new java.util.EnumMap<>(PhoneNumberType.class);
        for (PhoneNumberType t : PhoneNumberType.values()) {
            names.put(t, t.name().toLowerCase(Locale.ROOT).replace('_', '-'));
        }
        return names;
    }

    private static String typeName(PhoneNumberType t) {
        return TYPE_NAMES.get(t);
    }
}
