package io.middlemile.cli;

import io.middlemile.testing.Cli;
import io.middlemile.testing.TestWorkspaces;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** `middlemile assign simulate`: the bundled rule set explains leads and writes nothing. */
class AssignSimulateCommandTest {

    @TempDir
    Path workspace;

    @BeforeEach
    void copyWorkspace() {
        TestWorkspaces.copyBundled(workspace);
    }

    private Cli.Result simulate(String... args) {
        String[] all = new String[args.length + 5];
        all[0] = "assign";
        all[1] = "simulate";
        System.arraycopy(args, 0, all, 2, args.length);
        all[args.length + 2] = "--on";
        all[args.length + 3] = "2026-12-02";
        all[args.length + 4] = "--workspace=" + workspace;
        return Cli.run(all);
    }

    @Test
    void theSampleLeadIsExplainedRuleByRuleAndNothingIsWritten() {
        Cli.Result result = simulate("leads", "--record", workspace.resolve("samples/lead.json").toString());

        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(result.out())
                .contains("Simulating assign/leads.yaml on 2026-12-02 for 1 lead(s)", "Nothing is written.")
                .contains("Not taking leads on 2026-12-02: tom (inactive)")
                .contains("lead.json: jana.weber@kranich-logistik.de")
                .contains("  assigned to sam by rule \"mid-market demo requests\": round robin in pool sdr")
                .contains("    rule \"existing accounts\" skipped: conditions hold, but no account matched: email domain kranich-logistik.de")
                .contains("    rule \"DACH enterprise\" skipped: employeeCount 320 is below 1000")
                .contains("  ownerEmail would be set to Sam Lee <sam@example.com>")
                .doesNotContain("ownerId would be set") // the sample job writes the owner's email only
                .doesNotContain("Distribution");
        assertThat(Files.exists(workspace.resolve(".middlemile"))).as("a simulation starts no store").isFalse();
    }

    @Test
    void whenAJobWritesOwnerIdTheSimulationShowsTheIdItWouldWrite() throws Exception {
        // the sample job, writing the owner to hubspot_owner_id: each owner listed with their HubSpot owner id
        Path connection = workspace.resolve("connectors/hubspot.yaml");
        Files.writeString(connection, Files.readString(connection).replace("fields: [hs_object_id, email, firstname,",
                "fields: [hs_object_id, hubspot_owner_id, email, firstname,"));
        Path mapping = workspace.resolve("mappings/hubspot-contacts.yaml");
        Files.writeString(mapping, Files.readString(mapping).replace("fields:\n", "fields:\n  - {canonical: ownerId, source: hubspot_owner_id}\n"));
        Path owners = workspace.resolve("assign/owners.yaml");
        String listed = Files.readString(owners);
        int id = 71001;
        for (String owner : new String[]{"dora", "emil", "sam", "sue", "raj"}) {
            listed = listed.replace("email: " + owner + "@example.com", "email: " + owner + "@example.com, crmId: \"" + id++ + "\"");
        }
        Files.writeString(owners, listed);

        Cli.Result result = simulate("leads", "--record", workspace.resolve("samples/lead.json").toString());

        assertThat(result.exitCode()).as(result.out() + result.err()).isZero();
        assertThat(result.out()).contains("  ownerEmail would be set to Sam Lee <sam@example.com>\n"
                + "  ownerId would be set to 71003 (written to hubspot_owner_id of hubspot/contacts)");
    }

    @Test
    void aCsvOfLeadsPrintsTheDistributionAgainstTheWeights() {
        Cli.Result result = simulate("leads", "--csv", workspace.resolve("samples/leads.csv").toString(),
                "--accounts", workspace.resolve("samples/accounts.csv").toString(), "--summary");

        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(result.out()).contains("for 60 lead(s)", "3 account(s) from")
                .contains("Distribution of 60 lead(s):")
                .containsPattern("Pool sdr: \\d+ lead\\(s\\) by round robin")
                .containsPattern("sam \\(Sam Lee\\) +3 +50\\.0%")
                .containsPattern("raj \\(Raj Patel\\) +1 +16\\.7% +5 ")
                .doesNotContain("skipped:")
                .as("sam reaches 15 leads a day; raj's 5 of 32 is within a lead of his share")
                .contains("Below their expected share: sam (Sam Lee) in pool sdr. The rotation passes over a member who is at capacity")
                .doesNotContain("raj (Raj Patel) in pool");
    }

