package io.middlemile.standardize;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class LinkedInUrlStandardizerTest {

    private static final Standardizer S = Standardizers.byName("linkedin-url").orElseThrow();

    /** Columns: input ¦ defaultCountry ¦ value ¦ key ¦ verdict ¦ attributes (k=v;k=v). */
    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource(delimiterString = "¦", quoteCharacter = '"', textBlock = """
            "https://www.linkedin.com/in/john-smith-12345/" ¦  ¦ "https://www.linkedin.com/in/john-smith-12345" ¦ "john-smith-12345" ¦ FIXED ¦ "type=in"
            "linkedin.com/in/John-Smith" ¦  ¦ "https://www.linkedin.com/in/john-smith" ¦ "john-smith" ¦ FIXED ¦ "type=in"
            "http://uk.linkedin.com/in/jsmith?trk=abc" ¦  ¦ "https://www.linkedin.com/in/jsmith" ¦ "jsmith" ¦ FIXED ¦ "type=in"
            "https://m.linkedin.com/in/jsmith#section" ¦  ¦ "https://www.linkedin.com/in/jsmith" ¦ "jsmith" ¦ FIXED ¦ "type=in"
            "www.linkedin.com/company/acme-inc/about/" ¦  ¦ "https://www.linkedin.com/company/acme-inc" ¦ "acme-inc" ¦ FIXED ¦ "type=company"
            "https://www.linkedin.com/in/jos%C3%A9-garc%C3%ADa" ¦  ¦ "https://www.linkedin.com/in/josé-garcía" ¦ "josé-garcía" ¦ FIXED ¦ "type=in"
            "https://www.linkedin.com/school/stanford-university/" ¦  ¦ "https://www.linkedin.com/school/stanford-university" ¦ "stanford-university" ¦ FIXED ¦ "type=school"
            "https://www.linkedin.com/pub/john-smith/1/23/456" ¦  ¦ "https://www.linkedin.com/pub/john-smith/1/23/456" ¦ "john-smith" ¦ VALID ¦ "type=pub"
            "https://www.linkedin.com/in/jsmith/details/experience/" ¦  ¦ "https://www.linkedin.com/in/jsmith" ¦ "jsmith" ¦ FIXED ¦ "type=in"
            "https://twitter.com/jsmith" ¦  ¦  ¦  ¦ INVALID ¦ ""
            "https://www.linkedin.com/feed/" ¦  ¦  ¦  ¦ INVALID ¦ ""
            "https://www.linkedin.com/in/" ¦  ¦  ¦  ¦ INVALID ¦ ""
            "jsmith" ¦  ¦  ¦  ¦ INVALID ¦ ""
            "https://www.linkedin.com/in/jsmith" ¦  ¦ "https://www.linkedin.com/in/jsmith" ¦ "jsmith" ¦ VALID ¦ "type=in"
            "HTTPS://WWW.LINKEDIN.COM/IN/JSMITH" ¦  ¦ "https://www.linkedin.com/in/jsmith" ¦ "jsmith" ¦ VALID ¦ "type=in"
            "https://notlinkedin.com/in/jsmith" ¦  ¦  ¦  ¦ INVALID ¦ ""
            "https://www.linkedin.com/mwlite/in/jsmith" ¦  ¦ "https://www.linkedin.com/in/jsmith" ¦ "jsmith" ¦ FIXED ¦ "type=in"
            "  linkedin.com/in/jane-doe  " ¦  ¦ "https://www.linkedin.com/in/jane-doe" ¦ "jane-doe" ¦ FIXED ¦ "type=in"
            "https://de.linkedin.com/in/max-mustermann-1a2b3c/?originalSubdomain=de" ¦  ¦ "https://www.linkedin.com/in/max-mustermann-1a2b3c" ¦ "max-mustermann-1a2b3c" ¦ FIXED ¦ "type=in"
            "https://www.linkedin.com/showcase/acme-cloud/" ¦  ¦ "https://www.linkedin.com/showcase/acme-cloud" ¦ "acme-cloud" ¦ FIXED ¦ "type=showcase"
            "https://www.linkedin.com/in/john%20smith" ¦  ¦  ¦  ¦ INVALID ¦ ""
            "https://www.linkedin.com/profile/view?id=12345" ¦  ¦  ¦  ¦ INVALID ¦ ""
            "https://www.linkedin.com/company/1234567/" ¦  ¦ "https://www.linkedin.com/company/1234567" ¦ "1234567" ¦ FIXED ¦ "type=company"
            "mailto:john@linkedin.com" ¦  ¦  ¦  ¦ INVALID ¦ ""
            "https://www.linkedin.com:443/in/jsmith" ¦  ¦ "https://www.linkedin.com/in/jsmith" ¦ "jsmith" ¦ FIXED ¦ "type=in"
            """)
    void table(String input, String ctx, String value, String key, Verdict verdict, String attrs) {
        Expect.row(S, input, ctx, value, key, verdict, attrs);
    }
}
