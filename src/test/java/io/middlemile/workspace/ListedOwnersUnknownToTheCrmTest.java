package io.middlemile.workspace;

import io.middlemile.connector.Providers;
import io.middlemile.mapping.Transforms;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** A listed owner's crmId that no user of the target CRM has, as last read into the store, is warned about. */
public class ListedOwnersUnknownToTheCrmTest {

    private static final Instant READ = Instant.parse("2026-12-01T09:00:00Z");

    /** The base workspace with a route writing ownerId to hubspot_owner_id after hub-assign:leads (listed owners). */
    private static Workspace workspace(Path dir) throws IOException {
        return new WorkspaceLoader(Map.of(), Transforms.CATALOG, Providers.CATALOG).load(files(dir)).workspace();
    }

    /**
     * The files of {@link #workspace}, in {@code dir}: owner ben's crmId 79999, ana's 71001, tom (inactive) 70000. Its other
     * routes write a CRM's users' ids to another CRM, which validation refuses.
     */
    public static Path files(Path dir) throws IOException {
        BrokenWorkspaceGoldenTest.copyTree(BrokenWorkspaceGoldenTest.BASE, dir, Set.of());
        BrokenWorkspaceGoldenTest.copyTree(BrokenWorkspaceGoldenTest.BROKEN.resolve("route-writes-owner-ids-the-crm-does-not-know"), dir,
                Set.of("expected.txt", "_env.properties", "_delete.txt"));
        Files.writeString(dir.resolve("assign/owners.yaml"), """
                owners:
                  - {id: ana, name: Ana Ruiz, email: ana@example.com, crmId: "71001"}
                  - {id: ben, name: Ben Ode, email: ben@example.com, crmId: "79999"}
                  - {id: tom, name: Tom Hale, email: tom@example.com, crmId: "70000", active: false}
                """);
        return dir;
    }

    private static AssignConfig.Owner user(String id) {
        return new AssignConfig.Owner(id, null, id + "@example.com", id, true, List.of());
    }

    @Test
    void anActiveListedOwnerWhoseCrmIdIsNoUserOfTheTargetIsNamedWithTheFileAndWhatToDo(@TempDir Path dir) throws IOException {
        Workspace workspace = workspace(dir);
        CrmOwners read = connection -> connection.equals("hubspot")
                ? Optional.of(new CrmOwners.Read(READ, List.of(user("71001"), user("71002")))) : Optional.empty();

        List<String> warnings = OwnerIdChecks.ownersTheCrmWouldRefuse(workspace, read);

        // ana is a user of hubspot; tom is inactive (he is handed no leads); ben's crmId is no one's
        assertThat(warnings).containsExactly("assign/owners.yaml: owner ben has crmId \"79999\", which is no user of connection hubspot"
                + " as its users were read at 2026-12-01T09:00:00Z; routes/to-hubspot.camel.yaml writes the leads assign/leads.yaml gives"
                + " them to hubspot_owner_id of hubspot/contacts, and hubspot would refuse each one. Put their user id in hubspot in"
                + " crmId (`middlemile assign owners NAME` lists the users read, for a rule set with owners: {from: hubspot}; --refresh"
                + " reads them again if they were added since)");
    }

    @Test
    void aSalesforceIdMatchesInEitherForm(@TempDir Path dir) throws IOException {
        Workspace workspace = workspace(dir);
        // copied from a user's URL (15 characters) where the API returned the 18-character form
        Files.writeString(dir.resolve("assign/owners.yaml"), "owners:\n  - {id: ana, name: Ana Ruiz, email: ana@example.com,"
                + " crmId: \"0056000000QKv5T\"}\n  - {id: ben, name: Ben Ode, email: ben@example.com, crmId: \"0056000000QKV5T\"}\n");
        workspace = new WorkspaceLoader(Map.of(), Transforms.CATALOG, Providers.CATALOG).load(dir).workspace();
        CrmOwners read = connection -> Optional.of(new CrmOwners.Read(READ, List.of(user("0056000000QKv5TAAT"))));

        assertThat(OwnerIdChecks.ownersTheCrmWouldRefuse(workspace, read)).singleElement().asString()
                .startsWith("assign/owners.yaml: owner ben has crmId \"0056000000QKV5T\"");
    }

