package io.middlemile.cli;

import io.middlemile.testing.Cli;
import io.middlemile.testing.TestDatabase;
import io.middlemile.testing.TestWorkspaces;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.JdbcTemplate;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The retry queue on the sample job (CSV source, CSV target): records a policy denies wait in the
 * queue; once the rule is fixed, `job retry-failed` writes them (or a regular run does) and the
 * queue empties, while the malformed rows of the export stay pending with a message saying why.
 */
class RetryFailedTest {

    private static final String DENY_PHONES = "policy:\n  rules:\n    - {field: phone, decision: deny}\n";

    @TempDir
    Path workspace;

    private JdbcTemplate jdbc;
    private Path connector;

    @BeforeEach
    void setUp() throws IOException {
        TestWorkspaces.copyBundled(workspace);
        jdbc = TestDatabase.jdbc(TestDatabase.fresh());
        connector = workspace.resolve("connectors/clean-contacts.yaml");
        Files.writeString(connector, Files.readString(connector) + DENY_PHONES);
    }

    @Test
    void deniedRecordsWaitInTheQueueAndARetryWritesThemOnceTheRuleIsFixed() throws Exception {
        Cli.Result first = cli("job", "run", "import-contacts");
        assertThat(first.exitCode()).as(first.out() + first.err()).isZero();
        assertThat(first.out()).containsPattern("written\\s+2").containsPattern("rejected\\s+26");
        assertThat(pendingIds()).hasSize(26).contains("1001", "1003");
        assertThat(cli("jobs").out()).containsPattern("import-contacts .* 26\\n");

        // still denied: a retry reads them again, they fail again, and stay with one more attempt
        Cli.Result denied = cli("job", "retry-failed", "import-contacts");
        assertThat(denied.exitCode()).as(denied.out() + denied.err()).isZero();
        assertThat(denied.out()).containsPattern("retried\\s+24").containsPattern("now written\\s+0")
                .containsPattern("still failing\\s+24").contains("denied by connectors/clean-contacts.yaml policy.rules[0]");
        assertThat(jdbc.queryForObject("select attempts from retry_queue where source_id = '1001'", Integer.class)).isEqualTo(2);

        Files.writeString(connector, Files.readString(connector).replace(DENY_PHONES, ""));
        Cli.Result retry = cli("job", "retry-failed", "import-contacts");

        assertThat(retry.exitCode()).as(retry.out() + retry.err()).isZero();
        assertThat(retry.out()).contains("Retry of job import-contacts").containsPattern("retried\\s+24")
                .containsPattern("now written\\s+24").containsPattern("still failing\\s+0")
                .contains("Not retried: 2 rows the source's reader could not parse")
                .contains("fix them at the source, then run `middlemile job run import-contacts`")
                .contains("samples/contacts.csv:28  expected 10 columns")
                .contains("Still pending for job import-contacts: 2 records");
        assertThat(outputIds()).hasSize(26).contains("1001", "1003", "1008", "1018");
        // only the malformed rows are left, and they were not retried (one attempt)
        assertThat(jdbc.queryForList("select attempts from retry_queue where job = 'import-contacts'", Integer.class))
                .containsExactly(1, 1);
        assertThat(jdbc.queryForObject("select count(*) from retry_queue where unreadable", Integer.class)).isEqualTo(2);
        // the retry is a run of its own kind, and the job's last regular run is still the first one
        assertThat(jdbc.queryForList("select kind from job_runs order by id", String.class)).containsExactly("run", "retry", "retry");
        assertThat(cli("jobs").out()).containsPattern("import-contacts .* 1 +succeeded .* 2\\n");

        Cli.Result again = cli("job", "retry-failed", "import-contacts");
        assertThat(again.exitCode()).isZero();
        assertThat(again.out()).doesNotContain("Retry of job").contains("Not retried: 2 rows")
                .contains("Still pending for job import-contacts: 2 records");
    }

