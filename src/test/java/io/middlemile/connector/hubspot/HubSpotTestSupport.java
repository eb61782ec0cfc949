package io.middlemile.connector.hubspot;

import io.middlemile.sandbox.hubspot.EmulatorSettings;
import io.middlemile.sandbox.hubspot.HubSpotEmulator;
import io.middlemile.workspace.AuthConfig;
import io.middlemile.workspace.ConnectorConfig;
import io.middlemile.workspace.ObjectConfig;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/** Emulator and connector wiring for the HubSpot tests. */
final class HubSpotTestSupport {

    static final String TOKEN = "pat-na1-test-0000";
    static final List<String> CONTACT_FIELDS = List.of("hs_object_id", "email", "firstname", "lastname", "lastmodifieddate");

    private HubSpotTestSupport() {
    }

    /** An emulator with generous limits, so tests that are not about rate limits run fast. */
    static HubSpotEmulator emulator() {
        return HubSpotEmulator.start(EmulatorSettings.defaults(TOKEN).withBurst(100_000, 10_000).withSearchPerSecond(100_000), 0);
    }

    static HubSpotSettings fastSettings(HubSpotEmulator emulator) {
        return HubSpotSettings.defaults(emulator.baseUrl()).withRequestsPer10s(1_000_000).withSearchPerSecond(100_000);
    }

    static ConnectorConfig config(String baseUrl) {
        return new ConnectorConfig("hubspot-test", "hubspot", "emulated portal", null, baseUrl,
                new AuthConfig("bearer-token", "${HUBSPOT_TOKEN}", null, null, null, null, null, null, null),
                Map.of("contacts", new ObjectConfig("hs_object_id", "lastmodifieddate", CONTACT_FIELDS)), null);
    }

    static HubSpotConnector connector(HubSpotEmulator emulator) {
        return connector(emulator, fastSettings(emulator));
    }

    static HubSpotConnector connector(HubSpotEmulator emulator, HubSpotSettings settings) {
        return new HubSpotConnector("hubspot-test", config(emulator.baseUrl()), Map.of("HUBSPOT_TOKEN", TOKEN), settings);
    }

    /** Seeds {@code total} contacts; the first {@code shared} share one millisecond, the rest one ms apart each. */
    static void seed(HubSpotEmulator emulator, int total, int shared) {
        Instant t = Instant.parse("2024-03-01T09:00:00.000Z");
        emulator.clock().freezeAt(t);
        for (int i = 0; i < total; i++) {
            if (i >= shared) {
                emulator.clock().advance(java.time.Duration.ofMillis(1));
            }
            emulator.store().create("contacts", Map.of("email", "person" + i + "@example.com", "firstname", "P" + i));
        }
        emulator.clock().advance(java.time.Duration.ofMillis(5));
    }
}
