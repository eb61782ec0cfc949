package io.middlemile.sync;

import io.middlemile.connector.Providers;
import io.middlemile.mapping.Transforms;
import io.middlemile.match.MatchIndexes;
import io.middlemile.match.MatchQuery;
import io.middlemile.model.CanonicalRecord;
import io.middlemile.model.Entity;
import io.middlemile.model.FieldValue;
import io.middlemile.sandbox.hubspot.HubSpotEmulator;
import io.middlemile.store.MatchIndexStore;
import io.middlemile.testing.ChildProcess;
import io.middlemile.testing.SyncEmulators;
import io.middlemile.testing.SyncWorkspace;
import io.middlemile.testing.TestDatabase;
import io.middlemile.workspace.Workspace;
import io.middlemile.workspace.WorkspaceLoader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.JdbcTemplate;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static io.middlemile.testing.SeedContacts.BOB;
import static io.middlemile.testing.SeedContacts.ELIZABETH;
import static io.middlemile.testing.SeedContacts.LIZ;
import static io.middlemile.testing.SeedContacts.RAJ;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The match API's index of HubSpot and Salesforce contacts, kept current by the two-way sync jobs (each a `middlemile job
 * run` against the emulators): a contact deleted in HubSpot, and one merged away there, stop being candidates once a
 * sync has read them so, and so do their Salesforce copies, which that sync archived and merged, and the return sync
 * then reads deleted and merged. An engine started afterwards (a fresh index over the same store) does not bring them
 * back.
 */
class DeletedRecordsLeaveTheMatchIndexTest {

    @TempDir
    Path workspace;

    @RegisterExtension
    final SyncEmulators emulators = new SyncEmulators("pat-na1-match-index-test", "sync-client", "sync-secret");

    @Test
    void aContactDeletedOrMergedAwayInTheCrmIsNoLongerACandidateAfterTheSyncReadsIt() throws Exception {
        emulators.start(workspace);
        String database = System.getProperty("middlemile.embedded-db.database");
        HubSpotEmulator hubspot = emulators.hubspot();
        emulators.seedHubSpotContacts(BOB, LIZ, ELIZABETH, RAJ);
        emulators.prepare(100);
        Files.writeString(workspace.resolve("dedupe/crm-contacts.yaml"), """
                entity: person
                sources: [hubspot-contacts, salesforce-contacts]
                blocking: [[email], [lastName]]
                comparisons:
                  - {field: email, method: email}
                  - {field: firstName, method: first-name}
                  - {field: lastName, method: last-name}
                thresholds: {autoMerge: 0.95, review: 0.5}
                """);
        emulators.runJob(SyncWorkspace.JOB);
        ChildProcess.Result dedupe = emulators.run("dedupe.log", "dedupe", "crm-contacts");
        assertThat(dedupe.exitCode()).as(dedupe.output()).isZero();
        assertThat(dedupe.output()).contains("Match index of crm-contacts saved: 8 records");
        long raj = hubspot.store().idOf("contacts", "email", "raj.kumar@globex.io");
        long liz = hubspot.store().idOf("contacts", "email", "liz.obrien@northwind.co.uk");
        long elizabeth = hubspot.store().idOf("contacts", "email", "elizabeth.obrien@northwind.co.uk");
        String rajInSalesforce = emulators.salesforceId("raj.kumar@globex.io");
        String elizabethInSalesforce = emulators.salesforceId("elizabeth.obrien@northwind.co.uk");
        assertThat(candidates(database, "raj.kumar@globex.io", "Kumar")).containsExactlyInAnyOrder(Long.toString(raj), rajInSalesforce);

        // people at work in HubSpot between two syncs: Raj to the recycle bin, Elizabeth merged into Liz
        hubspot.store().archive("contacts", raj);
        hubspot.store().merge("contacts", liz, elizabeth);
        ChildProcess.Result forth = emulators.runJob(SyncWorkspace.JOB);

        // read archived, and named merged away by the survivor: gone from HubSpot's side of the index; and the sync
        // archived Raj's Salesforce copy and merged Elizabeth's into Liz's there: those are gone from it at once, not
        // only when a return sync reads them deleted
        assertThat(candidates(database, "raj.kumar@globex.io", "Kumar")).as(forth.output()).isEmpty();
        assertThat(candidates(database, "elizabeth.obrien@northwind.co.uk", "O'Brien"))
                .doesNotContain(Long.toString(elizabeth), elizabethInSalesforce);

        // the return sync reads those Salesforce copies deleted (IsDeleted, MasterRecordId): they stay gone
        ChildProcess.Result back = emulators.runJob(SyncWorkspace.BACK);

        assertThat(candidates(database, "raj.kumar@globex.io", "Kumar")).as(back.output()).isEmpty();
        assertThat(candidates(database, "elizabeth.obrien@northwind.co.uk", "O'Brien"))
                .doesNotContain(Long.toString(elizabeth), elizabethInSalesforce);
        // the live records are unaffected
        assertThat(candidates(database, "bob.mcdonald@acme.com", "McDonald"))
                .containsExactlyInAnyOrder(Long.toString(hubspot.store().idOf("contacts", "email", "bob.mcdonald@acme.com")),
                        emulators.salesforceId("bob.mcdonald@acme.com"));
        assertThat(candidates(database, "liz.obrien@northwind.co.uk", "O'Brien")).contains(Long.toString(liz));
    }

    /**
     * The candidates the match API of an engine started now answers with: a fresh index over the store the runs used,
     * as a restarted engine loads it.
     */
    private List<String> candidates(String database, String email, String lastName) {
        JdbcTemplate jdbc = TestDatabase.jdbc(database);
        Workspace ws = new WorkspaceLoader(emulators.environment(), Transforms.CATALOG, Providers.CATALOG).load(workspace).orThrow();
        MatchIndexes indexes = new MatchIndexes(ws, new MatchIndexStore(jdbc.getDataSource(), jdbc));
        CanonicalRecord probe = new CanonicalRecord(Entity.PERSON, MatchQuery.REQUEST, null,
                Map.of("email", new FieldValue(email, null), "lastName", new FieldValue(lastName, null)));
        return indexes.lookup("crm-contacts", probe).matches().stream().map(d -> d.right().sourceId()).toList();
    }
}
