package io.middlemile.cli;

import io.middlemile.testing.Cli;
import io.middlemile.testing.TestDatabase;
import io.middlemile.testing.TestWorkspaces;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.JdbcTemplate;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** The README's first command, end to end: sample CSV in, mapped CSV out, run recorded in the store. */
class SampleJobTest {

    @TempDir
    Path workspace;

    @Test
    void sampleJobWritesTheCleanCsvRecordsTheRunAndAccountsForEveryRow() throws Exception {
        TestWorkspaces.copyBundled(workspace);
        String database = TestDatabase.fresh();

        Cli.Result result = Cli.run("job", "run", "import-contacts", "--workspace", workspace.toString());

        assertThat(result.exitCode()).as(result.out() + result.err()).isZero();
        assertThat(result.out())
                .contains("Job import-contacts, run 1: SUCCEEDED")
                .containsPattern("read\\s+28\\s+from legacy-crm-export/contacts \\(samples/contacts.csv\\)")
                .containsPattern("written\\s+26\\s+to clean-contacts/contacts \\(out/contacts-clean.csv\\)")
                .containsPattern("rejected\\s+2")
                .contains("balance    ok: read = written + skipped + rejected")
                .contains("samples/contacts.csv:28  expected 10 columns (from the header), found 11")
                .contains("samples/contacts.csv:29  bad quoting");

        List<String> lines = Files.readAllLines(workspace.resolve("out/contacts-clean.csv"));
        assertThat(lines.get(0)).isEqualTo("legacy_id,email,firstname,lastname,phone,phone_extension,company,website,jobtitle,"
                + "seniority,department,country,lastmodifieddate,owner_email");
        // standardized on the way through: email, phone in E.164, website to domain, title to seniority and department;
        // the owner is the round robin's pick of the day (who is out of office changes it), so only its shape is fixed here
        String pickedOwner = ",(sam|sue|raj)@example\\.com";
        assertThat(lines).anyMatch(line -> line.matches(Pattern.quote("1001,bob.mcdonald@acme.com,Robert,McDonald,+14155550134,,Acme Inc.,"
                + "acme.com,\"VP, Sales\",vp,sales,US,2024-03-05T14:07:00Z") + pickedOwner));
        assertThat(lines).anyMatch(line -> line.matches(Pattern.quote("1002,liz.obrien@gmail.com,Liz,O'Brien,+442079460958,,"
                + "Northwind Traders Ltd,northwind.co.uk,Head of Marketing,director,marketing,GB,2024-03-06T09:15:00Z") + pickedOwner));
        assertThat(lines).anyMatch(line -> line.matches(Pattern.quote("1006,jim@dundermifflin.com,Jim,Halpert,+15705550100,12,"
                + "\"Dunder Mifflin, Inc.\",dundermifflin.com,Account Executive,individual-contributor,sales,US,2024-03-07T16:45:00Z")
                + pickedOwner));
        // a lead at an existing account (samples/accounts.csv) goes to the account's owner: Initech B.V. is Initech, sam's
        assertThat(lines).anyMatch(line -> line.startsWith("1004,") && line.endsWith(",sam@example.com"));
        // epoch millis become ISO-8601 UTC
        assertThat(lines).anyMatch(line -> line.startsWith("1028,") && line.matches(".*,US,2024-03-08T12:45:00Z" + pickedOwner));
        // the company spanning two physical lines is read as one field, and collapse-spaces joins its lines
        assertThat(lines).anyMatch(line -> line.startsWith("1025,") && line.contains(",Dunder Mifflin Scranton Branch,"));
        // an invalid email is kept, and the run says so
        assertThat(lines).anyMatch(line -> line.startsWith("1011,kevin@dundermifflin,"));
        assertThat(result.out()).contains("Written with notes (1 record; check these values at the source):")
                .contains("samples/contacts.csv:12  Email → email: \"kevin@dundermifflin\" is not valid");
        assertThat(Files.exists(workspace.resolve("out/contacts-clean.csv.partial"))).isFalse();

        JdbcTemplate jdbc = TestDatabase.jdbc(database);
        Map<String, Object> run = jdbc.queryForMap("select * from job_runs where job = 'import-contacts'");
        assertThat(run).containsEntry("status", "succeeded").containsEntry("read_count", 28L)
                .containsEntry("written_count", 26L).containsEntry("skipped_count", 0L).containsEntry("rejected_count", 2L);
        assertThat(jdbc.queryForObject("select count(*) from record_outcomes where run_id = ?", Long.class, run.get("id")))
                .isEqualTo(28L);
        assertThat(jdbc.queryForList("select source_id from record_outcomes where outcome = 'rejected' order by location", String.class))
                .containsExactly("1026", "line-29");

        List<String> rejects = Files.readAllLines(workspace.resolve(".middlemile/rejects/import-contacts-run-1.csv"));
        assertThat(rejects.get(0)).isEqualTo("location,source_id,reason,raw");
        assertThat(rejects).hasSize(3);
    }

