package io.middlemile.standardize;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DateStandardizerTest {

    private static final Standardizer S = Standardizers.byName("date").orElseThrow();

    /** Columns: input ¦ defaultCountry ¦ value ¦ key ¦ verdict ¦ attributes (k=v;k=v). */
    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource(delimiterString = "¦", quoteCharacter = '"', textBlock = """
            "2024-03-05T23:30:00-05:00" ¦  ¦ "2024-03-05" ¦ "2024-03-05" ¦ FIXED ¦ ""
            "03/05/2024" ¦  ¦ "2024-03-05" ¦ "2024-03-05" ¦ FIXED ¦ ""
            "1709647620000" ¦  ¦ "2024-03-05" ¦ "2024-03-05" ¦ FIXED ¦ ""
            "March 5th, 2024" ¦  ¦ "2024-03-05" ¦ "2024-03-05" ¦ FIXED ¦ ""
            "2024-03-05" ¦  ¦ "2024-03-05" ¦ "2024-03-05" ¦ VALID ¦ ""
            "05.03.2024" ¦  ¦ "2024-03-05" ¦ "2024-03-05" ¦ FIXED ¦ ""
            "5 Mar 2024" ¦  ¦ "2024-03-05" ¦ "2024-03-05" ¦ FIXED ¦ ""
            "13/05/2024" ¦  ¦ "2024-05-13" ¦ "2024-05-13" ¦ FIXED ¦ ""
            "20240305" ¦  ¦ "2024-03-05" ¦ "2024-03-05" ¦ FIXED ¦ ""
            "45356" ¦  ¦ "2024-03-05" ¦ "2024-03-05" ¦ FIXED ¦ ""
            "2024-02-29" ¦  ¦ "2024-02-29" ¦ "2024-02-29" ¦ VALID ¦ ""
            "2023-02-29" ¦  ¦  ¦  ¦ INVALID ¦ ""
            "1709647620" ¦  ¦ "2024-03-05" ¦ "2024-03-05" ¦ FIXED ¦ ""
            "yesterday" ¦  ¦  ¦  ¦ INVALID ¦ ""
            "31/12/99" ¦  ¦ "1999-12-31" ¦ "1999-12-31" ¦ FIXED ¦ ""
            "Jan 1 2000" ¦  ¦ "2000-01-01" ¦ "2000-01-01" ¦ FIXED ¦ ""
            "2024-03-05 00:00:00" ¦  ¦ "2024-03-05" ¦ "2024-03-05" ¦ FIXED ¦ ""
            "1 janvier 2024" ¦  ¦ "2024-01-01" ¦ "2024-01-01" ¦ FIXED ¦ ""
            "15 de marzo de 2024" ¦  ¦ "2024-03-15" ¦ "2024-03-15" ¦ FIXED ¦ ""
            "2024-03-05T01:30:00+05:30" ¦  ¦ "2024-03-05" ¦ "2024-03-05" ¦ FIXED ¦ ""
            "3/5/24" ¦  ¦ "2024-03-05" ¦ "2024-03-05" ¦ FIXED ¦ ""
            "0000-00-00" ¦  ¦  ¦  ¦ INVALID ¦ ""
            "12/31/1799" ¦  ¦  ¦  ¦ INVALID ¦ ""
            "Friday, March 1, 2024" ¦  ¦ "2024-03-01" ¦ "2024-03-01" ¦ FIXED ¦ ""
            "2024-3-5" ¦  ¦ "2024-03-05" ¦ "2024-03-05" ¦ FIXED ¦ ""
            """)
    void table(String input, String ctx, String value, String key, Verdict verdict, String attrs) {
        Expect.row(S, input, ctx, value, key, verdict, attrs);
    }
}
