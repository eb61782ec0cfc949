package io.middlemile.connector.crustdata;

import io.middlemile.connector.Connector;
import io.middlemile.connector.Enricher;
import io.middlemile.connector.Providers;
import io.middlemile.mapping.Transforms;
import io.middlemile.model.Entity;
import io.middlemile.testing.TestWorkspaces;
import io.middlemile.workspace.ConnectorSection;
import io.middlemile.workspace.WorkspaceLoader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code type: crustdata} connector files: what validation accepts and refuses, and what a connection offers. */
class CrustdataProviderTest {

    @TempDir
    Path workspace;

    @Test
    void theBundledExampleValidatesAndOwnsTheEnrichmentSection() {
        TestWorkspaces.copyBundled(workspace);

        assertThat(errors()).noneMatch(error -> error.contains("connectors/crustdata.yaml"));
        assertThat(new CrustdataProvider().sections()).containsExactly(ConnectorSection.ENRICHMENT);
        assertThat(Providers.CATALOG.provider("crustdata")).containsInstanceOf(CrustdataProvider.class);
    }

    @Test
    void anObjectOtherThanPeopleOrCompaniesAndAFieldCrustdataCannotReturnAreReportedWithTheirPointer() throws IOException {
        TestWorkspaces.copyBundled(workspace);
        Files.writeString(workspace.resolve("connectors/crustdata.yaml"), """
                type: crustdata
                baseUrl: https://api.crustdata.com
                auth:
                  type: bearer-token
                  token: ${CRUSTDATA_API_KEY}
                enrichment: {requestsPerMinute: 30}
                objects:
                  people: {fields: [email, birthDate]}
                  deals: {fields: [amount]}
                """);

        assertThat(errors()).filteredOn(error -> error.contains("connectors/crustdata.yaml"))
                .anyMatch(error -> error.contains("Crustdata cannot return birthDate for people; it can return email, mobilePhone,"
                        + " seniority, title"))
                .anyMatch(error -> error.contains("enriches people and companies only; rename or remove object deals"));
    }

    @Test
    void theOffersFollowTheFieldsTheConnectorFileAllows() throws IOException {
        var config = CrustdataTestSupport.config("http://localhost:1");
        var limited = new io.middlemile.workspace.ConnectorConfig("cd", "crustdata", null, null, "http://localhost:1", config.auth(),
                Map.of("people", new io.middlemile.workspace.ObjectConfig(null, null, List.of("title"))), null);
        try (Connector connector = new CrustdataConnector("cd", limited, CrustdataTestSupport.ENV)) {
            Enricher enricher = connector.capability(Enricher.class).orElseThrow();
            assertThat(enricher.offers()).singleElement().satisfies(offer -> {
                assertThat(offer.entity()).isEqualTo(Entity.PERSON);
                assertThat(offer.values()).containsExactly("title");
                assertThat(offer.inputs()).containsExactlyInAnyOrder("linkedinUrl", "email");
                assertThat(offer.maxPerCall()).isEqualTo(25);
            });
            assertThat(connector.describe().capabilities()).containsExactly("Enricher");
            assertThat(connector.toString()).doesNotContain(CrustdataTestSupport.KEY);
        }
    }

    @Test
    void maxCostFollowsThePriceList() {
        CrustdataConnector connector = CrustdataTestSupport.connector("http://localhost:1");

        assertThat(connector.maxCost(Entity.PERSON, Set.of("title"))).isEqualTo(1.0);
        assertThat(connector.maxCost(Entity.PERSON, Set.of("title", "email"))).isEqualTo(2.0);
        assertThat(connector.maxCost(Entity.PERSON, Set.of("email", "mobilePhone"))).isEqualTo(4.0);
        assertThat(connector.maxCost(Entity.COMPANY, Set.of("industry", "country"))).isEqualTo(2.0);
    }

    private List<String> errors() {
        return new WorkspaceLoader(Map.of(), Transforms.CATALOG, Providers.CATALOG).load(workspace).errors().stream()
                .map(Object::toString).toList();
    }
}