    @Test
    void runningTheJobAgainReplacesTheOutputInsteadOfAppending() throws Exception {
        TestWorkspaces.copyBundled(workspace);
        TestDatabase.fresh();

        assertThat(Cli.run("job", "run", "import-contacts", "--workspace", workspace.toString()).exitCode()).isZero();
        Cli.Result second = Cli.run("job", "run", "import-contacts", "--workspace", workspace.toString());

        assertThat(second.exitCode()).isZero();
        assertThat(second.out()).contains("run 2: SUCCEEDED");
        assertThat(Files.readAllLines(workspace.resolve("out/contacts-clean.csv")).stream()
                .filter(line -> line.matches("^10\\d\\d,.*")).count()).isEqualTo(26);
    }

    @Test
    void unknownJobNameIsAClearErrorWithTheListOfJobs() {
        TestWorkspaces.copyBundled(workspace);
        TestDatabase.fresh();

        Cli.Result result = Cli.run("job", "run", "import-contact", "--workspace", workspace.toString());

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.err()).contains("There is no job \"import-contact\"").contains("import-contacts").contains("sync-contacts-to-salesforce");
    }

    @Test
    void anOnDemandSyncJobNamesTheVariablesItNeedsBeforeStarting() {
        org.junit.jupiter.api.Assumptions.assumeTrue(System.getenv("HUBSPOT_TOKEN") == null, "HUBSPOT_TOKEN is set in this shell");
        TestWorkspaces.copyBundled(workspace);
        TestDatabase.fresh();

        Cli.Result result = Cli.run("job", "run", "sync-contacts-to-salesforce", "--workspace", workspace.toString());

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.err()).contains("environment variable HUBSPOT_TOKEN is not set; route sync-contacts-to-salesforce")
                .contains("Fix them and run `middlemile job run sync-contacts-to-salesforce` again; nothing was started.");
    }

    @Test
    void jobsListsEveryRouteWithItsLastRun() throws Exception {
        TestWorkspaces.copyBundled(workspace);
        TestDatabase.fresh();
        Cli.run("job", "run", "import-contacts", "--workspace", workspace.toString());
        // the HubSpot clean-up on its schedule, as in production: the list calls no connection, so the admin's shell
        // needs no HUBSPOT_SANDBOX_TOKEN
        Path cleanUp = workspace.resolve("routes/clean-hubspot-contacts.camel.yaml");
        Files.writeString(cleanUp, Files.readString(cleanUp).replace("    autoStartup: false\n", ""));

        Cli.Result result = Cli.run(Map.of(), "jobs", "--workspace", workspace.toString());

        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(result.out()).containsPattern("import-contacts\\s+routes/import-contacts.camel.yaml:3\\s+1\\s+succeeded");
    }
}
