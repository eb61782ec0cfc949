package io.middlemile.standardize;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CompanyDomainStandardizerTest {

    private static final Standardizer S = Standardizers.byName("company-domain").orElseThrow();

    /** Columns: input ¦ defaultCountry ¦ value ¦ key ¦ verdict ¦ attributes (k=v;k=v). */
    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource(delimiterString = "¦", quoteCharacter = '"', textBlock = """
            "-acme.com" ¦  ¦  ¦  ¦ INVALID ¦ ""
            "//cdn.acme.com/x.js" ¦  ¦ "cdn.acme.com" ¦ "cdn.acme.com" ¦ FIXED ¦ ""
            "192.168.0.1" ¦  ¦  ¦  ¦ INVALID ¦ ""
            "ACME.COM." ¦  ¦ "acme.com" ¦ "acme.com" ¦ FIXED ¦ ""
            "Acme.Com:443" ¦  ¦ "acme.com" ¦ "acme.com" ¦ FIXED ¦ ""
            "WWW.ACME.COM" ¦  ¦ "acme.com" ¦ "acme.com" ¦ FIXED ¦ ""
            "acme" ¦  ¦  ¦  ¦ INVALID ¦ ""
            "acme..com" ¦  ¦  ¦  ¦ INVALID ¦ ""
            "acme.com" ¦  ¦ "acme.com" ¦ "acme.com" ¦ VALID ¦ ""
            "acme.com/" ¦  ¦ "acme.com" ¦ "acme.com" ¦ FIXED ¦ ""
            "acme_corp.com" ¦  ¦  ¦  ¦ INVALID ¦ ""
            "ftp://files.acme.org/" ¦  ¦ "files.acme.org" ¦ "files.acme.org" ¦ FIXED ¦ ""
            "gmail.com" ¦  ¦  ¦  ¦ INVALID ¦ "candidate=gmail.com;freeMail=true"
            "hotmail.com" ¦  ¦  ¦  ¦ INVALID ¦ "candidate=hotmail.com;freeMail=true"
            "http://" ¦  ¦  ¦  ¦ INVALID ¦ ""
            "http://user:pw@shop.acme.co.uk:8080/path" ¦  ¦ "shop.acme.co.uk" ¦ "shop.acme.co.uk" ¦ FIXED ¦ ""
            "https://acme.com" ¦  ¦ "acme.com" ¦ "acme.com" ¦ FIXED ¦ ""
            "https://mail.google.com/" ¦  ¦ "mail.google.com" ¦ "mail.google.com" ¦ FIXED ¦ ""
            "https://www.Acme.com/about?x=1#top" ¦  ¦ "acme.com" ¦ "acme.com" ¦ FIXED ¦ ""
            "https://www.linkedin.com/company/acme" ¦  ¦ "linkedin.com" ¦ "linkedin.com" ¦ FIXED ¦ ""
            "jane@yahoo.co.uk" ¦  ¦  ¦  ¦ INVALID ¦ "candidate=yahoo.co.uk;freeMail=true"
            "john@acme.com" ¦  ¦ "acme.com" ¦ "acme.com" ¦ FIXED ¦ ""
            "localhost" ¦  ¦  ¦  ¦ INVALID ¦ ""
            "mailto:bob@acme.io" ¦  ¦ "acme.io" ¦ "acme.io" ¦ FIXED ¦ ""
            "not a domain" ¦  ¦  ¦  ¦ INVALID ¦ ""
            "www.acme.io/contact" ¦  ¦ "acme.io" ¦ "acme.io" ¦ FIXED ¦ ""
            "www.com" ¦  ¦ "www.com" ¦ "www.com" ¦ VALID ¦ ""
            "www.müller.de" ¦  ¦ "xn--mller-kva.de" ¦ "xn--mller-kva.de" ¦ FIXED ¦ ""
            "xn--mller-kva.de" ¦  ¦ "xn--mller-kva.de" ¦ "xn--mller-kva.de" ¦ VALID ¦ ""
            """)
    void table(String input, String ctx, String value, String key, Verdict verdict, String attrs) {
        Expect.row(S, input, ctx, value, key, verdict, attrs);
    }
}
