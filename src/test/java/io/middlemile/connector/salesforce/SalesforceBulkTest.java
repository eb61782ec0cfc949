package io.middlemile.connector.salesforce;

import io.middlemile.connector.ConnectorContractTestAccess;
import io.middlemile.connector.Cursor;
import io.middlemile.connector.SourcePage;
import io.middlemile.connector.SourceRecord;
import io.middlemile.connector.TargetRecord;
import io.middlemile.connector.WriteOutcome;
import io.middlemile.model.SourceRef;
import io.middlemile.sandbox.salesforce.SalesforceEmulator;
import io.middlemile.sandbox.salesforce.SalesforceEmulatorSettings;
import io.middlemile.workspace.ConnectorConfig;
import io.middlemile.workspace.SalesforceBulk;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static io.middlemile.connector.salesforce.SalesforceTestSupport.EXTERNAL_ID;
import static org.assertj.core.api.Assertions.assertThat;

/** Reads above bulk.queryAbove and writes above bulk.ingestAbove go through Bulk API 2.0 jobs, with the REST path's results. */
class SalesforceBulkTest {

    // REST query batches of 200 (the smallest the API allows), so a page above 200 records needs more than one batch.
    private final SalesforceEmulator emulator = SalesforceTestSupport.emulator(SalesforceEmulatorSettings.defaults(
            SalesforceTestSupport.CLIENT_ID, SalesforceTestSupport.CLIENT_SECRET).withQueryBatchSize(200));

    @AfterEach
    void stop() {
        emulator.stop();
    }

    private SalesforceConnector connector(SalesforceBulk bulk) {
        return SalesforceTestSupport.connector(emulator, SalesforceTestSupport.settings(emulator).withBulk(bulk)
                .withBulkPolling(Duration.ofMillis(20), Duration.ofSeconds(30)));
    }

    /** Contacts, the first {@code shared} sharing one SystemModstamp, one deleted and two merged away later. */
    private void seed(int total, int shared) {
        SalesforceTestSupport.seedContacts(emulator, total, shared);
        List<Map<String, Object>> all = emulator.store().all("Contact");
        emulator.clock().advance(Duration.ofSeconds(3));
        emulator.store().delete("Contact", (String) all.get(5).get("Id"));
        emulator.store().merge("Contact", (String) all.get(10).get("Id"), List.of((String) all.get(11).get("Id"), (String) all.get(12).get("Id")));
        emulator.clock().advance(Duration.ofSeconds(3));
    }

    @Test
    void aLargeReadGoesThroughABulkQueryJobAndReturnsExactlyTheRestRecords() {
        seed(300, 120);
        emulator.setBulkResultsPageSize(70);
        emulator.setBulkJobDelay(Duration.ofMillis(150));

        SourcePage rest = connector(SalesforceBulk.off()).readChanges("Contact", Cursor.START, 1000);
        assertThat(emulator.requestCount("POST jobs/query")).isZero();
        SourcePage bulk = connector(new SalesforceBulk(50, 0)).readChanges("Contact", Cursor.START, 1000);

        assertThat(emulator.requestCount("POST jobs/query")).isEqualTo(1);
        assertThat(emulator.requestCount("GET jobs/query/{id}")).as("the job is polled until JobComplete").isGreaterThanOrEqualTo(2);
        assertThat(emulator.requestCount("GET jobs/query/{id}/results")).as("result sets followed through Sforce-Locator").isEqualTo(5);
        assertThat(bulk.records()).hasSize(300);
        assertThat(ids(bulk.records())).containsExactlyElementsOf(ids(rest.records()));
        for (int i = 0; i < rest.records().size(); i++) {
            assertThat(bulk.records().get(i).fields()).as("record %d", i).isEqualTo(rest.records().get(i).fields());
            assertThat(bulk.records().get(i).modifiedAt()).isEqualTo(rest.records().get(i).modifiedAt());
        }
        assertThat(bulk.next()).isEqualTo(rest.next());
        assertThat(bulk.records().get(7).location()).as("a record's location names that record")
                .startsWith("Salesforce " + bulk.records().get(7).ref().connection() + "/Contact/" + bulk.records().get(7).ref().sourceId()
                        + " (Bulk API 2.0 queryAll job ");
        assertThat(bulk.records().stream().filter(r -> Boolean.TRUE.equals(r.fields().get(SalesforceConnector.DELETED_FIELD)))).hasSize(3);
        assertThat(bulk.records().stream().filter(r -> r.fields().get(SalesforceConnector.MERGED_INTO_FIELD) != null)).hasSize(2);
    }

