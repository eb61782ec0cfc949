package io.middlemile.sandbox.enrichment;

import java.util.Set;

/**
 * A company of the emulated world.
 *
 * @param knownBy the vendor types that find this company's firmographics
 */
public record WorldCompany(String domain, String name, String linkedinUrl, Integer employeeCount, String industry,
                           Long annualRevenue, String country, Set<String> knownBy) {

    public WorldCompany {
        knownBy = Set.copyOf(knownBy);
    }
}
