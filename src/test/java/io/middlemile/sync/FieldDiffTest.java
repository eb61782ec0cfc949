package io.middlemile.sync;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.middlemile.connector.TargetRecord;
import io.middlemile.govern.ChangeSet;
import io.middlemile.govern.RecordChange;
import io.middlemile.mapping.Mapper;
import io.middlemile.model.CanonicalRecord;
import io.middlemile.model.Entity;
import io.middlemile.model.Provenance;
import io.middlemile.model.SourceRef;
import io.middlemile.workspace.MappingConfig;
import io.middlemile.workspace.ObjectConfig;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The three-way comparison of two-way sync, field by field, as the README's "Syncing HubSpot and
 * Salesforce both ways" describes it: one contact synced from HubSpot to Salesforce, with the merge
 * base, HubSpot's values now and Salesforce's values now. {@link FieldDiff} decides what is sent and
 * what the next merge base is; the governed write path's {@link ChangeSet} applies the mapping's write
 * rule against Salesforce's current values in between, as in a real run. No database, no Spring.
 */
class FieldDiffTest {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final Instant AGREED_AT = Instant.parse("2026-03-02T09:00:00Z");
    private static final String SALESFORCE_ID = "003A000000000001";
    private static final SourceRef HUBSPOT_BOB = new SourceRef("hubspot", "contacts", "501");
    private static final SourceRef SALESFORCE_BOB = new SourceRef("salesforce", "Contact", SALESFORCE_ID);

    /** Salesforce's side: one line per write rule. */
    private static final Mapper SALESFORCE = mapper("""
            connector: salesforce
            object: Contact
            entity: person
            fields:
              - {canonical: email, source: Email}
              - {canonical: phone, source: Phone}
              - {canonical: title, source: Title, write: prefer-newest}
              - {canonical: lastName, source: LastName, write: if-empty}
              - {canonical: leadSource, source: LeadSource, write: never}
            """, new ObjectConfig("Id", "LastModifiedDate", List.of("Id", "Email", "Phone", "Title", "LastName", "LeadSource",
            "LastModifiedDate")));

    /** HubSpot's side, for the return trip. */
    private static final Mapper HUBSPOT = mapper("""
            connector: hubspot
            object: contacts
            entity: person
            fields:
              - {canonical: email, source: email}
              - {canonical: phone, source: phone}
              - {canonical: title, source: jobtitle}
              - {canonical: lastName, source: lastname}
              - {canonical: leadSource, source: hs_lead_source}
            """, new ObjectConfig("hs_object_id", "lastmodifieddate", List.of("hs_object_id", "email", "phone", "jobtitle",
            "lastname", "hs_lead_source", "lastmodifieddate")));

    /** What both sides held when they last agreed. */
    private static final Map<String, String> BASE = Map.of("email", "bob@acme.com", "phone", "+14155550100", "title", "CTO",
            "lastName", "Smith", "leadSource", "Web");

    /**
     * One direction of one record's sync, HubSpot to Salesforce, as {@link SyncDirection} and the governed write path run it.
     *
     * @param sent    the fields sent to the target (empty: skipped as unchanged)
     * @param written what the target's record was changed to
     * @param held    fields the write rule kept back
     * @param agreed  the merge base saved for both sides afterwards (canonical field to hash)
     */
    private record Synced(Map<String, Object> sent, Map<String, Object> written, Set<String> held, Map<String, String> agreed) {
    }

    /**
     * @param base        what both sides held when they last agreed, null when the record never synced
     * @param salesforceNow Salesforce's current record, linked as {@link #SALESFORCE_ID}
     */
    private static Synced toSalesforce(CanonicalRecord hubspotNow, Map<String, String> base, Map<String, Object> salesforceNow) {
        FieldDiff diff = FieldDiff.of(hubspotNow, base == null ? null : hashes(base), Set.of());
        TargetRecord mapped = SALESFORCE.fromCanonical(hubspotNow).record();
        Map<String, Object> sent = diff.outgoing(mapped.fields(), SALESFORCE, "Id", SALESFORCE_ID);
        if (sent.isEmpty()) {
            return new Synced(sent, Map.of(), Set.of(), Map.of());
        }
        RecordChange change = ChangeSet.of(new TargetRecord("Contact", SALESFORCE_ID, sent, HUBSPOT_BOB, mapped.writes()),
                salesforceNow, "LastModifiedDate");
        return new Synced(sent, change.after(), change.held(), diff.agreed(change.held(), SALESFORCE));
    }

