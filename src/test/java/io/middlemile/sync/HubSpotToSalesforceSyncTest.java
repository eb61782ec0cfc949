package io.middlemile.sync;

import io.middlemile.sandbox.hubspot.HubSpotEmulator;
import io.middlemile.sandbox.salesforce.SalesforceEmulator;
import io.middlemile.testing.ChildProcess;
import io.middlemile.testing.SyncEmulators;
import io.middlemile.testing.SyncWorkspace;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static io.middlemile.testing.SeedContacts.BOB;
import static io.middlemile.testing.SeedContacts.LIZ;
import static io.middlemile.testing.SeedContacts.RAJ;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A HubSpot → Salesforce contact sync against both emulators, run as `middlemile job run` in its own
 * JVM with the secrets in its environment: the first run links the contact Salesforce already has
 * (by email) instead of duplicating it, creates the others and links them; the next run writes nothing.
 */
class HubSpotToSalesforceSyncTest {

    private static final String TOKEN = "pat-na1-sync-test-token";

    @TempDir
    Path workspace;

    @RegisterExtension
    final SyncEmulators emulators = new SyncEmulators(TOKEN, "sync-client", "sync-secret");

    @Test
    void firstSyncLinksExistingRecordsCreatesTheRestAndTheNextSyncWritesNothing() throws Exception {
        emulators.start(workspace);
        SalesforceEmulator salesforce = emulators.salesforce();
        emulators.seedHubSpotContacts(BOB, LIZ, RAJ);
        Path existing = workspace.resolve("salesforce.csv");
        Files.writeString(existing, """
                Email,FirstName,LastName,Title
                liz.obrien@northwind.co.uk,Elizabeth,O'Brien,Marketing Lead
                """);
        salesforce.seedCsv("Contact", existing);

        emulators.prepare(100);

        ChildProcess.Result first = emulators.runJob(SyncWorkspace.JOB);

        assertThat(first.output()).containsPattern("read\\s+3").containsPattern("written\\s+3");
        List<Map<String, Object>> contacts = salesforce.store().all("Contact");
        assertThat(contacts).hasSize(3);
        assertThat(contacts).filteredOn(c -> "liz.obrien@northwind.co.uk".equals(c.get("Email"))).singleElement()
                .satisfies(liz -> assertThat(liz).containsEntry("FirstName", "Liz").containsEntry("Title", "Head of Marketing"));
        assertThat(contacts).filteredOn(c -> "bob.mcdonald@acme.com".equals(c.get("Email"))).singleElement()
                .satisfies(bob -> assertThat(bob).containsEntry("Phone", "+14155550134").containsEntry("MailingCountry", "US"));

        ChildProcess.Result second = emulators.runJob(SyncWorkspace.JOB, "--from-start");

        assertThat(second.output()).containsPattern("read\\s+3").containsPattern("written\\s+0").containsPattern("skipped\\s+3");
        assertThat(salesforce.store().all("Contact")).hasSize(3);
    }

    @Test
    void syncingBothWaysConvergesInsteadOfBouncingWritesBackAndForth() throws Exception {
        firstSyncLinksExistingRecordsCreatesTheRestAndTheNextSyncWritesNothing();
        HubSpotEmulator hubspot = emulators.hubspot();
        SalesforceEmulator salesforce = emulators.salesforce();

        // Salesforce's copies come back linked to HubSpot's records: no duplicates, at most a normalization
        // (HubSpot's "United States" becomes the canonical "US")
        emulators.runJob(SyncWorkspace.BACK);
        assertThat(hubspot.store().count("contacts")).isEqualTo(3);

        ChildProcess.Result forthAgain = emulators.runJob(SyncWorkspace.JOB, "--from-start");
        ChildProcess.Result backAgain = emulators.runJob(SyncWorkspace.BACK, "--from-start");

        assertThat(forthAgain.output()).as(forthAgain.output()).containsPattern("written\\s+0");
        assertThat(backAgain.output()).as(backAgain.output()).containsPattern("written\\s+0").containsPattern("skipped\\s+3");
        assertThat(hubspot.store().count("contacts")).isEqualTo(3);
        assertThat(salesforce.store().all("Contact")).hasSize(3);
    }
}
