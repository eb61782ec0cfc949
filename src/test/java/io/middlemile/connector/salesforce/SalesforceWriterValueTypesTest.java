package io.middlemile.connector.salesforce;

import io.middlemile.connector.TargetRecord;
import io.middlemile.connector.WriteOutcome;
import io.middlemile.model.SourceRef;
import io.middlemile.sandbox.salesforce.SalesforceEmulator;
import io.middlemile.sandbox.salesforce.SfFieldType;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Values Salesforce's JSON parser cannot read as their field's type (a word in a number field, "yes" in a
 * checkbox) fail a whole sObject Collections call with 400 JSON_PARSER_ERROR and no per-record results. The
 * writer checks values against describe's field types before the call, so such a record fails alone, naming
 * its field, and the rest of its batch is written. A type the writer does not check (a date) still fails the whole
 * call at the org: the record holding the value Salesforce quoted is then rejected naming its field, and the others
 * are sent again in a new call; when which record holds it is not certain, every record of the call is rejected
 * (none dropped), the reason naming the call's records and where the value was found.
 */
class SalesforceWriterValueTypesTest {

    private SalesforceEmulator emulator;

    @BeforeEach
    void start() {
        emulator = SalesforceTestSupport.emulator();
    }

    @AfterEach
    void stop() {
        emulator.stop();
    }

    @Test
    void aWordInANumberFieldFailsItsRecordAloneAndTheRestOfTheCallIsWritten() {
        SalesforceConnector connector = SalesforceTestSupport.connector(emulator);
        List<WriteOutcome> outcomes = connector.upsert("Lead", List.of(
                lead("new-1", Map.of("LastName", "Malone", "Company", "Dunder Mifflin", "NumberOfEmployees", 12)),
                lead("new-2", Map.of("LastName", "Martin", "Company", "Dunder Mifflin", "NumberOfEmployees", "12 employees")),
                lead("new-3", Map.of("LastName", "Beesly", "Company", "Dunder Mifflin", "AnnualRevenue", "2500000.50"))));

        assertThat(outcomes).extracting(WriteOutcome::status)
                .containsExactly(WriteOutcome.Status.WRITTEN, WriteOutcome.Status.REJECTED, WriteOutcome.Status.WRITTEN);
        WriteOutcome rejected = outcomes.get(1);
        assertThat(rejected.origin().sourceId()).isEqualTo("new-2");
        assertThat(rejected.reason()).contains("Lead").contains("NumberOfEmployees").contains("'12 employees'")
                .contains("not a number").contains("mapping").contains("source value");
        assertThat(emulator.store().all("Lead")).extracting(row -> row.get("LastName")).containsExactly("Malone", "Beesly");
        assertThat(emulator.requestCount("POST composite/sobjects")).as("one call for the two good records").isEqualTo(1);
    }

    @Test
    void upsertsSkipOnlyTheRecordsWithAWordInANumberOrCheckboxField() {
        emulator.store().schema("Contact").addCustomField("Score__c", SfFieldType.DOUBLE, false);
        emulator.store().schema("Contact").addCustomField("Do_Not_Route__c", SfFieldType.BOOLEAN, false);
        SalesforceConnector connector = SalesforceTestSupport.connector(emulator);
        List<WriteOutcome> outcomes = connector.upsert("Contact", List.of(
                contact("hs-1", Map.of("LastName", "Lovelace", "Score__c", "ten")),
                contact("hs-2", Map.of("LastName", "Hopper", "Score__c", 10, "Do_Not_Route__c", "yes")),
                contact("hs-3", Map.of("LastName", "Hamilton", "Score__c", "10.5", "Do_Not_Route__c", "TRUE")),
                contact("hs-4", Map.of("LastName", "Johnson", "Score__c", new BigDecimal("7"), "Do_Not_Route__c", false))));

        assertThat(outcomes).extracting(WriteOutcome::status).containsExactly(WriteOutcome.Status.REJECTED,
                WriteOutcome.Status.REJECTED, WriteOutcome.Status.WRITTEN, WriteOutcome.Status.WRITTEN);
        assertThat(outcomes.get(0).reason()).contains("Contact").contains("Score__c").contains("'ten'").contains("not a number");
        assertThat(outcomes.get(1).reason()).contains("Contact").contains("Do_Not_Route__c").contains("'yes'")
                .contains("not true or false").doesNotContain("Score__c");
        assertThat(emulator.store().all("Contact")).extracting(row -> row.get("LastName")).containsExactly("Hamilton", "Johnson");
        assertThat(emulator.requestCount("PATCH composite/sobjects/{type}/{externalId}")).isEqualTo(1);
    }