    @Test
    void aRegularRunThatWritesAQueuedRecordTakesItOffTheQueue() throws Exception {
        assertThat(cli("job", "run", "import-contacts").exitCode()).isZero();
        assertThat(pendingIds()).hasSize(26);

        Files.writeString(connector, Files.readString(connector).replace(DENY_PHONES, ""));
        Cli.Result regular = cli("job", "run", "import-contacts");

        assertThat(regular.out()).containsPattern("written\\s+24").containsPattern("rejected\\s+2");
        assertThat(pendingIds()).hasSize(2);
        assertThat(jdbc.queryForList("select location from retry_queue order by location", String.class))
                .containsExactly("samples/contacts.csv:28", "samples/contacts.csv:29");
        // the malformed rows were rejected again by the regular run: counted, still pending
        assertThat(jdbc.queryForList("select attempts from retry_queue", Integer.class)).containsExactly(2, 2);
    }

    @Test
    void aRowFixedInItsFileLeavesTheQueueWhenARunReadsItCleanly() throws Exception {
        Files.writeString(connector, Files.readString(connector).replace(DENY_PHONES, ""));
        assertThat(cli("job", "run", "import-contacts").exitCode()).isZero();
        // one row with a value too many (queued by its id), one with a stray quote (no id could be read: queued by its line)
        assertThat(pendingIds()).containsExactlyInAnyOrder("1026", "line-29");

        Path input = workspace.resolve("samples/contacts.csv");
        Files.writeString(input, Files.readString(input).replace("12:30:00Z,EXTRA", "12:30:00Z").replace("Sabre \"Corp", "Sabre Corp"));
        Cli.Result fixed = cli("job", "run", "import-contacts");

        assertThat(fixed.out()).containsPattern("written\\s+2").containsPattern("rejected\\s+0");
        assertThat(pendingIds()).isEmpty();
        Cli.Result retry = cli("job", "retry-failed", "import-contacts");
        assertThat(retry.out()).doesNotContain("Not retried").doesNotContain("Fix them at the source");
    }

    @Test
    void aRetryThatStopsBeforeItsEndLeavesItsRecordsQueuedThoughItCommittedPagesOfThem() throws Exception {
        assertThat(cli("job", "run", "import-contacts").exitCode()).isZero();
        assertThat(pendingIds()).hasSize(26);
        Path route = workspace.resolve("routes/import-contacts.camel.yaml");
        Files.writeString(route, Files.readString(route).replace("pageSize: 500", "pageSize: 5"));
        // the rule fixed, but a cap stops the retry after two pages of five: the file target is published only when a run
        // ends, and a retry is not resumed, so nothing of it reached the file
        Files.writeString(connector, Files.readString(connector).replace(DENY_PHONES, "policy:\n  caps:\n    - {action: create, perRun: 12}\n"));

        Cli.Result stopped = cli("job", "retry-failed", "import-contacts");

        assertThat(stopped.exitCode()).as(stopped.out() + stopped.err()).isEqualTo(3);
        assertThat(outputIds()).hasSize(2);
        assertThat(pendingIds()).as("every record still waits for a retry that gets through").hasSize(26);
        // the journal does not claim the file took the committed pages' writes, so a rollback has nothing of them to undo
        long retryRun = jdbc.queryForObject("select max(id) from job_runs where kind = 'retry'", Long.class);
        assertThat(stopped.out() + stopped.err()).contains("Nothing this retry wrote reached clean-contacts/contacts (10 writes)")
                .contains("running the retry again once the cause is fixed writes them");
        assertThat(jdbc.queryForList("select (select r.result from journal_results r where r.entry_id = j.id"
                + " order by r.recorded_at desc limit 1) from journal j where j.run_id = ?", String.class, retryRun))
                .hasSize(10).containsOnly("not-applied");
        Cli.Result rollback = cli("rollback", Long.toString(retryRun));
        assertThat(rollback.out()).as(rollback.out() + rollback.err()).containsPattern("conflicts\\s+0\\n")
                .containsPattern("not done\\s+0\\n");
        assertThat(outputIds()).hasSize(2);

        Files.writeString(connector, Files.readString(connector).replace("policy:\n  caps:\n    - {action: create, perRun: 12}\n", ""));
        Cli.Result retry = cli("job", "retry-failed", "import-contacts");

        assertThat(retry.exitCode()).as(retry.out() + retry.err()).isZero();
        assertThat(retry.out()).containsPattern("now written\\s+24");
        assertThat(outputIds()).hasSize(26);
        assertThat(pendingIds()).containsExactlyInAnyOrder("1026", "line-29");
    }

