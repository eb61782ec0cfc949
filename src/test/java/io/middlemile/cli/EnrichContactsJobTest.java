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

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The sample enrichment job as the README runs it: `job run enrich-contacts --sandbox` against the three emulators
 * the command starts, twice (the second run pays for nothing), then `enrich report`.
 */
class EnrichContactsJobTest {

    @TempDir
    Path workspace;

    @Test
    void withoutKeysTheJobStopsBeforeAnyCallAndSuggestsTheSandbox() {
        TestWorkspaces.copyBundled(workspace);
        TestDatabase.fresh();

        Cli.Result result = Cli.run("job", "run", "enrich-contacts", "--workspace", workspace.toString());

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.err()).contains("environment variable FULLENRICH_API_KEY is not set; route enrich-contacts")
                .contains("To rehearse this job without keys or spending credits: middlemile job run enrich-contacts --sandbox");
    }

    @Test
    void theSampleWaterfallEnrichesThroughThreeEmulatedProvidersAndNeverPaysTwice() throws Exception {
        TestWorkspaces.copyBundled(workspace);
        String database = TestDatabase.fresh();

        Cli.Result first = Cli.run("job", "run", "enrich-contacts", "--sandbox", "--workspace", workspace.toString());

        assertThat(first.exitCode()).as(first.out() + first.err()).isZero();
        assertThat(first.out())
                .contains("Sandbox: apollo -> http://127.0.0.1:").contains("Sandbox: crustdata -> ").contains("Sandbox: fullenrich -> ")
                .contains("Job enrich-contacts, run 1: SUCCEEDED")
                .containsPattern("written\\s+26\\s+to enriched-contacts/contacts")
                .contains("Enrichment contacts:")
                // FullEnrich finds the mobile phones of half the contacts of the bundled world, 10 credits each
                .containsPattern("fullenrich\\s+26\\s+13\\s+13\\s+0\\s+0\\s+0\\s+0\\s+130\\s+3.77");
        List<String> lines = Files.readAllLines(workspace.resolve("out/contacts-enriched.csv"));
        assertThat(lines.get(0)).isEqualTo("legacy_id,email,firstname,lastname,phone,mobilephone,company,website,jobtitle,seniority,"
                + "department,country,mobilephone_source,email_source");
        // Liz O'Brien: FullEnrich knows her mobile phone, and the file says so; Robert McDonald's nobody asked finds
        assertThat(lines).anyMatch(line -> line.startsWith("1002,") && line.contains(",+15705550301,")
                && line.matches(".*,GB,fullenrich 20\\d\\d-\\d\\d-\\d\\dT[0-9:]+Z cost 0\\.29,$"));
        assertThat(lines).anyMatch(line -> line.startsWith("1001,") && line.contains(",+14155550134,,Acme Inc."));

        // the export's quality report measures what the waterfall reached: its cache, found by each row's identity
        Cli.Result quality = Cli.run("quality", "report", "legacy-contacts", "--workspace", workspace.toString());
        assertThat(quality.exitCode()).as(quality.out() + quality.err()).isZero();
        assertThat(quality.out()).contains("Enrichment (enrich/contacts.yaml): 26 of 26 records looked up (100.0 %)")
                // asked of all 26 (none has a mobile phone), found for 13; no one asked for the emails every row already has
                .containsPattern("mobilePhone\\s+26\\s+13\\s+50.0%").containsPattern("email\\s+0\\s+0\\s+0.0%")
                .contains("last looked up within 7 days: 26; 30: 0; 90: 0; 365: 0; older: 0; never: 0");

        JdbcTemplate jdbc = TestDatabase.jdbc(database);
        Long spendEntries = jdbc.queryForObject("select count(*) from journal where action = 'spend'", Long.class);
        Long answered = jdbc.queryForObject("select count(*) from journal j join journal_results r on r.entry_id = j.id"
                + " where j.action = 'spend' and r.result = 'applied'", Long.class);
        assertThat(spendEntries).isEqualTo(42L).isEqualTo(answered);

        Cli.Result second = Cli.run("job", "run", "enrich-contacts", "--sandbox", "--workspace", workspace.toString());

        assertThat(second.exitCode()).as(second.out() + second.err()).isZero();
        assertThat(second.out()).containsPattern("fullenrich\\s+0\\s+0\\s+0\\s+0\\s+26\\s+0\\s+0\\s+0\\s+0.00")
                .contains("total cost 0.00");
        assertThat(jdbc.queryForObject("select count(*) from journal where action = 'spend'", Long.class)).isEqualTo(42L);

        Cli.Result report = Cli.run("enrich", "report", "contacts", "--workspace", workspace.toString());

        assertThat(report.exitCode()).as(report.out() + report.err()).isZero();
        assertThat(report.out()).containsPattern("fullenrich\\s+26\\s+13\\s+50%\\s+130\\s+3.77\\s+0.29")
                .containsPattern("fullenrich\\s+mobilePhone\\s+50%\\s+\\(13 of 26\\)")
                .containsPattern("mobile-phone   as written: fullenrich → apollo 0\\.\\d{4}; spent 0\\.\\d{4} a record");
    }
}
