package io.middlemile.web;

import io.middlemile.store.OwnerCacheStore;
import io.middlemile.store.OwnerCacheStore.CachedOwner;
import io.middlemile.testing.TestDatabase;
import io.middlemile.workspace.ListedOwnersUnknownToTheCrmTest;
import io.middlemile.workspace.SecretEnvironment;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The console's workspace page and {@code GET /api/workspace/validation} say what {@code middlemile validate} says, its
 * warnings included: a listed owner's crmId that no user of the CRM a route writes owner ids to has, as its users were last
 * read into the store.
 */
class WorkspaceCheckTest {

    @Test
    void aListedOwnersCrmIdNoUserOfTheTargetHasIsAWarningOfAValidWorkspace(@TempDir Path dir) throws Exception {
        ListedOwnersUnknownToTheCrmTest.files(dir);
        // only the route that writes listed owners' ids to HubSpot
        Path routes = dir.resolve("routes/to-hubspot.camel.yaml");
        String text = Files.readString(routes);
        Files.writeString(routes, text.substring(0, text.indexOf("# Salesforce users written to HubSpot by id.")));
        JdbcTemplate jdbc = TestDatabase.jdbc(TestDatabase.fresh());
        Flyway.configure().dataSource(jdbc.getDataSource()).locations("classpath:db/migration").load().migrate();
        OwnerCacheStore owners = new OwnerCacheStore(jdbc, new TransactionTemplate(new DataSourceTransactionManager(jdbc.getDataSource())));
        Instant read = Instant.parse("2026-12-01T09:00:00Z");
        owners.replace("salesforce", List.of(new CachedOwner("005000000000001AAA", "sue@example.com", "Sue Park", true)), read);
        owners.replace("hubspot", List.of(new CachedOwner("71001", "ana@example.com", "Ana Ruiz", true)), read);
        WorkspaceCheck check = new WorkspaceCheck(dir, new SecretEnvironment(Map.of("HUBSPOT_TOKEN", "pat-na1-test",
                "SALESFORCE_CLIENT_ID", "client-id", "SALESFORCE_CLIENT_SECRET", "client-secret")), owners, () -> "git:abc");

        WorkspaceCheck.Validation validation = check.validate();

        assertThat(validation.problems()).isEmpty();
        assertThat(validation.valid()).isTrue();
        assertThat(validation.warnings()).singleElement().asString().startsWith("assign/owners.yaml: owner ben has crmId \"79999\","
                + " which is no user of connection hubspot as its users were read at 2026-12-01T09:00:00Z");

        // ben's user read since: nothing to warn of
        owners.replace("hubspot", List.of(new CachedOwner("71001", "ana@example.com", "Ana Ruiz", true),
                new CachedOwner("79999", "ben@example.com", "Ben Ode", true)), read);
        assertThat(check.validate().warnings()).isEmpty();
        assertThat(check.validate().valid()).isTrue();
    }
}
