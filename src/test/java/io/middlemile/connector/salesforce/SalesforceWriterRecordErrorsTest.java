package io.middlemile.connector.salesforce;

import io.middlemile.connector.TargetRecord;
import io.middlemile.connector.WriteOutcome;
import io.middlemile.model.SourceRef;
import io.middlemile.sandbox.salesforce.SalesforceEmulator;
import io.middlemile.workspace.SalesforceBulk;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The writer's per-record error path against the emulated org, which refuses what Salesforce refuses:
 * one record the org rejects (a Title over Contact.Title's 128 characters) is rejected with its field and
 * reason, and the rest of its batch is written, through sObject Collections and through a Bulk API 2.0 ingest job.
 */
class SalesforceWriterRecordErrorsTest {

    private static final String LONG_TITLE = "Senior Vice President of Global Revenue Operations, Strategic Partnerships, Channel Enablement and "
            + "Customer Success for Europe, Middle East and Africa";

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
    void aTooLongTitleIsRejectedWithItsFieldAndTheValidRecordIsWrittenInTheSameCollectionsCall() {
        assertThat(LONG_TITLE.length()).isGreaterThan(128);
        SalesforceConnector connector = SalesforceTestSupport.connector(emulator);
        List<WriteOutcome> outcomes = connector.upsert("Contact", List.of(
                contact("hs-1", "Ada", "Lovelace", "ada@example.com", LONG_TITLE),
                contact("hs-2", "Grace", "Hopper", "grace@example.com", "Rear Admiral")));

        assertThat(outcomes).hasSize(2);
        WriteOutcome rejected = outcomes.get(0);
        assertThat(rejected.status()).isEqualTo(WriteOutcome.Status.REJECTED);
        assertThat(rejected.origin().sourceId()).isEqualTo("hs-1");
        assertThat(rejected.reason()).contains("STRING_TOO_LONG").contains("Title").contains("max length=128");
        WriteOutcome written = outcomes.get(1);
        assertThat(written.status()).isEqualTo(WriteOutcome.Status.WRITTEN);
        assertThat(written.targetId()).startsWith("003");

        assertThat(emulator.store().all("Contact")).hasSize(1).first()
                .satisfies(row -> assertThat(row).containsEntry("LastName", "Hopper").containsEntry(SalesforceTestSupport.EXTERNAL_ID, "hs-2"));
        assertThat(emulator.requestCount("PATCH composite/sobjects/{type}/{externalId}")).isEqualTo(1);

        // Once the title fits, the same record goes through: the rejection was the record's, not the batch's.
        List<WriteOutcome> retry = connector.upsert("Contact", List.of(contact("hs-1", "Ada", "Lovelace", "ada@example.com",
                LONG_TITLE.substring(0, 128))));
        assertThat(retry.get(0).status()).isEqualTo(WriteOutcome.Status.WRITTEN);
        assertThat(emulator.store().count("Contact")).isEqualTo(2);
    }

    @Test
    void createsGetTheOrgsReasonPerRecordToo() {
        SalesforceConnector connector = SalesforceTestSupport.connector(emulator);
        List<WriteOutcome> outcomes = connector.upsert("Lead", List.of(
                lead("new-1", Map.of("LastName", "Malone", "Company", "Dunder Mifflin", "Email", "kevin@dundermifflin")),
                lead("new-2", Map.of("LastName", "Martin", "Company", "Dunder Mifflin", "Title", LONG_TITLE)),
                lead("new-3", Map.of("LastName", "Beesly", "Company", "Dunder Mifflin", "Email", "pam@dundermifflin.com"))));

        assertThat(outcomes).extracting(WriteOutcome::status)
                .containsExactly(WriteOutcome.Status.REJECTED, WriteOutcome.Status.REJECTED, WriteOutcome.Status.WRITTEN);
        assertThat(outcomes.get(0).reason()).contains("INVALID_EMAIL_ADDRESS").contains("Email").contains("kevin@dundermifflin");
        assertThat(outcomes.get(1).reason()).contains("STRING_TOO_LONG").contains("Title");
        assertThat(emulator.store().all("Lead")).extracting(row -> row.get("LastName")).containsExactly("Beesly");
    }

    @Test
    void anIngestJobRejectsTheTooLongTitleAloneWithItsFieldAndReason() {
        SalesforceConnector connector = SalesforceTestSupport.connector(emulator, SalesforceTestSupport.settings(emulator)
                .withBulk(new SalesforceBulk(0, 1)).withBulkPolling(Duration.ofMillis(20), Duration.ofSeconds(30)));
        List<WriteOutcome> outcomes = connector.upsert("Contact", List.of(
                contact("hs-1", "Ada", "Lovelace", "ada@example.com", LONG_TITLE),
                contact("hs-2", "Grace", "Hopper", "grace@example.com", "Rear Admiral")));

        assertThat(emulator.requestCount("POST jobs/ingest")).as("the batch went as a Bulk API 2.0 job").isEqualTo(1);
        assertThat(outcomes.get(0).status()).isEqualTo(WriteOutcome.Status.REJECTED);
        assertThat(outcomes.get(0).reason()).contains("STRING_TOO_LONG").contains("Title").contains("max length=128");
        assertThat(outcomes.get(1).status()).isEqualTo(WriteOutcome.Status.WRITTEN);
        assertThat(emulator.store().all("Contact")).extracting(row -> row.get("LastName")).containsExactly("Hopper");
    }

    private static TargetRecord contact(String key, String first, String last, String email, String title) {
        return new TargetRecord("Contact", key, Map.of("FirstName", first, "LastName", last, "Email", email, "Title", title),
                new SourceRef("hubspot", "contacts", key));
    }

    private static TargetRecord lead(String key, Map<String, Object> fields) {
        return new TargetRecord("Lead", key, fields, new SourceRef("csv", "leads", key));
    }
}
