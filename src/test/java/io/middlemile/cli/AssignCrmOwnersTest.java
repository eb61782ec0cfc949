package io.middlemile.cli;

import io.middlemile.sandbox.hubspot.EmulatorSettings;
import io.middlemile.sandbox.hubspot.HubSpotEmulator;
import io.middlemile.testing.Cli;
import io.middlemile.testing.TestDatabase;
import io.middlemile.testing.TestWorkspaces;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.JdbcTemplate;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Owners read from HubSpot: the sample rule set with {@code owners: {from: hubspot-sandbox}} and the owners' HubSpot ids,
 * against the HubSpot emulator. Validate says which command reads them, {@code assign owners --refresh} reads them into
 * the store, validate then checks the rules against that copy, and the sample job gives leads to the CRM's owners by their
 * emails, skipping one deactivated in HubSpot after validation.
 */
class AssignCrmOwnersTest {

    private static final String TOKEN = "crm-owners-test-token";

    @TempDir
    Path workspace;

    private HubSpotEmulator hubspot;
    private final Map<String, String> ids = new LinkedHashMap<>();

    @BeforeEach
    void start() throws Exception {
        hubspot = HubSpotEmulator.start(EmulatorSettings.defaults(TOKEN), 0);
        for (String[] owner : List.of(new String[] {"sam", "Sam", "Lee"}, new String[] {"sue", "Sue", "Park"},
                new String[] {"raj", "Raj", "Patel"}, new String[] {"dora", "Dora", "Diaz"}, new String[] {"emil", "Emil", "Brandt"},
                new String[] {"tom", "Tom", "Hale"})) {
            ids.put(owner[0], hubspot.seedOwner(owner[0] + "@crm.example.com", owner[1], owner[2], false));
        }
        hubspot.archiveOwner(ids.get("tom"), true);
        System.setProperty("middlemile.sandbox.base-url.hubspot-sandbox", hubspot.baseUrl());
        System.setProperty("middlemile.sandbox.env.HUBSPOT_SANDBOX_TOKEN", TOKEN);

        TestWorkspaces.copyBundled(workspace);
        Files.writeString(workspace.resolve("assign/owners.yaml"), "owners: {from: hubspot-sandbox}\n");
        Files.writeString(workspace.resolve("assign/leads.yaml"), byIds(Files.readString(workspace.resolve("assign/leads.yaml"))));
        Files.writeString(workspace.resolve("samples/accounts.csv"), byIds(Files.readString(workspace.resolve("samples/accounts.csv"))));
    }

    @AfterEach
    void stop() {
        System.clearProperty("middlemile.sandbox.base-url.hubspot-sandbox");
        System.clearProperty("middlemile.sandbox.env.HUBSPOT_SANDBOX_TOKEN");
        hubspot.stop();
    }

    /** The sample's handles (owner: sam, fallback: emil, 001C,sam,...) replaced by the HubSpot owner ids. */
    private String byIds(String text) {
        for (Map.Entry<String, String> owner : ids.entrySet()) {
            text = text.replaceAll("(owner: |fallback: |,)" + owner.getKey() + "\\b", "$1" + owner.getValue());
        }
        return text;
    }

    private Cli.Result cli(String... args) {
        return Cli.run(inWorkspace(args));
    }

    /** As a job that reads or writes the portal runs: with the connection's token in the environment. */
    private Cli.Result withToken(String... args) {
        return Cli.run(Map.of("HUBSPOT_SANDBOX_TOKEN", TOKEN), inWorkspace(args));
    }

    private String[] inWorkspace(String... args) {
        String[] full = new String[args.length + 2];
        System.arraycopy(args, 0, full, 0, args.length);
        full[args.length] = "--workspace";
        full[args.length + 1] = workspace.toString();
        return full;
    }

