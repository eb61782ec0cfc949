package io.middlemile.connector.salesforce;

import io.middlemile.sandbox.salesforce.SfFieldType;
import io.middlemile.sandbox.salesforce.SalesforceEmulator;
import io.middlemile.sandbox.salesforce.SalesforceEmulatorSettings;
import io.middlemile.workspace.AuthConfig;
import io.middlemile.workspace.ConnectorConfig;
import io.middlemile.workspace.ObjectConfig;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Emulator and connector wiring for the Salesforce tests. */
final class SalesforceTestSupport {

    /** The access token {@link #stubToken} hands out. */
    static final String STUB_TOKEN = "00Dxx!token";

    /**
     * Stubs the OAuth token endpoint of a WireMock org with the client-credentials answer of Salesforce's guide
     * (https://help.salesforce.com/s/articleView?id=sf.remoteaccess_oauth_client_credentials_flow.htm), its instance the stub.
     */
    static void stubToken(com.github.tomakehurst.wiremock.WireMockServer wm) {
        wm.stubFor(com.github.tomakehurst.wiremock.client.WireMock.post(com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo(
                "/services/oauth2/token")).willReturn(com.github.tomakehurst.wiremock.client.WireMock.okJson("{\"access_token\":\""
                + STUB_TOKEN + "\",\"instance_url\":\"" + wm.baseUrl() + "\",\"id\":\"https://login.salesforce.com/id/00Dxx/005xx\","
                + "\"token_type\":\"Bearer\",\"issued_at\":\"1700000000000\",\"signature\":\"c2lnbmF0dXJl\"}")));
    }

    static final String CLIENT_ID = "3MVG9emulatorConsumerKey";
    static final String CLIENT_SECRET = "emulator-consumer-secret-0001";
    static final String EXTERNAL_ID = "Middlemile_Key__c";
    static final Instant T0 = Instant.parse("2024-03-01T09:00:00Z");
    static final List<String> CONTACT_FIELDS = List.of("Id", "FirstName", "LastName", "Email", EXTERNAL_ID, "SystemModstamp");
    static final List<String> LEAD_FIELDS = List.of("Id", "FirstName", "LastName", "Company", "Email", "Status", "SystemModstamp");

    private SalesforceTestSupport() {
    }

    static SalesforceEmulator emulator() {
        return emulator(SalesforceEmulatorSettings.defaults(CLIENT_ID, CLIENT_SECRET));
    }

    static SalesforceEmulator emulator(SalesforceEmulatorSettings settings) {
        SalesforceEmulator emulator = SalesforceEmulator.start(settings, 0);
        emulator.store().schema("Contact").addCustomField(EXTERNAL_ID, SfFieldType.STRING, true);
        return emulator;
    }

    /** Contact keyed by the external id field (replay-safe upserts); Lead keyed by Id. */
    static ConnectorConfig config(String baseUrl) {
        Map<String, ObjectConfig> objects = new LinkedHashMap<>();
        objects.put("Contact", new ObjectConfig(EXTERNAL_ID, "SystemModstamp", CONTACT_FIELDS));
        objects.put("Lead", new ObjectConfig("Id", "SystemModstamp", LEAD_FIELDS));
        return new ConnectorConfig("salesforce-test", "salesforce", "emulated org", null, baseUrl,
                new AuthConfig("oauth2-client-credentials", null, null, "${SALESFORCE_CLIENT_ID}", "${SALESFORCE_CLIENT_SECRET}",
                        null, null, null, null), objects, null);
    }

    static SalesforceSettings settings(SalesforceEmulator emulator) {
        return SalesforceSettings.defaults(emulator.baseUrl()).withRequestsPerSecond(100_000).withMaxAttempts(2);
    }

    static SalesforceConnector connector(SalesforceEmulator emulator) {
        return connector(emulator, settings(emulator));
    }

    static SalesforceConnector connector(SalesforceEmulator emulator, SalesforceSettings settings) {
        return new SalesforceConnector("salesforce-test", config(emulator.baseUrl()),
                Map.of("SALESFORCE_CLIENT_ID", CLIENT_ID, "SALESFORCE_CLIENT_SECRET", CLIENT_SECRET), settings);
    }

    /** Seeds {@code total} contacts; the first {@code shared} share one second, the rest one second apart each. */
    static void seedContacts(SalesforceEmulator emulator, int total, int shared) {
        emulator.clock().freezeAt(T0);
        for (int i = 0; i < total; i++) {
            if (i >= shared) {
                emulator.clock().advance(Duration.ofSeconds(1));
            }
            emulator.store().create("Contact", Map.of("LastName", "Person" + i, "Email", "person" + i + "@example.com",
                    EXTERNAL_ID, "seed-" + i));
        }
        emulator.clock().advance(Duration.ofSeconds(5));
    }

    static void seedLeads(SalesforceEmulator emulator, int total) {
        emulator.clock().freezeAt(T0);
        for (int i = 0; i < total; i++) {
            emulator.store().create("Lead", Map.of("LastName", "Lead" + i, "Company", "Acme " + i, "Email", "lead" + i + "@example.com"));
        }
        emulator.clock().advance(Duration.ofSeconds(5));
    }
}
