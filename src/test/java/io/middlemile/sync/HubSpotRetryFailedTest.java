package io.middlemile.sync;

import io.middlemile.sandbox.hubspot.HubSpotEmulator;
import io.middlemile.sandbox.salesforce.SalesforceEmulator;
import io.middlemile.testing.ChildProcess;
import io.middlemile.testing.SyncEmulators;
import io.middlemile.testing.SyncWorkspace;
import io.middlemile.testing.TestDatabase;
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

    @Test
    void aDeleteTheTargetRefusedToArchiveIsQueuedAndTheRetryArchivesIt() throws Exception {
        JdbcTemplate jdbc = start();
        HubSpotEmulator hubspot = emulators.hubspot();
        SalesforceEmulator salesforce = emulators.salesforce();
        hubspot.store().create("contacts", BOB.hubspot("email", "firstname", "lastname"));
        hubspot.store().create("contacts", RAJ.hubspot("email", "firstname", "lastname"));
        emulators.prepare(100);
        assertThat(emulators.runJob(SyncWorkspace.JOB).output()).containsPattern("written\\s+2");
        String rajInSalesforce = emulators.salesforceId(RAJ.email());
        long raj = hubspot.store().idOf("contacts", "email", RAJ.email());
        // Raj's Salesforce copy enters an approval step, which locks it; then Raj is archived in HubSpot
        salesforce.store().lock("Contact", rajInSalesforce);
        hubspot.clock().advance(java.time.Duration.ofSeconds(1));
        hubspot.store().archive("contacts", raj);

        ChildProcess.Result refused = emulators.runJob(SyncWorkspace.JOB);

        // not a decision of ours, so not a skip: the delete is queued with Salesforce's answer, and the cursor moves on
        assertThat(salesforce.store().get("Contact", rajInSalesforce)).containsEntry("IsDeleted", false);
        assertThat(refused.output()).containsPattern("rejected\\s+1").contains("ENTITY_IS_LOCKED")
                .contains("could not be archived").contains("middlemile job retry-failed " + SyncWorkspace.JOB + " archives it");
        assertThat(jdbc.queryForList("select source_id from retry_queue where lifecycle like '%__deleted%'", String.class))
                .containsExactly(String.valueOf(raj));

        // the approval is decided; HubSpot no longer has Raj to read, and the retry archives his copy all the same
        salesforce.store().unlock("Contact", rajInSalesforce);
        ChildProcess.Result retry = emulators.run("retry.log", "job", "retry-failed", SyncWorkspace.JOB);

        assertThat(retry.exitCode()).as(retry.output()).isZero();
        assertThat(salesforce.store().get("Contact", rajInSalesforce)).as(retry.output()).containsEntry("IsDeleted", true);
        assertThat(retry.output()).containsPattern("retried\\s+1").containsPattern("now written\\s+1")
                .contains("(1 of them was deleted or merged away at the source when it failed: one the source still does not have"
                        + " is handed on as the queue kept it, so its copy is archived or merged)")
                .doesNotContain("Gone from the source since they failed")
                .contains("Still pending for job " + SyncWorkspace.JOB + ": 0 records");
        assertThat(salesforce.store().get("Contact", emulators.salesforceId(BOB.email()))).containsEntry("IsDeleted", false);
    }

    @Test
    void aMergeTheTargetRefusedQueuesTheSurvivorAndTheRetryMergesAlthoughTheSurvivorsReadByIdDoesNotSaySo() throws Exception {
        JdbcTemplate jdbc = start();
        HubSpotEmulator hubspot = emulators.hubspot();
        SalesforceEmulator salesforce = emulators.salesforce();
        emulators.seedHubSpotContacts(List.of("email", "firstname", "lastname"), LIZ, ELIZABETH);
        emulators.prepare(100);
        assertThat(emulators.runJob(SyncWorkspace.JOB).output()).containsPattern("written\\s+2");
        long liz = hubspot.store().idOf("contacts", "email", LIZ.email());
        long elizabeth = hubspot.store().idOf("contacts", "email", ELIZABETH.email());
        String lizInSalesforce = emulators.salesforceId(LIZ.email());
        String elizabethInSalesforce = emulators.salesforceId(ELIZABETH.email());
        // Elizabeth's Salesforce copy is in an approval step when HubSpot merges her into Liz
        salesforce.store().lock("Contact", elizabethInSalesforce);
        hubspot.store().merge("contacts", liz, elizabeth);

        ChildProcess.Result refused = emulators.runJob(SyncWorkspace.JOB);

        assertThat(salesforce.store().get("Contact", elizabethInSalesforce)).containsEntry("IsDeleted", false);
        assertThat(refused.output()).containsPattern("rejected\\s+1").contains("ENTITY_IS_LOCKED")
                .contains("middlemile job retry-failed " + SyncWorkspace.JOB + " merges them");
        assertThat(jdbc.queryForList("select source_id from retry_queue where lifecycle like '%__mergedIds%'", String.class))
                .containsExactly(String.valueOf(liz));

        salesforce.store().unlock("Contact", elizabethInSalesforce);
        ChildProcess.Result retry = emulators.run("retry.log", "job", "retry-failed", SyncWorkspace.JOB);

        // HubSpot's answer to a read of Liz by id does not list Elizabeth: the queue remembered the merge
        assertThat(retry.exitCode()).as(retry.output()).isZero();
        assertThat(salesforce.store().get("Contact", elizabethInSalesforce)).as(retry.output())
                .containsEntry("IsDeleted", true).containsEntry("MasterRecordId", lizInSalesforce);
        assertThat(retry.output()).containsPattern("now written\\s+1").contains("Still pending for job " + SyncWorkspace.JOB + ": 0 records");
        // followed for good: the next read of Liz finds the merge done
        hubspot.clock().advance(java.time.Duration.ofSeconds(1));
        hubspot.store().update("contacts", liz, Map.of("jobtitle", "CMO"));
        assertThat(emulators.runJob(SyncWorkspace.JOB).output()).containsPattern("written\\s+1").containsPattern("rejected\\s+0")
                .doesNotContain("not merged");
    }

    @Test
    void applyingARetrysPlanTakesItsRecordsOffTheQueueAndApplyingItAgainWritesNothing() throws Exception {
        JdbcTemplate jdbc = failedTwo();
        Path plan = workspace.resolve("retry-plan.json");
        ChildProcess.Result planned = emulators.run("plan.log", "job", "retry-failed", SyncWorkspace.JOB, "--plan", plan.toString());
        assertThat(planned.exitCode()).as(planned.output()).isZero();
        assertThat(planned.output()).containsPattern("to write\\s+2").contains("Still pending for job " + SyncWorkspace.JOB + ": 2 records");

        ChildProcess.Result applied = emulators.run("apply.log", "apply", plan.toString());

        // as the retry itself would have: both written, so both off the queue, and the next retry has nothing to do
        assertThat(applied.exitCode()).as(applied.output()).isZero();
        assertThat(applied.output()).containsPattern("written\\s+2").containsPattern("conflicts\\s+0")
                .contains("Retry queue of job " + SyncWorkspace.JOB + ": 2 records of the plan left it")
                .contains("Still pending for job " + SyncWorkspace.JOB + ": 0 records");
        assertThat(jdbc.queryForObject("select count(*) from retry_queue", Integer.class)).isZero();
        assertThat(emulators.run("jobs.log", "jobs").output()).containsPattern(SyncWorkspace.JOB + " .* 2 +0\\n");
        assertThat(emulators.run("retry.log", "job", "retry-failed", SyncWorkspace.JOB).output())
                .contains("has no failed records waiting to be retried");
        long runs = jdbc.queryForObject("select count(*) from job_runs", Long.class);

        ChildProcess.Result again = emulators.run("again.log", "apply", plan.toString());

        // the plan's creates were made: not conflicts with the records the first apply created, and nothing recorded
        assertThat(again.exitCode()).as(again.output()).isZero();
        long firstApply = jdbc.queryForObject("select max(id) from job_runs where kind = 'apply'", Long.class);
        assertThat(again.output()).contains("Plan " + plan + " (job " + SyncWorkspace.JOB + ", planned in run 2) was applied by run "
                        + firstApply + " (started ").contains("its 2 writes were made then, and nothing of it is left to make")
                .contains("Nothing was written again, and no run was recorded").doesNotContain("conflict");
        assertThat(jdbc.queryForObject("select count(*) from job_runs", Long.class)).isEqualTo(runs);
        assertThat(emulators.salesforce().store().all("Contact")).extracting(contact -> contact.get("Email"))
                .containsExactlyInAnyOrder("raj.kumar@globex.io", "bob.mcdonald@acme.com", "liz.obrien@northwind.co.uk");
    }

    @Test
    void aRecordWhoseWriteTheApplyDidNotMakeStaysQueuedAndApplyingAgainMakesOnlyWhatIsLeft() throws Exception {
        JdbcTemplate jdbc = failedTwo();
        Path plan = workspace.resolve("retry-plan.json");
        assertThat(emulators.run("plan.log", "job", "retry-failed", SyncWorkspace.JOB, "--plan", plan.toString()).exitCode()).isZero();
        // someone creates Liz in Salesforce between the plan and its apply
        String someone = emulators.salesforce().store().create("Contact", Map.of("LastName", "O'Brien", "Email", LIZ.email())).id();

        ChildProcess.Result conflicted = emulators.run("apply.log", "apply", plan.toString());

        // settled per record: Bob, written, leaves the queue (the next retry does not write him again); Liz stays with why
        assertThat(conflicted.exitCode()).as(conflicted.output()).isEqualTo(1);
        assertThat(conflicted.output()).containsPattern("written\\s+1").containsPattern("conflicts\\s+1")
                .contains("Retry queue of job " + SyncWorkspace.JOB + ": 1 record of the plan left it")
                .contains("1 record of the plan stays, with why, in the retry queue: the apply did not make its write")
                .contains("Still pending for job " + SyncWorkspace.JOB + ": 1 record");
        assertThat(jdbc.queryForList("select source_id from retry_queue", String.class)).containsExactly("1002");
        long applyRun = jdbc.queryForObject("select max(id) from job_runs where kind = 'apply'", Long.class);
        assertThat(jdbc.queryForObject("select last_reason from retry_queue", String.class))
                .startsWith("not written by apply run " + applyRun + " of the plan of run 2, salesforce/Contact/")
                .contains("conflict");
        assertThat(jdbc.queryForObject("select attempts from retry_queue", Integer.class)).isEqualTo(1);

        // the duplicate is removed: applying the plan again creates Liz alone, not Bob a second time, and settles the queue
        emulators.salesforce().store().delete("Contact", someone);
        ChildProcess.Result again = emulators.run("again.log", "apply", plan.toString());

        assertThat(again.exitCode()).as(again.output()).isZero();
        assertThat(again.output()).contains("was applied before, by run").contains("1 of its writes was made then and is not made"
                + " again; the other 1 is applied now").containsPattern("written\\s+1").containsPattern("conflicts\\s+0")
                .contains("Still pending for job " + SyncWorkspace.JOB + ": 0 records");
        assertThat(emulators.salesforce().store().all("Contact")).filteredOn(contact -> !Boolean.TRUE.equals(contact.get("IsDeleted")))
                .extracting(contact -> contact.get("Email"))
                .containsExactlyInAnyOrder("raj.kumar@globex.io", "bob.mcdonald@acme.com", LIZ.email());
        assertThat(jdbc.queryForObject("select count(*) from retry_queue", Integer.class)).isZero();
    }

    /** Starts the emulators; returns the store the runs use. */
    private JdbcTemplate start() throws Exception {
        emulators.start(workspace);
        return TestDatabase.jdbc(System.getProperty("middlemile.embedded-db.database"));
    }

    /** Bob and Liz refused by a rule on phones, Raj written; the rule then fixed. Returns the store the runs use. */
    private JdbcTemplate failedTwo() throws Exception {
        JdbcTemplate jdbc = start();
        HubSpotEmulator hubspot = emulators.hubspot();
        hubspot.store().create("contacts", BOB.hubspot("email", "firstname", "lastname", "phone"));
        hubspot.store().create("contacts", LIZ.hubspot("email", "firstname", "lastname", "phone"));
        hubspot.store().create("contacts", RAJ.hubspot("email", "firstname", "lastname"));
        emulators.prepare(100);
        Path policy = workspace.resolve("connectors/salesforce.yaml");
        Files.writeString(policy, Files.readString(policy) + DENY_PHONES);
        assertThat(emulators.runJob(SyncWorkspace.JOB).output()).containsPattern("rejected\\s+2");
        Files.writeString(policy, Files.readString(policy).replace(DENY_PHONES, ""));
        return jdbc;
    }
}
