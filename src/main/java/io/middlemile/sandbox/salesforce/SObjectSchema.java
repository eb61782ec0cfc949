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
    /** Text fields' maximum length in characters (describe's {@code length}); a longer value is STRING_TOO_LONG. */
    private final Map<String, Integer> lengths = new LinkedHashMap<>();
    /** Field labels, which Salesforce's field errors name ("Last Name: data value too large: ..."). */
    private final Map<String, String> labels = new LinkedHashMap<>();
    /**
     * Reference fields' target objects (AccountId: Account), whose records the value must name; more than one for a
     * polymorphic field (a Lead's OwnerId: a queue or a user).
     */
    private final Map<String, List<String>> referenceTo = new LinkedHashMap<>();
    /** Fields of describe type email, whose values must be addresses Salesforce accepts. */
    private final Set<String> emails = new LinkedHashSet<>();

    SObjectSchema(String name, String keyPrefix, boolean mergeable, List<String> required, List<Field> fields) {
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
        labels.put("Id", name + " ID");
        labels.put("IsDeleted", "Deleted");
        labels.put("MasterRecordId", "Master Record ID");
        labels.put("CreatedDate", "Created Date");
        labels.put("LastModifiedDate", "Last Modified Date");
        labels.put("SystemModstamp", "System Modstamp");
        for (Field field : fields) {
            this.fields.put(field.name(), field.type());
            labels.put(field.name(), field.label());
            if (field.length() != null) {
                lengths.put(field.name(), field.length());
            }
            if (!field.referenceTo().isEmpty()) {
                referenceTo.put(field.name(), field.referenceTo());
            }
            if (field.email()) {
                emails.add(field.name());
            }
        }
        this.required.addAll(required);
    }

    /**
     * One field as describe reports it: type, {@code length} of a text field (null otherwise), {@code label},
     * the objects a reference field points to (describe's {@code referenceTo}; none for other fields), and whether it is
     * of type email.
     */
    record Field(String name, SfFieldType type, Integer length, String label, List<String> referenceTo, boolean email) {
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

    /** The maximum length in characters of a text field, or null (not text, or not declared). */
    public synchronized Integer length(String field) {
        String name = canonical(field);
        return name == null ? null : lengths.get(name);
    }

    /** The field's label, as Salesforce's field errors name it. */
    public synchronized String label(String field) {
        String name = canonical(field);
        return name == null ? field : labels.getOrDefault(name, name);
    }

    /** The objects a reference field's values may name a record of; empty when it is no reference, or of any object. */
    public synchronized List<String> referenceTo(String field) {
        String name = canonical(field);
        return name == null ? List.of() : referenceTo.getOrDefault(name, List.of());
    }

    /** Whether the field is of describe type email (values must be well-formed addresses). */
    public synchronized boolean email(String field) {
        String name = canonical(field);
        return name != null && emails.contains(name);
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
        // A custom text field's length is chosen in Setup (255 at most for Text); 255 stands in for it.
        if (type == SfFieldType.STRING) {
            lengths.put(field, 255);
        }
        labels.put(field, field.substring(0, field.length() - 3).replace('_', ' '));
        if (externalId) {
            externalIds.add(field);
        }
    }

    /**
     * The standard objects the connector files use, with the fields of the bundled salesforce.yaml: their
     * describe type, length and label as the Salesforce field reference gives them
     * (https://developer.salesforce.com/docs/platform/field-reference/references/field-reference/salesforce-field-reference-contact.html,
     * ...-lead.html, ...-account.html, ...-opportunity.html, ...-user.html). Describe types the emulator does not tell apart
     * are kept as string with their length: email, phone and url fields, textarea (the street fields, 255) and picklists
     * (255 in current API versions; their values are not checked).
     */
    static Map<String, SObjectSchema> standard() {
        Map<String, SObjectSchema> schemas = new LinkedHashMap<>();
        schemas.put("Lead", new SObjectSchema("Lead", "00Q", true, List.of("LastName", "Company"), List.of(
                text("FirstName", 40, "First Name"), text("LastName", 80, "Last Name"), emailField("Email"), text("Phone", 40, "Phone"),
                text("MobilePhone", 40, "Mobile Phone"), text("Company", 255, "Company"), text("Website", 255, "Website"),
                text("Title", 128, "Title"), text("Street", 255, "Street"), text("City", 40, "City"), text("State", 80, "State/Province"),
                text("PostalCode", 20, "Zip/Postal Code"), text("Country", 80, "Country"), text("Status", 255, "Status"),
                text("LeadSource", 255, "Lead Source"), text("Industry", 255, "Industry"),
                other("NumberOfEmployees", SfFieldType.INT, "Employees"), other("AnnualRevenue", SfFieldType.DOUBLE, "Annual Revenue"),
                new Field("OwnerId", SfFieldType.REFERENCE, null, "Owner ID", List.of("Group", "User"), false))));
        schemas.put("Contact", new SObjectSchema("Contact", "003", true, List.of("LastName"), List.of(
                text("FirstName", 40, "First Name"), text("LastName", 80, "Last Name"), emailField("Email"),
                text("Phone", 40, "Business Phone"), text("MobilePhone", 40, "Mobile Phone"), text("Title", 128, "Title"),
                text("Department", 80, "Department"), text("MailingStreet", 255, "Mailing Street"), text("MailingCity", 40, "Mailing City"),
                text("MailingState", 80, "Mailing State/Province"), text("MailingPostalCode", 20, "Mailing Zip/Postal Code"),
                text("MailingCountry", 80, "Mailing Country"), text("LeadSource", 255, "Lead Source"),
                reference("AccountId", "Account", "Account ID"), owner())));
        schemas.put("Account", new SObjectSchema("Account", "001", true, List.of("Name"), List.of(
                text("Name", 255, "Account Name"), text("Website", 255, "Website"), text("Phone", 40, "Account Phone"),
                text("Industry", 255, "Industry"), other("NumberOfEmployees", SfFieldType.INT, "Employees"),
                other("AnnualRevenue", SfFieldType.DOUBLE, "Annual Revenue"), text("BillingStreet", 255, "Billing Street"),
                text("BillingCity", 40, "Billing City"), text("BillingState", 80, "Billing State/Province"),
                text("BillingPostalCode", 20, "Billing Zip/Postal Code"), text("BillingCountry", 80, "Billing Country"), owner())));
        schemas.put("Opportunity", new SObjectSchema("Opportunity", "006", false, List.of("Name", "StageName", "CloseDate"), List.of(
                text("Name", 120, "Name"), other("Amount", SfFieldType.DOUBLE, "Amount"), text("StageName", 255, "Stage"),
                other("CloseDate", SfFieldType.DATE, "Close Date"), other("Probability", SfFieldType.DOUBLE, "Probability (%)"),
                reference("AccountId", "Account", "Account ID"), owner())));
        // A User's Name is FirstName and LastName, computed by Salesforce (SalesforceEmulator.seedUser fills it in);
        // users are deactivated (IsActive = false), never deleted.
        schemas.put("User", new SObjectSchema("User", "005", false, List.of("LastName", "Email"), List.of(
                text("FirstName", 40, "First Name"), text("LastName", 80, "Last Name"), text("Name", 121, "Full Name"),
                new Field("Email", SfFieldType.STRING, 128, "Email", List.of(), true), text("Username", 80, "Username"),
                other("IsActive", SfFieldType.BOOLEAN, "Active"))));
        // A queue is a Group of Type Queue; the objects its records may be of are its QueueSobject rows (Setup's
        // "Supported Objects"). https://developer.salesforce.com/docs/platform/object-reference/references/standard-objects/object-queuesobject.html
        schemas.put("Group", new SObjectSchema("Group", "00G", false, List.of("Name", "Type"), List.of(
                text("Name", 40, "Name"), text("DeveloperName", 80, "Developer Name"), text("Type", 40, "Type"),
                new Field("Email", SfFieldType.STRING, 80, "Email", List.of(), true))));
        schemas.put("QueueSobject", new SObjectSchema("QueueSobject", "03g", false, List.of("QueueId", "SobjectType"), List.of(
                reference("QueueId", "Group", "Group ID"), text("SobjectType", 40, "sObject Type"))));
        return schemas;
    }

    private static Field text(String name, int length, String label) {
        return new Field(name, SfFieldType.STRING, length, label, List.of(), false);
    }

    /** Lead and Contact Email: type email, 80 characters. */
    private static Field emailField(String name) {
        return new Field(name, SfFieldType.STRING, 80, "Email", List.of(), true);
    }

    private static Field reference(String name, String target, String label) {
        return new Field(name, SfFieldType.REFERENCE, null, label, List.of(target), false);
    }

    /**
     * OwnerId, "Owner ID" of an object no queue may own (Contact, Account, Opportunity): a reference to a User, so a write
     * naming no user of the org is refused as Salesforce refuses it (INVALID_CROSS_REFERENCE_KEY; FIELD_INTEGRITY_EXCEPTION
     * "Owner ID: id value of incorrect type" for another object's Id, a queue's among them). A Lead's takes a queue too.
     */
    private static Field owner() {
        return reference("OwnerId", "User", "Owner ID");
    }

    private static Field other(String name, SfFieldType type, String label) {
        return new Field(name, type, null, label, List.of(), false);
    }
}
