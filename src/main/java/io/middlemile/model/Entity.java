package io.middlemile.model;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The canonical entities every connector maps to and from. The field lists below are the contract
 * mappings are checked against: a mapping naming a canonical field that is not listed here is a
 * validation error. Names are lowerCamelCase and provider-neutral.
 */
public enum Entity {
    PERSON("person", List.of(
            f("email", FieldType.EMAIL, "primary email address"),
            f("emailKey", FieldType.STRING, "match key for the email (lowercased, provider-specific aliases removed)"),
            f("secondaryEmails", FieldType.STRING_LIST, "other known email addresses"),
            f("firstName", FieldType.STRING, "given name"),
            f("middleName", FieldType.STRING, "middle names or initials"),
            f("lastName", FieldType.STRING, "family name"),
            f("fullName", FieldType.STRING, "full display name"),
            f("nameSuffix", FieldType.STRING, "Jr., III, PhD and similar"),
            f("nickname", FieldType.STRING, "the name the person goes by, e.g. Ben for Benjamin"),
            f("phone", FieldType.PHONE, "main phone in E.164"),
            f("mobilePhone", FieldType.PHONE, "mobile phone in E.164"),
            f("phoneExtension", FieldType.STRING, "extension of the main phone"),
            f("title", FieldType.STRING, "job title as written"),
            f("seniority", FieldType.STRING, "c-level, vp, director, manager, individual-contributor, ..."),
            f("department", FieldType.STRING, "sales, marketing, engineering, ..."),
            f("companyName", FieldType.STRING, "employer name as written"),
            f("companyDomain", FieldType.DOMAIN, "employer web domain"),
            f("company", FieldType.REFERENCE, "the employer's company record (HubSpot primary company, Salesforce AccountId)"),
            f("linkedinUrl", FieldType.URL, "canonical LinkedIn profile URL"),
            f("street", FieldType.STRING, "street address"),
            f("streetNumber", FieldType.STRING, "house number, when the source keeps it apart from the street"),
            f("addressLine2", FieldType.STRING, "second address line: building, unit, locality"),
            f("city", FieldType.STRING, "city"),
            f("region", FieldType.STRING, "state or region, ISO 3166-2 where known"),
            f("postalCode", FieldType.STRING, "postal code"),
            f("country", FieldType.COUNTRY, "ISO 3166-1 alpha-2 country code"),
            f("birthDate", FieldType.DATE, "date of birth"),
            f("nationalId", FieldType.STRING, "national identifier such as a social security or tax number"),
            f("lifecycleStage", FieldType.STRING, "subscriber, lead, mql, sql, opportunity, customer, ..."),
            f("leadStatus", FieldType.STRING, "status of the lead in the sales process"),
            f("leadSource", FieldType.STRING, "where the person came from"),
            f("emailOptOut", FieldType.BOOLEAN, "the person opted out of (unsubscribed from) email"),
            f("emailBounced", FieldType.BOOLEAN, "email to the person's address bounced"),
            f("openDeals", FieldType.NUMBER, "how many open deals the person is on"),
            f("ownerEmail", FieldType.EMAIL, "email of the owning user"),
            f("ownerId", FieldType.STRING, "the owning user's id in the record's CRM, as hubspot_owner_id (HubSpot owner"
                    + " id) or OwnerId (Salesforce User or Queue id) holds it; one CRM's ids mean nothing in another"),
            f("outreachStatus", FieldType.STRING, "where outreach stands: enrolled, invited, replied, interested, not-interested,"
                    + " meeting-booked, out-of-office, connected, bounced, unsubscribed"),
            f("lastContactedAt", FieldType.TIMESTAMP, "when outreach last reached the person, on any channel"),
            f("createdAt", FieldType.TIMESTAMP, "when the source created the record"),
            f("updatedAt", FieldType.TIMESTAMP, "when the source last changed the record"))),

