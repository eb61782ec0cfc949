package io.middlemile.standardize;

import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.PhoneNumberUtil.PhoneNumberType;
import com.google.i18n.phonenumbers.PhoneNumberUtil.ValidationResult;
import com.google.i18n.phonenumbers.Phonemetadata.PhoneMetadata;
import com.google.i18n.phonenumbers.Phonemetadata.PhoneNumberDesc;
import com.google.i18n.phonenumbers.Phonenumber.PhoneNumber;
import com.google.i18n.phonenumbers.metadata.DefaultMetadataDependenciesProvider;
import com.google.i18n.phonenumbers.metadata.source.MetadataSource;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A number's region and type in one pass over libphonenumber's own metadata, with the same answers as its
 * {@code getRegionCodeForNumber} and {@code getNumberType}. Those two, asked one after the other, matched a North
 * American number against the US patterns three times (the type asks the region, which for +1 tries each region's
 * patterns until one fits, and the standardizer then asked the region again), each through a synchronized cache of
 * regular expressions that the threads mapping an export contended on, with a new matcher per pattern: most of a
 * phone's cost, and 8 to 10 of the 70 s of CPU a million contacts' dedupe took. Here each region's patterns are
 * compiled once and each number is matched against them once.
 * {@code NumberTypingTest} holds these answers to libphonenumber's for every region's example numbers.
 */
final class NumberTyping {

    /** A number's region (null when no region's patterns fit it, "001" for non-geographic numbers) and type. */
    record Typed(String region, PhoneNumberType type) {
    }

    private static final PhoneNumberUtil UTIL = PhoneNumberUtil.getInstance();
    // the metadata PhoneNumberUtil reads, from the same files (its own accessors are not public)
    private static final MetadataSource METADATA =
            DefaultMetadataDependenciesProvider.getInstance().getPhoneNumberMetadataSource();
    private static final String NON_GEOGRAPHIC = "001";
    private static final Map<String, RegionPatterns> REGIONS = new ConcurrentHashMap<>();

    private NumberTyping() {
    }

    static Typed of(PhoneNumber number) {
        int countryCode = number.getCountryCode();
        List<String> regions = UTIL.getRegionCodesForCountryCode(countryCode);
        if (regions.isEmpty()) {
            return new Typed(null, PhoneNumberType.UNKNOWN);
        }
        String nationalNumber = UTIL.getNationalSignificantNumber(number);
        if (regions.size() == 1) {
            String region = regions.get(0);
            RegionPatterns patterns = patterns(countryCode, region);
            return new Typed(region, patterns == null ? PhoneNumberType.UNKNOWN : patterns.type(nationalNumber));
        }
        // as getRegionCodeForNumberFromRegionList: the first region whose leading digits or patterns fit
        for (String region : regions) {
            RegionPatterns patterns = patterns(countryCode, region);
            if (patterns == null) {
                continue;
            }
            if (patterns.leadingDigits != null) {
                if (patterns.leadingDigits.get().reset(nationalNumber).lookingAt()) {
                    return new Typed(region, patterns.type(nationalNumber));
                }
            } else {
                PhoneNumberType type = patterns.type(nationalNumber);
                if (type != PhoneNumberType.UNKNOWN) {
                    return new Typed(region, type);
                }
            }
        }
        return new Typed(null, PhoneNumberType.UNKNOWN);
    }

    /**
     * libphonenumber's {@code isPossibleNumberWithReason}: the national number's length against the possible lengths
     * of its calling code's main region. The library's own looks the region's metadata up by name through a
     * concurrent map per number (its lazy loading guard), a fifth of a phone's cost once parsing was done without it.
     */
    static ValidationResult possibility(PhoneNumber number) {
        int countryCode = number.getCountryCode();
        if (UTIL.getRegionCodesForCountryCode(countryCode).isEmpty()) {
            return ValidationResult.INVALID_COUNTRY_CODE;
        }
        RegionPatterns patterns = patterns(countryCode, UTIL.getRegionCodeForCountryCode(countryCode));
        if (patterns == null || patterns.possibleLengths.length == 0) {
            return UTIL.isPossibleNumberWithReason(number);
        }
        return patterns.testLength(UTIL.getNationalSignificantNumber(number).length());
    }

