package io.middlemile.quality;

import io.middlemile.standardize.StandardizeContext;
import io.middlemile.standardize.Standardized;
import io.middlemile.standardize.Standardizer;
import io.middlemile.standardize.Standardizers;

import java.time.Instant;
import java.util.function.Consumer;

/**
 * A value its standardizer would change or refuses: a phone not in E.164, a country name instead of its
 * ISO code, a name in capitals, an invalid email. A value it would change is fixable: the finding carries
 * the standardized value, which the clean-up job writes back.
 *
 * @param countryField the field whose value tells the standardizer the record's country (national phone
 *                     numbers), or null
 */
public record Conformance(String name, Severity severity, String object, String field, Standardizer standardizer,
                          String countryField) implements HygieneRule {

    private static final Standardizer COUNTRY = Standardizers.byName("country").orElseThrow();

    @Override
    public void check(Inspected record, Instant now, Consumer<Finding> findings) {
        String current = record.text(field);
        if (current == null) {
            return;
        }
        Standardized result = standardizer.apply(current, StandardizeContext.of(country(record)));
        switch (result.verdict()) {
            case INVALID -> findings.accept(finding(record, field, current, null, field + " \"" + current + "\" is not valid: "
                    + result.reason()));
            case FIXED, VALID -> {
                if (result.value() != null && !result.value().equals(current)) {
                    findings.accept(finding(record, field, current, result.value(), field + " \"" + current + "\" should read \""
                            + result.value() + "\"" + (result.reason() == null ? "" : " (" + result.reason() + ")")));
                }
            }
            case EMPTY -> {
            }
        }
    }

    /** The record's country as an ISO code, however the field writes it ("USA", "Deutschland"), or null. */
    private String country(Inspected record) {
        String country = countryField == null ? null : record.text(countryField);
        if (country == null || country.length() == 2) {
            return country;
        }
        Standardized iso = COUNTRY.apply(country, StandardizeContext.NONE);
        return iso.usable() ? iso.value() : null;
    }
}
