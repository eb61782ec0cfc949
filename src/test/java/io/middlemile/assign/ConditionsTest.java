package io.middlemile.assign;

import io.middlemile.assign.Segment.Range;
import io.middlemile.workspace.Condition;
import org.junit.jupiter.api.Test;

import java.util.List;

import static io.middlemile.assign.Leads.person;
import static io.middlemile.assign.Leads.withCompany;
import static org.assertj.core.api.Assertions.assertThat;

class ConditionsTest {

    @Test
    void territoryMatchesACountryOrARegionAndSaysWhichIsOutside() {
        Territory dachAndNewYork = new Territory(List.of("de", "AT", "CH"), List.of("US-NY"));

        assertThat(dachAndNewYork.whyNot(person("country", "AT"))).isNull();
        assertThat(dachAndNewYork.whyNot(person("country", "US", "region", "US-NY"))).isNull();
        assertThat(dachAndNewYork.whyNot(person("country", "US", "region", "US-CA")))
                .isEqualTo("country US is not in [DE, AT, CH] and region US-CA is not in [US-NY]");
        assertThat(Territory.countries("FR").whyNot(person("email", "a@b.fr"))).isEqualTo("country is empty");
    }

    @Test
    void territoryFallsBackToTheCompanysCountry() {
        Lead lead = withCompany(person("email", "a@acme.de"), "country", "DE");

        assertThat(Territory.countries("DE").whyNot(lead)).isNull();
    }

    @Test
    void segmentChecksEmployeeAndRevenueBandsInclusiveAndIndustry() {
        Segment midMarketSoftware = new Segment(Range.between(200, 999), Range.atLeast(10_000_000), List.of("Software", "SaaS"));
        Lead lead = withCompany(person("email", "a@acme.com"), "employeeCount", "200", "annualRevenue", "12,500,000", "industry", "saas");

        assertThat(midMarketSoftware.whyNot(lead)).isNull();
        assertThat(midMarketSoftware.whyNot(withCompany(lead, "employeeCount", "1000")))
                .isEqualTo("employeeCount 1000 is above 999");
        assertThat(midMarketSoftware.whyNot(withCompany(lead, "employeeCount", "500", "annualRevenue", "900000")))
                .isEqualTo("annualRevenue 900000 is below 10000000");
        assertThat(midMarketSoftware.whyNot(withCompany(lead, "employeeCount", "500", "annualRevenue", "2e7", "industry", "Retail")))
                .isEqualTo("industry is \"Retail\", expected one of [Software, SaaS]");
        assertThat(midMarketSoftware.whyNot(person("email", "a@acme.com"))).isEqualTo("employeeCount is empty");
        assertThat(midMarketSoftware.whyNot(withCompany(lead, "employeeCount", "lots"))).isEqualTo("employeeCount \"lots\" is not a number");
    }

    @Test
    void fieldConditionsUseTheMappingsWhenOperators() {
        FieldCondition inbound = FieldCondition.of(new Condition("leadSource", null, List.of("Webinar", "Demo request"), null, null));
        FieldCondition executive = FieldCondition.of(new Condition("title", null, null, "(?i).*(chief|vp|head).*", null));
        FieldCondition hasPhone = FieldCondition.of(new Condition("phone", null, null, null, true));

        assertThat(inbound.whyNot(person("leadSource", "demo request"))).isNull();
        assertThat(inbound.whyNot(person("leadSource", "Cold list")))
                .isEqualTo("leadSource is \"Cold list\", expected one of [Webinar, Demo request]");
        assertThat(executive.whyNot(person("title", "VP Sales"))).isNull();
        assertThat(executive.whyNot(person("title", "Engineer")))
                .isEqualTo("title is \"Engineer\", expected a value matching /(?i).*(chief|vp|head).*/");
        assertThat(hasPhone.whyNot(person("title", "x"))).isEqualTo("phone is empty, expected a value");
    }
}
