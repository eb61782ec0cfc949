package io.middlemile.cli;

import io.middlemile.testing.Cli;
import io.middlemile.testing.TestDatabase;
import io.middlemile.testing.TestWorkspaces;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** `middlemile quality report` on the sample export, and a hygiene file's mistakes reported with file:line. */
class QualityReportCommandTest {

    @TempDir
    Path workspace;

    @org.junit.jupiter.api.extension.RegisterExtension
    final io.middlemile.testing.TestHubSpot hubspot = new io.middlemile.testing.TestHubSpot("sandbox-test-token");

    @Test
    void aFieldTheSourceDoesNotDeclareIsAValidationErrorWithItsLine() throws Exception {
        TestWorkspaces.copyBundled(workspace);
        Path file = workspace.resolve("hygiene/legacy-contacts.yaml");
        Files.writeString(file, Files.readString(file).replace("required: {fields: [Email, Last Name]}", "required: {fields: [Emial, Last Name]}"));

        Cli.Result result = Cli.run("quality", "report", "legacy-contacts", "--workspace", workspace.toString());

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.err()).contains("hygiene/legacy-contacts.yaml:8: rules[0].required.fields[0]: \"Emial\" is not a field of"
                + " legacy-crm-export/contacts; expected one of [Record ID, First Name,");
        assertThat(result.out()).doesNotContain("Quality of");
    }

    @Test
    void aDeclaredPropertyNoRecordCameBackWithIsPointedOutAsLikelyMisspelt() throws Exception {
        Path connection = samplePortal();
        // a property name HubSpot does not have: its reads leave it out of every record, as the real API does
        Files.writeString(connection, Files.readString(connection)
                .replace("fields: [hs_object_id, dealname, amount,", "fields: [hs_object_id, dealname, amount, deal_typ,"));
        Path file = workspace.resolve("hygiene/hubspot-deals.yaml");
        Files.writeString(file, Files.readString(file).replace("fields: [dealname, amount,", "fields: [dealname, deal_typ, amount,"));
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();

        int exit = QualityCommand.Report.report(workspace, "hubspot-deals", 5, java.time.Instant.now().minusSeconds(3_600), "1h",
                java.util.Map.of("HUBSPOT_SANDBOX_TOKEN", "sandbox-test-token"), new java.io.PrintStream(out, true),
                new java.io.PrintStream(new java.io.ByteArrayOutputStream(), true));

        assertThat(exit).isZero();
        assertThat(out.toString()).startsWith("Note: no record read has the field \"deal_typ\" (fields), so every record counts"
                + " as lacking it. Check the spelling in hygiene/hubspot-deals.yaml; the records' fields are [");
    }

    @Test
    void aReportOfACsvNeedsNoSecretOfAScheduledCrmJobButOneOfTheCrmStillRefusesWithoutIt() throws Exception {
        TestWorkspaces.copyBundled(workspace);
        TestDatabase.fresh();
        // the HubSpot clean-up on its schedule, as in production; the admin's shell holds no HUBSPOT_SANDBOX_TOKEN
        Path cleanUp = workspace.resolve("routes/clean-hubspot-contacts.camel.yaml");
        Files.writeString(cleanUp, Files.readString(cleanUp).replace("    autoStartup: false\n", ""));

        Cli.Result csv = Cli.run(java.util.Map.of(), "quality", "report", "legacy-contacts", "--workspace", workspace.toString());
        Cli.Result crm = Cli.run(java.util.Map.of(), "quality", "report", "hubspot-contacts", "--workspace", workspace.toString());

        assertThat(csv.exitCode()).as(csv.err()).isZero();
        assertThat(csv.out()).startsWith("Quality of legacy-crm-export/contacts (hygiene/legacy-contacts.yaml): 26 records");
        assertThat(crm.exitCode()).isEqualTo(1);
        assertThat(crm.err()).contains("HUBSPOT_SANDBOX_TOKEN").contains("is not set");
        assertThat(crm.out()).doesNotContain("Quality of");
    }

    @Test
    void aNegativeNumberOfExamplesIsRefusedBeforeAnythingIsRead() throws Exception {
        TestWorkspaces.copyBundled(workspace);

        Cli.Result result = Cli.run("quality", "report", "legacy-contacts", "--examples", "-3", "--workspace", workspace.toString());

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).contains("--examples -3: give how many findings to show per rule, 0 or more");
        assertThat(result.out()).doesNotContain("Quality of");
    }

    @Test
    void reportsMetricsAndFindingsOfTheSampleExportAndWritesNothing() throws Exception {
        TestWorkspaces.copyBundled(workspace);
        String database = TestDatabase.fresh();
        String before = Files.readString(workspace.resolve("samples/contacts.csv"));

        Cli.Result result = Cli.run("quality", "report", "legacy-contacts", "--examples", "3", "--workspace", workspace.toString());

        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(result.out()).startsWith("Quality of legacy-crm-export/contacts (hygiene/legacy-contacts.yaml): 26 records")
                // the two rows the CSV reader cannot parse are not in the figures, and the report says so, as a job run does
                .contains("\n  2 rows could not be read, so they are not in these figures (a job run rejects them too);"
                        + " fix them at the source:\n"
                        + "    samples/contacts.csv:28  expected 10 columns (from the header), found 11; check for an unquoted ','"
                        + " inside a value\n"
                        + "    samples/contacts.csv:29  bad quoting: a quote in the middle of unquoted field 6 (Company);")
                .containsPattern("Email\\s+100.0%\\s+88.5%\\s+2\\s+1")
                .contains("emails (error): 3 findings")
                .contains("contacts 1011: Email \"kevin@dundermifflin\" is not valid")
                .contains("contacts 1001: Phone \"(415) 555-0134\" should read \"+14155550134\"")
                .contains("... and 21 more");
        assertThat(Files.readString(workspace.resolve("samples/contacts.csv"))).isEqualTo(before);
        // the kept measurement counts findings per rule too, for the console's quality page
        assertThat(TestDatabase.jdbc(database).queryForObject("select metrics->>'rule:emails' from quality_history", String.class))
                .isEqualTo("3");
    }

    @Test
    void eachReportIsKeptAndTheTrendSaysWhatMovedAndWhy() throws Exception {
        TestWorkspaces.copyBundled(workspace);
        TestDatabase.fresh();
        Path export = workspace.resolve("samples/contacts.csv");
        Cli.Result first = report();

        // the data changes: someone fixes three phone numbers in the export
        Files.writeString(export, Files.readString(export).replace("(415) 555-0134", "+14155550134")
                .replace("+44 20 7946 0958", "+442079460958").replace("0049 30 1234567", "+49301234567"));
        Cli.Result second = report();
        // the rules change: a new hygiene rule, so a new workspace version
        Path rules = workspace.resolve("hygiene/legacy-contacts.yaml");
        Files.writeString(rules, Files.readString(rules) + "  - {name: titles, severity: info, required: {fields: [Job Title, Website]}}\n");
        Cli.Result third = report();

        assertThat(first.out()).contains("Trend (1 report in the last 30d)");
        assertThat(second.out()).contains("Trend (2 reports in the last 30d)")
                .containsPattern("moved at .*: conformance of Phone 0.0% → 12.5% \\(same workspace version: the data changed\\)")
                .containsPattern("moved at .*: warning findings 49 → 46 \\(same workspace version: the data changed\\)")
                .containsPattern("moved at .*: findings of rule phones \\d+ → \\d+ \\(same workspace version: the data changed\\)")
                .doesNotContain("rule of");
        assertThat(third.out()).contains("Trend (3 reports in the last 30d)")
                .containsPattern("moved at .*: conformance of Phone 0.0% → 12.5%")
                .containsPattern("moved at .*: info findings 25 → 27 \\(workspace \\S+ → \\S+\\)");
        assertThat(third.out().lines().filter(line -> line.matches("  \\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d .*")).count()).isEqualTo(3);
    }

    @Test
    void theDuplicateRateComesFromTheLastDedupeRunThatReadTheObjectAndJoinsTheTrend() throws Exception {
        TestWorkspaces.copyBundled(workspace);
        TestDatabase.fresh();
        Cli.Result before = report();
        assertThat(before.out()).contains("Duplicates: no dedupe rule has read legacy-crm-export/contacts yet. Run `middlemile dedupe"
                + " NAME` with a rule whose sources include it");

        // two rows of one person in the export: the dedupe run merges one into the other
        Path export = workspace.resolve("samples/contacts.csv");
        List<String> rows = Files.readAllLines(export);
        String copy = rows.stream().filter(row -> row.startsWith("1002,")).findFirst().orElseThrow().replaceFirst("^1002,", "2002,");
        Files.writeString(export, String.join("\n", rows) + "\n" + copy + "\n");
        Cli.Result dedupe = Cli.run("dedupe", "contacts", "--workspace", workspace.toString());
        assertThat(dedupe.exitCode()).as(dedupe.out() + dedupe.err()).isZero();
        Cli.Result after = report();

        assertThat(after.out()).containsPattern("Duplicates \\(dedupe/contacts.yaml, run [0-9: -]+\\): 1 of 27 records \\(3.7 %\\) would"
                + " merge into another record of legacy-crm-export/contacts");
        // the copy is removed and dedupe runs again: the trend says the duplicate rate moved, and why
        Files.writeString(export, String.join("\n", rows) + "\n");
        assertThat(Cli.run("dedupe", "contacts", "--workspace", workspace.toString()).exitCode()).isZero();
        Cli.Result again = report();
        assertThat(again.out()).contains("0 of 26 records (0.0 %) would merge")
                .containsPattern("moved at .*: duplicate rate of dedupe/contacts 3.7% → 0.0% \\(same workspace version: the data changed\\)");
    }

    @Test
    void aDealPipelineAgainstTheSamplePortalGetsItsStageAgesStaleDealsAndExitCriteriaPerPipeline() throws Exception {
        samplePortal();
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        java.io.ByteArrayOutputStream err = new java.io.ByteArrayOutputStream();

        int exit = QualityCommand.Report.report(workspace, "hubspot-deals", 5, java.time.Instant.now().minusSeconds(3_600), "1h",
                java.util.Map.of("HUBSPOT_SANDBOX_TOKEN", "sandbox-test-token"), new java.io.PrintStream(out, true), new java.io.PrintStream(err, true));

        String report = out.toString();
        assertThat(exit).as(report + err).isZero();
        long deal = hubspot.emulator().store().idOf("deals", "dealname", "Kranich fleet rollout");
        assertThat(report).as("every field the file names is a property HubSpot answered with")
                .doesNotContain("Note: no record read")
                .contains("Quality of hubspot-sandbox/deals (hygiene/hubspot-deals.yaml): 7 records")
                // the deal in contractsent without a date and without contacts breaks the stage's exit criteria twice
                .contains("deals " + deal + ": closedate is empty; a record in stage contractsent needs it")
                .contains("deals " + deal + ": associations.contacts is empty; a record in stage contractsent needs it")
                .contains("Pipeline default: 7 records; 3 stale (past their date or stuck in a stage); 2 breaking a stage's exit criteria")
                .containsPattern("appointmentscheduled\\s+1\\s+\\d+\\s+\\d+\\s+\\d+\\s+-")
                .containsPattern("contractsent\\s+3\\s+\\d+\\s+\\d+\\s+\\d+\\s+-")
                .containsPattern("qualifiedtobuy\\s+3\\s+\\d+\\s+\\d+\\s+\\d+\\s+-");
    }

    @Test
    void recordsInTheRecycleBinAreNotMeasuredAndTheReportSaysHowManyWereLeftOut() throws Exception {
        samplePortal();
        // both have findings of their own (a phone to standardize, a last name in lower case) and no company
        long peter = hubspot.emulator().store().idOf("contacts", "email", "peter.gibbons@initech.com");
        long milton = hubspot.emulator().store().idOf("contacts", "email", "milton.waddams@initech.com");
        hubspot.emulator().store().archive("contacts", peter);
        hubspot.emulator().store().archive("contacts", milton);
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        java.io.ByteArrayOutputStream err = new java.io.ByteArrayOutputStream();

        int exit = QualityCommand.Report.report(workspace, "hubspot-contacts", 50, java.time.Instant.now().minusSeconds(3_600), "1h",
                java.util.Map.of("HUBSPOT_SANDBOX_TOKEN", "sandbox-test-token"), new java.io.PrintStream(out, true), new java.io.PrintStream(err, true));

        String report = out.toString();
        assertThat(exit).as(report + err).isZero();
        // the sample portal has 11 contacts, 9 of them live
        assertThat(report).contains("Quality of hubspot-sandbox/contacts (hygiene/hubspot-contacts.yaml): 9 records,")
                .contains("\n  2 deleted or archived records (the CRM's recycle bin) left out: not in these figures\n")
                .doesNotContain("contacts " + peter + ":").doesNotContain("contacts " + milton + ":");
    }

    @Test
    void aConnectionWithoutItsSecretStopsTheReportWithTheVariableToExportNotABugsTrace() throws Exception {
        TestWorkspaces.copyBundled(workspace);
        TestDatabase.fresh();

        Cli.Result result = Cli.run(java.util.Map.of(), "quality", "report", "hubspot-contacts", "--workspace", workspace.toString());

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.err()).contains("middlemile quality report stopped: HubSpot connection 'hubspot-sandbox': environment"
                        + " variable HUBSPOT_SANDBOX_TOKEN (auth.token) is not set or empty. Export it")
                .doesNotContain("this is a bug", "\tat ", "Exception");
        assertThat(result.out()).isEmpty();
    }

    @Test
    void aProviderRefusingTheTokenStopsTheReportInItsWordsNotABugsTrace() throws Exception {
        TestWorkspaces.copyBundled(workspace);
        TestDatabase.fresh();
        Path connection = workspace.resolve("connectors/hubspot-sandbox.yaml");
        Files.writeString(connection, Files.readString(connection).replace("http://localhost:8089", hubspot.emulator().baseUrl()));

        Cli.Result result = Cli.run(java.util.Map.of("HUBSPOT_SANDBOX_TOKEN", "a-revoked-token"), "quality", "report",
                "hubspot-contacts", "--workspace", workspace.toString());

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.err()).contains("middlemile quality report stopped: ", "hubspot-sandbox", "401")
                .doesNotContain("this is a bug", "\tat ");
        assertThat(result.out()).doesNotContain("Quality of");
    }

    private Cli.Result report() {
        Cli.Result result = Cli.run("quality", "report", "legacy-contacts", "--workspace", workspace.toString());
        assertThat(result.exitCode()).as(result.err()).isZero();
        return result;
    }

    @Test
    void aHygieneFilesMistakesAreReportedWithFileAndLine() throws Exception {
        TestWorkspaces.copyBundled(workspace);
        Files.writeString(workspace.resolve("hygiene/broken.yaml"), """
                source: legacy-crm-export/people
                rules:
                  - {name: phones, severity: urgent, conformance: {field: Phone, standardizer: telephone}}
                  - {name: phones, untouched: {days: 30}, required: {fields: [Email]}}
                  - {name: nothing}
                  - {name: owners, inactiveOwner: {}}
                  - {name: owners-of-a-file, inactiveOwner: {from: legacy-crm-export}}
                """);

        Cli.Result result = Cli.run("validate", "--workspace", workspace.toString());

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.err())
                .contains("hygiene/broken.yaml:1: source: connection legacy-crm-export has no object \"people\"; it configures [contacts]")
                .contains("hygiene/broken.yaml:3: rules[0].severity: unknown severity \"urgent\"; expected one of [error, info, warning]")
                .contains("hygiene/broken.yaml:3: rules[0].conformance.standardizer: unknown standardizer \"telephone\"")
                .contains("hygiene/broken.yaml:4: rules[1].name: \"phones\" is the name of an earlier rule")
                .contains("hygiene/broken.yaml:4: rules[1]: says what to check in 2 ways")
                .contains("hygiene/broken.yaml:5: rules[2]: says what to check nowhere")
                .contains("hygiene/broken.yaml:6: rules[3].inactiveOwner: needs the active owners; give either active: [IDS] (the"
                        + " owner ids records hold) or from: CONNECTION")
                .contains("hygiene/broken.yaml:7: rules[4].inactiveOwner.from: connection legacy-crm-export is of type csv, which has"
                        + " no users who own records; expected one of [hubspot, hubspot-sandbox, salesforce]");
    }

    @Test
    void departedOwnersAreTheOnesTheCrmNoLongerHasActiveAsLastReadNotAListInTheFile() throws Exception {
        samplePortal();
        hubspot.emulator().seedCsv("owners", workspace.resolve("samples/hubspot/owners.csv"));
        Path rules = workspace.resolve("hygiene/hubspot-contacts.yaml");
        String listed = "inactiveOwner: {active: [\"71001\", \"71002\", \"71003\"]}";
        assertThat(Files.readString(rules)).contains(listed);
        Files.writeString(rules, Files.readString(rules).replace(listed, "inactiveOwner: {from: hubspot-sandbox}"));
        java.util.Map<String, String> token = java.util.Map.of("HUBSPOT_SANDBOX_TOKEN", "sandbox-test-token");
        String[] report = {"quality", "report", "hubspot-contacts", "--examples", "20", "--workspace", workspace.toString()};

        Cli.Result unread = Cli.run(token, report);

        assertThat(unread.exitCode()).isEqualTo(1);
        assertThat(unread.err()).contains("hygiene/hubspot-contacts.yaml rule departed-owners takes the active owners from connection"
                + " hubspot-sandbox, whose owners have not been read yet; read them with `middlemile assign owners hubspot-sandbox"
                + " --refresh`, then run again. Nothing was read.");

        Cli.Result refreshed = Cli.run(token, "assign", "owners", "hubspot-sandbox", "--refresh", "--workspace", workspace.toString());
        assertThat(refreshed.exitCode()).as(refreshed.out() + refreshed.err()).isZero();
        assertThat(refreshed.out()).contains("Read 6 owners of connection hubspot-sandbox (5 active, 1 deactivated)");
        Cli.Result read = Cli.run(token, report);

        assertThat(read.exitCode()).as(read.out() + read.err()).isZero();
        // tom (71004) was archived in HubSpot: his contact is the one departed owner's
        assertThat(departed(read.out())).containsExactly("71004");

        // sue leaves: archived in HubSpot and read again, her contacts are reported with nothing edited in the file
        hubspot.emulator().archiveOwner("71002", true);
        assertThat(Cli.run(token, "assign", "owners", "hubspot-sandbox", "--refresh", "--workspace", workspace.toString()).exitCode())
                .isZero();
        assertThat(departed(Cli.run(token, report).out())).containsOnly("71002", "71004").hasSize(5);
    }

    /** The owners of the departed-owners findings a report lists, one per finding. */
    private static List<String> departed(String report) {
        List<String> owners = new java.util.ArrayList<>();
        java.util.regex.Matcher found = java.util.regex.Pattern.compile("owned by (\\d+), who is not an active user").matcher(report);
        while (found.find()) {
            owners.add(found.group(1));
        }
        return owners;
    }

    /** The bundled workspace on a fresh store, its hubspot-sandbox connection pointed at the emulator seeded with the sample portal. */
    private Path samplePortal() throws Exception {
        TestWorkspaces.copyBundled(workspace);
        TestDatabase.fresh();
        for (String object : List.of("companies", "contacts", "deals")) {
            hubspot.emulator().seedCsv(object, workspace.resolve("samples/hubspot/" + object + ".csv"));
        }
        Path connection = workspace.resolve("connectors/hubspot-sandbox.yaml");
        Files.writeString(connection, Files.readString(connection).replace("http://localhost:8089", hubspot.emulator().baseUrl()));
        return connection;
    }
}
