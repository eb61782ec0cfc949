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
        String[] full = new String[args.length + 2];
        System.arraycopy(args, 0, full, 0, args.length);
        full[args.length] = "--workspace";
        full[args.length + 1] = workspace.toString();
        return Cli.run(full);
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