    @Test
    void ownersAreReadOnCommandThenValidatedAndAssignedFromTheStoredCopy() throws Exception {
        JdbcTemplate jdbc = TestDatabase.jdbc(TestDatabase.fresh());

        Cli.Result unread = cli("validate");

        assertThat(unread.exitCode()).isEqualTo(1);
        assertThat(unread.err()).contains("assign/owners.yaml:1: owners.from: the owners of connection hubspot-sandbox have not been"
                + " read yet, so the owner ids of assign/leads.yaml cannot be checked; read them with"
                + " `middlemile assign owners leads --refresh` (validate never calls the CRM)");
        assertThat(hubspot.requestCount("GET crm/v3/owners")).isZero();
        Cli.Result shown = cli("assign", "owners", "leads");
        assertThat(shown.exitCode()).isEqualTo(1);
        assertThat(shown.err()).contains("takes its owners from connection hubspot-sandbox, whose owners have not been read yet;"
                + " read them with `middlemile assign owners leads --refresh`.").doesNotContain("Exception");

        Cli.Result refreshed = cli("assign", "owners", "leads", "--refresh");

        assertThat(refreshed.exitCode()).as(refreshed.out() + refreshed.err()).isZero();
        assertThat(refreshed.out()).contains("Read 6 owners of connection hubspot-sandbox (5 active, 1 deactivated)")
                .containsPattern(ids.get("sam") + "\\s+Sam Lee\\s+sam@crm.example.com\\s+active")
                .containsPattern(ids.get("tom") + "\\s+Tom Hale\\s+tom@crm.example.com\\s+inactive");
        assertThat(jdbc.queryForObject("select count(*) from crm_owners where connection = 'hubspot-sandbox' and not active",
                Long.class)).isEqualTo(1L);

        Cli.Result valid = cli("validate");
        assertThat(valid.exitCode()).as(valid.err()).isZero();

        // Sue leaves after validation: the next read knows, and the job hands her nothing
        hubspot.archiveOwner(ids.get("sue"), true);
        assertThat(cli("assign", "owners", "leads", "--refresh").exitCode()).isZero();
        Cli.Result run = cli("job", "run", "import-contacts");

        assertThat(run.exitCode()).as(run.out() + run.err()).isZero();
        List<String> lines = Files.readAllLines(workspace.resolve("out/contacts-clean.csv"));
        String written = String.join("\n", lines);
        assertThat(written).contains("sam@crm.example.com").contains("raj@crm.example.com").doesNotContain("sue@crm.example.com")
                .doesNotContain("@example.com,").doesNotContain("@example.com\n");
        assertThat(jdbc.queryForList("select distinct owner from assignments", String.class)).doesNotContain(ids.get("sue"))
                .contains(ids.get("sam"), ids.get("raj"));
        // and validate now says why the rules must change
        Cli.Result stale = cli("validate");
        assertThat(stale.exitCode()).isEqualTo(1);
        assertThat(stale.err()).contains("pools.sdr[1].owner: owner \"" + ids.get("sue") + "\" (Sue Park) is deactivated in hubspot-sandbox");
    }

    /**
     * A job that gives the portal's own contacts owners, in place: the owner field holds the owner's id, which the mapping
     * reads and writes as ownerId. Sam and Sue share the leads; Dora already owns one contact.
     */
    private Map<String, Long> assigningInPlace() throws Exception {
        Files.writeString(workspace.resolve("assign/leads.yaml"), """
                pools:
                  sdr:
                    - {owner: "%s"}
                    - {owner: "%s"}
                rules:
                  - name: everyone
                    roundRobin: sdr
                """.formatted(ids.get("sam"), ids.get("sue")));
        Files.writeString(workspace.resolve("mappings/sandbox-leads.yaml"), """
                connector: hubspot-sandbox
                object: contacts
                entity: person
                fields:
                  - {canonical: email, source: email, transform: [email]}
                  - {canonical: lastName, source: lastname}
                  - {canonical: ownerId, source: hubspot_owner_id}
                """);
        Files.writeString(workspace.resolve("routes/assign-in-hubspot.camel.yaml"), """
                - route:
                    id: assign-in-hubspot
                    autoStartup: false
                    from:
                      uri: hub-read:hubspot-sandbox/contacts
                      steps:
                        - to: hub-map:sandbox-leads?direction=in
                        - to: hub-assign:leads
                        - to: hub-map:sandbox-leads?direction=out
                        - to: hub-write:hubspot-sandbox/contacts
                """);
        hubspot.seedCsv("contacts", new java.io.StringReader("""
                email,lastname,hubspot_owner_id
                ann@lead.example.com,Ann,
                bea@lead.example.com,Bea,
                cid@lead.example.com,Cid,%s
                dan@lead.example.com,Dan,
                eva@lead.example.com,Eva,
                """.formatted(ids.get("dora"))));
        Map<String, Long> contacts = new LinkedHashMap<>();
        for (String name : List.of("ann", "bea", "cid", "dan", "eva")) {
            contacts.put(name, hubspot.store().idOf("contacts", "email", name + "@lead.example.com"));
        }
        Cli.Result refreshed = cli("assign", "owners", "leads", "--refresh");
        assertThat(refreshed.exitCode()).as(refreshed.out() + refreshed.err()).isZero();
        return contacts;
    }

