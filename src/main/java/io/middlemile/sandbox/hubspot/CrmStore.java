package io.middlemile.sandbox.hubspot;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * The emulator's state: object types with their property definitions and records. Every write
 * stamps {@code createdate}, the type's last-modified property ({@code lastmodifieddate} for
 * contacts, {@code hs_lastmodifieddate} for the rest) and {@code hs_object_id} from the
 * {@link EmulatorClock}, in HubSpot's ISO-8601 millisecond format.
 *
 * <p>Thread-safe: all methods synchronize on the store.
 */
public final class CrmStore {

    static final DateTimeFormatter ISO_MILLIS = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'")
            .withZone(ZoneOffset.UTC);

    private final EmulatorClock clock;
    private final long portalId;
    private final AtomicLong ids = new AtomicLong(1000);
    private final Map<String, ObjectType> types = new LinkedHashMap<>();

    /** One object type: its properties and records. */
    static final class ObjectType {
        final String name;
        final String modifiedProperty;
        final String uniqueProperty;
        final List<String> defaultProperties;
        /** Properties a create must set (HubSpot answers 400 "Some required properties were not set" otherwise). */
        final Set<String> required = new LinkedHashSet<>();
        final Map<String, PropertyDefinition> properties = new LinkedHashMap<>();
        final TreeMap<Long, StoredRecord> records = new TreeMap<>();
        /** Unique value to record id; entries may be stale and are checked on lookup. */
        final Map<String, Long> uniqueIndex = new java.util.HashMap<>();
        /**
         * Every record (archived and merged ones too) in the search API's order for an ascending sort
         * on {@link #modifiedProperty}, so a search need not sort; see {@link ModifiedKey}. Kept in
         * step by {@link CrmStore#write}, the only place that sets the modified time.
         */
        final TreeMap<ModifiedKey, StoredRecord> byModified = new TreeMap<>();

        ObjectType(String name, String modifiedProperty, String uniqueProperty, List<String> defaultProperties) {
            this.name = name;
            this.modifiedProperty = modifiedProperty;
            this.uniqueProperty = uniqueProperty;
            this.defaultProperties = defaultProperties;
        }
    }

