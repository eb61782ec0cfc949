package io.middlemile.standardize;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class EmailStandardizerTest {

    @Test
    void aPlainAddressGetsTheKeyItsStandardizationGivesAndAnyOtherIsLeftToIt() {
        EmailStandardizer email = new EmailStandardizer();
        java.util.List<String> addresses = new java.util.ArrayList<>(java.util.List.of("ann.lee@acme.com", "bob+tag@gmail.com",
                "b.o.b@googlemail.com", "x_y%z@sub.acme.co.uk", "ann@gmial.com", "ann@acme", "ann@acme.c", "ann@-acme.com",
                "ann@acme-.com", "ann@acme..com", "ann@acme.com.", ".ann@acme.com", "ann.@acme.com", "a..b@acme.com", "@acme.com",
                "ann@", "ann@@acme.com", "a@b@acme.com", "Ann@acme.com", "ann@ACME.com", " ann@acme.com", "ann@acme.com ",
                "'ann@acme.com'", "mailto:ann@acme.com", "<ann@acme.com>", "ann@1.2.3.4", "ann@acme.123", "ann@xn--bcher-kva.ch",
                "ann@bücher.ch", "zoë@acme.com", "info@acme.com", "ann=lee@acme.com", "a".repeat(64) + "@acme.com",
                "a".repeat(65) + "@acme.com", "ann@" + "a".repeat(64) + ".com", "ann@acme.com,"));
        java.util.SplittableRandom random = new java.util.SplittableRandom(5);
        String alphabet = "abz09._%+-@=A' ";
        for (int i = 0; i < 50_000; i++) {
            StringBuilder address = new StringBuilder();
            for (int c = 1 + random.nextInt(8); c > 0; c--) {
                address.append(alphabet.charAt(random.nextInt(alphabet.length())));
            }
            address.append(random.nextBoolean() ? "@acme.com" : random.nextBoolean() ? "@gmail.com" : "");
            addresses.add(address.toString());
        }
        int plain = 0;
        for (String address : addresses) {
            String key = email.keyOfPlain(address);
            Standardized standardized = email.apply(address, StandardizeContext.NONE);
            if (key != null) {
                plain++;
                assertThat(standardized.verdict()).as(address).isEqualTo(Verdict.VALID);
                assertThat(key).as(address).isEqualTo(standardized.key());
                assertThat(standardized.attribute("suggestion")).as(address).isNull();
            }
        }
        assertThat(plain).isGreaterThan(5_000);
        assertThat(email.keyOfPlain("b.o.b+news@googlemail.com")).isEqualTo("bob@gmail.com");
        assertThat(email.keyOfPlain("ann.lee@acme.com")).isEqualTo("ann.lee@acme.com");
        assertThat(email.keyOfPlain("ann@gmial.com")).as("a typo of a domain is the standardizer's to suggest").isNull();
        assertThat(email.keyOfPlain("Ann@acme.com")).isNull();
    }


    private static final Standardizer S = Standardizers.byName("email").orElseThrow();

    /** Columns: input ¦ defaultCountry ¦ value ¦ key ¦ verdict ¦ attributes (k=v;k=v). */
    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource(delimiterString = "¦", quoteCharacter = '"', textBlock = """
            "John.Smith@Example.COM" ¦  ¦ "john.smith@example.com" ¦ "john.smith@example.com" ¦ VALID ¦ "domain=example.com"
            " j.o.h.n+news@googlemail.com " ¦  ¦ "j.o.h.n+news@googlemail.com" ¦ "john@gmail.com" ¦ VALID ¦ "domain=googlemail.com;freeMail=true"
            "John Smith <john@acme.io>" ¦  ¦ "john@acme.io" ¦ "john@acme.io" ¦ FIXED ¦ "domain=acme.io"
            "mailto:sales@acme.com" ¦  ¦ "sales@acme.com" ¦ "sales@acme.com" ¦ FIXED ¦ "domain=acme.com;roleAccount=true"
            "bob@gmial.com" ¦  ¦ "bob@gmial.com" ¦ "bob@gmial.com" ¦ VALID ¦ "domain=gmial.com;suggestion=bob@gmail.com"
            "jane+crm@outlook.com" ¦  ¦ "jane+crm@outlook.com" ¦ "jane@outlook.com" ¦ VALID ¦ "domain=outlook.com;freeMail=true"
            "jane+crm@acme.com" ¦  ¦ "jane+crm@acme.com" ¦ "jane+crm@acme.com" ¦ VALID ¦ "domain=acme.com"
            "info@acme.com" ¦  ¦ "info@acme.com" ¦ "info@acme.com" ¦ VALID ¦ "domain=acme.com;roleAccount=true"
            "noreply@acme.com" ¦  ¦ "noreply@acme.com" ¦ "noreply@acme.com" ¦ VALID ¦ "domain=acme.com;roleAccount=true"
            "john@@acme.com" ¦  ¦  ¦  ¦ INVALID ¦ ""
            "john.acme.com" ¦  ¦  ¦  ¦ INVALID ¦ ""
            "john..doe@acme.com" ¦  ¦  ¦  ¦ INVALID ¦ ""
            ".john@acme.com" ¦  ¦  ¦  ¦ INVALID ¦ ""
            "john@acme" ¦  ¦  ¦  ¦ INVALID ¦ ""
            "john@-acme.com" ¦  ¦  ¦  ¦ INVALID ¦ ""
            "jürgen@müller.de" ¦  ¦ "jürgen@müller.de" ¦ "jürgen@xn--mller-kva.de" ¦ VALID ¦ "domain=xn--mller-kva.de"
            ""\"bob@yahoo.com""," ¦  ¦ "bob@yahoo.com" ¦ "bob@yahoo.com" ¦ FIXED ¦ "domain=yahoo.com;freeMail=true"
            "bob@gmail.c" ¦  ¦ "bob@gmail.c" ¦ "bob@gmail.c" ¦ VALID ¦ "domain=gmail.c;suggestion=bob@gmail.com"
            "bob smith@acme.com" ¦  ¦  ¦  ¦ INVALID ¦ ""
            "user@123.123.123.123" ¦  ¦  ¦  ¦ INVALID ¦ ""
            "USER@HOTMAIL.CO.UK" ¦  ¦ "user@hotmail.co.uk" ¦ "user@hotmail.co.uk" ¦ VALID ¦ "domain=hotmail.co.uk;freeMail=true"
            "a@b.co" ¦  ¦ "a@b.co" ¦ "a@b.co" ¦ VALID ¦ "domain=b.co"
            "x@yaho.com" ¦  ¦ "x@yaho.com" ¦ "x@yaho.com" ¦ VALID ¦ "domain=yaho.com;suggestion=x@yahoo.com"
            "first.last+tag@icloud.com" ¦  ¦ "first.last+tag@icloud.com" ¦ "first.last@icloud.com" ¦ VALID ¦ "domain=icloud.com;freeMail=true"
            "@acme.com" ¦  ¦  ¦  ¦ INVALID ¦ ""
            "john@" ¦  ¦  ¦  ¦ INVALID ¦ ""
            """)
    void table(String input, String ctx, String value, String key, Verdict verdict, String attrs) {
        Expect.row(S, input, ctx, value, key, verdict, attrs);
    }

    @Test
    void typoIsReportedButNotRewritten() {
        Standardized r = S.apply("Bob@Gmial.com");
        assertThat(r.value()).isEqualTo("bob@gmial.com");
        assertThat(r.verdict()).isEqualTo(Verdict.VALID);
        assertThat(r.reason()).isEqualTo("domain 'gmial.com' looks like a typo of 'gmail.com'");
        assertThat(r.attribute("suggestion")).isEqualTo("bob@gmail.com");
    }

    @Test
    void tagStrippingForUnknownDomainsIsOptIn() {
        assertThat(new EmailStandardizer().apply("jane+crm@acme.com").key()).isEqualTo("jane+crm@acme.com");
        assertThat(new EmailStandardizer(true).apply("jane+crm@acme.com").key()).isEqualTo("jane@acme.com");
        // dots are only insignificant at Gmail
        assertThat(new EmailStandardizer(true).apply("j.a.n.e+x@acme.com").key()).isEqualTo("j.a.n.e@acme.com");
    }

    @Test
    void matchKeyUnifiesGmailSpellings() {
        assertThat(EmailStandardizer.matchKey("John.Smith+promo@googlemail.com"))
                .isEqualTo(EmailStandardizer.matchKey("johnsmith@gmail.com"))
                .isEqualTo("johnsmith@gmail.com");
        assertThat(EmailStandardizer.matchKey("not an email")).isNull();
        assertThat(EmailStandardizer.isRoleAccount("Sales")).isTrue();
        assertThat(EmailStandardizer.isRoleAccount("sally")).isFalse();
    }

    @Test
    void internationalizedAddressKeysOnPunycode() {
        Standardized r = S.apply("Jürgen@Müller.de");
        assertThat(r.value()).isEqualTo("jürgen@müller.de");
        assertThat(r.key()).isEqualTo("jürgen@xn--mller-kva.de");
        assertThat(r.verdict()).isEqualTo(Verdict.VALID);
    }

    @Test
    void localPartCheckWithoutTheRegexAgreesWithIt() {
        java.util.regex.Pattern regex = java.util.regex.Pattern.compile("[\\p{L}\\p{N}!#$%&'*+/=?^_`{|}~.-]{1,64}");
        StringBuilder every = new StringBuilder();
        for (char c = 1; c < 256; c++) {
            String one = String.valueOf(c);
            assertThat(EmailStandardizer.localOk(one)).as("U+%04X", (int) c).isEqualTo(regex.matcher(one).matches());
            every.append(c);
        }
        for (String local : new String[] {"", "julie.bennett", "julie_bennett+crm", "j".repeat(64), "j".repeat(65),
            "jürgen", "jürgen smith", "o'brien", "a\"b", "ann@b", every.toString()}) {
            assertThat(EmailStandardizer.localOk(local)).as(local).isEqualTo(regex.matcher(local).matches());
        }
    }
}