    private String ownerOf(long contact) {
        return hubspot.store().get("contacts", contact).get("hubspot_owner_id");
    }

    @Test
    void aJobWritesTheOwnersHubSpotIdIntoHubSpotsOwnerField() throws Exception {
        JdbcTemplate jdbc = TestDatabase.jdbc(TestDatabase.fresh());
        Map<String, Long> contacts = assigningInPlace();
        Cli.Result valid = withToken("validate");
        assertThat(valid.exitCode()).as(valid.err()).isZero();

        Cli.Result run = withToken("job", "run", "assign-in-hubspot");

        assertThat(run.exitCode()).as(run.out() + run.err()).isZero();
        assertThat(run.out()).containsPattern("written\\s+4");
        // the owner's HubSpot id, as the portal's owner field takes it; Cid keeps Dora, whom the source already named
        Map<String, String> owners = new LinkedHashMap<>();
        contacts.forEach((name, id) -> owners.put(name, ownerOf(id)));
        assertThat(owners).containsEntry("cid", ids.get("dora"));
        owners.remove("cid");
        assertThat(owners.values()).containsOnly(ids.get("sam"), ids.get("sue"));
        assertThat(owners.values().stream().filter(ids.get("sam")::equals).count()).isEqualTo(2L);
        assertThat(jdbc.queryForList("select after ->> 'hubspot_owner_id' from journal where record_key = ?", String.class,
                String.valueOf(contacts.get("ann")))).containsExactly(owners.get("ann"));

        Cli.Result again = withToken("job", "run", "assign-in-hubspot");

        // read again, every contact carries an owner now: nothing to write
        assertThat(again.out()).containsPattern("written\\s+0");
    }

    @Test
    void aReassignMovesOnlyTheContactsThatStillCarryTheDepartedOwnersHubSpotId() throws Exception {
        TestDatabase.fresh();
        Map<String, Long> contacts = assigningInPlace();
        Cli.Result run = withToken("job", "run", "assign-in-hubspot");
        assertThat(run.exitCode()).as(run.out() + run.err()).isZero();
        List<Long> sues = contacts.values().stream().filter(id -> ids.get("sue").equals(ownerOf(id))).toList();
        assertThat(sues).hasSize(2);
        // someone gives one of Sue's contacts to Dora in HubSpot
        hubspot.store().update("contacts", sues.get(0), Map.of("hubspot_owner_id", ids.get("dora")));

        Cli.Result move = withToken("assign", "reassign", "leads", "--from", ids.get("sue"), "--job", "assign-in-hubspot");

        assertThat(move.exitCode()).as(move.out() + move.err()).isZero();
        assertThat(move.out()).containsPattern("written\\s+1");
        assertThat(ownerOf(sues.get(0))).as("given to Dora since: stays hers").isEqualTo(ids.get("dora"));
        assertThat(ownerOf(sues.get(1))).as("still Sue's: moves to the pool's other member").isEqualTo(ids.get("sam"));
    }

    @Test
    void aRuleNamingAnOwnerByEmailIsToldTheirId() throws Exception {
        TestDatabase.fresh();
        Files.writeString(workspace.resolve("assign/leads.yaml"), """
                rules:
                  - name: everyone
                    owner: dora@crm.example.com
                """);
        assertThat(cli("assign", "owners", "leads", "--refresh").exitCode()).isZero();

        Cli.Result result = cli("validate");

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.err()).contains("assign/leads.yaml:3: rules[0].owner: unknown owner \"dora@crm.example.com\": there is no"
                + " such id among the owners of connection hubspot-sandbox read at ").contains("; dora@crm.example.com is owner "
                + ids.get("dora") + ", name them by that id");
    }
}