    CrmStore(EmulatorClock clock, long portalId) {
        this.clock = clock;
        this.portalId = portalId;
        ObjectType contacts = define("contacts", "lastmodifieddate", "email",
                List.of("createdate", "email", "firstname", "hs_object_id", "lastmodifieddate", "lastname"));
        contacts.properties.put("email", PropertyDefinition.unique("email", "Email"));
        // the addresses of contacts merged into this one (merge): HubSpot keeps them, so none can start a new contact
        contacts.properties.put(ADDITIONAL_EMAILS, PropertyDefinition.readOnly(ADDITIONAL_EMAILS, "Additional email addresses",
                "enumeration"));
        for (String[] p : new String[][]{{"firstname", "First Name"}, {"lastname", "Last Name"}, {"phone", "Phone Number"},
                {"mobilephone", "Mobile Phone Number"}, {"address", "Street Address"}, {"zip", "Postal Code"},
                {"company", "Company Name"}, {"website", "Website URL"}, {"jobtitle", "Job Title"}, {"country", "Country/Region"},
                {"city", "City"}, {"state", "State/Region"}, {"lifecyclestage", "Lifecycle Stage"}, {"hs_lead_status", "Lead Status"},
                {"hubspot_owner_id", "Contact owner"}}) {
            contacts.properties.put(p[0], PropertyDefinition.text(p[0], p[1]));
        }
        // a custom property for the LinkedIn profile (HubSpot has no standard one; an admin creates it), and HubSpot's
        // count of associated deals (calculated by HubSpot; seeded here)
        contacts.properties.put("linkedin_url", PropertyDefinition.custom("linkedin_url", "LinkedIn URL", "string"));
        contacts.properties.put("num_associated_deals", new PropertyDefinition("num_associated_deals", "Number of Associated Deals",
                "number", "number", true, false, false));
        // custom properties an admin creates for outreach results (mappings/hubspot-contacts.yaml), so the sample loop runs
        contacts.properties.put("outreach_status", PropertyDefinition.custom("outreach_status", "Outreach status", "string"));
        for (String[] p : new String[][]{{"outreach_email_opt_out", "Outreach: email opt-out"}, {"outreach_email_bounced", "Outreach: email bounced"}}) {
            contacts.properties.put(p[0], new PropertyDefinition(p[0], p[1], "bool", "booleancheckbox", false, false, false));
        }
        ObjectType companies = define("companies", "hs_lastmodifieddate", null,
                List.of("createdate", "domain", "hs_lastmodifieddate", "hs_object_id", "name"));
        for (String[] p : new String[][]{{"name", "Company name"}, {"domain", "Company Domain Name"}, {"website", "Website URL"},
                {"phone", "Phone Number"}, {"industry", "Industry"}, {"country", "Country/Region"}, {"city", "City"},
                {"hubspot_owner_id", "Company owner"}}) {
            companies.properties.put(p[0], PropertyDefinition.text(p[0], p[1]));
        }
        ObjectType deals = define("deals", "hs_lastmodifieddate", null,
                List.of("amount", "closedate", "createdate", "dealname", "dealstage", "hs_lastmodifieddate", "hs_object_id", "pipeline"));
        for (String[] p : new String[][]{{"dealname", "Deal Name"}, {"dealstage", "Deal Stage"}, {"pipeline", "Pipeline"},
                {"closedate", "Close Date"}, {"hubspot_owner_id", "Deal owner"}}) {
            deals.properties.put(p[0], PropertyDefinition.text(p[0], p[1]));
        }
        deals.properties.put("amount", new PropertyDefinition("amount", "Amount", "number", "number", true, false, false));
        // HubSpot calculates when a deal entered each stage of its pipeline; read-only through the API
        // https://knowledge.hubspot.com/properties/hubspots-default-deal-properties (Date entered "Stage")
        for (String stage : DEFAULT_PIPELINE_STAGES) {
            deals.properties.put(STAGE_ENTERED + stage, PropertyDefinition.readOnly(STAGE_ENTERED + stage, "Date entered " + stage, "datetime"));
        }
        // Notes (an activity): https://developers.hubspot.com/docs/api-reference/crm-notes-v3/guide ("Properties"):
        // hs_timestamp is required (Unix ms or UTC ISO-8601), hs_note_body holds up to 65,536 characters,
        // hs_attachment_ids is a ;-separated list of file ids.
        ObjectType notes = define("notes", "hs_lastmodifieddate", null, List.of("createdate", "hs_lastmodifieddate", "hs_object_id"));
        notes.properties.put("hs_timestamp", new PropertyDefinition("hs_timestamp", "Activity date", "datetime", "date", true, false, false));
        for (String[] p : new String[][]{{"hs_note_body", "Note body"}, {"hubspot_owner_id", "Activity assigned to"},
                {"hs_attachment_ids", "Attached file IDs"}}) {
            notes.properties.put(p[0], PropertyDefinition.text(p[0], p[1]));
        }
        notes.required.add("hs_timestamp");
    }

    /** The stage ids of HubSpot's default sales pipeline ("default"). */
    static final List<String> DEFAULT_PIPELINE_STAGES = List.of("appointmentscheduled", "qualifiedtobuy", "presentationscheduled",
            "decisionmakerboughtin", "contractsent", "closedwon", "closedlost");
    private static final String STAGE_ENTERED = "hs_v2_date_entered_";
    static final String ADDITIONAL_EMAILS = "hs_additional_emails";
    /** Merges two contacts may have been included in together, counted by their hs_merged_object_ids. */
    static final int MERGE_LIMIT = 250;

    private ObjectType define(String name, String modified, String unique, List<String> defaults) {
        ObjectType type = new ObjectType(name, modified, unique, defaults);
        type.properties.put("hs_object_id", PropertyDefinition.readOnly("hs_object_id", "Record ID", "number"));
        type.properties.put("createdate", PropertyDefinition.readOnly("createdate", "Create Date", "datetime"));
        type.properties.put(modified, PropertyDefinition.readOnly(modified, "Last Modified Date", "datetime"));
        type.properties.put("hs_merged_object_ids", PropertyDefinition.readOnly("hs_merged_object_ids", "Merged Record IDs", "enumeration"));
        types.put(name, type);
        return type;
    }

