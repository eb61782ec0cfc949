package io.middlemile.standardize;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DomainStandardizerTest {

    private static final Standardizer S = Standardizers.byName("domain").orElseThrow();

    /** Columns: input ¦ defaultCountry ¦ value ¦ key ¦ verdict ¦ attributes (k=v;k=v). */
    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource(delimiterString = "¦", quoteCharacter = '"', textBlock = """
            "https://www.Acme.com/about?x=1#top" ¦  ¦ "acme.com" ¦ "acme.com" ¦ FIXED ¦ ""
            "acme.com" ¦  ¦ "acme.com" ¦ "acme.com" ¦ VALID ¦ ""
            "ACME.COM." ¦  ¦ "acme.com" ¦ "acme.com" ¦ FIXED ¦ ""
            "john@acme.com" ¦  ¦ "acme.com" ¦ "acme.com" ¦ FIXED ¦ ""
            "http://user:pw@shop.acme.co.uk:8080/path" ¦  ¦ "shop.acme.co.uk" ¦ "shop.acme.co.uk" ¦ FIXED ¦ ""
            "www.müller.de" ¦  ¦ "xn--mller-kva.de" ¦ "xn--mller-kva.de" ¦ FIXED ¦ ""
            "gmail.com" ¦  ¦ "gmail.com" ¦ "gmail.com" ¦ VALID ¦ "freeMail=true"
            "localhost" ¦  ¦  ¦  ¦ INVALID ¦ ""
            "192.168.0.1" ¦  ¦  ¦  ¦ INVALID ¦ ""
            "acme..com" ¦  ¦  ¦  ¦ INVALID ¦ ""
            "-acme.com" ¦  ¦  ¦  ¦ INVALID ¦ ""
            "http://" ¦  ¦  ¦  ¦ INVALID ¦ ""
            "acme_corp.com" ¦  ¦  ¦  ¦ INVALID ¦ ""
            "mailto:bob@acme.io" ¦  ¦ "acme.io" ¦ "acme.io" ¦ FIXED ¦ ""
            "//cdn.acme.com/x.js" ¦  ¦ "cdn.acme.com" ¦ "cdn.acme.com" ¦ FIXED ¦ ""
            "WWW.ACME.COM" ¦  ¦ "acme.com" ¦ "acme.com" ¦ FIXED ¦ ""
            "www.com" ¦  ¦ "www.com" ¦ "www.com" ¦ VALID ¦ ""
            "ftp://files.acme.org/" ¦  ¦ "files.acme.org" ¦ "files.acme.org" ¦ FIXED ¦ ""
            "acme.com/" ¦  ¦ "acme.com" ¦ "acme.com" ¦ FIXED ¦ ""
            "Acme.Com:443" ¦  ¦ "acme.com" ¦ "acme.com" ¦ FIXED ¦ ""
            "acme" ¦  ¦  ¦  ¦ INVALID ¦ ""
            "https://www.linkedin.com/company/acme" ¦  ¦ "linkedin.com" ¦ "linkedin.com" ¦ FIXED ¦ ""
            "xn--mller-kva.de" ¦  ¦ "xn--mller-kva.de" ¦ "xn--mller-kva.de" ¦ VALID ¦ ""
            "https://acme.com#x" ¦  ¦ "acme.com" ¦ "acme.com" ¦ FIXED ¦ ""
            "   " ¦  ¦  ¦  ¦ EMPTY ¦ ""
            "http://forums.news.cnn.com/" ¦  ¦ "forums.news.cnn.com" ¦ "forums.news.cnn.com" ¦ FIXED ¦ ""
            "mail.google.com" ¦  ¦ "mail.google.com" ¦ "mail.google.com" ¦ VALID ¦ ""
            "sub.example.co.za" ¦  ¦ "sub.example.co.za" ¦ "sub.example.co.za" ¦ VALID ¦ ""
            "acme.github.io" ¦  ¦ "acme.github.io" ¦ "acme.github.io" ¦ VALID ¦ ""
            "example.com。" ¦  ¦ "example.com" ¦ "example.com" ¦ FIXED ¦ ""
            "https://shop。example。com/cart" ¦  ¦ "shop.example.com" ¦ "shop.example.com" ¦ FIXED ¦ ""
            "example｡org" ¦  ¦ "example.org" ¦ "example.org" ¦ FIXED ¦ ""
            "acme.con" ¦  ¦ "acme.con" ¦ "acme.con" ¦ VALID ¦ ""
            """)
    void table(String input, String ctx, String value, String key, Verdict verdict, String attrs) {
        Expect.row(S, input, ctx, value, key, verdict, attrs);
    }

    @Test
    void freeMailIsFlaggedButAcceptedAsPlainDomain() {
        Standardized r = S.apply("https://www.gmail.com/");
        assertThat(r.verdict()).isEqualTo(Verdict.FIXED);
        assertThat(r.attribute("freeMail")).isEqualTo("true");
        Standardized c = Standardizers.byName("company-domain").orElseThrow().apply("https://www.gmail.com/");
        assertThat(c.verdict()).isEqualTo(Verdict.INVALID);
        assertThat(c.key()).isNull();
        assertThat(c.value()).isNull();
        assertThat(c.attribute("candidate")).isEqualTo("gmail.com");
        assertThat(c.reason()).isEqualTo("'gmail.com' is a free-mail provider, not a company domain");
    }

    @Test
    void hostCheckWalkingLabelsInPlaceSaysWhatTheSplitOneSaid() {
        // the check split the host into labels before; every host of these shapes gets the same answer as then
        String[] parts = {"", "a", "ab", "acme", "-acme", "acme-", "ac-me", "x1", "1", "12", "co", "uk", "xn--mller-kva",
            "xn--p1ai", "a_b", "é", "b c", "a".repeat(63), "a".repeat(64)};
        int checked = 0;
        for (String a : parts) {
            for (String b : parts) {
                for (String host : new String[] {a, a + "." + b, a + "." + b + ".com", "www." + a + "." + b, a + ".." + b,
                    a + "." + b + "."}) {
                    assertThat(DomainStandardizer.hostProblem(host)).as(host).isEqualTo(splitHostProblem(host));
                    checked++;
                }
            }
        }
        assertThat(checked).isEqualTo(parts.length * parts.length * 6);
        assertThat(DomainStandardizer.hostProblem("acme.com")).isNull();
        assertThat(DomainStandardizer.hostProblem("acme.c")).isEqualTo("'acme.c' has a one-letter top-level domain");
    }

    /** The check as it was written with String.split, for the comparison above. */
    private static String splitHostProblem(String ascii) {
        String[] labels = ascii.split("\\.", -1);
        if (labels.length < 2) {
            return "'" + DomainStandardizer.abbreviate(ascii) + "' has no top-level domain";
        }
        for (String label : labels) {
            if (label.isEmpty() || label.length() > 63) {
                return "'" + DomainStandardizer.abbreviate(ascii) + "' has an empty or over-long label";
            }
            if (label.charAt(0) == '-' || label.charAt(label.length() - 1) == '-') {
                return "'" + DomainStandardizer.abbreviate(ascii) + "' has a label starting or ending with '-'";
            }
            for (int i = 0; i < label.length(); i++) {
                char c = label.charAt(i);
                if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-')) {
                    return "'" + DomainStandardizer.abbreviate(ascii) + "' contains the invalid character '" + c + "'";
                }
            }
        }
        String tld = labels[labels.length - 1];
        if (!tld.startsWith("xn--")) {
            for (int i = 0; i < tld.length(); i++) {
                if (tld.charAt(i) < 'a' || tld.charAt(i) > 'z') {
                    return "'" + DomainStandardizer.abbreviate(ascii) + "' has a non-alphabetic top-level domain (IP address?)";
                }
            }
            if (tld.length() < 2) {
                return "'" + DomainStandardizer.abbreviate(ascii) + "' has a one-letter top-level domain";
            }
        }
        return null;
    }
}