    @Test
    void aListInATextFieldFailsItsRecordAloneAndTheRestOfTheCallIsWritten() {
        // without the check, Salesforce's parser (START_ARRAY) refuses the whole call and names no value to find the record by
        SalesforceConnector connector = SalesforceTestSupport.connector(emulator);
        List<WriteOutcome> outcomes = connector.upsert("Lead", List.of(
                lead("new-1", Map.of("LastName", "Malone", "Company", "Dunder Mifflin")),
                lead("new-2", Map.of("LastName", "Martin", "Company", List.of("Dunder Mifflin", "Sabre")))));

        assertThat(outcomes).extracting(WriteOutcome::status)
                .containsExactly(WriteOutcome.Status.WRITTEN, WriteOutcome.Status.REJECTED);
        assertThat(outcomes.get(1).reason()).contains("Lead field Company").contains("'[Dunder Mifflin, Sabre]'")
                .contains("a list or an object").contains("joined with ';'");
        assertThat(emulator.store().all("Lead")).extracting(row -> row.get("LastName")).containsExactly("Malone");
        assertThat(emulator.requestCount("POST composite/sobjects")).as("one call for the good record").isEqualTo(1);
    }

    @Test
    void aGoodBatchIsWrittenInOneCallAsBefore() {
        SalesforceConnector connector = SalesforceTestSupport.connector(emulator);
        List<WriteOutcome> outcomes = connector.upsert("Lead", List.of(
                lead("new-1", Map.of("LastName", "Malone", "Company", "Dunder Mifflin", "NumberOfEmployees", 12)),
                lead("new-2", Map.of("LastName", "Martin", "Company", "Dunder Mifflin", "NumberOfEmployees", "40",
                        "AnnualRevenue", "")),
                lead("new-3", Map.of("LastName", "Beesly", "Company", "Dunder Mifflin", "AnnualRevenue", 2_500_000.5))));

        assertThat(outcomes).extracting(WriteOutcome::status).containsOnly(WriteOutcome.Status.WRITTEN);
        assertThat(emulator.store().count("Lead")).isEqualTo(3);
        assertThat(emulator.requestCount("POST composite/sobjects")).isEqualTo(1);
    }

    @Test
    void aMalformedDateFailsItsRecordAloneAndTheRestOfTheCallIsSentAgainAndWritten() {
        // Date fields are not checked before the call: the org's parser is the judge of their formats, and refuses the whole call.
        emulator.store().schema("Lead").addCustomField("Demo_Date__c", SfFieldType.DATE, false);
        SalesforceConnector connector = SalesforceTestSupport.connector(emulator);
        List<WriteOutcome> outcomes = connector.upsert("Lead", List.of(
                lead("new-1", Map.of("LastName", "Malone", "Company", "Dunder Mifflin")),
                lead("new-2", Map.of("LastName", "Martin", "Company", "Dunder Mifflin", "Demo_Date__c", "next Tuesday")),
                lead("new-3", Map.of("LastName", "Beesly", "Company", "Dunder Mifflin", "Demo_Date__c", "2024-03-15"))));

        assertThat(outcomes).as("each record has exactly its own outcome").hasSize(3).extracting(WriteOutcome::status)
                .containsExactly(WriteOutcome.Status.WRITTEN, WriteOutcome.Status.REJECTED, WriteOutcome.Status.WRITTEN);
        assertThat(outcomes.get(1).reason()).contains("JSON_PARSER_ERROR").contains("'next Tuesday'").contains("Lead Demo_Date__c")
                .contains("as a date").contains("3 Lead records").contains("its other 2 records were sent again in a new call without this one")
                .contains("Fix the mapping for Demo_Date__c");
        assertThat(outcomes.get(0).targetId()).isNotNull();
        assertThat(emulator.store().all("Lead")).extracting(row -> row.get("LastName")).containsExactly("Malone", "Beesly");
        assertThat(emulator.store().all("Lead")).filteredOn(row -> "Beesly".equals(row.get("LastName")))
                .extracting(row -> String.valueOf(row.get("Demo_Date__c"))).containsExactly("2024-03-15");
        assertThat(emulator.requestCount("POST composite/sobjects")).as("the refused call and one resend").isEqualTo(2);
        assertThat(connector.requestCount()).as("describe, and the two Collections calls counted by the client").isEqualTo(3);
    }

