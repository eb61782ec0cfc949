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
    void everyRunNamesTheReviewItemsItsLookupsWaitOnAlthoughTheirRecordsAreUnchanged() throws Exception {
        TestWorkspaces.copyBundled(workspace);
        TestDatabase.fresh();
        Files.writeString(workspace.resolve("connectors/crustdata.yaml"), "policy:\n  default: auto\n  rules:\n"
                + "    - {object: people, action: spend, decision: review}\n", java.nio.file.StandardOpenOption.APPEND);
        String ws = workspace.toString();
        Cli.Result first = Cli.run("job", "run", "enrich-contacts", "--sandbox", "--workspace", ws);
        assertThat(first.exitCode()).as(first.out() + first.err()).isZero();
        List<String> parked = java.util.regex.Pattern.compile("waiting for review #(\\d+);").matcher(first.out()).results()
                .map(match -> match.group(1)).distinct().sorted().toList();
        assertThat(parked).as(first.out()).hasSize(3);
        assertThat(first.out()).contains("held back at crustdata: waiting for review #" + String.join(", #", parked) + ";");
        assertThat(Cli.run("review", "approve", parked.get(0), "--workspace", ws).exitCode()).isZero();
        assertThat(Cli.run("review", "reject", parked.get(1), "--workspace", ws).exitCode()).isZero();

        Cli.Result second = Cli.run("job", "run", "enrich-contacts", "--sandbox", "--workspace", ws);
        Cli.Result third = Cli.run("job", "run", "enrich-contacts", "--sandbox", "--workspace", ws);

        for (Cli.Result later : List.of(second, third)) {
            assertThat(later.exitCode()).as(later.out() + later.err()).isZero();
            assertThat(later.out()).contains("skipped at crustdata: 2 × policy")
                    .contains("held back at crustdata: waiting for review #" + parked.get(2) + "; after `middlemile review approve N`"
                            + " the job's next run makes that lookup")
                    .contains("not asked at crustdata: rejected in review #" + parked.get(1) + "; not parked for review again")
                    .doesNotContain("not asked: crustdata not asked");
        }
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
                .contains("total cost 0.00")
                // the cached values keep the provenance of the lookups that bought them: no record changed, none is written
                .containsPattern("written\\s+0\\s+to enriched-contacts/contacts").containsPattern("skipped\\s+26\\n");
        assertThat(Files.readAllLines(workspace.resolve("out/contacts-enriched.csv"))).isEqualTo(lines);
        assertThat(jdbc.queryForObject("select count(*) from journal where action = 'spend'", Long.class)).isEqualTo(42L);
        Path plan = workspace.resolve("plan.json");
        Cli.Result planned = Cli.run("job", "run", "enrich-contacts", "--sandbox", "--plan", plan.toString(), "--workspace",
                workspace.toString());
        assertThat(planned.exitCode()).as(planned.out() + planned.err()).isZero();
        assertThat(planned.out()).containsPattern("to write\\s+0\\s+to enriched-contacts/contacts");

        Cli.Result report = Cli.run("enrich", "report", "contacts", "--workspace", workspace.toString());

        assertThat(report.exitCode()).as(report.out() + report.err()).isZero();
        assertThat(report.out()).containsPattern("fullenrich\\s+26\\s+13\\s+50%\\s+130\\s+3.77\\s+0.29")
                .containsPattern("fullenrich\\s+mobilePhone\\s+50%\\s+\\(13 of 26\\)")
                .containsPattern("mobile-phone   as written: fullenrich → apollo 0\\.\\d{4}; spent 0\\.\\d{4} a record");
    }
}