    @Test
    void aRecordGoneFromTheExportIsSettledAsSkippedAndLeavesTheQueue() throws Exception {
        assertThat(cli("job", "run", "import-contacts").exitCode()).isZero();
        Path input = workspace.resolve("samples/contacts.csv");
        List<String> lines = new ArrayList<>(Files.readAllLines(input));
        lines.removeIf(line -> line.startsWith("1001,"));
        Files.write(input, lines);
        Files.writeString(connector, Files.readString(connector).replace(DENY_PHONES, ""));

        Cli.Result retry = cli("job", "retry-failed", "import-contacts");

        assertThat(retry.exitCode()).as(retry.out() + retry.err()).isZero();
        // the rows below 1001 moved up a line: line 29, queued as a row the reader could not parse, now holds Nellie's good
        // row, so that entry is gone too (the stray quote, now on line 28, is queued by the job's next run)
        assertThat(retry.out()).containsPattern("retried\\s+25").containsPattern("now written\\s+23").containsPattern("skipped\\s+2")
                .contains("Gone from the source since they failed").contains("id 1001");
        assertThat(pendingIds()).containsExactly("1026");
        assertThat(outputIds()).doesNotContain("1001").hasSize(25);
    }

    @Test
    void applyingARetrysPlanSettlesTheQueueAsTheRetryWouldHaveAndApplyingItAgainChangesNothing() throws Exception {
        assertThat(cli("job", "run", "import-contacts").exitCode()).isZero();
        // since the failure: two rows lose their phone (the rule lets them through now), one leaves the export
        Path input = workspace.resolve("samples/contacts.csv");
        List<String> lines = new ArrayList<>(Files.readAllLines(input));
        lines.removeIf(line -> line.startsWith("1005,"));
        Files.write(input, lines);
        Files.writeString(input, Files.readString(input).replace(",(415) 555-0134,", ",,").replace(",0049 30 1234567,", ",,"));
        Path plan = workspace.resolve("retry-plan.json");
        Cli.Result planned = cli("job", "retry-failed", "import-contacts", "--plan", plan.toString());
        assertThat(planned.exitCode()).as(planned.out() + planned.err()).isZero();
        // the rows below 1005 moved up a line: line 29, queued as unreadable, now holds a good row, so that entry is gone too
        assertThat(planned.out()).containsPattern("to write\\s+2").containsPattern("skipped\\s+2").containsPattern("still failing\\s+21");
        assertThat(pendingIds()).hasSize(26);

        Cli.Result applied = cli("apply", plan.toString());

        // as `job retry-failed` would have: written and gone records leave, the rest stay with one more attempt; the rows the
        // reader could not parse were not in the plan and are not counted
        assertThat(applied.exitCode()).as(applied.out() + applied.err()).isZero();
        assertThat(applied.out()).containsPattern("written\\s+2")
                .contains("Retry queue of job import-contacts: 4 records of the plan left it (written, or nothing left to write);"
                        + " 21 still failing stay in it with one more attempt")
                .contains("Still pending for job import-contacts: 22 records");
        assertThat(outputIds()).containsExactlyInAnyOrder("1001", "1003", "1008", "1018");
        assertThat(pendingIds()).hasSize(22).doesNotContain("1001", "1003", "1005", "line-29");
        assertThat(jdbc.queryForObject("select attempts from retry_queue where source_id = '1002'", Integer.class)).isEqualTo(2);
        assertThat(jdbc.queryForList("select attempts from retry_queue where unreadable", Integer.class)).containsExactly(1);
        assertThat(cli("jobs").out()).containsPattern("import-contacts .* 22\\n");
        int runs = jdbc.queryForObject("select count(*) from job_runs", Integer.class);

        Cli.Result again = cli("apply", plan.toString());

        assertThat(again.exitCode()).as(again.out() + again.err()).isZero();
        assertThat(again.out()).contains("(job import-contacts, planned in run 2) was applied by run 3 (started ")
                .contains("its 2 writes were made then, and nothing of it is left to make. Nothing was written again, and no run was"
                        + " recorded").contains("Still pending for job import-contacts: 22 records");
        assertThat(jdbc.queryForObject("select count(*) from job_runs", Integer.class)).isEqualTo(runs);
        assertThat(jdbc.queryForObject("select attempts from retry_queue where source_id = '1002'", Integer.class)).isEqualTo(2);
        assertThat(outputIds()).hasSize(4);
        // the next retry reads exactly what is still pending
        assertThat(cli("job", "retry-failed", "import-contacts").out()).containsPattern("retried\\s+21");
    }

