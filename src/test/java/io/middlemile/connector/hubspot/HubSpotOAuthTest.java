package io.middlemile.connector.hubspot;

import io.middlemile.connector.ConnectorException;
import io.middlemile.connector.Cursor;
import io.middlemile.sandbox.hubspot.EmulatorSettings;
import io.middlemile.sandbox.hubspot.HubSpotEmulator;
import io.middlemile.workspace.AuthConfig;
import io.middlemile.workspace.ConnectorConfig;
import io.middlemile.workspace.ObjectConfig;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class HubSpotOAuthTest {

    @Test
    void refreshTokenGrantYieldsAWorkingAccessToken() {
        try (HubSpotEmulator emulator = HubSpotEmulator.start(EmulatorSettings.defaults("unused-static-token")
                .withBurst(10_000, 10_000).withSearchPerSecond(10_000)
                .withOAuthApp("client-123", "secret-456", "refresh-789"), 0)) {
            emulator.store().create("contacts", Map.of("email", "oauth@example.com"));
            ConnectorConfig config = new ConnectorConfig("hubspot-oauth", "hubspot", null, null, emulator.baseUrl(),
                    new AuthConfig("oauth2-refresh-token", null, null, "client-123", "${HS_CLIENT_SECRET}", "${HS_REFRESH_TOKEN}",
                            null, null, null),
                    Map.of("contacts", new ObjectConfig("hs_object_id", null, List.of("email"))), null);
            HubSpotConnector connector = new HubSpotConnector("hubspot-oauth", config,
                    Map.of("HS_CLIENT_SECRET", "secret-456", "HS_REFRESH_TOKEN", "refresh-789"),
                    HubSpotSettings.defaults(emulator.baseUrl()).withRequestsPer10s(100_000).withSearchPerSecond(10_000));
            assertThat(connector.check().healthy()).isTrue();
            assertThat(connector.readChanges("contacts", Cursor.START, 10).records()).hasSize(1);
            assertThat(emulator.requestCount("POST oauth/token")).isEqualTo(1);
            assertThat(connector.toString()).doesNotContain("secret-456").doesNotContain("refresh-789");
        }
    }

    @Test
    void aRefusedRefreshNamesTheTokenUrlWithoutThePasswordWrittenIntoIt() {
        try (HubSpotEmulator emulator = HubSpotEmulator.start(EmulatorSettings.defaults("unused-static-token")
                .withOAuthApp("client-123", "secret-456", "refresh-789"), 0)) {
            // validation refuses such a URL; a connector opened with one anyway must still not print the password
            String withPassword = emulator.baseUrl().replace("://", "://integration:pAssw0rdLiteral@");
            ConnectorConfig config = new ConnectorConfig("hubspot-oauth", "hubspot", null, null, withPassword,
                    new AuthConfig("oauth2-refresh-token", null, null, "client-123", "${HS_CLIENT_SECRET}", "${HS_REFRESH_TOKEN}",
                            null, null, null),
                    Map.of("contacts", new ObjectConfig("hs_object_id", null, List.of("email"))), null);
            HubSpotConnector connector = new HubSpotConnector("hubspot-oauth", config,
                    Map.of("HS_CLIENT_SECRET", "wrong-secret", "HS_REFRESH_TOKEN", "refresh-789"),
                    HubSpotSettings.defaults(withPassword).withMaxAttempts(1));

            assertThatThrownBy(() -> connector.readChanges("contacts", Cursor.START, 10)).isInstanceOf(ConnectorException.class)
                    .hasMessageContaining("access token at " + emulator.baseUrl() + "/oauth/v1/token failed")
                    .hasMessageNotContaining("pAssw0rdLiteral");
            assertThat(connector.check().message()).doesNotContain("pAssw0rdLiteral");
            assertThat(connector.toString()).doesNotContain("pAssw0rdLiteral");
        }
    }
}