    private static Synced toSalesforce(Map<String, String> hubspotNow, Instant changedAt, Map<String, Object> salesforceNow) {
        return toSalesforce(record(HUBSPOT_BOB, hubspotNow, changedAt), BASE, salesforceNow);
    }

    @Test
    void aFieldChangedOnlyAtTheSourceIsWrittenAndBecomesTheMergeBase() {
        Synced synced = toSalesforce(with(BASE, "phone", "+14155550199"), AGREED_AT.plusSeconds(60), salesforce(BASE, AGREED_AT));

        assertThat(synced.sent()).containsExactly(Map.entry("Phone", "+14155550199"), Map.entry("Id", SALESFORCE_ID));
        assertThat(synced.written()).containsExactly(Map.entry("Phone", "+14155550199"));
        assertThat(synced.agreed()).containsExactly(Map.entry("phone", FieldBase.hash("+14155550199")));
    }

    @Test
    void aFieldChangedOnlyInTheTargetIsNotSentSoTheTargetKeepsItsValue() {
        Map<String, Object> salesforceNow = salesforce(with(BASE, "title", "Chief Technology Officer"), AGREED_AT.plusSeconds(60));

        Synced nothingChanged = toSalesforce(BASE, AGREED_AT, salesforceNow);
        assertThat(nothingChanged.sent()).as("nothing changed in HubSpot: the record is skipped as unchanged").isEmpty();

        Synced phoneChanged = toSalesforce(with(BASE, "phone", "+14155550199"), AGREED_AT.plusSeconds(120), salesforceNow);
        assertThat(phoneChanged.sent()).containsOnlyKeys("Phone", "Id");
        assertThat(phoneChanged.written()).containsOnlyKeys("Phone");
        assertThat(phoneChanged.agreed()).containsOnlyKeys("phone");
    }

    @Test
    void bothChangedUnderAlwaysTheSideWhoseSyncRunsCarriesItsValueOver() {
        Synced synced = toSalesforce(with(BASE, "phone", "+14155550199"), AGREED_AT.plusSeconds(60),
                salesforce(with(BASE, "phone", "+14155550142"), AGREED_AT.plusSeconds(120)));

        assertThat(synced.written()).containsExactly(Map.entry("Phone", "+14155550199"));
        assertThat(synced.held()).isEmpty();
        assertThat(synced.agreed()).containsExactly(Map.entry("phone", FieldBase.hash("+14155550199")));
    }

    @Test
    void bothChangedUnderPreferNewestTheLaterChangeWins() {
        Map<String, String> hubspotNow = with(BASE, "title", "VP Engineering");
        Map<String, String> salesforceTitle = with(BASE, "title", "Chief Technology Officer");

        Synced hubspotLater = toSalesforce(hubspotNow, AGREED_AT.plusSeconds(120), salesforce(salesforceTitle, AGREED_AT.plusSeconds(60)));
        assertThat(hubspotLater.written()).containsExactly(Map.entry("Title", "VP Engineering"));
        assertThat(hubspotLater.agreed()).containsExactly(Map.entry("title", FieldBase.hash("VP Engineering")));

        Synced salesforceLater = toSalesforce(hubspotNow, AGREED_AT.plusSeconds(60), salesforce(salesforceTitle, AGREED_AT.plusSeconds(120)));
        assertThat(salesforceLater.written()).isEmpty();
        assertThat(salesforceLater.held()).containsExactly("Title");
        // not agreed: the base stays "CTO", so Salesforce's newer title counts as changed and its own sync carries it to HubSpot
        assertThat(salesforceLater.agreed()).isEmpty();
    }

