package io.middlemile.standardize;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CountryStandardizerTest {

    private static final Standardizer S = Standardizers.byName("country").orElseThrow();

    /** Columns: input ¦ defaultCountry ¦ value ¦ key ¦ verdict ¦ attributes (k=v;k=v). */
    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource(delimiterString = "¦", quoteCharacter = '"', textBlock = """
            "US" ¦  ¦ "US" ¦ "US" ¦ VALID ¦ "name=United States"
            "usa" ¦  ¦ "US" ¦ "US" ¦ FIXED ¦ "name=United States"
            "U.S.A." ¦  ¦ "US" ¦ "US" ¦ FIXED ¦ "name=United States"
            "United States of America" ¦  ¦ "US" ¦ "US" ¦ FIXED ¦ "name=United States"
            "uk" ¦  ¦ "GB" ¦ "GB" ¦ FIXED ¦ "name=United Kingdom"
            "England" ¦  ¦ "GB" ¦ "GB" ¦ FIXED ¦ "name=United Kingdom"
            "Deutschland" ¦  ¦ "DE" ¦ "DE" ¦ FIXED ¦ "name=Germany"
            "allemagne" ¦  ¦ "DE" ¦ "DE" ¦ FIXED ¦ "name=Germany"
            "España" ¦  ¦ "ES" ¦ "ES" ¦ FIXED ¦ "name=Spain"
            "espana" ¦  ¦ "ES" ¦ "ES" ¦ FIXED ¦ "name=Spain"
            "Brasil" ¦  ¦ "BR" ¦ "BR" ¦ FIXED ¦ "name=Brazil"
            "Nederland" ¦  ¦ "NL" ¦ "NL" ¦ FIXED ¦ "name=Netherlands"
            "The Netherlands" ¦  ¦ "NL" ¦ "NL" ¦ FIXED ¦ "name=Netherlands"
            "Holland" ¦  ¦ "NL" ¦ "NL" ¦ FIXED ¦ "name=Netherlands"
            "Schweiz" ¦  ¦ "CH" ¦ "CH" ¦ FIXED ¦ "name=Switzerland"
            "Suisse" ¦  ¦ "CH" ¦ "CH" ¦ FIXED ¦ "name=Switzerland"
            "Österreich" ¦  ¦ "AT" ¦ "AT" ¦ FIXED ¦ "name=Austria"
            "Italia" ¦  ¦ "IT" ¦ "IT" ¦ FIXED ¦ "name=Italy"
            "México" ¦  ¦ "MX" ¦ "MX" ¦ FIXED ¦ "name=Mexico"
            "Россия" ¦  ¦ "RU" ¦ "RU" ¦ FIXED ¦ "name=Russia"
            "South Korea" ¦  ¦ "KR" ¦ "KR" ¦ FIXED ¦ "name=South Korea"
            "Korea, Republic of" ¦  ¦ "KR" ¦ "KR" ¦ FIXED ¦ "name=South Korea"
            "Czechia" ¦  ¦ "CZ" ¦ "CZ" ¦ FIXED ¦ "name=Czechia"
            "Czech Republic" ¦  ¦ "CZ" ¦ "CZ" ¦ FIXED ¦ "name=Czechia"
            "Türkiye" ¦  ¦ "TR" ¦ "TR" ¦ FIXED ¦ "name=Turkey"
            "Ivory Coast" ¦  ¦ "CI" ¦ "CI" ¦ FIXED ¦ "name=Côte d’Ivoire"
            "UAE" ¦  ¦ "AE" ¦ "AE" ¦ FIXED ¦ "name=United Arab Emirates"
            "DEU" ¦  ¦ "DE" ¦ "DE" ¦ FIXED ¦ "name=Germany"
            "fra" ¦  ¦ "FR" ¦ "FR" ¦ FIXED ¦ "name=France"
            "Narnia" ¦  ¦  ¦  ¦ INVALID ¦ ""
            "gb" ¦  ¦ "GB" ¦ "GB" ¦ VALID ¦ "name=United Kingdom"
            "Germany" ¦  ¦ "DE" ¦ "DE" ¦ FIXED ¦ "name=Germany"
            "japan" ¦  ¦ "JP" ¦ "JP" ¦ FIXED ¦ "name=Japan"
            "CA" ¦  ¦ "CA" ¦ "CA" ¦ VALID ¦ "name=Canada"
            "India" ¦  ¦ "IN" ¦ "IN" ¦ FIXED ¦ "name=India"
            """)
    void table(String input, String ctx, String value, String key, Verdict verdict, String attrs) {
        Expect.row(S, input, ctx, value, key, verdict, attrs);
    }

    @Test
    void toCodeHelper() {
        assertThat(CountryStandardizer.toCode("  the united kingdom ")).isEqualTo("GB");
        assertThat(CountryStandardizer.toCode("Côte d'Ivoire")).isEqualTo("CI");
        assertThat(CountryStandardizer.toCode("Atlantis")).isNull();
        assertThat(CountryStandardizer.toCode(null)).isNull();
    }
}