    @Test
    void twoMalformedDatesInOneCallAreRejectedEachAloneAndTheOthersAreWritten() {
        emulator.store().schema("Contact").addCustomField("Birthdate__c", SfFieldType.DATE, false);
        SalesforceConnector connector = SalesforceTestSupport.connector(emulator);
        List<WriteOutcome> outcomes = connector.upsert("Contact", List.of(
                contact("hs-1", Map.of("LastName", "Lovelace", "Birthdate__c", "1815-12-10")),
                contact("hs-2", Map.of("LastName", "Hopper", "Birthdate__c", "09/12/1906")),
                contact("hs-3", Map.of("LastName", "Hamilton")),
                contact("hs-4", Map.of("LastName", "Johnson", "Birthdate__c", "August 1918")),
                contact("hs-5", Map.of("LastName", "Clarke", "Birthdate__c", "1907-01-02"))));

        assertThat(outcomes).hasSize(5).extracting(WriteOutcome::status).containsExactly(WriteOutcome.Status.WRITTEN,
                WriteOutcome.Status.REJECTED, WriteOutcome.Status.WRITTEN, WriteOutcome.Status.REJECTED, WriteOutcome.Status.WRITTEN);
        assertThat(outcomes.get(1).reason()).contains("'09/12/1906'").contains("Contact Birthdate__c").contains("5 Contact records")
                .contains("its other 4 records were sent again").doesNotContain("August 1918");
        assertThat(outcomes.get(3).reason()).contains("'August 1918'").contains("Contact Birthdate__c").contains("4 Contact records")
                .contains("its other 3 records were sent again").doesNotContain("09/12/1906");
        assertThat(emulator.store().all("Contact")).extracting(row -> row.get("LastName"))
                .containsExactlyInAnyOrder("Lovelace", "Hamilton", "Clarke");
        assertThat(emulator.requestCount("PATCH composite/sobjects/{type}/{externalId}"))
                .as("the first call, then one resend per bad record found").isEqualTo(3);
        assertThat(connector.requestCount()).isEqualTo(4);
    }

    @Test
    void aMappingThatBreaksEveryRecordsDateCostsABoundedNumberOfCalls() {
        // a free-text column mapped to a date field: each resend would find one more bad value, a call per record
        emulator.store().schema("Lead").addCustomField("Demo_Date__c", SfFieldType.DATE, false);
        SalesforceConnector connector = SalesforceTestSupport.connector(emulator);
        List<TargetRecord> leads = new java.util.ArrayList<>();
        for (int i = 1; i <= 8; i++) {
            leads.add(lead("new-" + i, Map.of("LastName", "Lead " + i, "Company", "Dunder Mifflin", "Demo_Date__c", "soon " + i)));
        }
        leads.add(lead("new-9", Map.of("LastName", "Good", "Company", "Dunder Mifflin", "Demo_Date__c", "2024-03-15")));
        List<WriteOutcome> outcomes = connector.upsert("Lead", leads);

        assertThat(emulator.requestCount("POST composite/sobjects")).as("the first call and at most MAX_RESENDS more")
                .isEqualTo(1 + SalesforceRecordWriter.MAX_RESENDS);
        assertThat(outcomes).as("nothing dropped: every record has its outcome").hasSize(9)
                .extracting(WriteOutcome::status).containsOnly(WriteOutcome.Status.REJECTED);
        assertThat(outcomes.subList(0, SalesforceRecordWriter.MAX_RESENDS)).extracting(WriteOutcome::reason)
                .allSatisfy(reason -> assertThat(reason).contains("Demo_Date__c").contains("sent again in a new call"));
        assertThat(emulator.store().count("Lead")).isZero();
    }