    @Test
    void bothChangedUnderIfEmptyTheTargetsOwnValueStays() {
        Map<String, String> hubspotNow = with(BASE, "lastName", "Smith-Jones");

        Synced filled = toSalesforce(hubspotNow, AGREED_AT.plusSeconds(60),
                salesforce(with(BASE, "lastName", "Smyth"), AGREED_AT.plusSeconds(120)));
        assertThat(filled.written()).isEmpty();
        assertThat(filled.held()).containsExactly("LastName");
        assertThat(filled.agreed()).isEmpty();

        Synced empty = toSalesforce(hubspotNow, AGREED_AT.plusSeconds(60), salesforce(with(BASE, "lastName", ""), AGREED_AT.plusSeconds(120)));
        assertThat(empty.written()).containsExactly(Map.entry("LastName", "Smith-Jones"));
        assertThat(empty.agreed()).containsExactly(Map.entry("lastName", FieldBase.hash("Smith-Jones")));
    }

    @Test
    void underNeverTheTargetIsNotWrittenAndItsValueFlowsBackAsTheFieldsSourceOfTruth() {
        Map<String, String> salesforceValues = with(BASE, "leadSource", "Partner");
        Synced synced = toSalesforce(with(BASE, "leadSource", "Event"), AGREED_AT.plusSeconds(120),
                salesforce(salesforceValues, AGREED_AT.plusSeconds(60)));

        assertThat(synced.sent()).as("a write: never line is not even sent").isEmpty();

        // with another change in the same record the never field is still left out, and agreed as HubSpot's value ...
        Synced withPhone = toSalesforce(with(with(BASE, "leadSource", "Event"), "phone", "+14155550199"), AGREED_AT.plusSeconds(120),
                salesforce(salesforceValues, AGREED_AT.plusSeconds(60)));
        assertThat(withPhone.sent()).doesNotContainKey("LeadSource");
        assertThat(withPhone.agreed()).containsEntry("leadSource", FieldBase.hash("Event"));
        // ... so on the return trip Salesforce's own value differs from the base and is carried to HubSpot
        Map<String, String> base = merged(hashes(BASE), withPhone.agreed());
        FieldDiff back = FieldDiff.of(record(SALESFORCE_BOB, with(salesforceValues, "phone", "+14155550199"), AGREED_AT), base, Set.of());
        assertThat(back.changed()).containsExactly("leadSource");
    }

    @Test
    void theHubsOwnWriteComesBackAsUnchanged() {
        Map<String, String> hubspotNow = with(BASE, "phone", "+14155550199");
        Synced there = toSalesforce(hubspotNow, AGREED_AT.plusSeconds(60), salesforce(BASE, AGREED_AT));
        Map<String, String> base = merged(hashes(BASE), there.agreed());

        // Salesforce now holds what the hub wrote; its sync back to HubSpot finds nothing to send
        CanonicalRecord salesforceNow = record(SALESFORCE_BOB, hubspotNow, AGREED_AT.plusSeconds(61));
        FieldDiff back = FieldDiff.of(salesforceNow, base, Set.of());
        assertThat(back.changed()).isEmpty();
        assertThat(back.outgoing(HUBSPOT.fromCanonical(salesforceNow).record().fields(), HUBSPOT, "hs_object_id", "501")).isEmpty();
    }

    @Test
    void aCreateCarriesEveryMappedFieldButTheIdTheTargetAssigns() {
        FieldDiff diff = FieldDiff.of(record(HUBSPOT_BOB, BASE, AGREED_AT), null, Set.of());
        Map<String, Object> mapped = SALESFORCE.fromCanonical(record(HUBSPOT_BOB, BASE, AGREED_AT)).record().fields();
        assertThat(mapped).containsEntry("Id", "501");

        assertThat(diff.outgoing(mapped, SALESFORCE, "Id", null)).containsOnlyKeys("Email", "Phone", "Title", "LastName");
    }

