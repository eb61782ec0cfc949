package io.middlemile.sandbox.salesforce;

import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Fields of one sObject type: their types, which ones a create must set, which are external ids,
 * and which are system fields no API write may set.
 */
public final class SObjectSchema {

    static final Set<String> SYSTEM_FIELDS = Set.of("Id", "IsDeleted", "MasterRecordId", "CreatedDate", "LastModifiedDate",
            "SystemModstamp");

    private final String name;
    private final String keyPrefix;
    private final boolean mergeable;
    private final Map<String, SfFieldType> fields = new LinkedHashMap<>();
    private final Set<String> required = new LinkedHashSet<>();
    private final Set<String> externalIds = new LinkedHashSet<>();

    SObjectSchema(String name, String keyPrefix, boolean mergeable, List<String> required, Map<String, SfFieldType> fields) {
        this.name = name;
        this.keyPrefix = keyPrefix;
        this.mergeable = mergeable;
        this.fields.put("Id", SfFieldType.ID);
        this.fields.put("IsDeleted", SfFieldType.BOOLEAN);
        if (mergeable) {
            this.fields.put("MasterRecordId", SfFieldType.REFERENCE);
        }
        this.fields.put("CreatedDate", SfFieldType.DATETIME);
        this.fields.put("LastModifiedDate", SfFieldType.DATETIME);
        this.fields.put("SystemModstamp", SfFieldType.DATETIME);
        this.fields.putAll(fields);
        this.required.addAll(required);
    }

    public String name() {
        return name;
    }

    public String keyPrefix() {
        return keyPrefix;
    }

    public boolean mergeable() {
        return mergeable;
    }

    public synchronized Map<String, SfFieldType> fields() {
        return Map.copyOf(fields);
    }

    public synchronized List<String> fieldNames() {
        return List.copyOf(fields.keySet());
    }

    /** The field's name as declared (SOQL and the REST API match field names case-insensitively). */
    public synchronized String canonical(String field) {
        for (String name : fields.keySet()) {
            if (name.equalsIgnoreCase(field)) {
                return name;
            }
        }
        return null;
    }

    public synchronized SfFieldType type(String field) {
        String name = canonical(field);
        return name == null ? null : fields.get(name);
    }

    public Set<String> required() {
        return Set.copyOf(required);
    }

    public synchronized boolean externalId(String field) {
        String name = canonical(field);
        return name != null && externalIds.contains(name);
    }

    public boolean system(String field) {
        return SYSTEM_FIELDS.stream().anyMatch(f -> f.equalsIgnoreCase(field));
    }

    /** Adds a custom field ({@code Name__c}), optionally marked as an external id (unique, upsertable). */
    public synchronized void addCustomField(String field, SfFieldType type, boolean externalId) {
        if (!field.endsWith("__c")) {
            throw new IllegalArgumentException("Custom field names end with __c, got " + field);
        }
        fields.put(field, type);
        if (externalId) {
            externalIds.add(field);
        }
    }

    /** The standard objects the connector files use, with the fields of the bundled salesforce.yaml. */
    static Map<String, SObjectSchema> standard() {
        Map<String, SObjectSchema> schemas = new LinkedHashMap<>();
        schemas.put("Lead", new SObjectSchema("Lead", "00Q", true, List.of("LastName", "Company"), strings(
                "FirstName", "LastName", "Email", "Phone", "MobilePhone", "Company", "Website", "Title", "Street", "City", "State",
                "PostalCode", "Country", "Status", "LeadSource", "Industry", "NumberOfEmployees:INT", "AnnualRevenue:DOUBLE")));
        schemas.put("Contact", new SObjectSchema("Contact", "003", true, List.of("LastName"), strings(
                "FirstName", "LastName", "Email", "Phone", "MobilePhone", "Title", "Department", "MailingStreet", "MailingCity",
                "MailingState", "MailingPostalCode", "MailingCountry", "LeadSource", "AccountId:REFERENCE")));
        schemas.put("Account", new SObjectSchema("Account", "001", true, List.of("Name"), strings(
                "Name", "Website", "Phone", "Industry", "NumberOfEmployees:INT", "AnnualRevenue:DOUBLE", "BillingStreet",
                "BillingCity", "BillingState", "BillingPostalCode", "BillingCountry")));
        schemas.put("Opportunity", new SObjectSchema("Opportunity", "006", false, List.of("Name", "StageName", "CloseDate"), strings(
                "Name", "Amount:DOUBLE", "StageName", "CloseDate:DATE", "Probability:DOUBLE", "AccountId:REFERENCE")));
        // A User's Name is FirstName and LastName, computed by Salesforce (SalesforceEmulator.seedUser fills it in);
        // users are deactivated (IsActive = false), never deleted.
        schemas.put("User", new SObjectSchema("User", "005", false, List.of("LastName", "Email"), strings(
                "FirstName", "LastName", "Name", "Email", "Username", "IsActive:BOOLEAN")));
        return schemas;
    }

    private static Map<String, SfFieldType> strings(String... specs) {
        Map<String, SfFieldType> map = new LinkedHashMap<>();
        for (String spec : specs) {
            String[] parts = spec.split(":");
            map.put(parts[0], parts.length > 1 ? SfFieldType.valueOf(parts[1]) : SfFieldType.STRING);
        }
        return map;
    }
}