    /**
     * A job writing assign/crm.yaml's owners (owners: {from: salesforce}) and assign/leads.yaml's (listed) to Salesforce
     * leads' OwnerId, in {@code dir}; crm.yaml names {@code crmOwner}, ana's crmId is {@code anasCrmId}.
     */
    private static Workspace toSalesforceLeads(Path dir, String crmOwner, String anasCrmId) throws IOException {
        files(dir);
        Files.writeString(dir.resolve("routes/to-salesforce.camel.yaml"), """
                - route:
                    id: leads-to-salesforce
                    from:
                      uri: hub-read:legacy-crm-export/contacts
                      steps:
                        - to: hub-map:legacy-contacts?direction=in
                        - to: hub-assign:crm
                        - to: hub-assign:leads
                        - to: hub-sync:salesforce/Lead?mapping=salesforce-leads&matchOn=email
                """);
        Files.writeString(dir.resolve("assign/crm.yaml"), "owners: {from: salesforce}\nrules:\n  - name: everyone\n    owner: " + crmOwner + "\n");
        Files.writeString(dir.resolve("assign/owners.yaml"), "owners:\n  - {id: ana, name: Ana Ruiz, email: ana@example.com, crmId: \""
                + anasCrmId + "\"}\n");
        return new WorkspaceLoader(Map.of(), Transforms.CATALOG, Providers.CATALOG).load(dir).workspace();
    }

    private static final String CASES_QUEUE = "00G5e000001CaseAAA";
    private static final String LEADS_QUEUE = "00G5e000001LeadAAA";

    /** Salesforce's owners as read: a user, a queue of leads and cases, and a queue of cases only. */
    private static final CrmOwners SALESFORCE = connection -> connection.equals("salesforce") ? Optional.of(new CrmOwners.Read(READ,
            List.of(user("005000000000001AAA"), new AssignConfig.Owner(LEADS_QUEUE, "Inbound Leads", null, LEADS_QUEUE, true, List.of()),
                    new AssignConfig.Owner(CASES_QUEUE, "Support", null, CASES_QUEUE, true, List.of())),
            Map.of(LEADS_QUEUE, List.of("Lead", "Case"), CASES_QUEUE, List.of("Case")))) : Optional.empty();

    @Test
    void aSalesforceQueueThatDoesNotTakeTheObjectWrittenIsWarnedAboutListedOrNamedByItsId(@TempDir Path dir) throws IOException {
        List<String> warnings = OwnerIdChecks.ownersTheCrmWouldRefuse(toSalesforceLeads(dir, CASES_QUEUE, CASES_QUEUE.substring(0, 15)),
                SALESFORCE);

        String writes = "routes/to-salesforce.camel.yaml writes the leads assign/%s.yaml gives them to OwnerId of salesforce/Lead, and"
                + " salesforce would refuse each one.";
        assertThat(warnings).containsExactly(
                "assign/crm.yaml names owner " + CASES_QUEUE + ", the Salesforce queue \"Support\", which owns records of [Case] only,"
                        + " not Lead; " + writes.formatted("crm") + " Name a user for those leads, or write them to an object the queue takes",
                "assign/owners.yaml: owner ana has crmId \"" + CASES_QUEUE.substring(0, 15) + "\", the Salesforce queue \"Support\", which"
                        + " owns records of [Case] only, not Lead; " + writes.formatted("leads") + " Give those leads a user (a crmId"
                        + " starting 005), or write them to an object the queue takes");
    }

    @Test
    void aSalesforceQueueOfLeadsMayOwnLeads(@TempDir Path dir) throws IOException {
        assertThat(OwnerIdChecks.ownersTheCrmWouldRefuse(toSalesforceLeads(dir, LEADS_QUEUE, LEADS_QUEUE), SALESFORCE)).isEmpty();
    }

    @Test
    void nothingIsSaidWhenTheTargetsUsersWereNeverRead(@TempDir Path dir) throws IOException {
        assertThat(OwnerIdChecks.ownersTheCrmWouldRefuse(workspace(dir), connection -> Optional.empty())).isEmpty();
    }
}