    /**
     * Whether libphonenumber's parse may take a national prefix or carrier code off {@code nationalNumber}, a number of
     * calling code {@code countryCode} written after a plus: when the national prefix of the code's main region
     * ({@code nationalPrefixForParsing}) starts it, or when the code is unknown. Then only the parse knows the number.
     */
    static boolean mayStripNationalPrefix(int countryCode, String nationalNumber) {
        RegionPatterns patterns = patterns(countryCode, UTIL.getRegionCodeForCountryCode(countryCode));
        return patterns == null || patterns.nationalPrefix != null && patterns.nationalPrefix.matcher(nationalNumber).lookingAt();
    }

    /**
     * The number libphonenumber's parse makes of {@code digits}, written in {@code region}'s national format (no plus;
     * the separators already dropped), when its steps are plain: the digits start neither with the region's
     * international prefix nor with its calling code (either makes the parse read a calling code), and its national
     * prefix, when they start with it, is one the parse takes off as it is (no carrier code rewritten). The prefix goes
     * exactly when the parse would take it: when that does not turn a number that fits the region into one that does
     * not, and leaves a possible length. Null otherwise, and for Italian leading zeros: then only the parse knows.
     */
    static PhoneNumber nationalFormat(String region, String digits) {
        RegionPatterns patterns = patterns(0, region);
        if (patterns == null || patterns.internationalPrefix.get().reset(digits).lookingAt()
                || digits.startsWith(patterns.countryCodeText)) {
            return null;
        }
        String nationalNumber = digits;
        if (patterns.nationalPrefix != null) {
            Matcher prefix = patterns.nationalPrefix.matcher(digits);
            if (prefix.lookingAt()) {
                if (patterns.prefixRewritten) {
                    return null;
                }
                String stripped = digits.substring(prefix.end());
                boolean strip = !(patterns.general.fitsPattern(digits) && !patterns.general.fitsPattern(stripped));
                ValidationResult length = patterns.testLength(stripped.length());
                if (strip && length != ValidationResult.TOO_SHORT && length != ValidationResult.IS_POSSIBLE_LOCAL_ONLY
                        && length != ValidationResult.INVALID_LENGTH) {
                    nationalNumber = stripped;
                }
            }
        }
        if (nationalNumber.length() < 2 || nationalNumber.length() > 17 || nationalNumber.charAt(0) == '0') {
            return null;
        }
        return new PhoneNumber().setCountryCode(patterns.countryCode).setNationalNumber(Long.parseLong(nationalNumber));
    }

    private static RegionPatterns patterns(int countryCode, String region) {
        String key = NON_GEOGRAPHIC.equals(region) ? NON_GEOGRAPHIC + countryCode : region;
        RegionPatterns known = REGIONS.get(key);
        if (known != null) {
            return known;
        }
        PhoneMetadata metadata = NON_GEOGRAPHIC.equals(region) ? METADATA.getMetadataForNonGeographicalRegion(countryCode)
                : METADATA.getMetadataForRegion(region);
        if (metadata == null) {
            return null;
        }
        return REGIONS.computeIfAbsent(key, k -> new RegionPatterns(metadata));
    }

    /** The types tried before fixed line and mobile, in the order of libphonenumber's getNumberTypeHelper. */
    private static final PhoneNumberType[] SPECIAL = {PhoneNumberType.PREMIUM_RATE, PhoneNumberType.TOLL_FREE,
            PhoneNumberType.SHARED_COST, PhoneNumberType.VOIP, PhoneNumberType.PERSONAL_NUMBER, PhoneNumberType.PAGER,
            PhoneNumberType.UAN, PhoneNumberType.VOICEMAIL};

    private static ThreadLocal<Matcher> matcherPerThread(Pattern pattern) {
        return ThreadLocal.withInitial(() -> pattern.matcher(""));
    }

    /** One region's number descriptions, compiled. */
    private static final class RegionPatterns {
        // per thread, as Desc's: a +1 number outside the US is tried against up to 24 regions' leading digits
        final ThreadLocal<Matcher> leadingDigits;
        final Pattern nationalPrefix;
        final boolean prefixRewritten;
        final ThreadLocal<Matcher> internationalPrefix;
        final int countryCode;
        final String countryCodeText;
        final int[] possibleLengths;
        final int[] localOnlyLengths;
        final Desc general;
        final Desc[] special;
        final Desc fixedLine;
        final Desc mobile;
        final boolean sameMobileAndFixedLine;

