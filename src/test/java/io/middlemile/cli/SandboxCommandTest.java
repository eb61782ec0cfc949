package io.middlemile.cli;

import io.middlemile.testing.Cli;
import io.middlemile.testing.TestWorkspaces;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** A seed file the emulator cannot take is a clear error, and the emulator does not stay up half-seeded. */
class SandboxCommandTest {

    @Test
    void aSeedFileWithoutHubSpotPropertyNamesIsRefusedWithAHint() {
        Cli.Result result = Cli.run("sandbox", "hubspot", "--port", "0", "--seed",
                "contacts=" + TestWorkspaces.BUNDLED.resolve("samples/contacts.csv"));

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.err()).contains("Could not seed contacts from")
                .contains("Seed row 1 of contacts was rejected: Property \"Record ID\" does not exist; Property \"First Name\" does not exist")
                .doesNotContain("PROPERTY_DOESNT_EXIST")
                .contains("The header row must hold HubSpot property names");
    }

    @Test
    void aSeedFileThatIsNotThereIsSaidSoWithoutAHeaderHint() {
        java.nio.file.Path missing = TestWorkspaces.BUNDLED.resolve("samples/no-such-export.csv");

        Cli.Result result = Cli.run("sandbox", "hubspot", "--port", "0", "--seed", "contacts=" + missing);

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.err()).contains("Could not seed contacts from " + missing + ": there is no file "
                + missing.toAbsolutePath()).doesNotContain("header row");
    }

    @Test
    void unipileSeedsPeopleOnlyAndSaysWhichColumnsTheyNeed() {
        Cli.Result contacts = Cli.run("sandbox", "unipile", "--port", "0", "--seed",
                "contacts=" + TestWorkspaces.BUNDLED.resolve("samples/unipile/people.csv"));
        Cli.Result noIdentifier = Cli.run("sandbox", "unipile", "--port", "0", "--seed",
                "people=" + TestWorkspaces.BUNDLED.resolve("samples/contacts.csv"));

        assertThat(contacts.exitCode()).isEqualTo(1);
        assertThat(contacts.err()).contains("seeds people only");
        assertThat(noIdentifier.exitCode()).isEqualTo(1);
        assertThat(noIdentifier.err()).contains("no public_identifier")
                .contains("The header row must hold public_identifier, first_name, last_name, headline");
    }

    @Test
    void aSeedFileThatIsNotCsvSaysWhereWithoutAHeaderHint(@TempDir Path dir) throws Exception {
        Path broken = Files.writeString(dir.resolve("contacts.csv"), "email,firstname\n\"jo@acme.com,Jo\n");

        Cli.Result result = Cli.run("sandbox", "hubspot", "--port", "0", "--seed", "contacts=" + broken);

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.err()).contains("Could not seed contacts from " + broken + ": it is not valid CSV: (startline 2)")
                .doesNotContain("header row", "CSVException", "this is a bug");
    }

    @Test
    void enrichmentSeedsAreCheckedColumnByColumnBeforeTheEmulatorStarts(@TempDir Path dir) throws Exception {
        Path contacts = TestWorkspaces.BUNDLED.resolve("samples/contacts.csv");
        Path companies = Files.writeString(dir.resolve("companies.csv"), "domain,name,employeeCount\nacme.com,Acme,many\n");

        Cli.Result missing = Cli.run("sandbox", "crustdata", "--port", "0", "--seed", "people=" + dir.resolve("none.csv"));
        Cli.Result wrongObject = Cli.run("sandbox", "apollo", "--port", "0", "--seed", "persons=" + contacts);
        Cli.Result wrongColumns = Cli.run("sandbox", "fullenrich", "--port", "0", "--seed", "people=" + contacts);
        Cli.Result notANumber = Cli.run("sandbox", "crustdata", "--port", "0", "--seed", "companies=" + companies);

        assertThat(List.of(missing, wrongObject, wrongColumns, notANumber)).allSatisfy(refused -> {
            assertThat(refused.exitCode()).isEqualTo(1);
            assertThat(refused.err()).contains("Nothing was started.").doesNotContain("this is a bug", "\tat ");
            assertThat(refused.out()).doesNotContain("listening");
        });
        assertThat(missing.err()).contains("there is no file " + dir.resolve("none.csv"));
        assertThat(wrongObject.err()).contains("seeded with people and companies (--seed people=FILE.csv --seed companies=FILE.csv),"
                + " not persons");
        assertThat(wrongColumns.err()).contains(contacts + ": the header row has the columns Record ID, First Name")
                .contains("it may hold linkedinUrl, firstName, lastName, companyDomain");
        assertThat(notANumber.err()).contains(companies + ": row 2: employeeCount \"many\" is not a whole number");
    }

    @Test
    void aSeedWithoutItsObjectIsAUsageErrorInPlainWords() {
        Cli.Result result = Cli.run("sandbox", "hubspot", "--port", "0", "--seed", "contacts.csv");

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).startsWith("Value for option '--seed' (OBJECT=FILE.csv) should be in KEY=VALUE format but was"
                + " contacts.csv").contains("Usage: middlemile sandbox");
    }

    @Test
    void aWebhookThatIsNotAUrlIsRefusedBeforeTheEmulatorStarts() {
        Cli.Result result = Cli.run("sandbox", "instantly", "--port", "0", "--webhook", "localhost:8080/webhooks/instantly");

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).contains("--webhook localhost:8080/webhooks/instantly is not a URL");
        assertThat(result.out()).doesNotContain("listening");
    }

    @Test
    void anOptionTheEmulatorHasNoUseForIsRefusedNotDropped() {
        Cli.Result hubspotWebhook = Cli.run("sandbox", "hubspot", "--port", "0", "--webhook", "http://localhost:8080/webhooks/hubspot/x");
        Cli.Result headerAlone = Cli.run("sandbox", "unipile", "--port", "0", "--webhook-header", "X-Middlemile-Secret=abc");
        Cli.Result instantlySeed = Cli.run("sandbox", "instantly", "--port", "0", "--seed", "leads=leads.csv");

        assertThat(hubspotWebhook.exitCode()).isEqualTo(2);
        assertThat(hubspotWebhook.err()).isEqualTo("--webhook is for the emulators that send events (instantly, unipile); the"
                + " hubspot emulator sends none. Nothing was started.\n");
        assertThat(headerAlone.exitCode()).isEqualTo(2);
        assertThat(headerAlone.err()).startsWith("--webhook-header is sent with the deliveries to a --webhook URL; give that too.");
        assertThat(instantlySeed.exitCode()).isEqualTo(2);
        assertThat(instantlySeed.err()).startsWith("The Instantly emulator takes no --seed: it starts with one campaign and one list");
        assertThat(hubspotWebhook.out() + headerAlone.out() + instantlySeed.out()).doesNotContain("listening");
    }

    @Test
    void aTakenPortIsAnOperatorsErrorThatSaysWhatToDoNotABug() throws Exception {
        try (java.net.ServerSocket taken = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            Cli.Result result = Cli.run("sandbox", "hubspot", "--port", String.valueOf(taken.getLocalPort()));

            assertThat(result.exitCode()).isEqualTo(1);
            assertThat(result.err()).contains("Cannot start the HubSpot emulator on port " + taken.getLocalPort())
                    .contains("pick another port with --port").doesNotContain("this is a bug");
        }
    }

    @Test
    void aPortOutOfRangeIsRefusedWithTheRange() {
        Cli.Result result = Cli.run("sandbox", "hubspot", "--port", "80000");

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).contains("--port 80000 is not a port: give a number from 1 to 65535, or 0 for any free one.")
                .doesNotContain("this is a bug");
    }

    @Test
    void aProviderWithoutAnEmulatorIsRefusedWithTheOnesThatHaveOne() {
        Cli.Result result = Cli.run("sandbox", "csv", "--port", "0");

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).contains("There is no emulator for \"csv\"; expected one of [apollo, crustdata, fullenrich, hubspot, instantly, salesforce, unipile].");
    }

    @Test
    void theStartLineNamesTheDefaultTokenButNotAChosenOne() {
        assertThat(SandboxCommand.tokenNote("sandbox-token")).isEqualTo("sandbox-token, the default; --token sets another");
        assertThat(SandboxCommand.tokenNote("my-rehearsal-key")).isEqualTo("the --token value").doesNotContain("my-rehearsal-key");
    }
}
