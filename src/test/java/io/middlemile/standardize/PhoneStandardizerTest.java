package io.middlemile.standardize;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PhoneStandardizerTest {

    private static final Standardizer S = Standardizers.byName("phone").orElseThrow();

    /** Columns: input ¦ defaultCountry ¦ value ¦ key ¦ verdict ¦ attributes (k=v;k=v). */
    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource(delimiterString = "¦", quoteCharacter = '"', textBlock = """
            "(415) 555-0134" ¦ US ¦ "+14155550134" ¦ "+14155550134" ¦ FIXED ¦ "region=US;type=fixed-line-or-mobile"
            "+44 20 7946 0958" ¦  ¦ "+442079460958" ¦ "+442079460958" ¦ FIXED ¦ "region=GB;type=fixed-line"
            "0049 30 1234567" ¦  ¦ "+49301234567" ¦ "+49301234567" ¦ FIXED ¦ "region=DE;type=fixed-line"
            "415.555.0134 x12" ¦ US ¦ "+14155550134" ¦ "+14155550134" ¦ FIXED ¦ "extension=12;region=US;type=fixed-line-or-mobile"
            "415-555-0134 ext. 12" ¦ US ¦ "+14155550134" ¦ "+14155550134" ¦ FIXED ¦ "extension=12;region=US;type=fixed-line-or-mobile"
            "tel:+1-415-555-0134" ¦  ¦ "+14155550134" ¦ "+14155550134" ¦ FIXED ¦ "region=US;type=fixed-line-or-mobile"
            "(415) 555-0134" ¦  ¦  ¦  ¦ INVALID ¦ ""
            "555-0134" ¦ US ¦  ¦  ¦ INVALID ¦ "candidate=+15550134"
            "+1 415 555 0134" ¦  ¦ "+14155550134" ¦ "+14155550134" ¦ FIXED ¦ "region=US;type=fixed-line-or-mobile"
            "+14155550134" ¦  ¦ "+14155550134" ¦ "+14155550134" ¦ VALID ¦ "region=US;type=fixed-line-or-mobile"
            "030 1234567" ¦ DE ¦ "+49301234567" ¦ "+49301234567" ¦ FIXED ¦ "region=DE;type=fixed-line"
            "07700 900123" ¦ GB ¦  ¦  ¦ INVALID ¦ "candidate=+447700900123"
            "+33 1 23 45 67 89" ¦  ¦ "+33123456789" ¦ "+33123456789" ¦ FIXED ¦ "region=FR;type=fixed-line"
            "+91 98765 43210" ¦  ¦ "+919876543210" ¦ "+919876543210" ¦ FIXED ¦ "region=IN;type=mobile"
            "12" ¦  ¦  ¦  ¦ INVALID ¦ ""
            "+1 999 555 0134" ¦  ¦  ¦  ¦ INVALID ¦ "candidate=+19995550134"
            "abc" ¦  ¦  ¦  ¦ INVALID ¦ ""
            "+999 1234567" ¦  ¦  ¦  ¦ INVALID ¦ ""
            "1-800-FLOWERS" ¦ US ¦ "+18003569377" ¦ "+18003569377" ¦ FIXED ¦ "region=US;type=toll-free"
            "+61 2 9876 5432" ¦  ¦ "+61298765432" ¦ "+61298765432" ¦ FIXED ¦ "region=AU;type=fixed-line"
            "+49 (0)30 1234567" ¦  ¦ "+49301234567" ¦ "+49301234567" ¦ FIXED ¦ "region=DE;type=fixed-line"
            "0044 7700 900123" ¦  ¦  ¦  ¦ INVALID ¦ "candidate=+447700900123"
            "+1 (650) 253-0000 #123" ¦  ¦ "+16502530000" ¦ "+16502530000" ¦ FIXED ¦ "extension=123;region=US;type=fixed-line-or-mobile"
            "6502530000" ¦ CA ¦ "+16502530000" ¦ "+16502530000" ¦ FIXED ¦ "region=US;type=fixed-line-or-mobile"
            "+44 7911 123456" ¦  ¦ "+447911123456" ¦ "+447911123456" ¦ FIXED ¦ "region=GG;type=mobile"
            "07911 123456" ¦ GB ¦ "+447911123456" ¦ "+447911123456" ¦ FIXED ¦ "region=GG;type=mobile"
            "+1 415 555 0134 ext 7" ¦  ¦ "+14155550134" ¦ "+14155550134" ¦ FIXED ¦ "extension=7;region=US;type=fixed-line-or-mobile"
            "" ¦  ¦  ¦  ¦ EMPTY ¦ ""
            "12" ¦ US ¦  ¦  ¦ INVALID ¦ ""
            "+1 415 555 01345678" ¦  ¦  ¦  ¦ INVALID ¦ ""
            "00 1 415 555 0134" ¦ DE ¦ "+14155550134" ¦ "+14155550134" ¦ FIXED ¦ "region=US;type=fixed-line-or-mobile"
            """)
    void table(String input, String ctx, String value, String key, Verdict verdict, String attrs) {
        Expect.row(S, input, ctx, value, key, verdict, attrs);
    }

    @Test
    void formatsOfOneNumberShareTheKeyAndExtensionStaysOut() {
        StandardizeContext us = StandardizeContext.of("US");
        assertThat(S.apply("(415) 555-0134", us).key())
                .isEqualTo(S.apply("+1 415 555 0134", StandardizeContext.NONE).key())
                .isEqualTo(S.apply("415.555.0134 x12", us).key())
                .isEqualTo("+14155550134");
    }

    @Test
    void nationalNumberWithoutCountryExplainsWhy() {
        Standardized r = S.apply("(415) 555-0134", null);
        assertThat(r.verdict()).isEqualTo(Verdict.INVALID);
        assertThat(r.reason()).contains("without a default country");
        assertThat(S.apply("+999 1234567").reason()).isEqualTo("unknown country calling code");
        assertThat(S.apply("12", StandardizeContext.of("US")).reason()).isEqualTo("number too short");
        assertThat(S.apply("+1 415 555 01345678").reason()).isEqualTo("number too long");
    }

    @Test
    void lowercaseContextCountryIsAccepted() {
        assertThat(S.apply("030 1234567", new StandardizeContext("de")).value()).isEqualTo("+49301234567");
    }

    @Test
    void theNorthAmericanShortcutMakesExactlyWhatTheParseMakesOrStandsAside() throws Exception {
        com.google.i18n.phonenumbers.PhoneNumberUtil util = com.google.i18n.phonenumbers.PhoneNumberUtil.getInstance();
        java.util.SplittableRandom random = new java.util.SplittableRandom(11);
        String[] regions = {"US", "CA", "JM", "GB", "DE", "ZZ"};
        int taken = 0;
        for (int k = 0; k < 5_000; k++) {
            StringBuilder ten = new StringBuilder();
            for (int d = 0; d < 10; d++) {
                ten.append((char) ('0' + random.nextInt(10)));
            }
            String n = ten.toString();
            String a = n.substring(0, 3);
            String b = n.substring(3, 6);
            String c = n.substring(6);
            String[] shapes = {"+1" + n, "+1 " + a + "-" + b + "-" + c, "+1 (" + a + ") " + b + "." + c, "(" + a + ") " + b + "-" + c,
                a + "." + b + "." + c, n, "1-" + a + "-" + b + "-" + c, a + "-" + b + "-" + c + " x12", "+44 " + n,
                "+1 " + n + "0", n.substring(1)};
            for (String shape : shapes) {
                String region = regions[random.nextInt(regions.length)];
                com.google.i18n.phonenumbers.Phonenumber.PhoneNumber fast = PhoneStandardizer.northAmerican(shape, region);
                if (fast == null) {
                    continue;
                }
                taken++;
                assertThat(fast).as(shape + " in " + region).isEqualTo(util.parse(shape, region));
            }
        }
        assertThat(taken).isGreaterThan(10_000); // the common shapes did take the shortcut
        // the shapes it leaves to the parse: trunk prefix, extension, another country, a national number abroad, letters
        assertThat(PhoneStandardizer.northAmerican("1-415-555-0134", "US")).isNull();
        assertThat(PhoneStandardizer.northAmerican("415-555-0134 x12", "US")).isNull();
        assertThat(PhoneStandardizer.northAmerican("+44 415 555 0134", "US")).isNull();
        assertThat(PhoneStandardizer.northAmerican("(415) 555-0134", "GB")).isNull();
        assertThat(PhoneStandardizer.northAmerican("1-800-FLOWERS", "US")).isNull();
        assertThat(PhoneStandardizer.northAmerican("(015) 555-0134", "US")).isNull();
    }

    @Test
    void theInternationalShortcutMakesExactlyWhatTheParseMakesOrStandsAside() throws Exception {
        com.google.i18n.phonenumbers.PhoneNumberUtil util = com.google.i18n.phonenumbers.PhoneNumberUtil.getInstance();
        java.util.SplittableRandom random = new java.util.SplittableRandom(13);
        java.util.List<String> nationals = new java.util.ArrayList<>();
        java.util.List<Integer> codes = new java.util.ArrayList<>();
        // every region's and every non-geographic entity's example numbers of every type, and their neighbours
        for (String region : util.getSupportedRegions()) {
            for (com.google.i18n.phonenumbers.PhoneNumberUtil.PhoneNumberType type
                    : com.google.i18n.phonenumbers.PhoneNumberUtil.PhoneNumberType.values()) {
                com.google.i18n.phonenumbers.Phonenumber.PhoneNumber example = util.getExampleNumberForType(region, type);
                if (example != null) {
                    codes.add(example.getCountryCode());
                    nationals.add(util.getNationalSignificantNumber(example));
                }
            }
        }
        for (int code : util.getSupportedGlobalNetworkCallingCodes()) {
            com.google.i18n.phonenumbers.Phonenumber.PhoneNumber example = util.getExampleNumberForNonGeoEntity(code);
            if (example != null) {
                codes.add(code);
                nationals.add(util.getNationalSignificantNumber(example));
            }
        }
        int examples = nationals.size();
        for (int e = 0; e < examples; e++) {
            String nsn = nationals.get(e);
            codes.add(codes.get(e));
            nationals.add(nsn.substring(0, nsn.length() - 1));
            codes.add(codes.get(e));
            nationals.add(nsn + random.nextInt(10));
            codes.add(codes.get(e));
            nationals.add("0" + nsn);
            char[] changed = nsn.toCharArray();
            changed[random.nextInt(changed.length)] = (char) ('0' + random.nextInt(10));
            codes.add(codes.get(e));
            nationals.add(new String(changed));
        }
        String[] regions = {"US", "GB", "DE", "IT", "AR", "ZZ"};
        int taken = 0;
        int compared = 0;
        for (int e = 0; e < nationals.size(); e++) {
            String cc = String.valueOf(codes.get(e));
            String n = nationals.get(e);
            int half = n.length() / 2;
            String[] shapes = {"+" + cc + n, "+" + cc + " " + n, "+" + cc + " (" + n.substring(0, half) + ") " + n.substring(half),
                "+" + cc + "-" + n.substring(0, half) + "." + n.substring(half), "+" + cc + " (0)" + n, "+" + cc + " " + n + ")",
                "+(" + cc + ") " + n, "+" + cc + n + " x12", "++" + cc + n, "+" + cc + "/" + n};
            for (String shape : shapes) {
                compared++;
                com.google.i18n.phonenumbers.Phonenumber.PhoneNumber fast = PhoneStandardizer.international(shape);
                if (fast == null) {
                    continue;
                }
                taken++;
                String region = regions[random.nextInt(regions.length)];
                assertThat(fast).as(shape + " in " + region).isEqualTo(util.parse(shape, region));
            }
        }
        // random digits after a plus: unknown codes, codes of one to three digits, every length
        for (int k = 0; k < 20_000; k++) {
            StringBuilder digits = new StringBuilder("+");
            for (int d = 0, length = 3 + random.nextInt(18); d < length; d++) {
                digits.append((char) ('0' + random.nextInt(10)));
            }
            String shape = digits.toString();
            compared++;
            com.google.i18n.phonenumbers.Phonenumber.PhoneNumber fast = PhoneStandardizer.international(shape);
            if (fast != null) {
                taken++;
                assertThat(fast).as(shape).isEqualTo(util.parse(shape, "ZZ"));
            }
        }
        assertThat(taken).as("of " + compared).isGreaterThan(compared / 4); // the plain shapes did take the shortcut
        // what it leaves to the parse: a national prefix it may take off, Italian zeros, extensions, other shapes
        assertThat(PhoneStandardizer.international("+44 (0)20 7946 0958")).isNull();
        assertThat(PhoneStandardizer.international("+39 06 6982 1234")).isNull();
        assertThat(PhoneStandardizer.international("+44 20 7946 0958 ext. 12")).isNull();
        assertThat(PhoneStandardizer.international("020 7946 0958")).isNull();
        assertThat(PhoneStandardizer.international("+0 20 7946 0958")).isNull();
        assertThat(PhoneStandardizer.international("+44 20 7946 0958")).isEqualTo(util.parse("+44 20 7946 0958", "US"));
    }

    @Test
    void theNationalShortcutMakesExactlyWhatTheParseMakesOrStandsAside() throws Exception {
        com.google.i18n.phonenumbers.PhoneNumberUtil util = com.google.i18n.phonenumbers.PhoneNumberUtil.getInstance();
        java.util.SplittableRandom random = new java.util.SplittableRandom(17);
        int taken = 0;
        int compared = 0;
        java.util.Set<String> regionsTaken = new java.util.TreeSet<>();
        for (String region : util.getSupportedRegions()) {
            for (com.google.i18n.phonenumbers.PhoneNumberUtil.PhoneNumberType type
                    : com.google.i18n.phonenumbers.PhoneNumberUtil.PhoneNumberType.values()) {
                com.google.i18n.phonenumbers.Phonenumber.PhoneNumber example = util.getExampleNumberForType(region, type);
                if (example == null) {
                    continue;
                }
                String written = util.format(example, com.google.i18n.phonenumbers.PhoneNumberUtil.PhoneNumberFormat.NATIONAL);
                String nsn = util.getNationalSignificantNumber(example);
                char[] changed = nsn.toCharArray();
                changed[random.nextInt(changed.length)] = (char) ('0' + random.nextInt(10));
                String prefix = util.getNddPrefixForRegion(region, true);
                prefix = prefix == null ? "" : prefix;
                // as the region writes it, its digits alone, with and without the national prefix, and near misses
                String[] shapes = {written, written.replaceAll("[^0-9]", ""), nsn, prefix + nsn, "0" + nsn,
                    prefix + nsn.substring(1), prefix + new String(changed), nsn + random.nextInt(10),
                    "(" + prefix + nsn.substring(0, 2) + ") " + nsn.substring(2), util.getCountryCodeForRegion(region) + nsn,
                    "00" + nsn, written + " ext. 12", "8 10 44 20 7946 0958", "011 44 20 7946 0958", "0011 44 20 7946 0958"};
                for (String shape : shapes) {
                    compared++;
                    com.google.i18n.phonenumbers.Phonenumber.PhoneNumber fast = PhoneStandardizer.national(shape, region);
                    if (fast == null) {
                        continue;
                    }
                    taken++;
                    regionsTaken.add(region);
                    assertThat(fast).as(shape + " in " + region).isEqualTo(util.parse(shape, region));
                }
            }
        }
        assertThat(taken).as("of " + compared).isGreaterThan(compared / 4);
        assertThat(regionsTaken).contains("GB", "DE", "FR", "AU", "JP", "BR");
        assertThat(PhoneStandardizer.national("020 7946 0958", "GB")).isEqualTo(util.parse("020 7946 0958", "GB"));
        // what it leaves to the parse: Italian zeros, an international prefix, letters, an extension
        assertThat(PhoneStandardizer.national("06 6982 1234", "IT")).isNull();
        assertThat(PhoneStandardizer.national("0044 20 7946 0958", "GB")).isNull();
        assertThat(PhoneStandardizer.national("8 10 44 20 7946 0958", "RU")).isNull(); // 810 dials abroad from Russia
        assertThat(PhoneStandardizer.national("0800 FLOWERS", "GB")).isNull();
        assertThat(PhoneStandardizer.national("020 7946 0958 x12", "GB")).isNull();
    }

    @Test
    void aNumberWithoutADefaultCountryLogsNothing() {
        // libphonenumber warns for each country code asked of the unknown region "ZZ"; at a million records without
        // a default country that was a flood of log lines for an ops person to wade through
        java.util.logging.Logger log = java.util.logging.Logger.getLogger(
                com.google.i18n.phonenumbers.PhoneNumberUtil.class.getName());
        java.util.List<java.util.logging.LogRecord> logged = new java.util.concurrent.CopyOnWriteArrayList<>();
        java.util.logging.Handler handler = new java.util.logging.Handler() {
            @Override public void publish(java.util.logging.LogRecord r) { logged.add(r); }
            @Override public void flush() { }
            @Override public void close() { }
        };
        log.addHandler(handler);
        try {
            assertThat(S.apply("+44 20 7946 0958", StandardizeContext.NONE).key()).isEqualTo("+442079460958");
            assertThat(S.apply("(415) 555-0134", StandardizeContext.NONE).verdict()).isEqualTo(Verdict.INVALID);
        } finally {
            log.removeHandler(handler);
        }
        assertThat(logged).extracting(java.util.logging.LogRecord::getMessage).isEmpty();
    }
}
