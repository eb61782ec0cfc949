package io.middlemile.sync;

import io.middlemile.sandbox.hubspot.HubSpotEmulator;
import io.middlemile.sandbox.salesforce.SalesforceEmulator;
import io.middlemile.testing.ChildProcess;
import io.middlemile.testing.SeedContacts;
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
import static io.middlemile.testing.SeedContacts.ELIZABETH;
import static io.middlemile.testing.SeedContacts.LIZ;
import static io.middlemile.testing.SeedContacts.RAJ;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * HubSpot contacts ↔ Salesforce contacts, both routes, against both emulators (each run is
 * `middlemile job run`, with the secrets in its environment). Between syncs, people
 * edit both systems: different fields of one record on each side, an archive and a merge in HubSpot.
 * After one sync each way both systems hold both edits (no lost update), the archive and the merge
 * reached Salesforce, and the crosswalk followed the merge.
 */
class TwoWaySyncTest {

    private static final String TOKEN = "pat-na1-two-way-test";
    private static final String BACK = SyncWorkspace.BACK;

    @TempDir
    Path workspace;

    // commands in this JVM; SyncEmulators waits out the second of Salesforce's latest write first (reads leave it for later)
    @RegisterExtension
    final SyncEmulators emulators = new SyncEmulators(TOKEN, "sync-client", "sync-secret");

    @Test
    void editsOnBothSidesSurviveAndArchivesAndMergesPropagate() throws Exception {
        emulators.start(workspace);
        HubSpotEmulator hubspot = emulators.hubspot();
        SalesforceEmulator salesforce = emulators.salesforce();
        emulators.seedHubSpotContacts(BOB, LIZ, ELIZABETH, RAJ);
        emulators.prepare(100);
        ChildProcess.Result first = run(SyncWorkspace.JOB);
        assertThat(first.output()).containsPattern("written\\s+4");
        ChildProcess.Result echo = run(BACK);
        assertThat(echo.output()).as("the hub's own writes come back as no change").containsPattern("written\\s+0")
                .containsPattern("skipped\\s+4");

        long bob = hubspotId(BOB);
        long liz = hubspotId(LIZ);
        long elizabeth = hubspotId(ELIZABETH);
        long raj = hubspotId(RAJ);
        String bobInSalesforce = salesforceId(BOB);
        String lizInSalesforce = salesforceId(LIZ);
        String elizabethInSalesforce = salesforceId(ELIZABETH);
        String rajInSalesforce = salesforceId(RAJ);

        // people at work in both systems between two syncs
        hubspot.store().update("contacts", bob, Map.of("phone", "+14155550199"));
        salesforce.store().update("Contact", bobInSalesforce, Map.of("Title", "Chief Revenue Officer"));
        hubspot.store().archive("contacts", raj);
        hubspot.store().merge("contacts", liz, elizabeth);

        // a plan first: it must neither write nor count as a sync (its merge bases and links are not kept)
        ChildProcess.Result plan = run(SyncWorkspace.JOB, "--plan", workspace.resolve("plan.json").toString());
        assertThat(plan.output()).contains("PLANNED");
        assertThat(salesforce.store().get("Contact", rajInSalesforce)).as(plan.output()).containsEntry("IsDeleted", false);
        assertThat(salesforce.store().get("Contact", bobInSalesforce)).containsEntry("Phone", "+14155550134");
        // the plan's archive names the record deleted in HubSpot, which applying it queues for a retry if the archive is refused
        assertThat(io.middlemile.govern.PlanFile.read(workspace.resolve("plan.json")).writes()).filteredOn(write -> write.action()
                .equals("archive")).singleElement().satisfies(archive -> {
                    assertThat(archive.key()).isEqualTo(rajInSalesforce);
                    assertThat(archive.origin().sourceId()).isEqualTo(String.valueOf(raj));
                    assertThat(archive.origin().object()).isEqualTo("contacts");
                });

        ChildProcess.Result forth = run(SyncWorkspace.JOB);
        ChildProcess.Result back = run(BACK);

        Map<String, Object> bobThere = salesforce.store().get("Contact", bobInSalesforce);
        assertThat(bobThere).as(forth.output()).containsEntry("Phone", "+14155550199")
                .as("HubSpot's sync must not put back the title HubSpot never changed").containsEntry("Title", "Chief Revenue Officer");
        assertThat(hubspot.store().get("contacts", bob)).as(back.output())
                .containsEntry("phone", "+14155550199").containsEntry("jobtitle", "Chief Revenue Officer");

        assertThat(salesforce.store().get("Contact", rajInSalesforce)).as(forth.output()).containsEntry("IsDeleted", true);
        assertThat(forth.output()).contains("archived salesforce/Contact " + rajInSalesforce);

        assertThat(salesforce.store().get("Contact", elizabethInSalesforce)).as(forth.output())
                .containsEntry("IsDeleted", true).containsEntry("MasterRecordId", lizInSalesforce);
        assertThat(salesforce.store().get("Contact", lizInSalesforce)).containsEntry("IsDeleted", false);
        assertThat(salesforce.store().count("Contact")).isEqualTo(2);

        // the return trip saw Salesforce's delete and merge, which are the hub's own: nothing more happens in HubSpot
        assertThat(back.exitCode()).isZero();
        assertThat(hubspot.store().count("contacts")).isEqualTo(2);
        assertThat(hubspot.store().get("contacts", liz)).isNotNull();

        roundTripWritesNothing();
    }

