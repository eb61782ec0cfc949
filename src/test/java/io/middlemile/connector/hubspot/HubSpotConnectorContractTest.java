package io.middlemile.connector.hubspot;

import io.middlemile.connector.ChangeSource;
import io.middlemile.connector.Connector;
import io.middlemile.connector.ConnectorContractTest;
import io.middlemile.connector.RecordSink;
import io.middlemile.connector.TargetRecord;
import io.middlemile.model.SourceRef;
import io.middlemile.sandbox.hubspot.HubSpotEmulator;

import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The shared connector contract, run against the HubSpot connector and the emulator. */
class HubSpotConnectorContractTest extends ConnectorContractTest {

    /** Not UTC, so a daily quota's reset is seen to follow the account's zone. */
    private static final ZoneId ACCOUNT_ZONE = ZoneId.of("America/New_York");

    @Override
    protected Fixture fixture(int total, int sharingOneTimestamp) {
        HubSpotEmulator emulator = HubSpotTestSupport.emulator();
        HubSpotTestSupport.seed(emulator, total, sharingOneTimestamp);
        HubSpotSettings settings = HubSpotTestSupport.fastSettings(emulator).withAccountZone(ACCOUNT_ZONE);
        HubSpotConnector sink = HubSpotTestSupport.connector(emulator, settings);
        return new Fixture() {
            @Override
            public String object() {
                return "contacts";
            }

            @Override
            public ChangeSource openSource() {
                return HubSpotTestSupport.connector(emulator, settings);
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
            public Connector connector() {
                return sink;
            }

            @Override
            public String type() {
                return "hubspot";
            }

            @Override
            public Map<String, List<String>> configuredObjects() {
                return Map.of("contacts", HubSpotTestSupport.CONTACT_FIELDS);
            }

            @Override
            public Optional<Connector> withRefusedCredentials() {
                return Optional.of(new HubSpotConnector("hubspot-test", HubSpotTestSupport.config(emulator.baseUrl()),
                        Map.of("HUBSPOT_TOKEN", "pat-na1-revoked-9999"), settings));
            }

            @Override
            public Connector unreachable() {
                String nowhere = unreachableBaseUrl();
                return new HubSpotConnector("hubspot-test", HubSpotTestSupport.config(nowhere), Map.of("HUBSPOT_TOKEN", HubSpotTestSupport.TOKEN),
                        HubSpotSettings.defaults(nowhere).withMaxAttempts(2));
            }

            /** HubSpot answers 429 with a policy name; the emulator adds the Retry-After a proxy or HubSpot may send. */
            @Override
            public Optional<RateLimit> rateLimitNext(int calls) {
                Duration retryAfter = Duration.ofSeconds(1);
                emulator.rateLimitNext(calls, retryAfter);
                return Optional.of(new RateLimit(retryAfter, emulator::rateLimitsPending));
            }

            /** 429 DAILY: paused until the next midnight in the account's time zone. */
            @Override
            public Optional<DailyQuota> exhaustDailyQuota() {
                emulator.exhaustDailyLimit();
                return Optional.of(new DailyQuota(LocalDate.now(ACCOUNT_ZONE).plusDays(1).atStartOfDay(ACCOUNT_ZONE).toInstant()));
            }

            @Override
            public void close() {
                emulator.stop();
            }
        };
    }
}
