package io.middlemile.sandbox.enrichment;

import java.util.Map;
import java.util.Set;

/**
 * A person of the emulated world, with what each emulated vendor knows of them.
 *
 * @param knownBy per vendor type ({@code crustdata}, {@code fullenrich}, {@code apollo}), the values it finds
 *                for this person, by the world's column names ({@code workEmail}, {@code mobilePhone}, {@code title},
 *                {@code seniority}); a vendor not listed does not know the person at all
 */
public record WorldPerson(String linkedinUrl, String firstName, String lastName, String companyDomain, String companyName,
                          String workEmail, String emailStatus, String mobilePhone, String title, String seniority,
                          Map<String, Set<String>> knownBy) {

    public WorldPerson {
        knownBy = Map.copyOf(knownBy);
    }

    /** The values {@code vendor} finds for this person; empty when it does not know them. */
    public Set<String> knownTo(String vendor) {
        return knownBy.getOrDefault(vendor, Set.of());
    }

    /** The value of one of the world's columns, or null. */
    public String value(String column) {
        return switch (column) {
            case "workEmail" -> workEmail;
            case "emailStatus" -> emailStatus;
            case "mobilePhone" -> mobilePhone;
            case "title" -> title;
            case "seniority" -> seniority;
            case "linkedinUrl" -> linkedinUrl;
            default -> throw new IllegalArgumentException("the enrichment world has no person column " + column);
        };
    }
}
