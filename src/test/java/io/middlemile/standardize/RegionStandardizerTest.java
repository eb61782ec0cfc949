package io.middlemile.standardize;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RegionStandardizerTest {

    private static final Standardizer S = Standardizers.byName("region").orElseThrow();

    /** Columns: input ¦ defaultCountry ¦ value ¦ key ¦ verdict ¦ attributes (k=v;k=v). */
    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource(delimiterString = "¦", quoteCharacter = '"', textBlock = """
            "CA" ¦ US ¦ "US-CA" ¦ "US-CA" ¦ FIXED ¦ "country=US;name=California"
            "Calif." ¦ US ¦ "US-CA" ¦ "US-CA" ¦ FIXED ¦ "country=US;name=California"
            "N.Y." ¦ US ¦ "US-NY" ¦ "US-NY" ¦ FIXED ¦ "country=US;name=New York"
            "california" ¦  ¦ "US-CA" ¦ "US-CA" ¦ FIXED ¦ "country=US;name=California"
            "CA" ¦  ¦  ¦  ¦ INVALID ¦ ""
            "WA" ¦ US ¦ "US-WA" ¦ "US-WA" ¦ FIXED ¦ "country=US;name=Washington"
            "WA" ¦ AU ¦ "AU-WA" ¦ "AU-WA" ¦ FIXED ¦ "country=AU;name=Western Australia"
            "WA" ¦  ¦  ¦  ¦ INVALID ¦ ""
            "Texas" ¦  ¦ "US-TX" ¦ "US-TX" ¦ FIXED ¦ "country=US;name=Texas"
            "US-TX" ¦  ¦ "US-TX" ¦ "US-TX" ¦ VALID ¦ "country=US;name=Texas"
            "us-ca" ¦  ¦ "US-CA" ¦ "US-CA" ¦ VALID ¦ "country=US;name=California"
            "Bavaria" ¦  ¦ "DE-BY" ¦ "DE-BY" ¦ FIXED ¦ "country=DE;name=Bayern"
            "Bayern" ¦  ¦ "DE-BY" ¦ "DE-BY" ¦ FIXED ¦ "country=DE;name=Bayern"
            "NRW" ¦ DE ¦ "DE-NW" ¦ "DE-NW" ¦ FIXED ¦ "country=DE;name=Nordrhein-Westfalen"
            "Baden-Württemberg" ¦  ¦ "DE-BW" ¦ "DE-BW" ¦ FIXED ¦ "country=DE;name=Baden-Württemberg"
            "Quebec" ¦  ¦ "CA-QC" ¦ "CA-QC" ¦ FIXED ¦ "country=CA;name=Quebec"
            "Québec" ¦  ¦ "CA-QC" ¦ "CA-QC" ¦ FIXED ¦ "country=CA;name=Quebec"
            "ON" ¦ CA ¦ "CA-ON" ¦ "CA-ON" ¦ FIXED ¦ "country=CA;name=Ontario"
            "Maharashtra" ¦  ¦ "IN-MH" ¦ "IN-MH" ¦ FIXED ¦ "country=IN;name=Maharashtra"
            "Tamil Nadu" ¦  ¦ "IN-TN" ¦ "IN-TN" ¦ FIXED ¦ "country=IN;name=Tamil Nadu"
            "Scotland" ¦  ¦ "GB-SCT" ¦ "GB-SCT" ¦ FIXED ¦ "country=GB;name=Scotland"
            "NSW" ¦ AU ¦ "AU-NSW" ¦ "AU-NSW" ¦ FIXED ¦ "country=AU;name=New South Wales"
            "Victoria" ¦  ¦ "AU-VIC" ¦ "AU-VIC" ¦ FIXED ¦ "country=AU;name=Victoria"
            "Washington, D.C." ¦  ¦ "US-DC" ¦ "US-DC" ¦ FIXED ¦ "country=US;name=District of Columbia"
            "Puerto Rico" ¦  ¦ "US-PR" ¦ "US-PR" ¦ FIXED ¦ "country=US;name=Puerto Rico"
            "ZZ" ¦ US ¦  ¦  ¦ INVALID ¦ ""
            "Ile-de-France" ¦ FR ¦  ¦  ¦ INVALID ¦ ""
            "Narnia" ¦  ¦  ¦  ¦ INVALID ¦ ""
            "Georgia" ¦  ¦ "US-GA" ¦ "US-GA" ¦ FIXED ¦ "country=US;name=Georgia"
            "Northern Ireland" ¦  ¦ "GB-NIR" ¦ "GB-NIR" ¦ FIXED ¦ "country=GB;name=Northern Ireland"
            "OR" ¦ IN ¦ "IN-OD" ¦ "IN-OD" ¦ FIXED ¦ "country=IN;name=Odisha"
            "Orissa" ¦  ¦ "IN-OD" ¦ "IN-OD" ¦ FIXED ¦ "country=IN;name=Odisha"
            """)
    void table(String input, String ctx, String value, String key, Verdict verdict, String attrs) {
        Expect.row(S, input, ctx, value, key, verdict, attrs);
    }

    @Test
    void toCodeHelperAndCoverage() {
        assertThat(RegionStandardizer.toCode("wa", "AU")).isEqualTo("AU-WA");
        assertThat(RegionStandardizer.toCode("wa", "US")).isEqualTo("US-WA");
        assertThat(RegionStandardizer.toCode("wa", null)).isNull();
        assertThat(RegionStandardizer.toCode("Thüringen", null)).isEqualTo("DE-TH");
        assertThat(RegionStandardizer.toCode("Wales", "GB")).isEqualTo("GB-WLS");
        assertThat(RegionStandardizer.supportedCountries()).containsExactlyInAnyOrder("US", "CA", "AU", "IN", "DE", "GB");
    }
}
