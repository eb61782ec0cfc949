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
 * its field, and the rest of its batch is written. A type the writer does not check still fails the whole
 * call at the org: then every record of the call is rejected (none dropped), and the reason names the call's
 * records and the record and field holding the value Salesforce quoted.
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
    void aWholeCallRefusedForAValueOfATypeNotCheckedRejectsEveryRecordNamingTheCallAndTheValue() {
        // Date fields are not checked before the call: the org's parser is the judge of their formats.
        emulator.store().schema("Lead").addCustomField("Demo_Date__c", SfFieldType.DATE, false);
        SalesforceConnector connector = SalesforceTestSupport.connector(emulator);
        List<WriteOutcome> outcomes = connector.upsert("Lead", List.of(
                lead("new-1", Map.of("LastName", "Malone", "Company", "Dunder Mifflin")),
                lead("new-2", Map.of("LastName", "Martin", "Company", "Dunder Mifflin", "Demo_Date__c", "next Tuesday")),
                lead("new-3", Map.of("LastName", "Beesly", "Company", "Dunder Mifflin", "Demo_Date__c", "2024-03-15"))));

        assertThat(outcomes).as("nothing dropped: every record of the call has its outcome").hasSize(3)
                .extracting(WriteOutcome::status).containsOnly(WriteOutcome.Status.REJECTED);
        assertThat(emulator.store().count("Lead")).isZero();
        assertThat(outcomes.get(1).reason()).contains("JSON_PARSER_ERROR").contains("'next Tuesday'").contains("Demo_Date__c")
                .contains("3 Lead records").contains("csv/leads/new-1").contains("csv/leads/new-3").contains("mapping");
        for (int i : List.of(0, 2)) {
            assertThat(outcomes.get(i).reason()).contains("JSON_PARSER_ERROR").contains("not at fault")
                    .contains("'next Tuesday'").contains("Demo_Date__c").contains("csv/leads/new-2")
                    .contains("retry").doesNotContain("retrying will not help");
        }
    }

    private static TargetRecord lead(String key, Map<String, Object> fields) {
        return new TargetRecord("Lead", key, fields, new SourceRef("csv", "leads", key));
    }

    private static TargetRecord contact(String key, Map<String, Object> fields) {
        return new TargetRecord("Contact", key, fields, new SourceRef("hubspot", "contacts", key));
    }
}
