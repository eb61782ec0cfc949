package io.middlemile.workspace;

import io.middlemile.mapping.Transforms;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

/** The sample workspace shipped at the repository root validates cleanly, without any environment. */
class BundledWorkspaceTest {

    private static final Path REPOSITORY_ROOT = Path.of(System.getProperty("user.dir"));

    @Test
    void everyFileOfTheBundledWorkspaceIsValid() {
        WorkspaceLoader.Result result = new WorkspaceLoader(Map.of(), Transforms.CATALOG).load(REPOSITORY_ROOT);

        assertThat(result.errors()).isEmpty();
        Workspace workspace = result.workspace();
        assertThat(workspace.connectors()).containsOnlyKeys("clean-contacts", "hubspot", "hubspot-export", "legacy-crm-export", "salesforce");
        assertThat(workspace.mappings()).containsOnlyKeys("clean-contacts", "hubspot-companies", "hubspot-contacts", "hubspot-deals",
                "hubspot-export-contacts", "legacy-contacts", "salesforce-accounts", "salesforce-contacts", "salesforce-leads", "salesforce-opportunities");
        assertThat(workspace.routes()).hasSize(1);
        assertThat(workspace.dedupe()).containsOnlyKeys("contacts");
    }

    @Test
    void theImportContactsRouteReadsMapsAndWrites() {
        Workspace workspace = new WorkspaceLoader(Map.of(), Transforms.CATALOG).load(REPOSITORY_ROOT).orThrow();

        RouteInfo route = workspace.route("import-contacts").orElseThrow();
        assertThat(route.file()).isEqualTo("routes/import-contacts.camel.yaml");
        assertThat(route.line()).isEqualTo(3);
        assertThat(route.endpoints())
                .extracting(HubEndpoint::kind, HubEndpoint::connection, HubEndpoint::object, HubEndpoint::mapping, HubEndpoint::line)
                .containsExactly(
                        tuple(HubEndpoint.Kind.READ, "legacy-crm-export", "contacts", null, 7),
                        tuple(HubEndpoint.Kind.MAP, null, null, "legacy-contacts", 12),
                        tuple(HubEndpoint.Kind.MAP, null, null, "clean-contacts", 13),
                        tuple(HubEndpoint.Kind.WRITE, "clean-contacts", "contacts", null, 14));
        assertThat(route.endpoints()).extracting(endpoint -> endpoint.parameters().get("direction"))
                .containsExactly(null, "in", "out", null);
        assertThat(route.endpoints().get(0).parameters()).containsEntry("pageSize", "500").containsEntry("delay", "3600000");
        assertThat(route.connections()).containsExactly("legacy-crm-export", "clean-contacts");
        assertThat(route.source()).isEqualTo("legacy-crm-export");
    }

    @Test
    void theUnusedHubspotConnectionKeepsItsTokenAsAReference() {
        Workspace workspace = new WorkspaceLoader(Map.of(), Transforms.CATALOG).load(REPOSITORY_ROOT).orThrow();

        assertThat(workspace.connectors().get("hubspot").auth().token()).isEqualTo("${HUBSPOT_TOKEN}");
        assertThat(workspace.routes()).noneMatch(route -> route.connections().contains("hubspot"));
    }
}
