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
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Records a sync creates are known by the id the provider gave them everywhere (issue 12), against both
 * emulators with each command a `middlemile` command, its secrets in its environment: rollback archives a sync's creates on both sides;
 * a contact without an email is created in HubSpot, linked and updated; apply does not create a record
 * someone created since the plan; a rejected review holds until the source changes; and a wave of
 * deletions is carried over in a few calls per hundred records.
 */
class CreatedRecordsTest {

    private static final String TOKEN = "pat-na1-created-records";
    private static final Pattern RUN_ID = Pattern.compile("Job \\S+, run (\\d+):");
    private static final Pattern REVIEW_ID = Pattern.compile("waiting for review #(\\d+)");

    @TempDir
    Path workspace;

    // commands in this JVM; SyncEmulators waits out the second of Salesforce's latest write first (reads leave it for later)
    @RegisterExtension
    final SyncEmulators emulators = new SyncEmulators(TOKEN, "created-client", "created-secret");

    @Test
    void rollbackArchivesWhatASyncCreatedOnBothSidesAndEmailLessContactsAreCreatedLinkedAndUpdated() throws Exception {
        emulators.start(workspace);
        HubSpotEmulator hubspot = emulators.hubspot();
        SalesforceEmulator salesforce = emulators.salesforce();
        hubspot.store().create("contacts", Map.of("email", "bob.mcdonald@acme.com", "firstname", "Bob", "lastname", "McDonald"));
        hubspot.store().create("contacts", Map.of("firstname", "Nora", "lastname", "Nomail"));
        String ed = salesforce.store().create("Contact", Map.of("FirstName", "Ed", "LastName", "Emailless")).id();
        emulators.prepare(100);

        ChildProcess.Result forth = emulators.runJob(SyncWorkspace.JOB);
        assertThat(forth.output()).containsPattern("written\\s+2");
        assertThat(salesforce.store().count("Contact")).isEqualTo(3);

        // Salesforce → HubSpot: Ed has no email, so he is created with batch create (not upserted by email) and linked
        ChildProcess.Result back = emulators.runJob(SyncWorkspace.BACK);
        assertThat(back.output()).containsPattern("written\\s+1").containsPattern("rejected\\s+0");
        long edInHubSpot = hubspot.store().idOf("contacts", "lastname", "Emailless");
        assertThat(edInHubSpot).as(back.output()).isPositive();
        assertThat(hubspot.store().get("contacts", edInHubSpot)).containsEntry("firstname", "Ed").doesNotContainKey("email");

        // linked: a later edit in Salesforce updates the same HubSpot contact, and the return trip writes nothing
        salesforce.store().update("Contact", ed, Map.of("Title", "Foreman"));
        ChildProcess.Result edit = emulators.runJob(SyncWorkspace.BACK);
        assertThat(edit.output()).containsPattern("written\\s+1");
        assertThat(hubspot.store().count("contacts")).isEqualTo(3);
        assertThat(hubspot.store().get("contacts", edInHubSpot)).containsEntry("jobtitle", "Foreman");
        assertThat(emulators.runJob(SyncWorkspace.JOB).output()).containsPattern("written\\s+0");

        // rollback of the first sync: the two contacts it created in Salesforce are archived, Ed (not its create) stays
        ChildProcess.Result rollback = emulators.run("rollback-forth.log", "rollback", runId(forth));
        assertThat(rollback.exitCode()).as(rollback.output()).isZero();
        assertThat(rollback.output()).doesNotContain("already gone");
        assertThat(salesforce.store().all("Contact")).as(rollback.output()).filteredOn(c -> Boolean.FALSE.equals(c.get("IsDeleted")))
                .extracting(c -> c.get("LastName")).containsExactly("Emailless");
        // undoing the creates is not a deletion to carry back: Bob and Nora stay in HubSpot
        emulators.runJob(SyncWorkspace.BACK);
        assertThat(hubspot.store().count("contacts")).isEqualTo(3);

        // rollback of the return trip that created Ed in HubSpot archives him there by his real id
        ChildProcess.Result rollbackBack = emulators.run("rollback-back.log", "rollback", runId(back));
        assertThat(rollbackBack.exitCode()).as(rollbackBack.output()).isZero();
        assertThat(hubspot.store().get("contacts", edInHubSpot)).as(rollbackBack.output()).isNull();
        assertThat(hubspot.store().count("contacts")).isEqualTo(2);
        emulators.runJob(SyncWorkspace.JOB);
        assertThat(salesforce.store().get("Contact", ed)).as("Ed, whom a person created in Salesforce, stays")
                .containsEntry("IsDeleted", false);
    }

