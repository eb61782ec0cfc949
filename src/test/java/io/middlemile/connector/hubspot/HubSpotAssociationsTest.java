package io.middlemile.connector.hubspot;

import io.middlemile.connector.Cursor;
import io.middlemile.connector.SourcePage;
import io.middlemile.connector.SourceRecord;
import io.middlemile.connector.TargetRecord;
import io.middlemile.connector.WriteOutcome;
import io.middlemile.model.SourceRef;
import io.middlemile.sandbox.hubspot.HubSpotEmulator;
import io.middlemile.workspace.AuthConfig;
import io.middlemile.workspace.ConnectorConfig;
import io.middlemile.workspace.ObjectConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Associations through the connector against the emulator: read per page, written as exact sets. */
class HubSpotAssociationsTest {

    private final HubSpotEmulator emulator = HubSpotTestSupport.emulator();
    private final HubSpotConnector hubspot = new HubSpotConnector("hubspot-test", config(emulator.baseUrl()),
            Map.of("HUBSPOT_TOKEN", HubSpotTestSupport.TOKEN), HubSpotTestSupport.fastSettings(emulator));

    @AfterEach
    void stop() {
        emulator.stop();
    }

    static ConnectorConfig config(String baseUrl) {
        Map<String, ObjectConfig> objects = new LinkedHashMap<>();
        objects.put("contacts", new ObjectConfig("hs_object_id", "lastmodifieddate", HubSpotTestSupport.CONTACT_FIELDS, List.of("companies")));
        objects.put("companies", new ObjectConfig("hs_object_id", "hs_lastmodifieddate", List.of("hs_object_id", "name", "domain"),
                List.of("contacts")));
        return new ConnectorConfig("hubspot-test", "hubspot", "emulated portal", null, baseUrl,
                new AuthConfig("bearer-token", "${HUBSPOT_TOKEN}", null, null, null, null, null, null, null), objects, null);
    }

    private String contact(String email) {
        return create("contacts", "{\"properties\":{\"email\":\"" + email + "\"}}");
    }

    private String company(String name) {
        return create("companies", "{\"properties\":{\"name\":\"" + name + "\"}}");
    }

    /** POST /crm/v3/objects/{object}: the record's id. */
    private String create(String object, String body) {
        try {
            java.net.http.HttpResponse<String> response = java.net.http.HttpClient.newHttpClient().send(
                    java.net.http.HttpRequest.newBuilder(java.net.URI.create(emulator.baseUrl() + "/crm/v3/objects/" + object))
                            .header("Authorization", "Bearer " + HubSpotTestSupport.TOKEN).header("Content-Type", "application/json")
                            .POST(java.net.http.HttpRequest.BodyPublishers.ofString(body)).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString());
            return new com.fasterxml.jackson.databind.ObjectMapper().readTree(response.body()).path("id").asText();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private void associate(String contact, String company) {
        emulator.associations().associate("contacts", Long.parseLong(contact), "companies", Long.parseLong(company));
    }

    private List<String> companiesOf(String contact) {
        return emulator.associations().associated("contacts", Long.parseLong(contact), "companies").stream().map(String::valueOf).toList();
    }

    @Test
    void aPageCarriesAssociationsFromOneBatchCallAndEmptyListsForRecordsWithout() {
        String acme = company("Acme");
        String globex = company("Globex");
        List<String> contacts = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            contacts.add(contact("p" + i + "@example.com"));
        }
        associate(contacts.get(0), acme);
        associate(contacts.get(0), globex);
        associate(contacts.get(1), globex);

        SourcePage page = hubspot.readChanges("contacts", Cursor.START, 50);

        assertThat(page.records()).hasSize(20);
        Map<String, Object> byId = new HashMap<>();
        page.records().forEach(r -> byId.put(r.ref().sourceId(), r.fields().get("associations.companies")));
        assertThat(byId.get(contacts.get(0))).isEqualTo(List.of(acme, globex)); // acme is primary: associated first
        assertThat(byId.get(contacts.get(1))).isEqualTo(List.of(globex));
        assertThat(byId.get(contacts.get(2))).isEqualTo(List.of());
        assertThat(emulator.requestCount("POST associations/batch/read")).isEqualTo(1);
    }

    @Test
    void thePrimaryCompanyComesFirstAndPagedAssociationsAreFollowed() {
        emulator.associationPageSize(2);
        String ada = contact("ada@example.com");
        List<String> companies = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            companies.add(company("C" + i));
        }
        associate(ada, companies.get(3)); // first association: the primary company
        companies.forEach(c -> associate(ada, c));

        SourceRecord record = hubspot.readChanges("contacts", Cursor.START, 10).records().get(0);

        assertThat(record.fields().get("associations.companies"))
                .isEqualTo(List.of(companies.get(3), companies.get(0), companies.get(1), companies.get(2), companies.get(4)));
        assertThat(emulator.requestCount("POST associations/batch/read")).isEqualTo(3);
    }