    long portalId() {
        return portalId;
    }

    EmulatorClock clock() {
        return clock;
    }

    synchronized ObjectType type(String name) {
        ObjectType type = types.get(name);
        if (type == null) {
            throw new ApiError(400, "VALIDATION_ERROR", "Unable to infer object type from: " + name);
        }
        return type;
    }

    /** Adds a custom property (what an admin does in HubSpot's settings). */
    public synchronized void createProperty(String objectType, PropertyDefinition definition) {
        ObjectType type = type(objectType);
        if (type.properties.containsKey(definition.name())) {
            throw new ApiError(409, "OBJECT_ALREADY_EXISTS", "Property named '" + definition.name() + "' already exists.");
        }
        type.properties.put(definition.name(), definition);
    }

    public synchronized List<PropertyDefinition> properties(String objectType) {
        return List.copyOf(type(objectType).properties.values());
    }

    /**
     * The portal's owner ids (HubSpotEmulator's owners), which an API write's hubspot_owner_id must be one of; null (a
     * store on its own) leaves owners unchecked.
     */
    private volatile Supplier<List<String>> ownerIds;

    void ownerIds(Supplier<List<String>> ids) {
        this.ownerIds = ids;
    }

    /** Validates an API write's values as HubSpot does, owners included. */
    void check(ObjectType type, Map<String, String> values) {
        Supplier<List<String>> ids = ownerIds;
        PropertyValidation.check(type.properties, values, portalId, ids == null ? null : ids.get());
    }

    /** Creates a record; validates like a write through the API. */
    public synchronized StoredRecord create(String objectType, Map<String, String> values) {
        return create(objectType, values, true);
    }

    /**
     * Creates a record of a portal's export (a seed file): validated as an API write, except that its owner ids are
     * taken as they are. An export holds the owners records had when it was made, some of them gone since, and a
     * sample is often seeded without its owners file.
     */
    synchronized StoredRecord createFromExport(String objectType, Map<String, String> values) {
        return create(objectType, values, false);
    }

    private StoredRecord create(String objectType, Map<String, String> values, boolean checkOwners) {
        ObjectType type = type(objectType);
        Map<String, String> clean = normalize(type, values);
        if (checkOwners) {
            check(type, clean);
        } else {
            PropertyValidation.check(type.properties, clean, portalId);
        }
        requireProperties(type, clean);
        if (type.uniqueProperty != null) {
            String unique = clean.get(type.uniqueProperty);
            StoredRecord existing = unique == null || unique.isEmpty() ? null : holderOf(type, unique);
            if (existing != null) {
                throw new ApiError(409, "CONFLICT", "Contact already exists. Existing ID: " + existing.id);
            }
        }
        long now = clock.millis();
        StoredRecord record = new StoredRecord(ids.incrementAndGet(), now);
        record.properties.put("hs_object_id", Long.toString(record.id));
        record.properties.put("createdate", ISO_MILLIS.format(Instant.ofEpochMilli(now)));
        write(type, record, clean, now);
        type.records.put(record.id, record);
        return record;
    }

    /**
     * Sets values HubSpot calculates (a deal's stage entry dates) on a seeded record, as an export of a portal with
     * history holds them; the API refuses them (READ_ONLY_VALUE).
     */
    public synchronized void seedCalculated(String objectType, long id, Map<String, String> values) {
        ObjectType type = type(objectType);
        StoredRecord record = live(type, id);
        values.forEach((name, value) -> {
            PropertyDefinition definition = type.properties.get(name);
            if (definition == null || !definition.readOnlyValue() || !definition.hubspotDefined()) {
                throw ApiError.validation("Property \"" + name + "\" is not a calculated property of " + objectType);
            }
            record.properties.put(name, value);
        });
    }

    /** Updates a live record by id (merged ids follow to the survivor). */
    public synchronized StoredRecord update(String objectType, long id, Map<String, String> values) {
        ObjectType type = type(objectType);
        StoredRecord record = live(type, id);
        if (record == null) {
            throw notFound(type, List.of(Long.toString(id)));
        }
        Map<String, String> clean = normalize(type, values);
        check(type, clean);
        write(type, record, clean, clock.millis());
        return record;
    }