    @Test
    void theSameBadValueInTheSameFieldOfTwoRecordsRejectsBothInOneRound() {
        emulator.store().schema("Lead").addCustomField("Demo_Date__c", SfFieldType.DATE, false);
        SalesforceConnector connector = SalesforceTestSupport.connector(emulator);
        List<WriteOutcome> outcomes = connector.upsert("Lead", List.of(
                lead("new-1", Map.of("LastName", "Malone", "Company", "Dunder Mifflin", "Demo_Date__c", "TBD")),
                lead("new-2", Map.of("LastName", "Martin", "Company", "Dunder Mifflin")),
                lead("new-3", Map.of("LastName", "Beesly", "Company", "Dunder Mifflin", "Demo_Date__c", "TBD"))));

        assertThat(outcomes).extracting(WriteOutcome::status)
                .containsExactly(WriteOutcome.Status.REJECTED, WriteOutcome.Status.WRITTEN, WriteOutcome.Status.REJECTED);
        assertThat(outcomes.get(0).reason()).contains("'TBD'").contains("Demo_Date__c")
                .contains("its other 1 record was sent again in a new call without the 2 records holding that value");
        assertThat(emulator.store().all("Lead")).extracting(row -> row.get("LastName")).containsExactly("Martin");
        assertThat(emulator.requestCount("POST composite/sobjects")).isEqualTo(2);
    }

    @Test
    void aCallWhoseOnlyRecordsHoldTheBadValueIsNotSentAgain() {
        emulator.store().schema("Lead").addCustomField("Demo_Date__c", SfFieldType.DATE, false);
        SalesforceConnector connector = SalesforceTestSupport.connector(emulator);
        List<WriteOutcome> outcomes = connector.upsert("Lead", List.of(
                lead("new-1", Map.of("LastName", "Malone", "Company", "Dunder Mifflin", "Demo_Date__c", "TBD")),
                lead("new-2", Map.of("LastName", "Martin", "Company", "Dunder Mifflin", "Demo_Date__c", "TBD"))));

        assertThat(outcomes).extracting(WriteOutcome::status).containsOnly(WriteOutcome.Status.REJECTED);
        assertThat(outcomes).extracting(WriteOutcome::reason).allSatisfy(reason -> assertThat(reason).contains("'TBD'")
                .contains("Fix the mapping for Demo_Date__c").doesNotContain("sent again"));
        assertThat(emulator.requestCount("POST composite/sobjects")).as("no empty resend").isEqualTo(1);
    }

    @Test
    void whenTheBadValueIsInDifferentFieldsOfTwoRecordsEveryRecordIsRejectedAsBefore() {
        // The value sits in a date field of one record and in a text field of another: which one failed is not certain, and
        // rejecting the wrong one would hold back a good record while the bad one went on.
        emulator.store().schema("Lead").addCustomField("Demo_Date__c", SfFieldType.DATE, false);
        SalesforceConnector connector = SalesforceTestSupport.connector(emulator);
        List<WriteOutcome> outcomes = connector.upsert("Lead", List.of(
                lead("new-1", Map.of("LastName", "Malone", "Company", "Dunder Mifflin")),
                lead("new-2", Map.of("LastName", "Martin", "Company", "Dunder Mifflin", "Demo_Date__c", "next Tuesday")),
                lead("new-3", Map.of("LastName", "Beesly", "Company", "Dunder Mifflin", "Title", "next Tuesday"))));

        assertThat(outcomes).as("nothing dropped: every record of the call has its outcome").hasSize(3)
                .extracting(WriteOutcome::status).containsOnly(WriteOutcome.Status.REJECTED);
        assertThat(emulator.store().count("Lead")).isZero();
        assertThat(outcomes.get(0).reason()).contains("JSON_PARSER_ERROR").contains("not at fault").contains("'next Tuesday'")
                .contains("Demo_Date__c of csv/leads/new-2").contains("Title of csv/leads/new-3").doesNotContain("retrying will not help");
        assertThat(emulator.requestCount("POST composite/sobjects")).isEqualTo(1);
    }

    private static TargetRecord lead(String key, Map<String, Object> fields) {
        return new TargetRecord("Lead", key, fields, new SourceRef("csv", "leads", key));
    }

    private static TargetRecord contact(String key, Map<String, Object> fields) {
        return new TargetRecord("Contact", key, fields, new SourceRef("hubspot", "contacts", key));
    }
}
