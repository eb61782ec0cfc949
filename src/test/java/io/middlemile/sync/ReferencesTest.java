package io.middlemile.sync;

import io.middlemile.mapping.Mapper;
import io.middlemile.connector.Providers;
import io.middlemile.mapping.Transforms;
import io.middlemile.model.CanonicalRecord;
import io.middlemile.model.Entity;
import io.middlemile.model.Provenance;
import io.middlemile.model.SourceRef;
import io.middlemile.store.CrosswalkStore;
import io.middlemile.testing.TestDatabase;
import io.middlemile.testing.TestWorkspaces;
import io.middlemile.workspace.WorkspaceLoader;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** A contact's company reference crosses from HubSpot ids to Salesforce ids through the crosswalk. */
class ReferencesTest {

    private CrosswalkStore crosswalk;
    private Mapper salesforceContacts;
    private final Provenance provenance = new Provenance("hubspot", Instant.parse("2026-11-01T00:00:00Z"));

    @BeforeEach
    void setUp() {
        String database = TestDatabase.fresh();
        JdbcTemplate jdbc = TestDatabase.jdbc(database);
        Flyway.configure().dataSource(jdbc.getDataSource()).locations("classpath:db/migration").load().migrate();
        crosswalk = new CrosswalkStore(jdbc);
        salesforceContacts = Mapper.all(new WorkspaceLoader(Map.of(), Transforms.CATALOG, Providers.CATALOG).load(TestWorkspaces.BUNDLED).workspace())
                .get("salesforce-contacts");
    }

    @Test
    void aLinkedCompanyBecomesTheTargetsAccountIdAndComparesAsItsCanonicalId() {
        UUID acme = UUID.randomUUID();
        crosswalk.linkAll("company", Map.of(new SourceRef("hubspot", "companies", "123"), acme,
                new SourceRef("salesforce", "Account", "001A00000000001"), acme));
        CanonicalRecord bob = contact("1", "123");

        References.Translated translated = new References(crosswalk).translate(List.of(bob), "salesforce", salesforceContacts);

        assertThat(translated.outbound().get(0).value("company")).isEqualTo("001A00000000001");
        assertThat(translated.neutral().get(0).value("company")).isEqualTo("canonical:" + acme);
        assertThat(translated.unresolved().get(0)).isEmpty();
        assertThat(salesforceContacts.fromCanonical(translated.outbound().get(0)).record().fields())
                .containsEntry("AccountId", "001A00000000001");
    }

    @Test
    void aCompanyNotYetInTheTargetIsLeftOutAndStaysPending() {
        UUID globex = UUID.randomUUID();
        crosswalk.linkAll("company", Map.of(new SourceRef("hubspot", "companies", "456"), globex));
        CanonicalRecord raj = contact("2", "456");
        CanonicalRecord liz = contact("3", "789");

        References.Translated translated = new References(crosswalk).translate(List.of(raj, liz), "salesforce", salesforceContacts);

        assertThat(translated.unresolved()).containsExactly(java.util.Set.of("company"), java.util.Set.of("company"));
        assertThat(translated.neutral().get(0).value("company")).isEqualTo("canonical:" + globex);
        assertThat(translated.neutral().get(1).value("company")).isEqualTo("unlinked:hubspot/companies/789");
        var mapped = salesforceContacts.fromCanonical(translated.outbound().get(0));
        assertThat(mapped.record().fields()).doesNotContainKey("AccountId");
        assertThat(translated.notes().get(0)).isEqualTo("company: hubspot/companies 456 has no salesforce/Account yet, so it was"
                + " left out; it is written the next time this record syncs after that one is synced (sync companies first, or rerun"
                + " this job with --from-start)");
        assertThat(translated.notes().get(1)).contains("hubspot/companies 789");
        // outside a sync (hub-write), nothing translates the id: the mapping leaves it out and says why
        assertThat(salesforceContacts.fromCanonical(raj).notes()).singleElement().asString()
                .contains("refers to hubspot/companies 456").contains("only a sync (hub-sync) can look up; left out");
    }

    private CanonicalRecord contact(String id, String companyId) {
        return CanonicalRecord.empty(Entity.PERSON, new SourceRef("hubspot", "contacts", id), provenance.setAt())
                .with("email", "person" + id + "@example.com", provenance)
                .with("lastName", "Person" + id, provenance)
                .with("company", new SourceRef("hubspot", "companies", companyId), provenance);
    }
}