    @Test
    void withoutAMergeBaseEveryFieldIsSentAndTheWriteRulesAloneDecide() {
        // the first sync of two populated systems: Bob was linked by email and never synced before
        Synced synced = toSalesforce(record(HUBSPOT_BOB, with(BASE, "lastName", "Smith-Jones"), AGREED_AT), null,
                salesforce(BASE, AGREED_AT.plusSeconds(60)));

        assertThat(synced.sent()).containsOnlyKeys("Email", "Phone", "Title", "LastName", "Id");
        assertThat(synced.written()).as("equal values change nothing; if-empty keeps Salesforce's last name").isEmpty();
        assertThat(synced.held()).containsExactly("LastName");
        assertThat(synced.agreed()).containsOnlyKeys("email", "phone", "title", "leadSource");
    }

    @Test
    void aReferenceNotResolvedYetStaysUnagreedSoTheNextSyncWritesIt() {
        CanonicalRecord neutral = record(HUBSPOT_BOB, BASE, AGREED_AT).with("company", "unlinked:hubspot/companies/9001",
                new Provenance("hubspot", AGREED_AT));
        FieldDiff diff = FieldDiff.of(neutral, hashes(BASE), Set.of("company"));

        assertThat(diff.changed()).containsExactly("company");
        assertThat(diff.agreed(Set.of(), SALESFORCE)).isEmpty();
    }

    @Test
    void aValueThePolicyHeldBackStaysUnagreed() {
        FieldDiff diff = FieldDiff.of(record(HUBSPOT_BOB, with(with(BASE, "phone", "+14155550199"), "title", "VP"), AGREED_AT),
                hashes(BASE), Set.of());

        assertThat(diff.agreed(Set.of("Phone"), SALESFORCE)).containsExactly(Map.entry("title", FieldBase.hash("VP")));
    }

    @Test
    void aChangedFieldTheTargetDoesNotMapIsAgreedAsItIs() {
        // Salesforce cannot hold a department here, so there is no value of its own to wait for
        FieldDiff diff = FieldDiff.of(record(HUBSPOT_BOB, with(BASE, "department", "engineering"), AGREED_AT), hashes(BASE), Set.of());

        assertThat(diff.changed()).containsExactly("department");
        assertThat(diff.outgoing(SALESFORCE.fromCanonical(record(HUBSPOT_BOB, with(BASE, "department", "engineering"), AGREED_AT))
                .record().fields(), SALESFORCE, "Id", SALESFORCE_ID)).as("nothing Salesforce maps changed").isEmpty();
        assertThat(diff.agreed(Set.of(), SALESFORCE)).containsExactly(Map.entry("department", FieldBase.hash("engineering")));
    }

    private static Mapper mapper(String yaml, ObjectConfig object) {
        try {
            return new Mapper(YAML.readValue(yaml, MappingConfig.class).withId("test"), object);
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static CanonicalRecord record(SourceRef source, Map<String, String> values, Instant setAt) {
        CanonicalRecord record = CanonicalRecord.empty(Entity.PERSON, source, setAt);
        for (Map.Entry<String, String> value : new java.util.TreeMap<>(values).entrySet()) {
            record = record.with(value.getKey(), value.getValue(), new Provenance(source.connection(), setAt));
        }
        return record;
    }

    /** Salesforce's current record holding these canonical values, last modified at {@code modifiedAt}. */
    private static Map<String, Object> salesforce(Map<String, String> values, Instant modifiedAt) {
        Map<String, Object> fields = new LinkedHashMap<>(SALESFORCE.fromCanonical(record(SALESFORCE_BOB, values, modifiedAt)).record().fields());
        // write: never lines are not in fromCanonical's output; Salesforce holds the value all the same
        fields.put("LeadSource", values.get("leadSource"));
        fields.put("Id", SALESFORCE_ID);
        fields.put("LastModifiedDate", modifiedAt.toString());
        return fields;
    }

    private static Map<String, String> hashes(Map<String, String> values) {
        return FieldBase.hashes(record(HUBSPOT_BOB, values, AGREED_AT));
    }

    private static Map<String, String> with(Map<String, String> values, String field, String value) {
        Map<String, String> copy = new HashMap<>(values);
        copy.put(field, value);
        return copy;
    }

    private static Map<String, String> merged(Map<String, String> base, Map<String, String> agreed) {
        Map<String, String> copy = new HashMap<>(base);
        copy.putAll(agreed);
        return copy;
    }
}