    private void write(ObjectType type, StoredRecord record, Map<String, String> values, long now) {
        String previousStage = record.properties.get("dealstage");
        values.forEach((name, value) -> {
            if (value == null || value.isEmpty()) {
                record.properties.remove(name); // HubSpot clears a property written as ""
            } else {
                record.properties.put(name, value);
            }
        });
        String stage = values.get("dealstage");
        if (stage != null && !stage.equals(previousStage) && type.properties.containsKey(STAGE_ENTERED + stage)) {
            record.properties.put(STAGE_ENTERED + stage, ISO_MILLIS.format(Instant.ofEpochMilli(now)));
        }
        type.byModified.remove(ModifiedKey.of(record)); // re-filed under its new modified time
        record.updatedAt = now;
        type.byModified.put(ModifiedKey.of(record), record);
        record.properties.put(type.modifiedProperty, ISO_MILLIS.format(Instant.ofEpochMilli(now)));
        if (type.uniqueProperty != null && record.properties.get(type.uniqueProperty) != null) {
            type.uniqueIndex.put(record.properties.get(type.uniqueProperty), record.id);
        }
    }

    /**
     * A create without a required property fails whole, in HubSpot's words (two spaces included), e.g. a note without
     * hs_timestamp: {@code 400 {message:"Error creating NOTE.  Some required properties were not set.",
     * context:{properties:["hs_timestamp"]}, category:"VALIDATION_ERROR"}} (as HubSpot answered in
     * https://github.com/HubSpot/hubspot-api-nodejs/issues/124).
     */
    static void requireProperties(ObjectType type, Map<String, String> values) {
        List<String> missing = new ArrayList<>();
        for (String name : type.required) {
            String value = values.get(name);
            if (value == null || value.isBlank()) {
                missing.add(name);
            }
        }
        if (!missing.isEmpty()) {
            throw new ApiError(400, "VALIDATION_ERROR", "Error creating " + singular(type.name) + ".  Some required properties were not set.",
                    Map.of("properties", missing));
        }
    }

    /** HubSpot's upper-case singular name of a type in messages: CONTACT, COMPANY, DEAL, NOTE. */
    static String singular(String type) {
        return switch (type) {
            case "companies" -> "COMPANY";
            case "contacts", "deals", "notes" -> type.substring(0, type.length() - 1).toUpperCase(Locale.ROOT);
            default -> type.toUpperCase(Locale.ROOT);
        };
    }

    private static Map<String, String> normalize(ObjectType type, Map<String, String> values) {
        Map<String, String> clean = new LinkedHashMap<>(values);
        if (type.uniqueProperty != null && clean.get(type.uniqueProperty) != null) {
            clean.put(type.uniqueProperty, clean.get(type.uniqueProperty).trim().toLowerCase(Locale.ROOT));
        }
        clean.replaceAll((name, value) -> {
            PropertyDefinition definition = type.properties.get(name);
            if (definition == null || definition.readOnlyValue() || !"datetime".equals(definition.type())) {
                return value;
            }
            Instant instant = PropertyValidation.datetime(value);
            return instant == null ? value : ISO_MILLIS.format(instant); // stored and read back as ISO-8601 UTC, like HubSpot
        });
        return clean;
    }

    /** A live record by id; a merged-away id answers with its survivor. Null when absent or archived. */
    synchronized StoredRecord live(ObjectType type, long id) {
        StoredRecord record = type.records.get(id);
        int hops = 0;
        while (record != null && record.mergedInto != null && hops++ < 100) {
            record = type.records.get(record.mergedInto);
        }
        return record == null || record.archived ? null : record;
    }

    synchronized StoredRecord archivedRecord(ObjectType type, long id) {
        StoredRecord record = type.records.get(id);
        return record != null && record.archived && record.mergedInto == null ? record : null;
    }

    synchronized StoredRecord findByUnique(ObjectType type, String value) {
        String wanted = value.trim().toLowerCase(Locale.ROOT);
        Long id = type.uniqueIndex.get(wanted);
        StoredRecord record = id == null ? null : type.records.get(id);
        if (record != null && !record.archived && record.mergedInto == null && wanted.equals(record.properties.get(type.uniqueProperty))) {
            return record;
        }
        return null;
    }

