package io.middlemile.connector.salesforce;

import io.middlemile.connector.ChangeSource;
import io.middlemile.connector.ConnectorContractTest;
import io.middlemile.connector.RecordSink;
import io.middlemile.connector.TargetRecord;
import io.middlemile.model.SourceRef;
import io.middlemile.sandbox.salesforce.SalesforceEmulator;
import io.middlemile.sandbox.salesforce.SalesforceEmulatorSettings;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The shared connector contract, run against the Salesforce connector and the emulator (Contact upserted by external id). */
class SalesforceConnectorContractTest extends ConnectorContractTest {

    @Override
    protected Fixture fixture(int total, int sharingOneTimestamp) {
        // 200-record batches (the smallest the API allows) so pages of 50 still cross query batches sometimes.
        SalesforceEmulator emulator = SalesforceTestSupport.emulator(
                SalesforceEmulatorSettings.defaults(SalesforceTestSupport.CLIENT_ID, SalesforceTestSupport.CLIENT_SECRET).withQueryBatchSize(200));
        SalesforceTestSupport.seedContacts(emulator, total, sharingOneTimestamp);
        return new ContactFixture(emulator, SalesforceTestSupport.settings(emulator));
    }

    /** Contacts upserted by external id on an emulator; the Bulk API variant of the contract reuses it. */
    static class ContactFixture implements Fixture {
        final SalesforceEmulator emulator;
        private final SalesforceSettings settings;
        private final SalesforceConnector sink;

        ContactFixture(SalesforceEmulator emulator, SalesforceSettings settings) {
            this.emulator = emulator;
            this.settings = settings;
            this.sink = SalesforceTestSupport.connector(emulator, settings);
        }

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
            emulator.stop();
        }
    }
}
