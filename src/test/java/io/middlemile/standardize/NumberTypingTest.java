package io.middlemile.standardize;

import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.PhoneNumberUtil.PhoneNumberType;
import com.google.i18n.phonenumbers.Phonenumber.PhoneNumber;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/** {@link NumberTyping} gives libphonenumber's own region and type, for every region's numbers and near misses. */
class NumberTypingTest {

    private static final PhoneNumberUtil UTIL = PhoneNumberUtil.getInstance();

    @Test
    void everyRegionsExamplesAndTheirNeighboursGetLibphonenumbersRegionAndType() {
        List<PhoneNumber> numbers = new ArrayList<>();
        for (String region : UTIL.getSupportedRegions()) {
            for (PhoneNumberType type : PhoneNumberType.values()) {
                add(numbers, UTIL.getExampleNumberForType(region, type));
            }
            add(numbers, UTIL.getInvalidExampleNumber(region));
        }
        for (int code : UTIL.getSupportedGlobalNetworkCallingCodes()) {
            add(numbers, UTIL.getExampleNumberForNonGeoEntity(code));
        }
        List<PhoneNumber> all = new ArrayList<>(numbers);
        for (PhoneNumber example : numbers) {
            all.addAll(neighbours(example));
        }
        Map<PhoneNumberType, Integer> typesSeen = new EnumMap<>(PhoneNumberType.class);
        Map<PhoneNumberUtil.ValidationResult, Integer> possibilities = new EnumMap<>(PhoneNumberUtil.ValidationResult.class);
        for (PhoneNumber number : all) {
            NumberTyping.Typed typed = NumberTyping.of(number);
            assertThat(typed).as("+" + number.getCountryCode() + " " + number.getNationalNumber())
                    .isEqualTo(new NumberTyping.Typed(UTIL.getRegionCodeForNumber(number), UTIL.getNumberType(number)));
            typesSeen.merge(typed.type(), 1, Integer::sum);
            assertThat(NumberTyping.possibility(number)).as("+" + number.getCountryCode() + " " + number.getNationalNumber())
                    .isEqualTo(UTIL.isPossibleNumberWithReason(number));
            possibilities.merge(NumberTyping.possibility(number), 1, Integer::sum);
        }
        assertThat(possibilities.keySet()).contains(PhoneNumberUtil.ValidationResult.IS_POSSIBLE,
                PhoneNumberUtil.ValidationResult.TOO_SHORT, PhoneNumberUtil.ValidationResult.TOO_LONG,
                PhoneNumberUtil.ValidationResult.INVALID_LENGTH, PhoneNumberUtil.ValidationResult.IS_POSSIBLE_LOCAL_ONLY);
        // the comparison covered every kind of answer, not only the common ones
        assertThat(typesSeen.keySet()).contains(PhoneNumberType.UNKNOWN, PhoneNumberType.MOBILE,
                PhoneNumberType.FIXED_LINE, PhoneNumberType.FIXED_LINE_OR_MOBILE, PhoneNumberType.TOLL_FREE,
                PhoneNumberType.PREMIUM_RATE, PhoneNumberType.VOIP, PhoneNumberType.UAN, PhoneNumberType.PAGER);
        assertThat(all).hasSizeGreaterThan(20_000);
    }

    @Test
    void northAmericanNumbersFindTheirOwnRegionAmongThePlansTwentyFive() {
        Random random = new Random(14);
        Map<String, Integer> regions = new java.util.TreeMap<>();
        for (int i = 0; i < 20_000; i++) {
            long national = 2_000_000_000L + (long) (random.nextDouble() * 8_000_000_000L);
            PhoneNumber number = new PhoneNumber().setCountryCode(1).setNationalNumber(national);
            NumberTyping.Typed typed = NumberTyping.of(number);
            assertThat(typed).as("+1 " + national)
                    .isEqualTo(new NumberTyping.Typed(UTIL.getRegionCodeForNumber(number), UTIL.getNumberType(number)));
            regions.merge(String.valueOf(typed.region()), 1, Integer::sum);
            // and the number cut to its last 5 to 9 digits: local-only, too short, impossible lengths
            PhoneNumber cut = new PhoneNumber().setCountryCode(1).setNationalNumber(national % (long) Math.pow(10, 5 + i % 5));
            assertThat(NumberTyping.possibility(cut)).as("+1 " + cut.getNationalNumber())
                    .isEqualTo(UTIL.isPossibleNumberWithReason(cut));
        }
        assertThat(regions).containsKeys("US", "CA", "null");
    }

    @Test
    void anUnknownCallingCodeHasNoRegionAndNoType() {
        PhoneNumber number = new PhoneNumber().setCountryCode(999).setNationalNumber(1234567L);
        assertThat(NumberTyping.of(number)).isEqualTo(new NumberTyping.Typed(null, PhoneNumberType.UNKNOWN));
        assertThat(NumberTyping.possibility(number)).isEqualTo(PhoneNumberUtil.ValidationResult.INVALID_COUNTRY_CODE);
    }

    private static void add(List<PhoneNumber> numbers, PhoneNumber number) {
        if (number != null) {
            numbers.add(number);
        }
    }

    /** The number with each digit changed, one digit fewer and one more: other types, other regions, invalid. */
    private static List<PhoneNumber> neighbours(PhoneNumber example) {
        String digits = String.valueOf(example.getNationalNumber());
        List<PhoneNumber> out = new ArrayList<>();
        for (int i = 0; i < digits.length(); i++) {
            for (char d : new char[] {'0', '3', '7', '9'}) {
                if (digits.charAt(i) != d) {
                    out.add(copy(example, digits.substring(0, i) + d + digits.substring(i + 1)));
                }
            }
        }
        if (digits.length() > 1) {
            out.add(copy(example, digits.substring(0, digits.length() - 1)));
        }
        out.add(copy(example, digits + "5"));
        return out;
    }

    private static PhoneNumber copy(PhoneNumber example, String national) {
        PhoneNumber n = new PhoneNumber().setCountryCode(example.getCountryCode())
                .setNationalNumber(Long.parseLong(national));
        if (example.hasItalianLeadingZero()) {
            n.setItalianLeadingZero(true);
            if (example.hasNumberOfLeadingZeros()) {
                n.setNumberOfLeadingZeros(example.getNumberOfLeadingZeros());
            }
        }
        return n;
    }
}