    /**
     * The live record that holds {@code value} of the type's unique property: as its own value (findByUnique), or, for a
     * contact's email, as the address of a contact merged into it. "After merging contacts, you will not be able to
     * create a new contact with the email address of the old contact record that was merged"
     * (https://knowledge.hubspot.com/articles/kcs_article/contacts/what-happens-when-i-merge-two-contacts); creating one
     * is answered as for a primary address, with the survivor's id.
     */
    synchronized StoredRecord holderOf(ObjectType type, String value) {
        StoredRecord own = findByUnique(type, value);
        if (own != null) {
            return own;
        }
        String wanted = value.trim().toLowerCase(Locale.ROOT);
        Long id = type.uniqueIndex.get(wanted);
        StoredRecord survivor = id == null ? null : live(type, id);
        return survivor != null && split(survivor.properties.get(ADDITIONAL_EMAILS)).contains(wanted) ? survivor : null;
    }

    /**
     * Takes {@code email} off a contact's secondary addresses ({@code hs_additional_emails}), as a person does on the
     * contact's record in HubSpot (or HubSpot's DELETE /contacts/v1/secondary-email/{vid}/email/{email}, a developer
     * preview); the address can then start a new contact. False when the contact does not hold it.
     */
    public synchronized boolean removeAdditionalEmail(long contactId, String email) {
        StoredRecord record = live(type("contacts"), contactId);
        if (record == null) {
            return false;
        }
        List<String> kept = new ArrayList<>(split(record.properties.get(ADDITIONAL_EMAILS)));
        if (!kept.remove(email.trim().toLowerCase(Locale.ROOT))) {
            return false;
        }
        if (kept.isEmpty()) {
            record.properties.remove(ADDITIONAL_EMAILS);
        } else {
            record.properties.put(ADDITIONAL_EMAILS, String.join(";", kept));
        }
        return true;
    }

    synchronized StoredRecord findByProperty(ObjectType type, String property, String value) {
        if (property.equals(type.uniqueProperty)) {
            return findByUnique(type, value);
        }
        for (StoredRecord record : type.records.values()) {
            if (!record.archived && record.mergedInto == null && value.equals(record.properties.get(property))) {
                return record;
            }
        }
        return null;
    }

    /** Moves a record to the recycle bin; archiving an absent or archived id is a no-op, as in HubSpot. */
    public synchronized void archive(String objectType, long id) {
        ObjectType type = type(objectType);
        StoredRecord record = type.records.get(id);
        if (record != null && !record.archived && record.mergedInto == null) {
            record.archived = true;
            record.archivedAt = clock.millis();
        }
    }