    @Test
    void aFewLeadsThatCannotBeSharedEvenlyBlameNoOneForTheirShare() throws Exception {
        Path leads = workspace.resolve("two-leads.csv");
        Files.writeString(leads, "email,country\nann@example.org,US\nbo@example.org,US\n");

        Cli.Result result = simulate("leads", "--csv", leads.toString(), "--summary");

        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(result.out()).contains("Distribution of 2 lead(s):").doesNotContain("Below their expected share")
                .doesNotContain("at capacity");
    }

    @Test
    void aCountryWrittenAsANameIsReadAsTheCodeAJobWouldWrite() throws Exception {
        Path lead = workspace.resolve("lead-germany.json");
        Files.writeString(lead, "[{\"email\": \"jo@acme.de\", \"country\": \"Germany\", \"employeeCount\": 5000},"
                + " {\"email\": \"al@acme.de\", \"country\": \"Narnia\", \"employeeCount\": 5000}]");

        Cli.Result result = simulate("leads", "--record", lead.toString());

        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(result.out()).contains("lead-germany.json[0]: jo@acme.de\n  country \"Germany\" read as DE, as a job's mapping writes it\n"
                        + "  assigned to dora by rule \"DACH enterprise\"")
                .contains("rule \"DACH enterprise\" skipped: country NARNIA is not in [DE, AT, CH]");
    }

    @Test
    void onADayOffTheAbsentOwnerIsSkippedAndSaidSo() {
        Cli.Result result = Cli.run("assign", "simulate", "leads", "--record", workspace.resolve("samples/lead.json").toString(),
                "--on", "2026-12-24", "--workspace", workspace.toString());

        assertThat(result.out()).contains("Not taking leads on 2026-12-24: sue (out of office), tom (inactive)");
    }

    @Test
    void aColumnThatIsNotACanonicalFieldStopsTheSimulationWithItsName() throws Exception {
        Path csv = workspace.resolve("leads.csv");
        Files.writeString(csv, "email,Country,employeeCount\njo@acme.com,DE,50\n");

        Cli.Result result = simulate("leads", "--csv", csv.toString());

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.err()).contains("leads.csv:1: header row: field [Country] is not a canonical person or company field")
                .contains("Nothing was simulated");
    }

    @Test
    void rowsTheJobsCsvReaderRejectsAreListedWithTheirLinesAndNothingIsSimulated() throws Exception {
        Path csv = workspace.resolve("bad.csv");
        Files.writeString(csv, "email,country,employeeCount\n"
                + "a@acme.io,DE,2000\n"
                + "b@acme.io,DE,2000,EXTRA\n"
                + "c@acme.io,D\"E,10\n"
                + "\"broken,quote,here\n"
                + "d@b.io,US,10\n");

        Cli.Result result = simulate("leads", "--csv", csv.toString());

        assertThat(result.exitCode()).isEqualTo(1);
        // in the words of a job's CSV connection, each with its line; no trace, no lead explained
        assertThat(result.err())
                .startsWith("3 row(s) of " + csv + " cannot be read. A job reading this file would reject only these and go on"
                        + " with the others; a simulation needs every row, so it stops here.\n")
                .contains(csv + ":3: expected 3 columns (from the header), found 4; check for an unquoted ',' inside a value")
                .contains(csv + ":4: bad quoting: a quote in the middle of unquoted field 2 (country)")
                .contains(csv + ":5: unterminated quoted field starting at line 5: it is still open at the end of the file")
                .contains("Nothing was simulated; fix the file and run the command again.")
                .doesNotContain("unexpected error").doesNotContain("Exception").doesNotContain(csv + ":2").doesNotContain(csv + ":6");
        assertThat(result.out()).doesNotContain("Simulating");
    }

    @Test
    void anUnknownRuleSetNamesTheRuleSetsThereAre() {
        Cli.Result result = simulate("lead", "--record", workspace.resolve("samples/lead.json").toString());

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.err()).contains("There is no assignment rule set \"lead\"").contains("[leads]");
    }

    @Test
    void anUnknownOwnerInARuleFailsBeforeAnythingIsSimulated() throws Exception {
        Path rules = workspace.resolve("assign/leads.yaml");
        Files.writeString(rules, Files.readString(rules).replace("owner: dora", "owner: dorra"));

        Cli.Result result = simulate("leads", "--record", workspace.resolve("samples/lead.json").toString());

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.err()).containsPattern("assign/leads.yaml:\\d+: rules\\[1\\]\\.owner: unknown owner \"dorra\"");
    }
}