    @Test
    void writingMakesAssociationsExactlyTheGivenListWithOneCallPerKind() {
        String acme = company("Acme");
        String globex = company("Globex");
        String initech = company("Initech");
        String ada = contact("ada@example.com");
        String bob = contact("bob@example.com");
        associate(ada, acme);
        associate(ada, globex);
        associate(bob, acme);

        List<WriteOutcome> outcomes = hubspot.upsert("contacts", List.of(
                record(ada, Map.of("firstname", "Ada", "associations.companies", List.of(globex, initech))),
                record(bob, Map.of("firstname", "Bob", "associations.companies", List.of()))));

        assertThat(outcomes).extracting(WriteOutcome::status).containsOnly(WriteOutcome.Status.WRITTEN);
        assertThat(companiesOf(ada)).containsExactlyInAnyOrder(globex, initech);
        assertThat(companiesOf(bob)).isEmpty();
        assertThat(emulator.requestCount("POST associations/batch/associate/default")).isEqualTo(1);
        assertThat(emulator.requestCount("POST associations/batch/archive")).isEqualTo(1);
        assertThat(hubspot.current("contacts", List.of(ada, bob)).get(bob).get("associations.companies")).isEqualTo(List.of());
        // the field is never sent as a property: the emulator rejects unknown properties (207), so WRITTEN proves it
        assertThat(hubspot.current("contacts", List.of(ada)).get(ada)).containsEntry("firstname", "Ada");
    }

    @Test
    void aNullValueLeavesAssociationsAloneAndAnUnchangedListMakesNoAssociationWrite() {
        String acme = company("Acme");
        String ada = contact("ada@example.com");
        associate(ada, acme);
        Map<String, Object> fields = new HashMap<>();
        fields.put("firstname", "Ada");
        fields.put("associations.companies", null);

        hubspot.upsert("contacts", List.of(record(ada, fields)));
        hubspot.upsert("contacts", List.of(record(ada, Map.of("associations.companies", List.of(acme)))));

        assertThat(companiesOf(ada)).containsExactly(acme);
        assertThat(emulator.requestCount("POST associations/batch/associate/default")).isZero();
        assertThat(emulator.requestCount("POST associations/batch/archive")).isZero();
    }

    @Test
    void anUnknownAssociatedIdRejectsOnlyThatRecord() {
        String acme = company("Acme");
        String ada = contact("ada@example.com");
        String bob = contact("bob@example.com");
        String cy = contact("cy@example.com");

        List<WriteOutcome> outcomes = hubspot.upsert("contacts", List.of(
                record(ada, Map.of("associations.companies", List.of(acme))),
                record(bob, Map.of("associations.companies", List.of("999999"))),
                record(cy, Map.of("associations.companies", List.of(acme)))));

        assertThat(outcomes.get(0).status()).isEqualTo(WriteOutcome.Status.WRITTEN);
        assertThat(outcomes.get(2).status()).isEqualTo(WriteOutcome.Status.WRITTEN);
        assertThat(outcomes.get(1).status()).isEqualTo(WriteOutcome.Status.REJECTED);
        assertThat(outcomes.get(1).reason()).contains("contacts " + bob).contains("companies 999999")
                .contains("COMPANY=999999 is not valid");
        assertThat(companiesOf(ada)).containsExactly(acme);
        assertThat(companiesOf(cy)).containsExactly(acme);
        assertThat(companiesOf(bob)).isEmpty();
    }

    @Test
    void aNonNumericAssociatedIdIsRejectedBeforeAnyCall() {
        String ada = contact("ada@example.com");
        List<WriteOutcome> outcomes = hubspot.upsert("contacts", List.of(record(ada, Map.of("associations.companies", "acme.com"))));
        assertThat(outcomes.get(0).status()).isEqualTo(WriteOutcome.Status.REJECTED);
        assertThat(outcomes.get(0).reason()).contains("\"acme.com\"").contains("not a HubSpot record id");
        assertThat(emulator.requestCount("POST associations/batch/read")).isZero();
    }

    @Test
    void associationsAreReadFromTheOtherEndToo() {
        String acme = company("Acme");
        String ada = contact("ada@example.com");
        hubspot.upsert("contacts", List.of(record(ada, Map.of("associations.companies", List.of(acme)))));
        SourceRecord company = hubspot.readChanges("companies", Cursor.START, 10).records().get(0);
        assertThat(company.fields().get("associations.contacts")).isEqualTo(List.of(ada));
    }

    @Test
    void aMergeLeavesTheSurvivorWithBothRecordsAssociations() {
        String acme = company("Acme");
        String globex = company("Globex");
        String ann = contact("ann@example.com");
        String annie = contact("annie@example.com");
        associate(ann, acme);
        associate(annie, globex);

        assertThat(hubspot.merge("contacts", ann, annie).status()).isEqualTo(WriteOutcome.Status.WRITTEN);

        assertThat(hubspot.current("contacts", List.of(ann)).get(ann).get("associations.companies")).isEqualTo(List.of(acme, globex));
        assertThat(hubspot.readChanges("companies", Cursor.START, 10).records())
                .allSatisfy(company -> assertThat(company.fields().get("associations.contacts")).isEqualTo(List.of(ann)));
    }

    @Test
    void mappingsMayUseTheAssociationFieldsOfListedObjectsOnly() {
        ObjectConfig contacts = config("http://unused").object("contacts");
        assertThat(contacts.hasField("associations.companies")).isTrue();
        assertThat(contacts.hasField("associations.deals")).isFalse();
        assertThat(contacts.hasField("email")).isTrue();
    }

    @Test
    void associatedIdsAcceptListsAndText() {
        assertThat(HubSpotConnector.associatedIds(List.of("1", 2L, "1"))).containsExactly("1", "2");
        assertThat(HubSpotConnector.associatedIds("[3, 4]")).containsExactly("3", "4");
        assertThat(HubSpotConnector.associatedIds("5;6")).containsExactly("5", "6");
        assertThat(HubSpotConnector.associatedIds("")).isEmpty();
    }

    private static TargetRecord record(String id, Map<String, Object> fields) {
        Map<String, Object> all = new HashMap<>(fields);
        all.put("hs_object_id", id);
        return new TargetRecord("contacts", id, all, new SourceRef("crm", "people", "p-" + id));
    }
}