    @Test
    void aHubSpotMergeCarriedToSalesforceCountsAsWrittenWithItsNoteInThePlanAndTheRun() throws Exception {
        emulators.start(workspace);
        HubSpotEmulator hubspot = emulators.hubspot();
        SalesforceEmulator salesforce = emulators.salesforce();
        emulators.seedHubSpotContacts(LIZ, ELIZABETH);
        emulators.prepare(100);
        run(SyncWorkspace.JOB);
        long liz = hubspotId(LIZ);
        long elizabeth = hubspotId(ELIZABETH);
        String lizInSalesforce = salesforceId(LIZ);
        String elizabethInSalesforce = salesforceId(ELIZABETH);

        // the survivor carries the merge (hs_merged_object_ids); the merged-away record is not read
        hubspot.store().merge("contacts", liz, elizabeth);
        String note = "merged into " + liz + " in hubspot/contacts: merged salesforce/Contact " + elizabethInSalesforce
                + " into " + lizInSalesforce;

        ChildProcess.Result plan = run(SyncWorkspace.JOB, "--plan", workspace.resolve("plan.json").toString());
        assertThat(plan.output()).as("the plan's counts agree with its merge line").containsPattern("to write\\s+1\\s")
                .contains("1 writes, nothing was written").containsPattern("skipped\\s+0\\s");

        ChildProcess.Result merge = run(SyncWorkspace.JOB);
        assertThat(salesforce.store().get("Contact", elizabethInSalesforce)).as(merge.output())
                .containsEntry("IsDeleted", true).containsEntry("MasterRecordId", lizInSalesforce);
        assertThat(merge.output()).containsPattern("written\\s+1\\s").containsPattern("skipped\\s+0\\s").contains(note);

        // afterwards each side's edits of the survivor reach the other side's survivor, not the record merged away
        survivorsEditsReachTheOtherSide(liz, lizInSalesforce);
    }

    /** Settled: another sync each way writes nothing. */
    private void roundTripWritesNothing() throws Exception {
        assertThat(run(SyncWorkspace.JOB).output()).containsPattern("written\\s+0");
        assertThat(run(BACK).output()).containsPattern("written\\s+0");
    }

    /** An edit of the survivor in HubSpot reaches its Salesforce copy, then one in Salesforce reaches it in HubSpot. */
    private void survivorsEditsReachTheOtherSide(long survivor, String survivorInSalesforce) throws Exception {
        HubSpotEmulator hubspot = emulators.hubspot();
        SalesforceEmulator salesforce = emulators.salesforce();
        hubspot.clock().advance(java.time.Duration.ofSeconds(1));
        hubspot.store().update("contacts", survivor, Map.of("jobtitle", "CMO"));
        ChildProcess.Result edit = run(SyncWorkspace.JOB);
        assertThat(edit.output()).containsPattern("written\\s+1\\s").containsPattern("rejected\\s+0\\s");
        assertThat(salesforce.store().get("Contact", survivorInSalesforce)).as(edit.output()).containsEntry("Title", "CMO");
        salesforce.store().update("Contact", survivorInSalesforce, Map.of("Title", "Chief Marketing Officer"));
        ChildProcess.Result back = run(BACK);
        assertThat(back.output()).containsPattern("written\\s+1\\s").containsPattern("rejected\\s+0\\s");
        assertThat(hubspot.store().get("contacts", survivor)).as(back.output()).containsEntry("jobtitle", "Chief Marketing Officer");
    }

