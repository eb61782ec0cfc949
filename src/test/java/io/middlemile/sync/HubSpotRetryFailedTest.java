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
import java.util.Map;

import static io.middlemile.testing.SeedContacts.BOB;
import static io.middlemile.testing.SeedContacts.LIZ;
import static io.middlemile.testing.SeedContacts.RAJ;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * `job retry-failed` on an incremental HubSpot → Salesforce sync: the records a policy refused are read
 * again by id from HubSpot once the rule is fixed, a record archived in HubSpot since is settled as
 * gone, and the job's cursor stays where the regular run left it (the next regular run reads only
 * what changed since).
 */
class HubSpotRetryFailedTest {

    private static final String TOKEN = "pat-na1-retry-test-token";
    private static final String DENY_PHONES = "policy:\n  rules:\n    - {field: Phone, decision: deny}\n";

    @TempDir
    Path workspace;

    @RegisterExtension
    final SyncEmulators emulators = new SyncEmulators(TOKEN, "retry-client", "retry-secret");

    @Test
    void refusedRecordsAreReadAgainByIdAndTheJobsCursorDoesNotMove() throws Exception {
        emulators.start(workspace);
        HubSpotEmulator hubspot = emulators.hubspot();
        SalesforceEmulator salesforce = emulators.salesforce();
        // ids 1001, 1002, 1003 in this order
        hubspot.store().create("contacts", BOB.hubspot("email", "firstname", "lastname", "phone"));
        hubspot.store().create("contacts", LIZ.hubspot("email", "firstname", "lastname", "phone"));
        hubspot.store().create("contacts", RAJ.hubspot("email", "firstname", "lastname"));
        emulators.prepare(100);
        Path policy = workspace.resolve("connectors/salesforce.yaml");
        Files.writeString(policy, Files.readString(policy) + DENY_PHONES);

        ChildProcess.Result first = emulators.runJob(SyncWorkspace.JOB);
        assertThat(first.output()).containsPattern("written\\s+1").containsPattern("rejected\\s+2");
        ChildProcess.Result jobs = emulators.run("jobs.log", "jobs");
        assertThat(jobs.output()).containsPattern(SyncWorkspace.JOB + " .* 2\\n");

        // since the failure: Liz is archived in HubSpot, Raj is edited, and the rule is fixed
        hubspot.store().archive("contacts", 1002);
        hubspot.clock().advance(java.time.Duration.ofSeconds(1));
        hubspot.store().update("contacts", 1003, Map.of("jobtitle", "Engineer"));
        Files.writeString(policy, Files.readString(policy).replace(DENY_PHONES, ""));

        ChildProcess.Result retry = emulators.run("retry.log", "job", "retry-failed", SyncWorkspace.JOB);

        assertThat(retry.exitCode()).as(retry.output()).isZero();
        assertThat(retry.output()).containsPattern("retried\\s+2").containsPattern("now written\\s+1").containsPattern("skipped\\s+1")
                .contains("Gone from the source since they failed").contains("id 1002")
                .contains("Still pending for job " + SyncWorkspace.JOB + ": 0 records");
        assertThat(salesforce.store().all("Contact")).extracting(contact -> contact.get("Email"))
                .containsExactlyInAnyOrder("raj.kumar@globex.io", "bob.mcdonald@acme.com");
        assertThat(salesforce.store().all("Contact")).filteredOn(c -> "bob.mcdonald@acme.com".equals(c.get("Email")))
                .singleElement().satisfies(bob -> assertThat(bob).containsEntry("Phone", "+14155550134"));

        ChildProcess.Result nothing = emulators.run("nothing.log", "job", "retry-failed", SyncWorkspace.JOB);
        assertThat(nothing.exitCode()).isZero();
        assertThat(nothing.output()).contains("has no failed records waiting to be retried");

        // the regular run continues from its own cursor: only what changed since its first run (Raj's edit and
        // Liz's archiving), not the whole object again
        ChildProcess.Result regular = emulators.runJob(SyncWorkspace.JOB);
        assertThat(regular.output()).containsPattern("read\\s+2\\b");
    }
}