    @Test
    void applyingARegularRunsPlanSettlesTheQueuedRecordsItReadAsTheRunWouldHave() throws Exception {
        assertThat(cli("job", "run", "import-contacts").exitCode()).isZero();
        assertThat(pendingIds()).hasSize(26);
        Files.writeString(connector, Files.readString(connector).replace(DENY_PHONES, ""));
        Path plan = workspace.resolve("plan.json");
        Cli.Result planned = cli("job", "run", "import-contacts", "--plan", plan.toString());
        assertThat(planned.exitCode()).as(planned.out() + planned.err()).isZero();
        assertThat(planned.out()).containsPattern("to write\\s+24");
        assertThat(pendingIds()).hasSize(26);

        Cli.Result applied = cli("apply", plan.toString());

        // as `job run` would have: the records it wrote leave the queue, the malformed rows it rejected again count an attempt
        assertThat(applied.exitCode()).as(applied.out() + applied.err()).isZero();
        assertThat(applied.out()).containsPattern("written\\s+24")
                .contains("Retry queue of job import-contacts: 24 records of the plan left it (written, or nothing left to write);"
                        + " 2 still failing stay in it with one more attempt")
                .contains("Still pending for job import-contacts: 2 records");
        assertThat(outputIds()).hasSize(26);
        assertThat(pendingIds()).containsExactlyInAnyOrder("1026", "line-29");
        assertThat(jdbc.queryForList("select attempts from retry_queue", Integer.class)).containsExactly(2, 2);
        // a retry has nothing left to write again
        assertThat(cli("job", "retry-failed", "import-contacts").out()).doesNotContain("Retry of job").contains("Not retried: 2 rows");

        Cli.Result again = cli("apply", plan.toString());

        // its rejections were counted once
        assertThat(again.exitCode()).as(again.out() + again.err()).isZero();
        assertThat(again.out()).contains("nothing of it is left to make").doesNotContain("Retry queue of job");
        assertThat(jdbc.queryForList("select attempts from retry_queue", Integer.class)).containsExactly(2, 2);
    }

