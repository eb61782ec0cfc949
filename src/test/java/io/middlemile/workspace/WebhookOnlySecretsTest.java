package io.middlemile.workspace;

import io.middlemile.connector.Providers;
import io.middlemile.mapping.Transforms;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * HubSpot's app client secret beside a private app token ({@code auth.clientSecret} on a bearer-token connection) only
 * verifies webhook deliveries: a job run (and {@code validate}, which checks the same routes the same way) must not refuse
 * to start where it is not exported. The webhook ingress answers 503 and logs what to set instead. With OAuth
 * ({@code oauth2-refresh-token}) every call needs the client secret, so there it stays required.
 */
class WebhookOnlySecretsTest {

    private static final String JOB = "read-and-write-hubspot";
    private static final String ROUTE = """
            - route:
                id: read-and-write-hubspot
                autoStartup: false
                from:
                  uri: hub-read:hubspot/contacts
                  steps:
                    - to: hub-map:hubspot-contacts?direction=in
                    - to: hub-map:hubspot-contacts?direction=out
                    - to: hub-write:hubspot/contacts
            """;

    @TempDir
    Path workspace;

    private void workspaceWithHubSpotAuth(String auth) throws IOException {
        BrokenWorkspaceGoldenTest.copyTree(BrokenWorkspaceGoldenTest.BASE, workspace, Set.of());
        Path connector = workspace.resolve("connectors/hubspot.yaml");
        String file = Files.readString(connector);
        String withAuth = file.replace("auth:\n  type: bearer-token\n  token: ${HUBSPOT_TOKEN}\n", auth);
        assertThat(withAuth).as("the base workspace's hubspot.yaml changed; adjust this test").isNotEqualTo(file);
        Files.writeString(connector, withAuth);
        Files.writeString(workspace.resolve("routes/hubspot.camel.yaml"), ROUTE);
    }

    private WorkspaceLoader.Result loadForJob(Map<String, String> environment) {
        return new WorkspaceLoader(environment, Transforms.CATALOG, Providers.CATALOG).forJob(JOB).load(workspace);
    }

    @Test
    void aJobRunStartsWithoutTheWebhookOnlyAppSecret() throws IOException {
        workspaceWithHubSpotAuth("""
                auth:
                  type: bearer-token
                  token: ${HUBSPOT_TOKEN}
                  clientSecret: ${HUBSPOT_APP_SECRET}
                  portalId: 62515
                """);

        assertThat(loadForJob(Map.of("HUBSPOT_TOKEN", "pat-na1-test")).errors()).isEmpty();
        // the token the run does use is still required
        assertThat(loadForJob(Map.of()).errors()).extracting(ValidationError::toString).singleElement().asString()
                .contains("auth.token: environment variable HUBSPOT_TOKEN is not set; route " + JOB);
    }

    @Test
    void anOAuthConnectionStillNeedsItsClientSecretToStart() throws IOException {
        workspaceWithHubSpotAuth("""
                auth:
                  type: oauth2-refresh-token
                  clientId: my-app
                  clientSecret: ${HUBSPOT_CLIENT_SECRET}
                  refreshToken: ${HUBSPOT_REFRESH_TOKEN}
                """);

        assertThat(loadForJob(Map.of("HUBSPOT_REFRESH_TOKEN", "r")).errors()).extracting(ValidationError::toString).singleElement()
                .asString().contains("auth.clientSecret: environment variable HUBSPOT_CLIENT_SECRET is not set; route " + JOB);
    }
}