    @Test
    void aMergeParkedForReviewAndApprovedLaterSettlesBothWaysAndTheSurvivorsEditsReachTheSurvivor() throws Exception {
        emulators.start(workspace);
        HubSpotEmulator hubspot = emulators.hubspot();
        SalesforceEmulator salesforce = emulators.salesforce();
        emulators.seedHubSpotContacts(LIZ, ELIZABETH);
        emulators.prepare(100);
        Path connector = workspace.resolve("connectors/salesforce.yaml");
        Files.writeString(connector, Files.readString(connector) + """
                policy:
                  rules:
                    - {action: merge, decision: review}
                """);
        run(SyncWorkspace.JOB);
        run(BACK);
        long liz = hubspotId(LIZ);
        long elizabeth = hubspotId(ELIZABETH);
        String lizInSalesforce = salesforceId(LIZ);
        String elizabethInSalesforce = salesforceId(ELIZABETH);

        hubspot.store().merge("contacts", liz, elizabeth);
        ChildProcess.Result parked = run(SyncWorkspace.JOB);
        assertThat(salesforce.store().get("Contact", elizabethInSalesforce)).as(parked.output()).containsEntry("IsDeleted", false);
        ChildProcess.Result list = emulators.run("review-list.log", "review", "list");
        java.util.regex.Matcher item = java.util.regex.Pattern.compile("(?m)^\\s*(\\d+)\\s.*merge").matcher(list.output());
        assertThat(item.find()).as(list.output()).isTrue();

        ChildProcess.Result approved = emulators.run("review-approve.log", "review", "approve", item.group(1));
        assertThat(approved.exitCode()).as(approved.output()).isZero();
        assertThat(salesforce.store().get("Contact", elizabethInSalesforce)).as(approved.output())
                .containsEntry("IsDeleted", true).containsEntry("MasterRecordId", lizInSalesforce);

        // Salesforce's merge comes back to HubSpot as the one HubSpot already made: nothing is created or merged there
        ChildProcess.Result back = run(BACK);
        assertThat(back.output()).containsPattern("written\\s+0\\s").containsPattern("rejected\\s+0\\s");
        assertThat(hubspot.store().count("contacts")).as(back.output()).isEqualTo(1);

        // the survivor's edits on either side reach the other side's survivor
        survivorsEditsReachTheOtherSide(liz, lizInSalesforce);
        assertThat(hubspot.store().count("contacts")).isEqualTo(1);
        assertThat(salesforce.store().count("Contact")).isEqualTo(1);

        roundTripWritesNothing();
    }

    @Test
    void aSalesforceMergeHubSpotRefusesStaysQueuedUntilThePersonArchivesTheContactByHandAndTheSurvivorKeepsItsEdits() throws Exception {
        emulators.start(workspace);
        HubSpotEmulator hubspot = emulators.hubspot();
        SalesforceEmulator salesforce = emulators.salesforce();
        emulators.seedHubSpotContacts(LIZ, ELIZABETH);
        long liz = hubspotId(LIZ);
        long elizabeth = hubspotId(ELIZABETH);
        // Liz's HubSpot record has been included in 250 merges: HubSpot merges nothing more into it
        for (int i = 0; i < 250; i++) {
            hubspot.store().create("contacts", Map.of("email", "old" + i + "@northwind.co.uk"));
            hubspot.store().merge("contacts", liz, hubspot.store().idOf("contacts", "email", "old" + i + "@northwind.co.uk"));
        }
        emulators.prepare(100);
        run(SyncWorkspace.JOB);
        run(BACK);
        String lizInSalesforce = salesforceId(LIZ);
        String elizabethInSalesforce = salesforceId(ELIZABETH);

        salesforce.store().merge("Contact", lizInSalesforce, List.of(elizabethInSalesforce));
        ChildProcess.Result refused = run(BACK);

        assertThat(refused.output()).containsPattern("rejected\\s+1\\s").contains("Merge limit reached");
        assertThat(hubspot.store().get("contacts", elizabeth)).as(refused.output()).containsEntry("email", "elizabeth.obrien@northwind.co.uk");
        assertThat(hubspot.store().count("contacts")).isEqualTo(2);
        // queued, not settled: a retry meets the same refusal and keeps it queued with HubSpot's answer
        ChildProcess.Result retry = emulators.run("retry.log", "job", "retry-failed", BACK);
        assertThat(retry.output()).contains("Merge limit reached").contains("Still pending for job " + BACK + ": 1 record");
        // as HubSpot advises, a person archives Elizabeth's HubSpot contact by hand: the next retry finds nothing left to merge
        hubspot.store().archive("contacts", elizabeth);
        ChildProcess.Result settled = emulators.run("settled.log", "job", "retry-failed", BACK);
        assertThat(settled.output()).containsPattern("skipped\\s+1\\s").containsPattern("still failing\\s+0\\s")
                .contains("Still pending for job " + BACK + ": 0 records");
        // the survivor's own edits still reach its Salesforce copy
        hubspot.clock().advance(java.time.Duration.ofSeconds(1));
        hubspot.store().update("contacts", liz, Map.of("jobtitle", "CMO"));
        ChildProcess.Result edit = run(SyncWorkspace.JOB);
        assertThat(salesforce.store().get("Contact", lizInSalesforce)).as(edit.output()).containsEntry("Title", "CMO");
    }