    @Test
    void aRetrysPlanWithNoWritesStillSettlesItsRecordsWhenApplied() throws Exception {
        assertThat(cli("job", "run", "import-contacts").exitCode()).isZero();
        // every readable failed record leaves the export: the retry would settle each one as skipped, gone from the source
        List<String> readable = jdbc.queryForList("select source_id from retry_queue where not unreadable", String.class);
        assertThat(readable).hasSize(24);
        Path input = workspace.resolve("samples/contacts.csv");
        List<String> lines = new ArrayList<>(Files.readAllLines(input));
        lines.removeIf(line -> readable.stream().anyMatch(id -> line.startsWith(id + ",")));
        Files.write(input, lines);
        Path plan = workspace.resolve("retry-plan.json");
        Cli.Result planned = cli("job", "retry-failed", "import-contacts", "--plan", plan.toString());
        assertThat(planned.exitCode()).as(planned.out() + planned.err()).isZero();
        // and line 29, queued as unreadable, is past the end of the file now: gone too
        assertThat(planned.out()).containsPattern("to write\\s+0").containsPattern("skipped\\s+25")
                .contains("Nothing to write. Apply it all the same to settle the retry queue as the retry would have (25 skipped"
                        + " records leave it, 0 still failing count one more attempt): middlemile apply " + plan)
                .as("a plan settles nothing until it is applied")
                .contains("Gone from the source since they failed (they leave the queue once the plan is applied):")
                .doesNotContain("settled as skipped, off the queue");
        assertThat(pendingIds()).hasSize(26);
        int runs = jdbc.queryForObject("select count(*) from job_runs", Integer.class);

        Cli.Result applied = cli("apply", plan.toString());

        assertThat(applied.exitCode()).as(applied.out() + applied.err()).isZero();
        assertThat(applied.out()).contains("holds no writes: nothing to apply, and no run was recorded.")
                .contains("Retry queue of job import-contacts: 25 records of the plan left it")
                .contains("Still pending for job import-contacts: 1 record");
        assertThat(pendingIds()).containsExactly("1026");
        assertThat(jdbc.queryForObject("select count(*) from job_runs", Integer.class)).isEqualTo(runs);
    }

    @Test
    void unreadableRowsDeletedFromTheFileLeaveTheQueueAtTheNextRetry() throws Exception {
        Files.writeString(connector, Files.readString(connector).replace(DENY_PHONES, ""));
        assertThat(cli("job", "run", "import-contacts").exitCode()).isZero();
        assertThat(pendingIds()).containsExactlyInAnyOrder("1026", "line-29");
        // the fix at the source: the two bad rows are dropped; line 28 now holds Nellie's good row, line 29 is past the end
        deleteLines(28, 29);
        assertThat(cli("job", "run", "import-contacts").out()).containsPattern("rejected\\s+0");

        Cli.Result retry = cli("job", "retry-failed", "import-contacts");

        assertThat(retry.exitCode()).as(retry.out() + retry.err()).isZero();
        assertThat(retry.out()).contains("Retrying 2 failed records").containsPattern("retried\\s+2")
                .containsPattern("skipped\\s+2").contains("Gone from the source since they failed (settled as skipped, off the queue)")
                .contains("retry of samples/contacts.csv:28  id 1026")
                .contains("retry of samples/contacts.csv:29  (a row the reader could not parse, queued by its line")
                .doesNotContain("Not retried").doesNotContain("expected 10 columns")
                .contains("Still pending for job import-contacts: 0 records");
        assertThat(pendingIds()).isEmpty();
        assertThat(outputIds()).hasSize(26);
    }

    @Test
    void aRetrysPlanSettlesDeletedUnreadableRowsOnlyOnceApplied() throws Exception {
        Files.writeString(connector, Files.readString(connector).replace(DENY_PHONES, ""));
        assertThat(cli("job", "run", "import-contacts").exitCode()).isZero();
        deleteLines(28, 29);
        Path plan = workspace.resolve("retry-plan.json");

        Cli.Result planned = cli("job", "retry-failed", "import-contacts", "--plan", plan.toString());

        assertThat(planned.exitCode()).as(planned.out() + planned.err()).isZero();
        assertThat(planned.out()).containsPattern("skipped\\s+2")
                .contains("Gone from the source since they failed (they leave the queue once the plan is applied):")
                .doesNotContain("settled as skipped, off the queue").doesNotContain("Not retried")
                .contains("Still pending for job import-contacts: 2 records");
        assertThat(pendingIds()).containsExactlyInAnyOrder("1026", "line-29");

        Cli.Result applied = cli("apply", plan.toString());

        assertThat(applied.exitCode()).as(applied.out() + applied.err()).isZero();
        assertThat(applied.out()).contains("Still pending for job import-contacts: 0 records");
        assertThat(pendingIds()).isEmpty();
    }