    @Test
    void bulkPagesKeepTheCursorSemanticsAcrossSharedTimestampsAndResume() {
        // 700 records, the first 300 sharing one timestamp: the first page boundary (250) falls inside that group.
        seed(700, 300);
        List<String> rest = ConnectorContractTestAccess.readAll(connector(SalesforceBulk.off()), "Contact", Cursor.START, 250, new ArrayList<>());
        long restQueries = emulator.requestCount("GET queryAll");

        SalesforceConnector bulkReader = connector(new SalesforceBulk(50, 0));
        SourcePage first = bulkReader.readChanges("Contact", Cursor.START, 250);
        List<String> ids = new ArrayList<>(ids(first.records()));
        // Resume from the stored cursor with a new instance, as a restarted job does.
        ConnectorContractTestAccess.readAll(connector(new SalesforceBulk(50, 0)), "Contact", new Cursor(first.next().value()), 250, ids);

        assertThat(ids).containsExactlyElementsOf(rest).doesNotHaveDuplicates().hasSize(700);
        // Pages of 250, 250 and 200: the first two need more than one REST batch and go through jobs; the last fits one batch.
        assertThat(emulator.requestCount("POST jobs/query")).isEqualTo(2);
        assertThat(emulator.requestCount("GET queryAll") - restQueries).as("one REST probe per page").isEqualTo(3);
    }

    @Test
    void aSmallReadStaysOnRest() {
        seed(300, 120);
        connector(new SalesforceBulk(500, 0)).readChanges("Contact", Cursor.START, 1000);
        assertThat(emulator.requestCount("POST jobs/query")).isZero();
    }

    @Test
    void aLargeUpsertGoesThroughAnIngestJobWithPerRecordOutcomes() {
        emulator.setBulkJobDelay(Duration.ofMillis(100));
        SalesforceTestSupport.seedContacts(emulator, 10, 0);
        List<TargetRecord> records = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            Map<String, Object> fields = new LinkedHashMap<>();
            fields.put("FirstName", "F" + i);
            // Records 0-9 exist already (seed-0..seed-9): they are updated. Record 17 and 42 are new and lack LastName.
            if (i != 17 && i != 42) {
                fields.put("LastName", "Bulk, \"quoted\" " + i);
            }
            fields.put("Email", i == 3 ? null : "bulk" + i + "@example.com");
            records.add(new TargetRecord("Contact", "seed-" + i, fields, new SourceRef("crm", "people", "p" + i)));
        }
        SalesforceConnector connector = connector(new SalesforceBulk(0, 20));
        assertThat(connector.maxBatchSize()).isEqualTo(SalesforceBulk.MAX_INGEST_BATCH);

        List<WriteOutcome> outcomes = connector.upsert("Contact", records);

        assertThat(emulator.requestCount("POST jobs/ingest")).isEqualTo(1);
        assertThat(emulator.requestCount("PUT jobs/ingest/{id}/batches")).isEqualTo(1);
        assertThat(emulator.requestCount("PATCH jobs/ingest/{id}")).isEqualTo(1);
        assertThat(emulator.requestCount("PATCH composite/sobjects/{type}/{externalId}")).isZero();
        assertThat(outcomes).hasSize(60);
        for (int i = 0; i < 60; i++) {
            WriteOutcome outcome = outcomes.get(i);
            assertThat(outcome.origin().sourceId()).isEqualTo("p" + i);
            if (i == 17 || i == 42) {
                assertThat(outcome.status()).as("record %d", i).isEqualTo(WriteOutcome.Status.REJECTED);
                assertThat(outcome.reason()).contains("REQUIRED_FIELD_MISSING").contains("seed-" + i);
                continue;
            }
            assertThat(outcome.status()).as("record %d", i).isEqualTo(WriteOutcome.Status.WRITTEN);
            String key = "seed-" + i;
            Map<String, Object> row = emulator.store().all("Contact").stream().filter(r -> key.equals(r.get(EXTERNAL_ID))).findFirst().orElseThrow();
            assertThat(outcome.targetId()).isEqualTo(row.get("Id"));
            assertThat(row.get("LastName")).isEqualTo("Bulk, \"quoted\" " + i);
        }
        Map<String, Object> nulled = emulator.store().all("Contact").stream().filter(r -> "seed-3".equals(r.get(EXTERNAL_ID))).findFirst().orElseThrow();
        assertThat(nulled.get("Email")).as("#N/A sets a field to null").isNull();
        assertThat(emulator.store().count("Contact")).isEqualTo(58);

