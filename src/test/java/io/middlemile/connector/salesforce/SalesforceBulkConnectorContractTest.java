package io.middlemile.connector.salesforce;

import io.middlemile.connector.ChangeSource;
import io.middlemile.connector.ConnectorContractTest;
import io.middlemile.connector.RecordSink;
import io.middlemile.connector.TargetRecord;
import io.middlemile.model.SourceRef;
import io.middlemile.sandbox.salesforce.SalesforceEmulator;
import io.middlemile.sandbox.salesforce.SalesforceEmulatorSettings;

import io.middlemile.workspace.SalesforceBulk;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The shared connector contract through Bulk API 2.0: thresholds so low that every page read goes through a queryAll job
 * and every write batch through an ingest job (checked when each case closes), against the emulator.
 */
class SalesforceBulkConnectorContractTest extends ConnectorContractTest {

    @Override
    protected Fixture fixture(int total, int sharingOneTimestamp) {
        // REST batches of 7, so the REST probe of every page of 40 or 50 leaves records for a bulk job.
        SalesforceEmulator emulator = SalesforceTestSupport.emulator(
                SalesforceEmulatorSettings.defaults(SalesforceTestSupport.CLIENT_ID, SalesforceTestSupport.CLIENT_SECRET).withQueryBatchSize(7));
        emulator.setBulkResultsPageSize(30);
        SalesforceTestSupport.seedContacts(emulator, total, sharingOneTimestamp);
        SalesforceSettings settings = SalesforceTestSupport.settings(emulator).withBulk(new SalesforceBulk(10, 5))
                .withBulkPolling(Duration.ofMillis(10), Duration.ofSeconds(30));
        SalesforceConnector sink = SalesforceTestSupport.connector(emulator, settings);
        return new Fixture() {
            @Override
            public String object() {
                return "Contact";
            }

            @Override
            public ChangeSource openSource() {
                return SalesforceTestSupport.connector(emulator, settings);
            }

            @Override
            public RecordSink sink() {
                return sink;
            }

            @Override
            public List<TargetRecord> validRecords(int count, String seed) {
                List<TargetRecord> records = new ArrayList<>();
                for (int i = 0; i < count; i++) {
                    records.add(new TargetRecord("Contact", seed + "-" + i, Map.of("LastName", "L" + i, "Email", seed + i + "@example.org"),
                            new SourceRef("crm-export", "contacts", seed + i)));
                }
                return records;
            }

            @Override
            public TargetRecord invalidRecord() {
                return new TargetRecord("Contact", "bad-1", Map.of("LastName", "Bad", "Favourite_Colour__c", "teal"),
                        new SourceRef("crm-export", "contacts", "bad"));
            }

            @Override
            public int countInTarget() {
                return emulator.store().count("Contact");
            }

            @Override
            public void close() {
                long jobs = emulator.requestCount("POST jobs/query") + emulator.requestCount("POST jobs/ingest");
                emulator.stop();
                assertThat(jobs).as("this case went through Bulk API 2.0 jobs").isPositive();
            }
        };
    }
}
