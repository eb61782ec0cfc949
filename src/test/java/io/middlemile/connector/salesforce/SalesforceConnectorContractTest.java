package io.middlemile.connector.salesforce;

import io.middlemile.connector.ChangeSource;
import io.middlemile.connector.Connector;
import io.middlemile.connector.ConnectorContractTest;
import io.middlemile.connector.RecordSink;
import io.middlemile.connector.TargetRecord;
import io.middlemile.model.SourceRef;
import io.middlemile.sandbox.salesforce.SalesforceEmulator;
import io.middlemile.sandbox.salesforce.SalesforceEmulatorSettings;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

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
        public Connector connector() {
            return sink;
        }

        @Override
        public String type() {
            return "salesforce";
        }

        @Override
        public Map<String, List<String>> configuredObjects() {
            Map<String, List<String>> objects = new LinkedHashMap<>();
            objects.put("Contact", SalesforceTestSupport.CONTACT_FIELDS);
            objects.put("Lead", SalesforceTestSupport.LEAD_FIELDS);
            return objects;
        }

        @Override
        public Optional<Connector> withRefusedCredentials() {
            return Optional.of(new SalesforceConnector("salesforce-test", SalesforceTestSupport.config(emulator.baseUrl()),
                    Map.of("SALESFORCE_CLIENT_ID", SalesforceTestSupport.CLIENT_ID, "SALESFORCE_CLIENT_SECRET", "revoked-secret-9999"), settings));
        }

        @Override
        public Connector unreachable() {
            String nowhere = unreachableBaseUrl();
            return new SalesforceConnector("salesforce-test", SalesforceTestSupport.config(nowhere),
                    Map.of("SALESFORCE_CLIENT_ID", SalesforceTestSupport.CLIENT_ID, "SALESFORCE_CLIENT_SECRET", SalesforceTestSupport.CLIENT_SECRET),
                    SalesforceSettings.defaults(nowhere).withMaxAttempts(2));
        }

        /**
         * Salesforce's rate limit is not a 429: an org at its concurrent long-running request limit answers
         * 403 REQUEST_LIMIT_EXCEEDED "ConcurrentRequests ... Limit exceeded." without Retry-After; it is backed off and retried.
         */
        @Override
        public Optional<RateLimit> rateLimitNext(int calls) {
            emulator.concurrentLimitNext(calls);
            return Optional.of(new RateLimit(Duration.ZERO, emulator::concurrentRefusalsPending));
        }

        /** 403 REQUEST_LIMIT_EXCEEDED "TotalRequests Limit exceeded.": the allocation is a rolling 24 hours, so no reset time is known. */
        @Override
        public Optional<DailyQuota> exhaustDailyQuota() {
            emulator.setApiUsage(Long.MAX_VALUE / 2); // the emulator caps it at the org's allocation
            return Optional.of(new DailyQuota(null));
        }

        @Override
        public void close() {
            emulator.stop();
        }
    }
}
