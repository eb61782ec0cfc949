package io.middlemile.cli;

import io.middlemile.sandbox.salesforce.SalesforceEmulator;
import io.middlemile.sandbox.salesforce.SfFieldType;
import io.middlemile.testing.Cli;
import io.middlemile.testing.TestDatabase;
import io.middlemile.testing.TestSalesforce;
import io.middlemile.testing.TestWorkspaces;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.JdbcTemplate;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A job giving Salesforce leads owners in place (it reads the org's leads and writes their owner back), against the
 * emulator, as strict as Salesforce. Leads routed to a queue, as RevOps routes the leads nobody should own yet: the queue
 * is read with the org's users ({@code assign owners --refresh}), a rule names it by its Group Id, validate takes it, and
 * the job writes it to the leads' OwnerId. And a reassign after the owner list changed a departed owner's address.
 */
class AssignInSalesforceTest {

    private static final String CLIENT_ID = "queue-test-client";
    private static final String CLIENT_SECRET = "queue-test-secret";

    @RegisterExtension
    final TestSalesforce salesforce = new TestSalesforce(CLIENT_ID, CLIENT_SECRET);

    @TempDir
    Path workspace;

    private String sam;
    private String queue;
    private SalesforceEmulator org;

    @BeforeEach
    void workspace() throws Exception {
        org = salesforce.emulator();
        // seeded a second ago: the reader leaves the rows of the second the org answers in (its Date header, the machine's
        // clock) to the next read, as SystemModstamp has whole seconds, and a quick test's job would find no lead at all
        org.clock().freezeAt(java.time.Instant.now().minusSeconds(1));
        sam = org.seedUser("Sam", "Lee", "sam@crm.example.com", true);
        queue = org.seedQueue("DACH Inbound", "dach@crm.example.com", "Lead", "Case");
        org.seedQueue("Support", null, "Case");
        org.seedCsv("Lead", new java.io.StringReader("""
                LastName,Company,Email,Country
                Ng,Acme,ng@lead.example.com,Germany
                Ode,Initech,ode@lead.example.com,France
                """));
        org.clock().resume();

        TestWorkspaces.copyBundled(workspace);
        Files.writeString(workspace.resolve("connectors/salesforce-org.yaml"), """
                type: salesforce
                baseUrl: %s
                auth:
                  type: oauth2-client-credentials
                  clientId: ${SALESFORCE_CLIENT_ID}
                  clientSecret: ${SALESFORCE_CLIENT_SECRET}
                objects:
                  Lead:
                    id: Id
                    modifiedField: SystemModstamp
                    fields: [Id, LastName, Company, Email, Country, OwnerId, SystemModstamp]
                """.formatted(org.baseUrl()));
        Files.writeString(workspace.resolve("mappings/salesforce-leads.yaml"), """
                connector: salesforce-org
                object: Lead
                entity: person
                fields:
                  - {canonical: email, source: Email, transform: [email]}
                  - {canonical: lastName, source: LastName}
                  - {canonical: companyName, source: Company}
                  - {canonical: country, source: Country, transform: [country]}
                  - {canonical: ownerId, source: OwnerId}
                """);
        Files.writeString(workspace.resolve("assign/salesforce-leads.yaml"), """
                owners: {from: salesforce-org}
                rules:
                  - name: DACH to the queue
                    territory: {countries: [DE, AT, CH]}
                    owner: %s
                  - name: everyone else
                    owner: %s
                """.formatted(queue, sam));
        Files.writeString(workspace.resolve("routes/assign-in-salesforce.camel.yaml"), """
                - route:
                    id: assign-in-salesforce
                    autoStartup: false
                    from:
                      uri: hub-read:salesforce-org/Lead
                      steps:
                        - to: hub-map:salesforce-leads?direction=in
                        - to: hub-assign:salesforce-leads
                        - to: hub-map:salesforce-leads?direction=out
                        - to: hub-write:salesforce-org/Lead
                """);
    }

    private Cli.Result cli(String... args) {
        String[] full = new String[args.length + 2];
        System.arraycopy(args, 0, full, 0, args.length);
        full[args.length] = "--workspace";
        full[args.length + 1] = workspace.toString();
        return Cli.run(salesforce.environment(), full);
    }

    @Test
    void aRuleNamingAQueueOfLeadsGivesTheLeadToTheQueue() throws Exception {
        TestDatabase.jdbc(TestDatabase.fresh());

        Cli.Result refreshed = cli("assign", "owners", "salesforce-leads", "--refresh");

        assertThat(refreshed.exitCode()).as(refreshed.out() + refreshed.err()).isZero();
        assertThat(refreshed.out()).contains("Read 3 owners of connection salesforce-org (3 active, 0 deactivated; 2 of them queues, which"
                        + " own records of the objects they support only)")
                .containsPattern(queue + "\\s+DACH Inbound\\s+dach@crm.example.com\\s+queue of Lead, Case")
                .containsPattern(sam + "\\s+Sam Lee\\s+sam@crm.example.com\\s+active");
        Cli.Result valid = cli("validate");
        assertThat(valid.exitCode()).as(valid.out() + valid.err()).isZero();
        assertThat(valid.out() + valid.err()).doesNotContain("queue");

        Cli.Result run = cli("job", "run", "assign-in-salesforce");

        assertThat(run.exitCode()).as(run.out() + run.err()).isZero();
        assertThat(org.store().all("Lead")).extracting(lead -> lead.get("LastName") + " " + lead.get("OwnerId"))
                .containsExactlyInAnyOrder("Ng " + queue, "Ode " + sam);
    }

    @Test
    void validateWarnsWhenTheQueueDoesNotTakeTheObjectWritten() {
        TestDatabase.jdbc(TestDatabase.fresh());
        String support = org.store().all("Group").stream().filter(group -> "Support".equals(group.get("Name")))
                .map(group -> group.get("Id").toString()).findFirst().orElseThrow();
        rewrite("assign/salesforce-leads.yaml", queue, support);
        assertThat(cli("assign", "owners", "salesforce-leads", "--refresh").exitCode()).isZero();

        Cli.Result checked = cli("validate");

        assertThat(checked.out() + checked.err()).contains("assign/salesforce-leads.yaml names owner " + support + ", the Salesforce queue"
                + " \"Support\", which owns records of [Case] only, not Lead; routes/assign-in-salesforce.camel.yaml writes the leads"
                + " assign/salesforce-leads.yaml gives them to OwnerId of salesforce-org/Lead, and salesforce-org would refuse each one.");
    }

    /** Each lead's Owner_Email__c in the org, by last name. */
    private java.util.Map<String, Object> ownerEmails() {
        java.util.Map<String, Object> emails = new java.util.TreeMap<>();
        org.store().all("Lead").forEach(lead -> emails.put(lead.get("LastName").toString(), lead.get("Owner_Email__c")));
        return emails;
    }

    @Test
    void aReassignMovesTheDepartedOwnersLeadsThatCarryTheAddressTheyWereGivenAfterTheOwnerListChangedIt() throws Exception {
        JdbcTemplate jdbc = TestDatabase.jdbc(TestDatabase.fresh());
        // the owner written as an address, to a field of the org's own: listed owners, sue first
        org.store().schema("Lead").addCustomField("Owner_Email__c", SfFieldType.STRING, false);
        rewrite("connectors/salesforce-org.yaml", "OwnerId, SystemModstamp", "Owner_Email__c, SystemModstamp");
        rewrite("mappings/salesforce-leads.yaml", "{canonical: ownerId, source: OwnerId}", "{canonical: ownerEmail, source: Owner_Email__c}");
        Files.writeString(workspace.resolve("assign/salesforce-leads.yaml"), """
                owners:
                  - {id: sue, name: Sue Park, email: sue@example.com}
                  - {id: sam, name: Sam Lee, email: sam@example.com}
                rules:
                  - name: everyone
                    owner: sue
                    fallback: sam
                """);
        Cli.Result run = cli("job", "run", "assign-in-salesforce");
        assertThat(run.exitCode()).as(run.out() + run.err()).isZero();
        assertThat(ownerEmails()).as(run.out() + run.err())
                .containsExactly(java.util.Map.entry("Ng", "sue@example.com"), java.util.Map.entry("Ode", "sue@example.com"));
        // sue's address is corrected in the owner list; then she leaves before any run wrote the new one
        rewrite("assign/salesforce-leads.yaml", "email: sue@example.com", "email: sue.park@example.com");

        Cli.Result move = cli("assign", "reassign", "salesforce-leads", "--from", "sue");

        assertThat(move.exitCode()).as(move.out() + move.err()).isZero();
        assertThat(ownerEmails()).containsExactly(java.util.Map.entry("Ng", "sam@example.com"), java.util.Map.entry("Ode", "sam@example.com"));
        assertThat(jdbc.queryForList("select distinct owner from assignments where open", String.class)).containsExactly("sam");
    }

    private void rewrite(String file, String from, String to) {
        try {
            Path path = workspace.resolve(file);
            String text = Files.readString(path);
            assertThat(text).as(file).contains(from);
            Files.writeString(path, text.replace(from, to));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
