package io.middlemile.connector.hubspot;

import io.middlemile.connector.ChangeSource;
import io.middlemile.connector.ConnectorContractTest;
import io.middlemile.connector.RecordSink;
import io.middlemile.connector.TargetRecord;
import io.middlemile.model.SourceRef;
import io.middlemile.sandbox.hubspot.HubSpotEmulator;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The shared connector contract, run against the HubSpot connector and the emulator. */
class HubSpotConnectorContractTest extends ConnectorContractTest {

    @Override
    protected Fixture fixture(int total, int sharingOneTimestamp) {
        HubSpotEmulator emulator = HubSpotTestSupport.emulator();
        HubSpotTestSupport.seed(emulator, total, sharingOneTimestamp);
        HubSpotConnector sink = HubSpotTestSupport.connector(emulator);
        return new Fixture() {
            @Override
            public String object() {
                return "contacts";
            }

            @Override
            public ChangeSource openSource() {
                return HubSpotTestSupport.connector(emulator);
            }

            @Override
            public RecordSink sink() {
                return sink;
            }

            @Override
            public List<TargetRecord> validRecords(int count, String seed) {
                List<TargetRecord> records = new ArrayList<>();
                for (int i = 0; i < count; i++) {
                    String email = seed + i + "@example.org";
                    records.add(new TargetRecord("contacts", email, Map.of("email", email, "firstname", "F" + i),
                            new SourceRef("crm-export", "contacts", seed + i)));
                }
                return records;
            }

            @Override
            public TargetRecord invalidRecord() {
                return new TargetRecord("contacts", "bad@example.org", Map.of("email", "bad@example.org", "favourite_colour", "teal"),
                        new SourceRef("crm-export", "contacts", "bad"));
            }

            @Override
            public int countInTarget() {
                return emulator.store().count("contacts");
            }

            @Override
            public void close() {
                emulator.stop();
            }
        };
    }
}
