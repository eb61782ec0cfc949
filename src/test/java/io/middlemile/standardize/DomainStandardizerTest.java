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
}