        // Replaying the batch updates the same records: no duplicates.
        connector.upsert("Contact", records);
        assertThat(emulator.store().count("Contact")).isEqualTo(58);
    }

    @Test
    void aLargeUpdateByIdGoesThroughAnIngestJobAndAnUnknownIdFailsOnlyItsRecord() {
        SalesforceTestSupport.seedLeads(emulator, 30);
        List<String> ids = emulator.store().all("Lead").stream().map(r -> (String) r.get("Id")).toList();
        List<TargetRecord> records = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            String id = i == 7 ? ids.get(i).substring(0, 5) + "9999999999999" : ids.get(i);
            records.add(new TargetRecord("Lead", id, Map.of("Status", "Working - Contacted", "Company", "Bulk " + i),
                    new SourceRef("crm", "leads", "l" + i)));
        }
        List<WriteOutcome> outcomes = connector(new SalesforceBulk(0, 20)).upsert("Lead", records);

        assertThat(emulator.requestCount("POST jobs/ingest")).isEqualTo(1);
        assertThat(emulator.requestCount("PATCH composite/sobjects")).isZero();
        assertThat(outcomes.get(7).status()).isEqualTo(WriteOutcome.Status.REJECTED);
        assertThat(outcomes.get(7).reason()).contains("Salesforce refused Lead");
        for (int i = 0; i < 30; i++) {
            if (i != 7) {
                assertThat(outcomes.get(i).status()).as("record %d", i).isEqualTo(WriteOutcome.Status.WRITTEN);
                assertThat(outcomes.get(i).targetId()).isEqualTo(ids.get(i));
                assertThat(emulator.store().get("Lead", ids.get(i)).get("Company")).isEqualTo("Bulk " + i);
            }
        }
    }

    @Test
    void batchesAtOrBelowIngestAboveUseCollectionsOf200() {
        List<TargetRecord> records = new ArrayList<>();
        for (int i = 0; i < 450; i++) {
            records.add(new TargetRecord("Contact", "c-" + i, Map.of("LastName", "L" + i), new SourceRef("crm", "people", "c" + i)));
        }
        List<WriteOutcome> outcomes = connector(new SalesforceBulk(0, 1000)).upsert("Contact", records);
        assertThat(outcomes).allMatch(o -> o.status() == WriteOutcome.Status.WRITTEN);
        assertThat(emulator.requestCount("PATCH composite/sobjects/{type}/{externalId}")).isEqualTo(3);
        assertThat(emulator.requestCount("POST jobs/ingest")).isZero();
    }

    @Test
    void anIngestJobRefusedAsAWholeRejectsEachRecordWithTheReason() {
        ConnectorConfig base = SalesforceTestSupport.config(emulator.baseUrl());
        // Email is no external id field in the org: Salesforce refuses the upsert job at creation.
        ConnectorConfig byEmail = new ConnectorConfig(base.id(), base.type(), base.description(), null, base.baseUrl(), base.auth(),
                Map.of("Contact", new io.middlemile.workspace.ObjectConfig("Email", "SystemModstamp", SalesforceTestSupport.CONTACT_FIELDS)), null);
        SalesforceConnector connector = new SalesforceConnector("salesforce-test", byEmail, Map.of("SALESFORCE_CLIENT_ID",
                SalesforceTestSupport.CLIENT_ID, "SALESFORCE_CLIENT_SECRET", SalesforceTestSupport.CLIENT_SECRET),
                SalesforceTestSupport.settings(emulator).withBulk(new SalesforceBulk(0, 2)));
        List<TargetRecord> records = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            records.add(new TargetRecord("Contact", "p" + i + "@example.com", Map.of("LastName", "L" + i), new SourceRef("crm", "people", "p" + i)));
        }
        List<WriteOutcome> outcomes = connector.upsert("Contact", records);
        assertThat(outcomes).hasSize(5).allSatisfy(o -> {
            assertThat(o.status()).isEqualTo(WriteOutcome.Status.REJECTED);
            assertThat(o.reason()).contains("is not an External ID");
        });
        assertThat(outcomes).extracting(o -> o.origin().sourceId()).containsExactly("p0", "p1", "p2", "p3", "p4");
        assertThat(emulator.store().count("Contact")).isZero();
    }

    @Test
    void theConnectorFilesBulkSectionReachesTheConnector() {
        ConnectorConfig base = SalesforceTestSupport.config(emulator.baseUrl());
        ConnectorConfig withBulk = new ConnectorConfig(base.id(), base.type(), base.description(), null, base.baseUrl(), base.auth(),
                base.objects(), null, new SalesforceBulk(123, 0), null);
        Map<String, String> env = Map.of("SALESFORCE_CLIENT_ID", SalesforceTestSupport.CLIENT_ID,
                "SALESFORCE_CLIENT_SECRET", SalesforceTestSupport.CLIENT_SECRET);
        // The constructor ConnectorFactory uses: the file's section, or the defaults without one.
        SalesforceConnector configured = new SalesforceConnector("salesforce-test", withBulk, env);
        assertThat(configured.bulk()).isEqualTo(new SalesforceBulk(123, 0));
        assertThat(configured.maxBatchSize()).as("ingest off: one Collections call").isEqualTo(200);
        assertThat(new SalesforceConnector("salesforce-test", base, env).bulk()).isEqualTo(SalesforceBulk.defaults());
    }

    private static List<String> ids(List<SourceRecord> records) {
        return records.stream().map(r -> r.ref().sourceId()).toList();
    }
}