    @Test
    void aDeleteTheTargetsPolicyDeniesIsReportedAndNothingIsArchived() throws Exception {
        emulators.start(workspace);
        HubSpotEmulator hubspot = emulators.hubspot();
        SalesforceEmulator salesforce = emulators.salesforce();
        emulators.seedHubSpotContacts(List.of("email", "firstname", "lastname"), RAJ);
        emulators.prepare(100);
        Path connector = workspace.resolve("connectors/salesforce.yaml");
        Files.writeString(connector, Files.readString(connector) + """
                policy:
                  rules:
                    - {action: archive, decision: deny}
                """);
        run(SyncWorkspace.JOB);
        String rajInSalesforce = salesforceId(RAJ);

        hubspot.store().archive("contacts", hubspotId(RAJ));
        ChildProcess.Result sync = run(SyncWorkspace.JOB);

        assertThat(salesforce.store().get("Contact", rajInSalesforce)).containsEntry("IsDeleted", false);
        assertThat(sync.output()).containsPattern("skipped\\s+1").contains("not archived");
    }

    @Test
    void aContactsCompanyBecomesItsAccountAndAnAccountBecomesTheContactsCompany() throws Exception {
        emulators.start(workspace);
        HubSpotEmulator hubspot = emulators.hubspot();
        SalesforceEmulator salesforce = emulators.salesforce();
        hubspot.store().create("companies", Map.of("name", "Acme Corp", "domain", "acme.com"));
        hubspot.store().create("contacts", BOB.hubspot("email", "firstname", "lastname"));
        long acme = hubspot.store().idOf("companies", "domain", "acme.com");
        long bob = hubspotId(BOB);
        hubspot.associations().associate("contacts", bob, "companies", acme);
        String initech = salesforce.store().create("Account", Map.of("Name", "Initech", "Website", "https://initech.com")).id();
        salesforce.store().create("Contact", Map.of("LastName", "Porter", "FirstName", "Peter", "Email", "peter.porter@initech.com",
                "AccountId", initech));
        emulators.prepare(100);

        run("sync-companies-to-salesforce");
        // a company created after the companies sync: its contact goes over without it, and the summary says why
        hubspot.store().create("companies", Map.of("name", "Globex", "domain", "globex.io"));
        hubspot.store().create("contacts", RAJ.hubspot("email", "firstname", "lastname"));
        hubspot.associations().associate("contacts", hubspotId(RAJ),
                "companies", hubspot.store().idOf("companies", "domain", "globex.io"));
        ChildProcess.Result contacts = run(SyncWorkspace.JOB);
        assertThat(contacts.output()).contains("Written with notes")
                .contains("company: hubspot/companies " + hubspot.store().idOf("companies", "domain", "globex.io")
                        + " has no salesforce/Account yet, so it was left out");
        assertThat(salesforce.store().get("Contact", salesforceId(RAJ))).doesNotContainKey("AccountId");
        ChildProcess.Result accountsBack = run("sync-accounts-to-hubspot");
        ChildProcess.Result contactsBack = run(SyncWorkspace.BACK);

        String acmeInSalesforce = salesforce.store().all("Account").stream().filter(a -> "Acme Corp".equals(a.get("Name")))
                .map(a -> (String) a.get("Id")).findFirst().orElseThrow();
        assertThat(salesforce.store().get("Contact", salesforceId(BOB))).containsEntry("AccountId", acmeInSalesforce);
        long initechInHubSpot = hubspot.store().idOf("companies", "domain", "initech.com");
        long peter = hubspot.store().idOf("contacts", "email", "peter.porter@initech.com");
        assertThat(initechInHubSpot).as(accountsBack.output()).isPositive();
        assertThat(peter).as(contactsBack.output()).isPositive();
        assertThat(hubspot.associations().associated("contacts", peter, "companies")).containsExactly(initechInHubSpot);
        assertThat(hubspot.associations().associated("contacts", bob, "companies")).containsExactly(acme);
    }

    /** The HubSpot id of a seeded person's contact, by its address. */
    private long hubspotId(SeedContacts.Contact contact) {
        return emulators.hubspot().store().idOf("contacts", "email", contact.email());
    }

    private String salesforceId(SeedContacts.Contact contact) {
        return emulators.salesforceId(contact.email());
    }

    private ChildProcess.Result run(String job, String... options) throws Exception {
        return emulators.runJob(job, options);
    }
}
