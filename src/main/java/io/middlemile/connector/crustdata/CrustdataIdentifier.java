package io.middlemile.connector.crustdata;

/**
 * The identifier kinds Crustdata's enrich endpoints take. A call carries exactly one kind (two kinds, or none,
 * is a 400), so a submission is split by kind.
 * Doc: https://docs.crustdata.com/person-docs/enrichment/introduction and
 * https://docs.crustdata.com/company-docs/enrichment/introduction
 */
public enum CrustdataIdentifier {
    PERSON_PROFILE_URLS("professional_network_profile_urls"),
    BUSINESS_EMAILS("business_emails"),
    COMPANY_DOMAINS("domains"),
    COMPANY_PROFILE_URLS("professional_network_profile_urls"),
    COMPANY_NAMES("names");

    private final String bodyField;

    CrustdataIdentifier(String bodyField) {
        this.bodyField = bodyField;
    }

    /** The request body's array that carries identifiers of this kind. */
    public String bodyField() {
        return bodyField;
    }
}