    @Test
    void applyDoesNotCreateARecordSomeoneCreatedSinceThePlanAndLinksWhatItCreates() throws Exception {
        emulators.start(workspace);
        HubSpotEmulator hubspot = emulators.hubspot();
        SalesforceEmulator salesforce = emulators.salesforce();
        hubspot.store().create("contacts", Map.of("email", "carol.chen@acme.com", "firstname", "Carol", "lastname", "Chen"));
        hubspot.store().create("contacts", Map.of("email", "dave.diaz@acme.com", "firstname", "Dave", "lastname", "Diaz"));
        emulators.prepare(100);
        Path plan = workspace.resolve("plan.json");
        ChildProcess.Result planned = emulators.runJob(SyncWorkspace.JOB, "--plan", plan.toString());
        assertThat(planned.output()).contains("PLANNED");

        // a rep adds Carol in Salesforce by hand before the plan is applied
        String carol = salesforce.store().create("Contact", Map.of("LastName", "Chen", "Email", "carol.chen@acme.com")).id();
        ChildProcess.Result apply = emulators.run("apply.log", "apply", plan.toString());

        assertThat(apply.output()).contains("created by someone else since it was planned").contains(carol);
        assertThat(salesforce.store().all("Contact")).as(apply.output()).extracting(c -> c.get("Email"))
                .containsExactlyInAnyOrder("carol.chen@acme.com", "dave.diaz@acme.com");
        // the next run links Carol by email and updates her; Dave, created by the apply, is linked already: no duplicate
        ChildProcess.Result next = emulators.runJob(SyncWorkspace.JOB);
        assertThat(salesforce.store().count("Contact")).as(next.output()).isEqualTo(2);
        assertThat(salesforce.store().get("Contact", carol)).containsEntry("FirstName", "Carol");
        assertThat(emulators.runJob(SyncWorkspace.JOB).output()).containsPattern("written\\s+0");
    }

    @Test
    void aRejectedReviewIsNotParkedAgainUntilTheSourceValueChanges() throws Exception {
        emulators.start(workspace);
        HubSpotEmulator hubspot = emulators.hubspot();
        hubspot.store().create("contacts", Map.of("email", "bob.mcdonald@acme.com", "firstname", "Bob", "lastname", "McDonald"));
        long bob = hubspot.store().idOf("contacts", "email", "bob.mcdonald@acme.com");
        emulators.prepare(100);
        Path connector = workspace.resolve("connectors/salesforce.yaml");
        Files.writeString(connector, Files.readString(connector) + "policy:\n  rules:\n    - {field: Title, decision: review}\n");
        emulators.runJob(SyncWorkspace.JOB);

        hubspot.clock().advance(java.time.Duration.ofSeconds(1));
        hubspot.store().update("contacts", bob, Map.of("jobtitle", "Chief Everything Officer"));
        String review = reviewId(emulators.runJob(SyncWorkspace.JOB));
        ChildProcess.Result rejected = emulators.run("reject.log", "review", "reject", review, "--note", "not a real title");
        assertThat(rejected.exitCode()).as(rejected.output()).isZero();

        // another field changes: the record is read again, but the rejected title is not parked again
        hubspot.clock().advance(java.time.Duration.ofSeconds(1));
        hubspot.store().update("contacts", bob, Map.of("phone", "+14155550134"));
        ChildProcess.Result again = emulators.runJob(SyncWorkspace.JOB);
        assertThat(again.output()).doesNotContainPattern("waiting for review #\\d+").contains("rejected in review #" + review);
        assertThat(pendingReviews()).as(again.output()).contains("Nothing is waiting for review");

        // the source changes the title again: that is a new decision to make
        hubspot.clock().advance(java.time.Duration.ofSeconds(1));
        hubspot.store().update("contacts", bob, Map.of("jobtitle", "VP Sales"));
        String next = reviewId(emulators.runJob(SyncWorkspace.JOB));
        assertThat(next).isNotEqualTo(review);
        assertThat(pendingReviews()).contains("[Title]");
    }

    @Test
    void aWaveOfDeletionsIsArchivedInAFewCallsPerHundredRecords() throws Exception {
        emulators.start(workspace);
        HubSpotEmulator hubspot = emulators.hubspot();
        SalesforceEmulator salesforce = emulators.salesforce();
        int wave = 1_000;
        for (int i = 0; i < wave; i++) {
            hubspot.store().create("contacts", Map.of("email", "person" + i + "@wave.example", "firstname", "P" + i, "lastname", "Wave"));
        }
        emulators.prepare(100);
        emulators.runJob(SyncWorkspace.JOB);
        assertThat(salesforce.store().count("Contact")).isEqualTo(wave);

        hubspot.clock().advance(java.time.Duration.ofSeconds(1));
        for (int i = 0; i < wave; i++) {
            hubspot.store().archive("contacts", hubspot.store().idOf("contacts", "email", "person" + i + "@wave.example"));
        }
        long hubspotBefore = hubspot.requestCount();
        long salesforceBefore = salesforce.requestCount();
        ChildProcess.Result deletes = emulators.runJob(SyncWorkspace.JOB);
        long hubspotCalls = hubspot.requestCount() - hubspotBefore;
        long salesforceCalls = salesforce.requestCount() - salesforceBefore;

        assertThat(deletes.output()).containsPattern("written\\s+1,000");
        assertThat(salesforce.store().count("Contact")).isZero();
        assertThat(hubspotCalls).as("HubSpot calls for %d deletions", wave).isLessThanOrEqualTo(3L * wave / 100);
        assertThat(salesforceCalls).as("Salesforce calls for %d deletions", wave).isLessThanOrEqualTo(3L * wave / 100);
    }

    private String pendingReviews() throws Exception {
        ChildProcess.Result list = emulators.run("reviews-" + System.nanoTime() + ".log", "review", "list");
        assertThat(list.exitCode()).as(list.output()).isZero();
        return list.output();
    }

    private static String runId(ChildProcess.Result result) {
        Matcher m = RUN_ID.matcher(result.output());
        assertThat(m.find()).as(result.output()).isTrue();
        return m.group(1);
    }

    private static String reviewId(ChildProcess.Result result) {
        Matcher m = REVIEW_ID.matcher(result.output());
        assertThat(m.find()).as(result.output()).isTrue();
        return m.group(1);
    }
}
