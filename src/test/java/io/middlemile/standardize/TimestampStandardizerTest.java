package io.middlemile.standardize;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TimestampStandardizerTest {

    private static final Standardizer S = Standardizers.byName("timestamp").orElseThrow();

    /** Columns: input ¦ defaultCountry ¦ value ¦ key ¦ verdict ¦ attributes (k=v;k=v). */
    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource(delimiterString = "¦", quoteCharacter = '"', textBlock = """
            "2024-03-05T14:07:00Z" ¦  ¦ "2024-03-05T14:07:00Z" ¦ "2024-03-05T14:07:00Z" ¦ VALID ¦ ""
            "2024-03-05T14:07:00+01:00" ¦  ¦ "2024-03-05T13:07:00Z" ¦ "2024-03-05T13:07:00Z" ¦ FIXED ¦ ""
            "2024-03-05 14:07:00" ¦  ¦ "2024-03-05T14:07:00Z" ¦ "2024-03-05T14:07:00Z" ¦ FIXED ¦ ""
            "2024-03-05T14:07:00.123Z" ¦  ¦ "2024-03-05T14:07:00.123Z" ¦ "2024-03-05T14:07:00.123Z" ¦ VALID ¦ ""
            "03/05/2024 2:07 PM" ¦  ¦ "2024-03-05T14:07:00Z" ¦ "2024-03-05T14:07:00Z" ¦ FIXED ¦ ""
            "05.03.2024" ¦  ¦ "2024-03-05T00:00:00Z" ¦ "2024-03-05T00:00:00Z" ¦ FIXED ¦ "dateOnly=true"
            "05.03.2024 14:07" ¦  ¦ "2024-03-05T14:07:00Z" ¦ "2024-03-05T14:07:00Z" ¦ FIXED ¦ ""
            "5 Mar 2024" ¦  ¦ "2024-03-05T00:00:00Z" ¦ "2024-03-05T00:00:00Z" ¦ FIXED ¦ "dateOnly=true"
            "March 5, 2024" ¦  ¦ "2024-03-05T00:00:00Z" ¦ "2024-03-05T00:00:00Z" ¦ FIXED ¦ "dateOnly=true"
            "March 5, 2024 2:07 pm" ¦  ¦ "2024-03-05T14:07:00Z" ¦ "2024-03-05T14:07:00Z" ¦ FIXED ¦ ""
            "1709647620000" ¦  ¦ "2024-03-05T14:07:00Z" ¦ "2024-03-05T14:07:00Z" ¦ FIXED ¦ ""
            "1709647620" ¦  ¦ "2024-03-05T14:07:00Z" ¦ "2024-03-05T14:07:00Z" ¦ FIXED ¦ ""
            "45356" ¦  ¦ "2024-03-05T00:00:00Z" ¦ "2024-03-05T00:00:00Z" ¦ FIXED ¦ "dateOnly=true"
            "45356.5" ¦  ¦ "2024-03-05T12:00:00Z" ¦ "2024-03-05T12:00:00Z" ¦ FIXED ¦ ""
            "Tue, 05 Mar 2024 14:07:00 GMT" ¦  ¦ "2024-03-05T14:07:00Z" ¦ "2024-03-05T14:07:00Z" ¦ FIXED ¦ ""
            "2024-03-05" ¦  ¦ "2024-03-05T00:00:00Z" ¦ "2024-03-05T00:00:00Z" ¦ FIXED ¦ "dateOnly=true"
            "13/05/2024" ¦  ¦ "2024-05-13T00:00:00Z" ¦ "2024-05-13T00:00:00Z" ¦ FIXED ¦ "dateOnly=true"
            "02/30/2024" ¦  ¦  ¦  ¦ INVALID ¦ ""
            "not a date" ¦  ¦  ¦  ¦ INVALID ¦ ""
            "2024-03-05T14:07:00-0500" ¦  ¦ "2024-03-05T19:07:00Z" ¦ "2024-03-05T19:07:00Z" ¦ FIXED ¦ ""
            "05-MAR-24" ¦  ¦ "2024-03-05T00:00:00Z" ¦ "2024-03-05T00:00:00Z" ¦ FIXED ¦ "dateOnly=true"
            "3/5/24 9:15" ¦  ¦ "2024-03-05T09:15:00Z" ¦ "2024-03-05T09:15:00Z" ¦ FIXED ¦ ""
            "2024/03/05" ¦  ¦ "2024-03-05T00:00:00Z" ¦ "2024-03-05T00:00:00Z" ¦ FIXED ¦ "dateOnly=true"
            "12:00 AM 03/05/2024" ¦  ¦ "2024-03-05T00:00:00Z" ¦ "2024-03-05T00:00:00Z" ¦ FIXED ¦ ""
            "2024-13-01" ¦  ¦  ¦  ¦ INVALID ¦ ""
            "5. März 2024" ¦  ¦ "2024-03-05T00:00:00Z" ¦ "2024-03-05T00:00:00Z" ¦ FIXED ¦ "dateOnly=true"
            """)
    void table(String input, String ctx, String value, String key, Verdict verdict, String attrs) {
        Expect.row(S, input, ctx, value, key, verdict, attrs);
    }

    @Test
    void dayFirstIsConfigurable() {
        TimestampStandardizer dayFirst = new TimestampStandardizer(false, true);
        assertThat(dayFirst.apply("03/05/2024").value()).isEqualTo("2024-05-03T00:00:00Z");
        // a second number above 12 can only be a day, whatever the setting
        assertThat(dayFirst.apply("05/13/2024 08:00").value()).isEqualTo("2024-05-13T08:00:00Z");
        assertThat(new TimestampStandardizer().apply("03/05/2024").value()).isEqualTo("2024-03-05T00:00:00Z");
    }
}