    COMPANY("company", List.of(
            f("name", FieldType.STRING, "company name as written"),
            f("nameKey", FieldType.STRING, "match key: legal suffixes and punctuation removed"),
            f("domain", FieldType.DOMAIN, "primary web domain"),
            f("website", FieldType.URL, "website URL"),
            f("phone", FieldType.PHONE, "main phone in E.164"),
            f("industry", FieldType.STRING, "industry"),
            f("employeeCount", FieldType.NUMBER, "number of employees"),
            f("annualRevenue", FieldType.MONEY, "annual revenue"),
            f("linkedinUrl", FieldType.URL, "canonical LinkedIn company URL"),
            f("street", FieldType.STRING, "street address"),
            f("city", FieldType.STRING, "city"),
            f("region", FieldType.STRING, "state or region, ISO 3166-2 where known"),
            f("postalCode", FieldType.STRING, "postal code"),
            f("country", FieldType.COUNTRY, "ISO 3166-1 alpha-2 country code"),
            f("ownerEmail", FieldType.EMAIL, "email of the owning user"),
            f("ownerId", FieldType.STRING, "the owning user's id in the record's CRM, as hubspot_owner_id (HubSpot owner"
                    + " id) or OwnerId (Salesforce User or Queue id) holds it; one CRM's ids mean nothing in another"),
            f("createdAt", FieldType.TIMESTAMP, "when the source created the record"),
            f("updatedAt", FieldType.TIMESTAMP, "when the source last changed the record"))),

    DEAL("deal", List.of(
            f("name", FieldType.STRING, "deal or opportunity name"),
            f("amount", FieldType.MONEY, "deal amount"),
            f("currency", FieldType.STRING, "ISO 4217 currency code"),
            f("stage", FieldType.STRING, "pipeline stage"),
            f("pipeline", FieldType.STRING, "pipeline name"),
            f("closeDate", FieldType.DATE, "expected or actual close date"),
            f("probability", FieldType.NUMBER, "win probability 0..100"),
            f("companyName", FieldType.STRING, "account or company name"),
            f("company", FieldType.REFERENCE, "the company record of the deal (HubSpot associated company, Salesforce AccountId)"),
            f("ownerEmail", FieldType.EMAIL, "email of the owning user"),
            f("ownerId", FieldType.STRING, "the owning user's id in the record's CRM, as hubspot_owner_id (HubSpot owner"
                    + " id) or OwnerId (Salesforce User or Queue id) holds it; one CRM's ids mean nothing in another"),
            f("createdAt", FieldType.TIMESTAMP, "when the source created the record"),
            f("updatedAt", FieldType.TIMESTAMP, "when the source last changed the record"))),

    ACTIVITY("activity", List.of(
            f("type", FieldType.STRING, "email, call, meeting, note, task, linkedin-message, ..."),
            f("subject", FieldType.STRING, "subject or title"),
            f("body", FieldType.STRING, "text of the activity"),
            f("direction", FieldType.STRING, "inbound or outbound"),
            f("occurredAt", FieldType.TIMESTAMP, "when it happened"),
            f("personEmail", FieldType.EMAIL, "the person it involved"),
            f("personLinkedinUrl", FieldType.URL, "the LinkedIn profile of the person it involved"),
            f("channel", FieldType.STRING, "email or linkedin, for outreach events"),
            f("campaign", FieldType.STRING, "the campaign or sequence it belongs to"),
            // what the activity says about the person it involved: a write-back (hub-writeback) writes these to the person
            f("outreachStatus", FieldType.STRING, "the person's outreach status after it: replied, interested, not-interested,"
                    + " meeting-booked, out-of-office, connected, bounced, unsubscribed"),
            f("leadStatus", FieldType.STRING, "the person's lead status after it"),
            f("emailOptOut", FieldType.BOOLEAN, "the person opted out of email with it"),
            f("emailBounced", FieldType.BOOLEAN, "it was a bounce of the person's address"),
            f("ownerEmail", FieldType.EMAIL, "the user who did it"),
            f("createdAt", FieldType.TIMESTAMP, "when the source created the record"),
            f("updatedAt", FieldType.TIMESTAMP, "when the source last changed the record")));

    private final String id;
    private final Map<String, CanonicalField> fields;

    Entity(String id, List<CanonicalField> fields) {
        this.id = id;
        Map<String, CanonicalField> byName = new LinkedHashMap<>();
        fields.forEach(field -> byName.put(field.name(), field));
        this.fields = Map.copyOf(byName);
    }

    /** The name used in workspace files ({@code entity: person}). */
    public String id() {
        return id;
    }

    public Optional<CanonicalField> field(String name) {
        return Optional.ofNullable(fields.get(name));
    }

    public Map<String, CanonicalField> fields() {
        return fields;
    }

    public static Optional<Entity> byId(String id) {
        for (Entity entity : values()) {
            if (entity.id.equals(id)) {
                return Optional.of(entity);
            }
        }
        return Optional.empty();
    }

    private static CanonicalField f(String name, FieldType type, String description) {
        return new CanonicalField(name, type, description);
    }
}
