package io.middlemile.connector.salesforce;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.middlemile.connector.TargetRecord;
import io.middlemile.connector.WriteOutcome;
import io.middlemile.model.SourceRef;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.patch;
import static com.github.tomakehurst.wiremock.client.WireMock.patchRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * sObject Collections calls Salesforce refuses as a whole, against stubs answering as an org does
 * (https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/errorcodes.htm): a JSON_PARSER_ERROR quoting a value
 * no record of the call holds rejects every record of the call, once, as before; any other whole-call refusal tells each record
 * that the whole call was refused, quotes Salesforce, and says what to check, without calling a retry useless.
 */
class SalesforceWholeCallRefusalWriteTest {

    private static final String COLLECTIONS = "/services/data/v60.0/composite/sobjects";
    private WireMockServer wm;

    @BeforeEach
    void start() {
        wm = new WireMockServer(wireMockConfig().dynamicPort());
        wm.start();
        SalesforceTestSupport.stubToken(wm);
        wm.stubFor(get(urlPathEqualTo("/services/data/v60.0/sobjects/Lead/describe")).willReturn(okJson("{\"name\":\"Lead\",\"fields\":["
                + field("Id", "id", false, false) + "," + field("LastName", "string", true, true) + ","
                + field("Company", "string", true, true) + "," + field("Demo_Date__c", "date", true, true) + "]}")));
        wm.stubFor(get(urlPathEqualTo("/services/data/v60.0/sobjects/Contact/describe")).willReturn(okJson("{\"name\":\"Contact\","
                + "\"fields\":[" + field("Id", "id", false, false) + "," + field("LastName", "string", true, true) + ","
                + "{\"name\":\"Middlemile_Key__c\",\"type\":\"string\",\"createable\":true,\"updateable\":true,\"externalId\":true}]}")));
    }

    @AfterEach
    void stop() {
        wm.stop();
    }

    @Test
    void aQuotedValueNoRecordHoldsRejectsEveryRecordOfTheCallInOneCall() {
        wm.stubFor(post(urlPathEqualTo(COLLECTIONS)).willReturn(badRequest("JSON_PARSER_ERROR", "Cannot deserialize instance of date "
                + "from VALUE_STRING value 2024-13-45 or request may be missing a required field at [line:1, column:212]")));

        List<WriteOutcome> outcomes = connector().upsert("Lead", List.of(
                lead("new-1", Map.of("LastName", "Malone", "Company", "Dunder Mifflin", "Demo_Date__c", "2024-03-15")),
                lead("new-2", Map.of("LastName", "Martin", "Company", "Dunder Mifflin"))));

        assertThat(outcomes).hasSize(2).extracting(WriteOutcome::status).containsOnly(WriteOutcome.Status.REJECTED);
        assertThat(outcomes).extracting(WriteOutcome::reason).allSatisfy(reason -> assertThat(reason).contains("JSON_PARSER_ERROR")
                .contains("2 Lead records: csv/leads/new-1, csv/leads/new-2").contains("does not say which record")
                .contains("2024-13-45"));
        wm.verify(1, postRequestedFor(urlPathEqualTo(COLLECTIONS)));
    }

    @Test
    void anotherWholeCallRefusalTellsEachRecordWhatSalesforceSaidAndToCheckTheMapping() {
        // An unknown field describe did not list when the catalog was read (created and deleted since, or a stale describe).
        wm.stubFor(post(urlPathEqualTo(COLLECTIONS)).willReturn(badRequest("INVALID_FIELD",
                "No such column 'Demo_Date__c' on sobject of type Lead")));

        List<WriteOutcome> outcomes = connector().upsert("Lead", List.of(
                lead("new-1", Map.of("LastName", "Malone", "Company", "Dunder Mifflin")),
                lead("new-2", Map.of("LastName", "Martin", "Company", "Dunder Mifflin", "Demo_Date__c", "2024-03-15"))));

        assertThat(outcomes).extracting(WriteOutcome::status).containsOnly(WriteOutcome.Status.REJECTED);
        assertThat(outcomes).extracting(WriteOutcome::reason).allSatisfy(reason -> assertThat(reason)
                .startsWith("INVALID_FIELD: not written. Salesforce refused the whole call that carried this record "
                        + "(2 Lead records: csv/leads/new-1, csv/leads/new-2)")
                .contains("names no record, so the cause may be in this record or in another of the call")
                .contains("Salesforce's answer: HTTP 400 [INVALID_FIELD: No such column 'Demo_Date__c' on sobject of type Lead]")
                .contains("Check the mapping of Lead").contains("retry the job's failed records")
                .doesNotContain("retrying will not help").doesNotContain("Salesforce connection"));
        wm.verify(1, postRequestedFor(urlPathEqualTo(COLLECTIONS)));
    }

    @Test
    void aWholeCallRefusalNamingARecordByItsKeyTellsWhichRecordToCheck() {
        String upsert = COLLECTIONS + "/Contact/Middlemile_Key__c";
        wm.stubFor(patch(urlPathEqualTo(upsert)).willReturn(badRequest("INVALID_FIELD",
                "Foreign key external ID: hs-22 not found for field Middlemile_Key__c in entity Contact")));

        List<WriteOutcome> outcomes = connector().upsert("Contact", List.of(
                contact("hs-2", Map.of("LastName", "Hopper")),
                contact("hs-22", Map.of("LastName", "Lovelace")),
                contact("hs-222", Map.of("LastName", "Hamilton"))));

        assertThat(outcomes).extracting(WriteOutcome::status).containsOnly(WriteOutcome.Status.REJECTED);
        assertThat(outcomes.get(1).reason()).contains("INVALID_FIELD: not written").contains("the whole call")
                .contains("its answer names this record (key hs-22)").contains("Check this record's values and the mapping of Contact")
                .contains("Foreign key external ID: hs-22 not found").doesNotContain("retrying will not help");
        for (int i : List.of(0, 2)) {
            assertThat(outcomes.get(i).reason()).contains("its answer names hubspot/contacts/hs-22 (key hs-22), not this record")
                    .contains("this one is sent again then").doesNotContain("retrying will not help");
        }
        wm.verify(1, patchRequestedFor(urlPathEqualTo(upsert)));
    }

    private SalesforceConnector connector() {
        return new SalesforceConnector("salesforce-test", SalesforceTestSupport.config(wm.baseUrl()),
                Map.of("SALESFORCE_CLIENT_ID", SalesforceTestSupport.CLIENT_ID, "SALESFORCE_CLIENT_SECRET", SalesforceTestSupport.CLIENT_SECRET),
                SalesforceSettings.defaults(wm.baseUrl()).withMaxAttempts(1));
    }

    private static com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder badRequest(String code, String message) {
        return aResponse().withStatus(400).withHeader("Content-Type", "application/json")
                .withBody("[{\"message\":\"" + message + "\",\"errorCode\":\"" + code + "\"}]");
    }

    private static String field(String name, String type, boolean createable, boolean updateable) {
        return "{\"name\":\"" + name + "\",\"type\":\"" + type + "\",\"createable\":" + createable + ",\"updateable\":" + updateable
                + ",\"externalId\":false}";
    }

    private static TargetRecord lead(String key, Map<String, Object> fields) {
        return new TargetRecord("Lead", key, fields, new SourceRef("csv", "leads", key));
    }

    private static TargetRecord contact(String key, Map<String, Object> fields) {
        return new TargetRecord("Contact", key, fields, new SourceRef("hubspot", "contacts", key));
    }
}
