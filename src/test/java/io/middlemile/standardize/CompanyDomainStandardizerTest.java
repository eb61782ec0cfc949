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
            "//cdn.acme.com/x.js" ¦  ¦ "acme.com" ¦ "acme.com" ¦ FIXED ¦ ""
            "192.168.0.1" ¦  ¦  ¦  ¦ INVALID ¦ ""
            "ACME.COM." ¦  ¦ "acme.com" ¦ "acme.com" ¦ FIXED ¦ ""
            "Acme.Com:443" ¦  ¦ "acme.com" ¦ "acme.com" ¦ FIXED ¦ ""
            "WWW.ACME.COM" ¦  ¦ "acme.com" ¦ "acme.com" ¦ FIXED ¦ ""
            "acme" ¦  ¦  ¦  ¦ INVALID ¦ ""
            "acme..com" ¦  ¦  ¦  ¦ INVALID ¦ ""
            "acme.com" ¦  ¦ "acme.com" ¦ "acme.com" ¦ VALID ¦ ""
            "acme.com/" ¦  ¦ "acme.com" ¦ "acme.com" ¦ FIXED ¦ ""
            "acme_corp.com" ¦  ¦  ¦  ¦ INVALID ¦ ""
            "ftp://files.acme.org/" ¦  ¦ "acme.org" ¦ "acme.org" ¦ FIXED ¦ ""
            "gmail.com" ¦  ¦  ¦  ¦ INVALID ¦ "candidate=gmail.com;freeMail=true"
            "hotmail.com" ¦  ¦  ¦  ¦ INVALID ¦ "candidate=hotmail.com;freeMail=true"
            "http://" ¦  ¦  ¦  ¦ INVALID ¦ ""
            "http://user:pw@shop.acme.co.uk:8080/path" ¦  ¦ "acme.co.uk" ¦ "acme.co.uk" ¦ FIXED ¦ ""
            "https://acme.com" ¦  ¦ "acme.com" ¦ "acme.com" ¦ FIXED ¦ ""
            "https://mail.google.com/" ¦  ¦ "google.com" ¦ "google.com" ¦ FIXED ¦ ""
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
            "http://forums.news.cnn.com/" ¦  ¦ "cnn.com" ¦ "cnn.com" ¦ FIXED ¦ ""
            "mail.google.com" ¦  ¦ "google.com" ¦ "google.com" ¦ FIXED ¦ ""
            "sub.example.co.za" ¦  ¦ "example.co.za" ¦ "example.co.za" ¦ FIXED ¦ ""
            "a.b.c.d.acme.com.au" ¦  ¦ "acme.com.au" ¦ "acme.com.au" ¦ FIXED ¦ ""
            "acme.co.uk" ¦  ¦ "acme.co.uk" ¦ "acme.co.uk" ¦ VALID ¦ ""
            "www.acme.co.jp" ¦  ¦ "acme.co.jp" ¦ "acme.co.jp" ¦ FIXED ¦ ""
            "city.kawasaki.jp" ¦  ¦ "city.kawasaki.jp" ¦ "city.kawasaki.jp" ¦ VALID ¦ ""
            "shop.acme.ck" ¦  ¦ "shop.acme.ck" ¦ "shop.acme.ck" ¦ VALID ¦ ""
            "https://acme.github.io/docs" ¦  ¦ "acme.github.io" ¦ "acme.github.io" ¦ FIXED ¦ ""
            "blog.acme.github.io" ¦  ¦ "acme.github.io" ¦ "acme.github.io" ¦ FIXED ¦ ""
            "widgets.github.io" ¦  ¦ "widgets.github.io" ¦ "widgets.github.io" ¦ VALID ¦ ""
            "acme-staging.herokuapp.com" ¦  ¦ "acme-staging.herokuapp.com" ¦ "acme-staging.herokuapp.com" ¦ VALID ¦ ""
            "co.uk" ¦  ¦  ¦  ¦ INVALID ¦ "candidate=co.uk"
            "https://www.co.uk/" ¦  ¦  ¦  ¦ INVALID ¦ "candidate=co.uk"
            "com.au" ¦  ¦  ¦  ¦ INVALID ¦ "candidate=com.au"
            "github.io" ¦  ¦  ¦  ¦ INVALID ¦ "candidate=github.io"
            "herokuapp.com" ¦  ¦  ¦  ¦ INVALID ¦ "candidate=herokuapp.com"
            "acme.con" ¦  ¦  ¦  ¦ INVALID ¦ "candidate=acme.con"
            "intranet.acme.local" ¦  ¦  ¦  ¦ INVALID ¦ "candidate=intranet.acme.local"
            "example.com。" ¦  ¦ "example.com" ¦ "example.com" ¦ FIXED ¦ ""
            "www。example。com" ¦  ¦ "example.com" ¦ "example.com" ¦ FIXED ¦ ""
            "shop.example．co．uk" ¦  ¦ "example.co.uk" ¦ "example.co.uk" ¦ FIXED ¦ ""
            "mail.gmail.com" ¦  ¦  ¦  ¦ INVALID ¦ "candidate=gmail.com;freeMail=true"
            "bob@mail.yahoo.co.uk" ¦  ¦  ¦  ¦ INVALID ¦ "candidate=yahoo.co.uk;freeMail=true"
            "shop.bücher.de" ¦  ¦ "xn--bcher-kva.de" ¦ "xn--bcher-kva.de" ¦ FIXED ¦ ""
            "www.example.中国" ¦  ¦ "example.xn--fiqs8s" ¦ "example.xn--fiqs8s" ¦ FIXED ¦ ""
            "acme.公司.cn" ¦  ¦ "acme.xn--55qx5d.cn" ¦ "acme.xn--55qx5d.cn" ¦ FIXED ¦ ""
            "Sub.Acme.COM:8443/login" ¦  ¦ "acme.com" ¦ "acme.com" ¦ FIXED ¦ ""
            """)
    void table(String input, String ctx, String value, String key, Verdict verdict, String attrs) {
        Expect.row(S, input, ctx, value, key, verdict, attrs);
    }

    @Test
    void oneCompanyHasOneKeyWhateverHostItWasGivenAs() {
        assertThat(S.apply("https://investors.acme.co.uk/q3").key())
                .isEqualTo(S.apply("jane@eu.mail.acme.co.uk").key())
                .isEqualTo(S.apply("WWW.ACME.CO.UK").key())
                .isEqualTo("acme.co.uk");
        // each customer of a private suffix is its own company
        assertThat(S.apply("acme.github.io").key()).isNotEqualTo(S.apply("globex.github.io").key());
    }

    @Test
    void rejectionsSayWhatToDo() {
        assertThat(S.apply("co.uk").reason())
                .isEqualTo("'co.uk' is a public suffix under which many companies register, not a company domain;"
                        + " give the company's own domain, such as 'acme.co.uk'");
        assertThat(S.apply("acme.con").reason())
                .isEqualTo("'acme.con' does not end in a known public suffix such as .com or .co.uk;"
                        + " check the spelling of the top-level domain");
        assertThat(S.apply("https://forums.news.cnn.com/").reason())
                .isEqualTo("normalized 'https://forums.news.cnn.com/' to 'cnn.com', the registrable domain of host"
                        + " 'forums.news.cnn.com'");
    }
}
