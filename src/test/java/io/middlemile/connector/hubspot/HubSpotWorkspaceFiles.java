package io.middlemile.connector.hubspot;

import io.middlemile.connector.Providers;
import io.middlemile.mapping.Transforms;
import io.middlemile.testing.TestWorkspaces;
import io.middlemile.workspace.WorkspaceLoader;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The bundled workspace with its {@code connectors/hubspot.yaml} changed, loaded as {@code validate} loads it. */
final class HubSpotWorkspaceFiles {

    static final String PRIVATE_APP_AUTH = "  type: bearer-token\n  token: ${HUBSPOT_TOKEN}\n";
    static final String OAUTH_AUTH = "  type: oauth2-refresh-token\n  clientId: 0b1c2d3e-client-id\n"
            + "  clientSecret: ${HUBSPOT_CLIENT_SECRET}\n  refreshToken: ${HUBSPOT_REFRESH_TOKEN}\n";

    private HubSpotWorkspaceFiles() {
    }

    /** Copies the bundled workspace into {@code workspace}, with the hubspot connection's auth and extra lines replaced. */
    static void write(Path workspace, String auth, String extraLines) {
        TestWorkspaces.copyBundled(workspace);
        Path file = workspace.resolve("connectors/hubspot.yaml");
        try {
            String text = Files.readString(file);
            assertThat(text).contains(PRIVATE_APP_AUTH);
            Files.writeString(file, text.replace(PRIVATE_APP_AUTH, auth) + extraLines);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static WorkspaceLoader.Result load(Path workspace) {
        return new WorkspaceLoader(Map.of(), Transforms.CATALOG, Providers.CATALOG).load(workspace);
    }
}
