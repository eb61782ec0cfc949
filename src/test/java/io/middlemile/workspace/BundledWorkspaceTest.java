package io.middlemile.workspace;

import io.middlemile.connector.Providers;
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
        WorkspaceLoader.Result result = new WorkspaceLoader(Map.of(), Transforms.CATALOG, Providers.CATALOG).load(REPOSITORY_ROOT);

        assertThat(result.errors()).isEmpty();
        Workspace workspace = result.workspace();
        assertThat(workspace.connectors()).containsOnlyKeys("apollo", "clean-contacts", "crustdata", "enriched-contacts", "fullenrich", "hubspot", "hubspot-export", "hubspot-sandbox", "instantly", "legacy-crm-export", "salesforce", "unipile");
        assertThat(workspace.mappings()).containsOnlyKeys("clean-contacts", "enriched-contacts", "hubspot-companies", "hubspot-contacts", "hubspot-deals",
                "hubspot-export-contacts", "hubspot-notes", "instantly-events", "legacy-contacts", "salesforce-accounts", "salesforce-contacts",
                "salesforce-leads", "salesforce-opportunities", "unipile-events");
        assertThat(workspace.routes()).extracting(RouteInfo::id).containsExactlyInAnyOrder("import-contacts", "enrich-contacts",
                "sync-companies-to-salesforce", "sync-contacts-to-salesforce", "sync-accounts-to-hubspot", "sync-contacts-to-hubspot", "clean-hubspot-contacts",
                "outreach-leads", "outreach-interest", "instantly-replies", "linkedin-replies", "import-to-hubspot");
        assertThat(workspace.outreach()).containsOnlyKeys("outbound");
        assertThat(workspace.dedupe()).containsOnlyKeys("accounts", "contacts");
        assertThat(workspace.assign()).containsOnlyKeys("leads");
        assertThat(workspace.hygiene()).containsOnlyKeys("hubspot-contacts", "hubspot-deals", "legacy-contacts");
        assertThat(workspace.ownersOf("leads")).extracting(AssignConfig.Owner::id).contains("dora", "emil", "sam", "sue", "raj");
    }

    @Test
    void theImportContactsRouteReadsMapsAssignsAndWrites() {
        Workspace workspace = new WorkspaceLoader(Map.of(), Transforms.CATALOG, Providers.CATALOG).load(REPOSITORY_ROOT).orThrow();

        RouteInfo route = workspace.route("import-contacts").orElseThrow();
        assertThat(route.file()).isEqualTo("routes/import-contacts.camel.yaml");
        assertThat(route.line()).isEqualTo(3);
        assertThat(route.endpoints())
                .extracting(HubEndpoint::kind, HubEndpoint::connection, HubEndpoint::object, HubEndpoint::mapping, HubEndpoint::line)
                .containsExactly(
                        tuple(HubEndpoint.Kind.READ, "legacy-crm-export", "contacts", null, 7),
                        tuple(HubEndpoint.Kind.MAP, null, null, "legacy-contacts", 12),
                        tuple(HubEndpoint.Kind.ASSIGN, null, null, "leads", 13),
                        tuple(HubEndpoint.Kind.MAP, null, null, "clean-contacts", 14),
                        tuple(HubEndpoint.Kind.WRITE, "clean-contacts", "contacts", null, 15));
        assertThat(route.endpoints()).extracting(endpoint -> endpoint.parameters().get("direction"))
                .containsExactly(null, "in", null, "out", null);
        assertThat(route.endpoints().get(2).parameters()).containsEntry("accounts", "samples/accounts.csv");
        assertThat(route.endpoints().get(0).parameters()).containsEntry("pageSize", "500").containsEntry("delay", "3600000");
        assertThat(route.connections()).containsExactly("legacy-crm-export", "clean-contacts");
        assertThat(route.source()).isEqualTo("legacy-crm-export");
    }

    @Test
    void theOnDemandSyncJobsNeedTheirSecretsOnlyWhenOneOfThemRuns() {
        Workspace workspace = new WorkspaceLoader(Map.of(), Transforms.CATALOG, Providers.CATALOG).load(REPOSITORY_ROOT).orThrow();
        assertThat(workspace.connectors().get("hubspot").auth().token()).isEqualTo("${HUBSPOT_TOKEN}");
        assertThat(workspace.routes()).filteredOn(route -> route.connections().contains("hubspot"))
                .hasSize(9).allMatch(route -> !route.autoStartup());

        WorkspaceLoader.Result importing = new WorkspaceLoader(Map.of(), Transforms.CATALOG, Providers.CATALOG).forJob("import-contacts").load(REPOSITORY_ROOT);
        assertThat(importing.errors()).isEmpty();

        WorkspaceLoader.Result syncing = new WorkspaceLoader(Map.of("SALESFORCE_CLIENT_ID", "id"), Transforms.CATALOG, Providers.CATALOG)
                .forJob("sync-contacts-to-salesforce").load(REPOSITORY_ROOT);
        // line numbers of the connection files left out: they move whenever someone edits a comment there
        assertThat(syncing.errors()).extracting(ValidationError::toString).hasSize(2)
                .anySatisfy(error -> assertThat(error).startsWith("connectors/hubspot.yaml:").contains(": auth.token: environment"
                        + " variable HUBSPOT_TOKEN is not set; route sync-contacts-to-salesforce (routes/hubspot-salesforce-sync.camel.yaml:23)"
                        + " uses this connection. Export HUBSPOT_TOKEN before starting the engine"))
                .anySatisfy(error -> assertThat(error).startsWith("connectors/salesforce.yaml:").contains(": auth.clientSecret:"
                        + " environment variable SALESFORCE_CLIENT_SECRET is not set; route sync-contacts-to-salesforce"));
    }
}