        RegionPatterns(PhoneMetadata m) {
            leadingDigits = m.hasLeadingDigits() ? matcherPerThread(Pattern.compile(m.getLeadingDigits())) : null;
            nationalPrefix = m.getNationalPrefixForParsing().isEmpty() ? null : Pattern.compile(m.getNationalPrefixForParsing());
            prefixRewritten = m.hasNationalPrefixTransformRule() && !m.getNationalPrefixTransformRule().isEmpty();
            internationalPrefix = matcherPerThread(Pattern.compile(m.getInternationalPrefix()));
            countryCode = m.getCountryCode();
            countryCodeText = String.valueOf(countryCode);
            general = new Desc(m.getGeneralDesc());
            possibleLengths = m.getGeneralDesc().getPossibleLengthList().stream().mapToInt(Integer::intValue).toArray();
            localOnlyLengths = m.getGeneralDesc().getPossibleLengthLocalOnlyList().stream().mapToInt(Integer::intValue).toArray();
            special = new Desc[] {new Desc(m.getPremiumRate()), new Desc(m.getTollFree()), new Desc(m.getSharedCost()),
                new Desc(m.getVoip()), new Desc(m.getPersonalNumber()), new Desc(m.getPager()), new Desc(m.getUan()),
                new Desc(m.getVoicemail())};
            fixedLine = new Desc(m.getFixedLine());
            mobile = new Desc(m.getMobile());
            sameMobileAndFixedLine = m.getSameMobileAndFixedLinePattern();
        }

        /** libphonenumber's testNumberLength for any type: the general description's lengths, in its order of checks. */
        ValidationResult testLength(int length) {
            if (possibleLengths[0] == -1) {
                return ValidationResult.INVALID_LENGTH;
            }
            if (contains(localOnlyLengths, 0, length)) {
                return ValidationResult.IS_POSSIBLE_LOCAL_ONLY;
            }
            if (possibleLengths[0] == length) {
                return ValidationResult.IS_POSSIBLE;
            }
            if (possibleLengths[0] > length) {
                return ValidationResult.TOO_SHORT;
            }
            if (possibleLengths[possibleLengths.length - 1] < length) {
                return ValidationResult.TOO_LONG;
            }
            return contains(possibleLengths, 1, length) ? ValidationResult.IS_POSSIBLE : ValidationResult.INVALID_LENGTH;
        }

        private static boolean contains(int[] lengths, int from, int length) {
            for (int i = from; i < lengths.length; i++) {
                if (lengths[i] == length) {
                    return true;
                }
            }
            return false;
        }

        /** The order of libphonenumber's getNumberTypeHelper: the first description that fits names the type. */
        PhoneNumberType type(String n) {
            if (!general.matches(n)) {
                return PhoneNumberType.UNKNOWN;
            }
            for (int t = 0; t < special.length; t++) {
                if (special[t].matches(n)) {
                    return SPECIAL[t];
                }
            }
            if (fixedLine.matches(n)) {
                return sameMobileAndFixedLine || mobile.matches(n) ? PhoneNumberType.FIXED_LINE_OR_MOBILE
                        : PhoneNumberType.FIXED_LINE;
            }
            return !sameMobileAndFixedLine && mobile.matches(n) ? PhoneNumberType.MOBILE : PhoneNumberType.UNKNOWN;
        }
    }

    /** A number description: its possible national lengths (any when it lists none) and its whole-number pattern. */
    private static final class Desc {
        private final long lengths;
        private final boolean anyLength;
        // a matcher per thread, reset for each number: a new one per match allocated a gigabyte of state arrays at a
        // million contacts (the US patterns alone are matched ten times per number)
        private final ThreadLocal<Matcher> matcher;

        Desc(PhoneNumberDesc desc) {
            long mask = 0;
            for (int length : desc.getPossibleLengthList()) {
                // -1 marks a type the region does not have: no length fits it
                if (length >= 0 && length < 64) {
                    mask |= 1L << length;
                }
            }
            lengths = mask;
            anyLength = desc.getPossibleLengthCount() == 0;
            String regex = desc.getNationalNumberPattern();
            Pattern pattern = regex.isEmpty() ? null : Pattern.compile(regex);
            matcher = pattern == null ? null : matcherPerThread(pattern);
        }

        /** The description's pattern alone, without its lengths: libphonenumber's matchNationalNumber. */
        boolean fitsPattern(String nationalNumber) {
            return matcher != null && matcher.get().reset(nationalNumber).matches();
        }

        boolean matches(String nationalNumber) {
            int length = nationalNumber.length();
            if (!anyLength && (length >= 64 || (lengths & (1L << length)) == 0)) {
                return false;
            }
            return matcher != null && matcher.get().reset(nationalNumber).matches();
        }
    }
}