    @Test
    void anUnreadableRowStillInTheFileStaysAndIsQuotedWhereItIsNow() throws Exception {
        Files.writeString(connector, Files.readString(connector).replace(DENY_PHONES, ""));
        assertThat(cli("job", "run", "import-contacts").exitCode()).isZero();
        // a row above them leaves the export: Erin's row (id 1026, a column too many) moves up to line 27, the stray
        // quote to line 28, and line 29 now holds Nellie's good row
        deleteLines(2, 2);

        Cli.Result retry = cli("job", "retry-failed", "import-contacts");

        assertThat(retry.exitCode()).as(retry.out() + retry.err()).isZero();
        assertThat(retry.out()).contains("Retrying 1 failed record").containsPattern("skipped\\s+1")
                .contains("retry of samples/contacts.csv:29  (a row the reader could not parse, queued by its line")
                .contains("Not retried: 1 row the source's reader could not parse")
                .contains("samples/contacts.csv:27  expected 10 columns")
                .as("nothing quoted for a line that holds another row now").doesNotContain("samples/contacts.csv:28  expected")
                .contains("Still pending for job import-contacts: 1 record");
        assertThat(pendingIds()).containsExactly("1026");
        assertThat(jdbc.queryForObject("select attempts from retry_queue where source_id = '1026'", Integer.class)).isEqualTo(1);

        // with only that row left and the file unchanged, a retry has nothing to read: no run, the row quoted as it is now
        int runs = jdbc.queryForObject("select count(*) from job_runs", Integer.class);
        Cli.Result again = cli("job", "retry-failed", "import-contacts");
        assertThat(again.out()).doesNotContain("Retry of job").contains("samples/contacts.csv:27  expected 10 columns");
        assertThat(jdbc.queryForObject("select count(*) from job_runs", Integer.class)).isEqualTo(runs);
    }

    /** Deletes physical lines {@code from} to {@code to} (1-based, inclusive) of the sample export, keeping its CRLF ends. */
    private void deleteLines(int from, int to) throws IOException {
        Path input = workspace.resolve("samples/contacts.csv");
        List<String> lines = new ArrayList<>(List.of(Files.readString(input).split("(?<=\\n)")));
        lines.subList(from - 1, to).clear();
        Files.writeString(input, String.join("", lines));
    }

    @Test
    void retryingWithNothingPendingSaysSoAndSucceeds() {
        Cli.Result retry = cli("job", "retry-failed", "import-contacts");

        assertThat(retry.exitCode()).as(retry.out() + retry.err()).isZero();
        assertThat(retry.out()).contains("Job import-contacts has no failed records waiting to be retried. Nothing to do.");
        assertThat(jdbc.queryForObject("select count(*) from job_runs", Integer.class)).isZero();
    }

    @Test
    void anUnknownJobIsAnError() {
        Cli.Result retry = cli("job", "retry-failed", "no-such-job");

        assertThat(retry.exitCode()).isEqualTo(1);
        assertThat(retry.err()).contains("There is no job \"no-such-job\"").contains("import-contacts");
    }

    private List<String> pendingIds() {
        return jdbc.queryForList("select source_id from retry_queue where job = 'import-contacts'", String.class);
    }

    private List<String> outputIds() throws IOException {
        try (Reader reader = Files.newBufferedReader(workspace.resolve("out/contacts-clean.csv"))) {
            List<String> ids = new ArrayList<>();
            for (CSVRecord record : CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).get().parse(reader)) {
                ids.add(record.get(0));
            }
            return ids;
        }
    }

    private Cli.Result cli(String... args) {
        String[] full = new String[args.length + 2];
        System.arraycopy(args, 0, full, 0, args.length);
        full[args.length] = "--workspace";
        full[args.length + 1] = workspace.toString();
        return Cli.run(full);
    }
}
