package io.middlemile.connector.hubspot;

import io.middlemile.connector.Providers;
import io.middlemile.mapping.Transforms;
import io.middlemile.testing.TestWorkspaces;
import io.middlemile.workspace.ConnectorConfig;
import io.middlemile.workspace.WorkspaceLoader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The {@code limits:} section of a hubspot connector file reaches the connection's settings. */
class HubSpotLimitsConfigTest {

    @TempDir
    Path workspace;

    @Test
    void withoutLimitsAConnectionAssumesStarterAndHubSpotsSearchLimit() {
        HubSpotSettings settings = HubSpotSettings.from(hubspotConnection(""));

        assertThat(settings.requestsPer10s()).isEqualTo(100);
        assertThat(settings.searchPerSecond()).isEqualTo(5);
    }

    @Test
    void theTierSetsTheBurstLimitAndSearchPerSecondTheSearchLimit() {
        HubSpotSettings settings = HubSpotSettings.from(hubspotConnection("""
                limits:
                  tier: professional
                  searchPerSecond: 3
                """));

        assertThat(settings.requestsPer10s()).isEqualTo(190);
        assertThat(settings.searchPerSecond()).isEqualTo(3);
        assertThat(settings.baseUrl()).isEqualTo("https://api.hubapi.com");
    }

    @Test
    void anExplicitBurstLimitWinsOverTheTier() {
        HubSpotSettings settings = HubSpotSettings.from(hubspotConnection("""
                limits: {tier: starter, requestsPer10s: 250}
                """));

        assertThat(settings.requestsPer10s()).isEqualTo(250);
        assertThat(settings.searchPerSecond()).isEqualTo(5);
    }

    @Test
    void limitsOnAnotherConnectionTypeAreAnError() throws IOException {
        TestWorkspaces.copyBundled(workspace);
        Path salesforce = workspace.resolve("connectors/salesforce.yaml");
        Files.writeString(salesforce, Files.readString(salesforce) + "limits: {searchPerSecond: 5}\n");

        WorkspaceLoader.Result result = new WorkspaceLoader(Map.of(), Transforms.CATALOG, Providers.CATALOG).load(workspace);

        assertThat(result.errors()).extracting(Object::toString)
                .anyMatch(error -> error.contains("salesforce.yaml") && error.contains("limits: applies to hubspot connections only"));
    }

    private ConnectorConfig hubspotConnection(String limits) {
        TestWorkspaces.copyBundled(workspace);
        try {
            Path file = workspace.resolve("connectors/hubspot.yaml");
            Files.writeString(file, Files.readString(file) + limits);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        WorkspaceLoader.Result result = new WorkspaceLoader(Map.of(), Transforms.CATALOG, Providers.CATALOG).load(workspace);
        assertThat(result.errors()).isEmpty();
        return result.workspace().connectors().get("hubspot");
    }
}
