package io.middlemile.connector;

import io.middlemile.mapping.Transforms;
import io.middlemile.testing.TestWorkspaces;
import io.middlemile.workspace.AuthConfig;
import io.middlemile.workspace.ConnectorConfig;
import io.middlemile.workspace.ObjectConfig;
import io.middlemile.workspace.Workspace;
import io.middlemile.workspace.WorkspaceLoader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The provider registry: one declaration per connector type, read by validation and by the factory alike. */
class ProvidersTest {

    @TempDir
    Path workspace;

    @Test
    void declaresTheShippedAndTheAnnouncedTypes() {
        assertThat(Providers.CATALOG.knownTypes()).containsExactly("apollo", "crustdata", "csv", "fullenrich", "hubspot",
                "instantly", "salesforce", "unipile");
        assertThat(Providers.CATALOG.runnableTypes()).containsExactly("apollo", "crustdata", "csv", "fullenrich", "hubspot", "instantly",
                "salesforce", "unipile");
    }

    @Test
    void eachShippedProviderLivesInItsOwnPackageNamedAfterItsType() {
        for (Provider provider : Providers.CATALOG.providers()) {
            if (provider.runnable()) {
                assertThat(provider.getClass().getPackageName()).as(provider.type())
                        .isEqualTo(Provider.class.getPackageName() + "." + provider.type());
            }
        }
    }

    @Test
    void theWebhookEndpointServesTheProvidersThatDeclareAReceiver() {
        assertThat(Providers.CATALOG.providers()).filteredOn(provider -> provider.webhooks().isPresent())
                .extracting(Provider::type).containsExactly("hubspot", "fullenrich", "apollo", "instantly", "unipile");
        assertThat(Provider.announced("lemlist").webhooks()).isEmpty();
    }

    @Test
    void aTypeIsRegisteredOnce() {
        assertThatThrownBy(() -> new Providers(List.of(Provider.announced("apollo"), Provider.announced("apollo"))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("same type");
    }

    @Test
    void bulkOnAConnectionThatIsNotSalesforceIsRefusedByTheSectionsOwner() throws IOException {
        TestWorkspaces.copyBundled(workspace);
        append("connectors/hubspot.yaml", "bulk: {queryAbove: 5000}\n");

        assertThat(errors()).anyMatch(error -> error.contains("connectors/hubspot.yaml") && error.contains("bulk: only salesforce"
                + " connections read and write through Bulk API 2.0; remove the bulk: section from this hubspot connection"));
    }

    @Test
    void anApiConnectionWithoutAuthOrBaseUrlSaysWhatToAdd() throws IOException {
        TestWorkspaces.copyBundled(workspace);
        Files.writeString(workspace.resolve("connectors/instantly.yaml"), """
                type: instantly
                objects:
                  leads: {id: id, fields: [id, email]}
                """);

        assertThat(errors()).filteredOn(error -> error.contains("connectors/instantly.yaml")).anyMatch(error -> error.contains(
                        "a instantly connection needs an auth: section, e.g. auth: {type: bearer-token, token: ${INSTANTLY_TOKEN}}"))
                .anyMatch(error -> error.contains(
                        "a instantly connection needs baseUrl: (the API, or the sandbox URL for rehearsals)"));
    }

    @Test
    void aCsvConnectionNeedsNeitherAuthNorBaseUrl() {
        TestWorkspaces.copyBundled(workspace);

        assertThat(errors()).noneMatch(error -> error.contains("connectors/legacy-crm-export.yaml"));
    }

    @Test
    void theFactoryOpensThroughTheRegistryAndRefusesATypeWithoutAClient() {
        ConnectorConfig unipile = new ConnectorConfig("outbound", "unipile", null, null, "https://api1.unipile.com:13111/api/v1",
                new AuthConfig("api-key", null, "${UNIPILE_API_KEY}", null, null, null, null, null, null),
                Map.of("leads", new ObjectConfig("id", null, List.of("id", "email"))), null);
        Workspace only = new Workspace(workspace, Map.of("outbound", unipile), Map.of(), List.of(), Map.of());

        assertThat(new ConnectorFactory(only, Map.of("UNIPILE_API_KEY", "k")).open("outbound").capability(Outreach.class)).isPresent();
        ConnectorConfig lemlist = new ConnectorConfig("outbound", "lemlist", null, null, "https://api.lemlist.com",
                null, Map.of("leads", new ObjectConfig("id", null, List.of("id", "email"))), null);
        assertThatThrownBy(() -> Provider.announced("lemlist").open(lemlist, workspace, Map.of()))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("Connection outbound is of type lemlist, whose client is not part of this version yet");
    }

    @Test
    void capabilitiesIncludeThoseInheritedThroughAnotherCapability() {
        abstract class Checkpointed implements Connector, CheckpointedSink {
        }
        assertThat(ConnectorDescription.capabilitiesOf(Checkpointed.class)).containsExactly("CheckpointedSink", "RecordSink");
    }

    private void append(String file, String lines) throws IOException {
        Path path = workspace.resolve(file);
        Files.writeString(path, Files.readString(path) + lines);
    }

    private List<String> errors() {
        return new WorkspaceLoader(Map.of(), Transforms.CATALOG, Providers.CATALOG).load(workspace).errors().stream()
                .map(Object::toString).toList();
    }
}
