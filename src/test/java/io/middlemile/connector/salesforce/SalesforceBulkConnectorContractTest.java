package io.middlemile.connector.salesforce;

import io.middlemile.connector.ConnectorContractTest;
import io.middlemile.sandbox.salesforce.SalesforceEmulator;
import io.middlemile.sandbox.salesforce.SalesforceEmulatorSettings;

import io.middlemile.workspace.SalesforceBulk;

import java.time.Duration;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The shared connector contract through Bulk API 2.0: thresholds so low that every page read goes through a queryAll job
 * and every write batch through an ingest job (checked when each case that moves records closes), against the emulator.
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
        return new SalesforceConnectorContractTest.ContactFixture(emulator, settings) {
            @Override
            public void close() {
                long jobs = emulator.requestCount("POST jobs/query") + emulator.requestCount("POST jobs/ingest");
                long rest = Stream.of("GET query", "GET queryAll", "GET query more", "POST composite/sobjects", "PATCH composite/sobjects",
                        "PATCH composite/sobjects/{type}/{externalId}").mapToLong(emulator::requestCount).sum();
                super.close();
                if (jobs + rest > 0) { // cases about check(), describe() or a spent quota move no records
                    assertThat(jobs).as("this case went through Bulk API 2.0 jobs").isPositive();
                }
            }
        };
    }
}
