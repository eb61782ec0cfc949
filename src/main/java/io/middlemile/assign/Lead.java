package io.middlemile.assign;

import io.middlemile.model.CanonicalRecord;

import java.util.Objects;

/**
 * What the rules see of a lead: the person and, when known, their company (an associated or enriched
 * company record). A canonical person has no industry or employee count, so a field the person lacks is
 * read from the company; where both have it (country, region) the person's value wins.
 *
 * @param person  the lead, a canonical person
 * @param company the lead's company, or null
 */
public record Lead(CanonicalRecord person, CanonicalRecord company) {

    public Lead {
        Objects.requireNonNull(person, "person");
    }

    public static Lead of(CanonicalRecord person) {
        return new Lead(person, null);
    }

    /** The field's value as text, person first, then company; null when neither has a non-blank value. */
    public String value(String field) {
        String own = text(person, field);
        return own != null || company == null ? own : text(company, field);
    }

    /** The company's web domain as the lead states it: the person's companyDomain, else the company's domain. */
    public String companyDomain() {
        String own = text(person, "companyDomain");
        return own != null || company == null ? own : text(company, "domain");
    }

    /** The company name as the lead states it: the person's companyName, else the company's name. */
    public String companyName() {
        String own = text(person, "companyName");
        return own != null || company == null ? own : text(company, "name");
    }

    /**
     * The owner the lead already has, as its source gives it: its CRM owner id ({@code ownerId}, what a CRM record holds),
     * else its owner's email; null when it has none. A lead with an owner keeps it (in a job's hub-assign step and for an
     * agent's assign_owner alike): it is not assigned again.
     */
    public String currentOwner() {
        String id = text(person, "ownerId");
        return id != null ? id : text(person, "ownerEmail");
    }

    private static String text(CanonicalRecord record, String field) {
        String value = record.string(field);
        return value == null || value.isBlank() ? null : value;
    }
}
