package io.middlemile.standardize;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class JobTitleStandardizerTest {

    private static final Standardizer S = Standardizers.byName("job-title").orElseThrow();

    /** Columns: input ¦ defaultCountry ¦ value ¦ key ¦ verdict ¦ attributes (k=v;k=v). */
    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource(delimiterString = "¦", quoteCharacter = '"', textBlock = """
            "Sr. Director of Sales Ops" ¦  ¦ "Sr. Director of Sales Ops" ¦ "sr director of sales ops" ¦ VALID ¦ "department=sales;seniority=director"
            "VP, Engineering" ¦  ¦ "VP, Engineering" ¦ "vp engineering" ¦ VALID ¦ "department=engineering;seniority=vp"
            "Chief Revenue Officer" ¦  ¦ "Chief Revenue Officer" ¦ "chief revenue officer" ¦ VALID ¦ "department=sales;seniority=c-level"
            "CEO & Co-founder" ¦  ¦ "CEO & Co-founder" ¦ "ceo and co founder" ¦ VALID ¦ "department=executive;seniority=c-level"
            "Head of Growth" ¦  ¦ "Head of Growth" ¦ "head of growth" ¦ VALID ¦ "department=marketing;seniority=director"
            "SDR" ¦  ¦ "SDR" ¦ "sdr" ¦ VALID ¦ "department=sales;seniority=individual-contributor"
            "Account Executive" ¦  ¦ "Account Executive" ¦ "account executive" ¦ VALID ¦ "department=sales;seniority=individual-contributor"
            "Software Engineer II" ¦  ¦ "Software Engineer II" ¦ "software engineer ii" ¦ VALID ¦ "department=engineering;seniority=individual-contributor"
            "Directeur Commercial" ¦  ¦ "Directeur Commercial" ¦ "directeur commercial" ¦ VALID ¦ "department=sales;seniority=director"
            "Marketing Manager" ¦  ¦ "Marketing Manager" ¦ "marketing manager" ¦ VALID ¦ "department=marketing;seniority=manager"
            "Co-Founder" ¦  ¦ "Co-Founder" ¦ "co founder" ¦ VALID ¦ "department=executive;seniority=owner"
            "Owner" ¦  ¦ "Owner" ¦ "owner" ¦ VALID ¦ "department=executive;seniority=owner"
            "Product Owner" ¦  ¦ "Product Owner" ¦ "product owner" ¦ VALID ¦ "department=product;seniority=individual-contributor"
            "Executive Assistant to the CEO" ¦  ¦ "Executive Assistant to the CEO" ¦ "executive assistant to the ceo" ¦ VALID ¦ "department=executive;seniority=individual-contributor"
            "Chief Technology Officer" ¦  ¦ "Chief Technology Officer" ¦ "chief technology officer" ¦ VALID ¦ "department=engineering;seniority=c-level"
            "CFO" ¦  ¦ "CFO" ¦ "cfo" ¦ VALID ¦ "department=finance;seniority=c-level"
            "Summer Intern, Marketing" ¦  ¦ "Summer Intern, Marketing" ¦ "summer intern marketing" ¦ VALID ¦ "department=marketing;seniority=intern"
            "Customer Success Manager" ¦  ¦ "Customer Success Manager" ¦ "customer success manager" ¦ VALID ¦ "department=customer-success;seniority=manager"
            "General Counsel" ¦  ¦ "General Counsel" ¦ "general counsel" ¦ VALID ¦ "department=legal;seniority=individual-contributor"
            "HR Business Partner" ¦  ¦ "HR Business Partner" ¦ "hr business partner" ¦ VALID ¦ "department=hr;seniority=individual-contributor"
            "IT Manager" ¦  ¦ "IT Manager" ¦ "it manager" ¦ VALID ¦ "department=it;seniority=manager"
            "  Senior   Data Scientist " ¦  ¦ "Senior Data Scientist" ¦ "senior data scientist" ¦ VALID ¦ "department=data;seniority=individual-contributor"
            "President" ¦  ¦ "President" ¦ "president" ¦ VALID ¦ "department=executive;seniority=c-level"
            "Vice President of Sales" ¦  ¦ "Vice President of Sales" ¦ "vp of sales" ¦ VALID ¦ "department=sales;seniority=vp"
            "Managing Director" ¦  ¦ "Managing Director" ¦ "managing director" ¦ VALID ¦ "department=executive;seniority=c-level"
            "Geschäftsführer" ¦  ¦ "Geschäftsführer" ¦ "geschaftsfuhrer" ¦ VALID ¦ "department=executive;seniority=c-level"
            "Team Lead, Support" ¦  ¦ "Team Lead, Support" ¦ "team lead support" ¦ VALID ¦ "department=customer-success;seniority=manager"
            "Controller" ¦  ¦ "Controller" ¦ "controller" ¦ VALID ¦ "department=finance"
            "Recruiter" ¦  ¦ "Recruiter" ¦ "recruiter" ¦ VALID ¦ "department=hr;seniority=individual-contributor"
            "Head of People" ¦  ¦ "Head of People" ¦ "head of people" ¦ VALID ¦ "department=hr;seniority=director"
            "Astronaut" ¦  ¦ "Astronaut" ¦ "astronaut" ¦ VALID ¦ ""
            "12345" ¦  ¦  ¦  ¦ INVALID ¦ ""
            """)
    void table(String input, String ctx, String value, String key, Verdict verdict, String attrs) {
        Expect.row(S, input, ctx, value, key, verdict, attrs);
    }

    @Test
    void staticHelpers() {
        assertThat(JobTitleStandardizer.seniority("EVP Global Sales")).isEqualTo("vp");
        assertThat(JobTitleStandardizer.department("EVP Global Sales")).isEqualTo("sales");
        assertThat(JobTitleStandardizer.seniority("Senior Software Engineer")).isEqualTo("individual-contributor");
        assertThat(JobTitleStandardizer.seniority(null)).isNull();
    }
}
