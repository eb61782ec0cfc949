package io.middlemile.assign;

import java.util.List;
import java.util.Locale;

/**
 * A territory: whole countries (ISO 3166-1 alpha-2, as the country standardizer writes them) and single
 * regions (ISO 3166-2, "US-CA", as the region standardizer writes them). A lead is in the territory when
 * its country is one of the countries or its region one of the regions, so "DACH plus US-NY" is one list.
 */
public record Territory(List<String> countries, List<String> regions) implements RuleCondition {

    public Territory {
        countries = upper(countries);
        regions = upper(regions);
        if (countries.isEmpty() && regions.isEmpty()) {
            throw new IllegalArgumentException("a territory needs at least one country or region");
        }
    }

    public static Territory countries(String... countries) {
        return new Territory(List.of(countries), List.of());
    }

    public static Territory regions(String... regions) {
        return new Territory(List.of(), List.of(regions));
    }

    @Override
    public String whyNot(Lead lead) {
        String country = upperOrNull(lead.value("country"));
        String region = upperOrNull(lead.value("region"));
        if ((country != null && countries.contains(country)) || (region != null && regions.contains(region))) {
            return null;
        }
        StringBuilder why = new StringBuilder();
        if (!countries.isEmpty()) {
            why.append(country == null ? "country is empty" : "country " + country + " is not in " + countries);
        }
        if (!regions.isEmpty()) {
            why.append(why.isEmpty() ? "" : " and ")
                    .append(region == null ? "region is empty" : "region " + region + " is not in " + regions);
        }
        return why.toString();
    }

    private static String upperOrNull(String value) {
        return value == null ? null : value.strip().toUpperCase(Locale.ROOT);
    }

    private static List<String> upper(List<String> codes) {
        return codes == null ? List.of() : codes.stream().map(code -> code.strip().toUpperCase(Locale.ROOT)).toList();
    }
}