    /**
     * Merges {@code toMerge} into {@code primary}: the primary keeps its values, takes the other's
     * values where it has none, and lists the merged ids (and theirs) in hs_merged_object_ids.
     * The merged-away id disappears from lists and search; reading it answers with the primary.
     * Two contacts are refused (400) once they have been included in {@link #MERGE_LIMIT} merges together.
     */
    public synchronized StoredRecord merge(String objectType, long primaryId, long toMergeId) {
        ObjectType type = type(objectType);
        if (primaryId == toMergeId) {
            throw ApiError.validation("Cannot merge an object with itself: " + primaryId);
        }
        StoredRecord primary = type.records.get(primaryId);
        StoredRecord other = type.records.get(toMergeId);
        if (primary == null || primary.archived || primary.mergedInto != null
                || other == null || other.archived || other.mergedInto != null) {
            List<String> missing = new ArrayList<>();
            if (primary == null || primary.archived || primary.mergedInto != null) {
                missing.add(Long.toString(primaryId));
            }
            if (other == null || other.archived || other.mergedInto != null) {
                missing.add(Long.toString(toMergeId));
            }
            throw new ApiError(404, "OBJECT_NOT_FOUND", "Object not found. objectId(s) " + missing + " do not exist or were merged.",
                    Map.of("ids", missing));
        }
        boolean contacts = type.name.equals("contacts");
        List<String> primaryMerges = split(primary.properties.get("hs_merged_object_ids"));
        List<String> otherMerges = split(other.properties.get("hs_merged_object_ids"));
        if (contacts && primaryMerges.size() + otherMerges.size() >= MERGE_LIMIT) {
            // "You cannot merge contacts if they've been included in a combined total of 250+ merges"
            // (https://knowledge.hubspot.com/contacts/how-do-i-merge-contacts); the answer's words are ours
            throw ApiError.validation("Merge limit reached: objects " + primaryId + " and " + toMergeId + " have been included in "
                    + (primaryMerges.size() + otherMerges.size()) + " merges combined; at most " + MERGE_LIMIT + " are allowed.");
        }
        Set<String> merged = new LinkedHashSet<>(primaryMerges);
        merged.add(Long.toString(toMergeId));
        merged.addAll(otherMerges);
        Map<String, String> fill = new LinkedHashMap<>();
        other.properties.forEach((name, value) -> {
            PropertyDefinition definition = type.properties.get(name);
            if (definition != null && !definition.readOnlyValue() && !primary.properties.containsKey(name)
                    && !name.equals(type.uniqueProperty)) {
                fill.put(name, value);
            }
        });
        other.mergedInto = primaryId;
        write(type, primary, fill, clock.millis());
        primary.properties.put("hs_merged_object_ids", String.join(";", merged));
        if (contacts) {
            // the merged-away contact's address (and those merged into it) stay with the survivor as further addresses
            Set<String> additional = new LinkedHashSet<>(split(primary.properties.get(ADDITIONAL_EMAILS)));
            String email = other.properties.get(type.uniqueProperty);
            if (email != null && !email.isEmpty() && !email.equals(primary.properties.get(type.uniqueProperty))) {
                additional.add(email);
            }
            additional.addAll(split(other.properties.get(ADDITIONAL_EMAILS)));
            if (!additional.isEmpty()) {
                primary.properties.put(ADDITIONAL_EMAILS, String.join(";", additional));
            }
        }
        return primary;
    }

    private static List<String> split(String ids) {
        if (ids == null || ids.isBlank()) {
            return List.of();
        }
        return List.of(ids.split(";"));
    }

    synchronized List<StoredRecord> liveRecords(ObjectType type) {
        List<StoredRecord> live = new ArrayList<>();
        for (StoredRecord record : type.records.values()) {
            if (!record.archived && record.mergedInto == null) {
                live.add(record);
            }
        }
        return live;
    }

    /**
     * Live records modified at or after {@code from} that pass {@code filter}, in the search API's
     * order for an ascending sort on the modified property (ties by a hash of the id), read from the
     * modified-time index so a search costs the records after {@code from}, not a sort of all.
     */
    synchronized List<StoredRecord> liveByModified(ObjectType type, long from, java.util.function.Predicate<StoredRecord> filter) {
        List<StoredRecord> found = new ArrayList<>();
        for (StoredRecord record : type.byModified.tailMap(ModifiedKey.from(from), true).values()) {
            if (!record.archived && record.mergedInto == null && filter.test(record)) {
                found.add(record);
            }
        }
        return found;
    }

    synchronized List<StoredRecord> archivedRecords(ObjectType type) {
        List<StoredRecord> archived = new ArrayList<>();
        for (StoredRecord record : type.records.values()) {
            if (record.archived && record.mergedInto == null) {
                archived.add(record);
            }
        }
        return archived;
    }

    /** Number of live records of a type. */
    public synchronized int count(String objectType) {
        return liveRecords(type(objectType)).size();
    }

    /** A copy of a live record's properties by id (hs_object_id included), or null when absent, archived or merged away. */
    public synchronized Map<String, String> get(String objectType, long id) {
        StoredRecord record = type(objectType).records.get(id);
        return record == null || record.archived || record.mergedInto != null ? null : new LinkedHashMap<>(record.properties);
    }

    /** The id of the live record whose property holds the value (the unique property is compared as stored), or -1. */
    public synchronized long idOf(String objectType, String property, String value) {
        StoredRecord record = findByProperty(type(objectType), property, value);
        return record == null ? -1 : record.id;
    }

    static ApiError notFound(ObjectType type, List<String> ids) {
        return new ApiError(404, "OBJECT_NOT_FOUND", "Could not get some " + type.name.toUpperCase(Locale.ROOT)
                + " objects, they may be deleted or not exist. Check that ids are valid.", Map.of("ids", ids));
    }
}
