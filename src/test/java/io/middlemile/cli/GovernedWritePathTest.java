package io.middlemile.cli;

import io.middlemile.govern.PlanFile;
import io.middlemile.govern.PolicyVerdict;
import io.middlemile.govern.WritePlan;
import io.middlemile.testing.Cli;
import io.middlemile.testing.TestDatabase;
import io.middlemile.testing.TestWorkspaces;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.JdbcTemplate;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The governed write path end to end on the sample job: plan then apply, review parking and
 * decisions, rollback with conflicts, deny rules, caps and the kill switch.
 */
class GovernedWritePathTest {

    @TempDir
    Path workspace;

    private JdbcTemplate jdbc;
    private Path output;
    private Path input;

    @BeforeEach
    void setUp() {
        TestWorkspaces.copyBundled(workspace);
        jdbc = TestDatabase.jdbc(TestDatabase.fresh());
        output = workspace.resolve("out/contacts-clean.csv");
        input = workspace.resolve("samples/contacts.csv");
    }

    private Cli.Result cli(String... args) {
        String[] full = new String[args.length + 2];
        System.arraycopy(args, 0, full, 0, args.length);
        full[args.length] = "--workspace";
        full[args.length + 1] = workspace.toString();
        return Cli.run(full);
    }

    private void policy(String yaml) throws IOException {
        Path connector = workspace.resolve("connectors/clean-contacts.yaml");
        Files.writeString(connector, Files.readString(connector) + "policy:\n" + yaml.indent(2));
    }

    /** The output file as id → row (column → value). */
    private Map<String, Map<String, String>> rows() throws IOException {
        List<String> lines = Files.readAllLines(output);
        String[] header = lines.get(0).split(",");
        Map<String, Map<String, String>> rows = new LinkedHashMap<>();
        for (String line : lines.subList(1, lines.size())) {
            List<String> cells = splitCsv(line);
            Map<String, String> row = new LinkedHashMap<>();
            for (int i = 0; i < header.length; i++) {
                row.put(header[i], i < cells.size() ? cells.get(i) : "");
            }
            rows.put(cells.get(0), row);
        }
        return rows;
    }

    private static List<String> splitCsv(String line) {
        List<String> cells = new java.util.ArrayList<>();
        StringBuilder cell = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (c == '"') {
                if (quoted && i + 1 < line.length() && line.charAt(i + 1) == '"') {
                    cell.append('"');
                    i++;
                } else {
                    quoted = !quoted;
                }
            } else if (c == ',' && !quoted) {
                cells.add(cell.toString());
                cell.setLength(0);
            } else {
                cell.append(c);
            }
        }
        cells.add(cell.toString());
        return cells;
    }

    private void editInput(String from, String to) throws IOException {
        String text = Files.readString(input);
        assertThat(text).contains(from);
        Files.writeString(input, text.replace(from, to));
    }

    private void editOutput(String from, String to) throws IOException {
        String text = Files.readString(output);
        assertThat(text).contains(from);
        Files.writeString(output, text.replace(from, to));
    }

    @Test
    void planWritesNothingThenApplyMakesExactlyThoseWritesAndReportsRecordsChangedSincePlanning() throws Exception {
        Path planFile = workspace.resolve("plan.json");

        Cli.Result plan = cli("job", "run", "import-contacts", "--plan", planFile.toString());

        assertThat(plan.exitCode()).as(plan.out() + plan.err()).isZero();
        assertThat(plan.out()).contains("PLANNED").contains("Plan of job import-contacts: 26 writes, nothing was written")
                .contains("clean-contacts/contacts          26 create auto");
        assertThat(Files.exists(output)).isFalse();
        assertThat(Files.exists(workspace.resolve("out/contacts-clean.csv.partial"))).isFalse();
        WritePlan saved = PlanFile.read(planFile);
        assertThat(saved.writes()).hasSize(26).allMatch(w -> w.action().equals("create") && w.decision() == PolicyVerdict.Kind.AUTO);

        // files that are not a job run's plan are told apart and nothing is applied: none, a dedupe run's merge plan, other JSON
        Path dedupePlan = workspace.resolve("contacts-plan.json");
        Files.writeString(dedupePlan, "{\"merges\": [], \"reviews\": [], \"stats\": {}}");
        Path notAPlan = workspace.resolve("settings.json");
        Files.writeString(notAPlan, "{}");
        Cli.Result missing = cli("apply", workspace.resolve("plan.jsn").toString());
        Cli.Result merges = cli("apply", dedupePlan.toString());
        Cli.Result other = cli("job", "run", "import-contacts", "--apply", notAPlan.toString());
        // a plan edited by hand into one that cannot be made whole is refused before its first write, saying where
        Path renamed = workspace.resolve("renamed-plan.json");
        Files.writeString(renamed, Files.readString(planFile).replace("\"clean-contacts\"", "\"clean-contact\""));
        Path keyless = workspace.resolve("keyless-plan.json");
        Files.writeString(keyless, Files.readString(planFile).replaceFirst("\"key\" : \"[^\"]*\",", ""));
        Cli.Result unknownConnection = cli("apply", renamed.toString());
        Cli.Result withoutKey = cli("apply", keyless.toString());
        assertThat(List.of(missing, merges, other, unknownConnection, withoutKey)).allSatisfy(refused -> {
            assertThat(refused.exitCode()).isEqualTo(1);
            assertThat(refused.err()).contains("Nothing was applied.").doesNotContain("this is a bug", "\tat ");
        });
        assertThat(missing.err()).contains("There is no plan file " + workspace.resolve("plan.jsn"));
        assertThat(merges.err()).contains("is the merge plan of a dedupe run, not a job run's plan: merges are made by"
                + " `middlemile dedupe NAME --apply`");
        assertThat(other.err()).contains("it is not a job run's plan (no \"job\" and \"writes\")");
        assertThat(unknownConnection.err()).contains("The plan writes to connection clean-contact, which " + workspace
                + " has no file for in connectors/ (it has [").contains("Apply it in the workspace it was made in");
        assertThat(withoutKey.err()).contains("Could not read the plan " + keyless + " at writes[0]: key is missing");
        assertThat(Files.exists(output)).isFalse();

        Cli.Result wrongJob = cli("job", "run", "other-job", "--apply", planFile.toString());
        Cli.Result apply = cli("job", "run", "import-contacts", "--apply", planFile.toString());

        assertThat(wrongJob.exitCode()).isEqualTo(1);
        Cli.Result withPlan = cli("job", "run", "import-contacts", "--apply", planFile.toString(), "--plan", "again.json",
                "--from-start");
        assertThat(withPlan.exitCode()).isEqualTo(2);
        assertThat(withPlan.err()).contains("--apply makes the writes saved in " + planFile + " as they are, without reading the"
                + " source or calling a provider, so --plan and --from-start cannot go with it");
        assertThat(wrongJob.err()).contains("is a plan of job import-contacts, not other-job");
        assertThat(apply.exitCode()).as(apply.out() + apply.err()).isZero();
        assertThat(apply.out()).containsPattern("written\\s+26");
        assertThat(rows()).hasSize(26);
        assertThat(rows().get("1001")).containsEntry("email", "bob.mcdonald@acme.com").containsEntry("jobtitle", "VP, Sales");
        assertThat(jdbc.queryForObject("select count(*) from journal j join journal_results r on r.entry_id = j.id"
                + " where j.action = 'create' and r.result = 'applied'", Long.class)).isEqualTo(26L);

        // the same plan again: its writes were made, so nothing is written again or recorded, and it says by which run
        Cli.Result again = cli("apply", planFile.toString());
        assertThat(again.exitCode()).as(again.out() + again.err()).isZero();
        assertThat(again.out()).contains("Plan " + planFile + " (job import-contacts, planned in run 1) was applied by run 2 (started ")
                .contains("its 26 writes were made then, and nothing of it is left to make. Nothing was written again, and no run"
                        + " was recorded").doesNotContain("unchanged");
        assertThat(jdbc.queryForObject("select count(*) from job_runs where kind = 'apply'", Long.class)).isEqualTo(1L);
        assertThat(rows()).hasSize(26);

        // a second plan sees one real change; someone edits that record before it is applied
        editInput("1001,Robert,McDonald, Bob.McDonald@Acme.com ,(415) 555-0134,Acme Inc.,https://www.acme.com/,\"VP, Sales\"",
                "1001,Robert,McDonald, Bob.McDonald@Acme.com ,(415) 555-0134,Acme Inc.,https://www.acme.com/,\"Chief Revenue Officer\"");
        Path secondPlan = workspace.resolve("plan2.json");
        assertThat(cli("job", "run", "import-contacts", "--plan", secondPlan.toString()).exitCode()).isZero();
        WritePlan planned = PlanFile.read(secondPlan);
        assertThat(planned.writes()).singleElement().satisfies(write -> {
            assertThat(write.key()).isEqualTo("1001");
            assertThat(write.action()).isEqualTo("update");
            assertThat(write.before()).containsEntry("jobtitle", "VP, Sales");
            assertThat(write.after()).containsEntry("jobtitle", "Chief Revenue Officer").containsEntry("seniority", "c-level");
        });
        editOutput("\"VP, Sales\"", "Head of Sales");

        Cli.Result conflicted = cli("apply", secondPlan.toString());

        assertThat(conflicted.exitCode()).isEqualTo(1);
        assertThat(conflicted.out()).containsPattern("conflicts\\s+1")
                .contains("clean-contacts/contacts/1001: changed since it was planned (jobtitle is now \"Head of Sales\", was \"VP, Sales\")");
        assertThat(rows().get("1001")).containsEntry("jobtitle", "Head of Sales").containsEntry("seniority", "vp");
    }

    /** Job titles go to review; the first run writes the file as it is, then two records' titles change in the input. */
    private void firstRunThenTwoTitlesChangeUnderReview() throws Exception {
        policy("""
                rules:
                  - {object: contacts, field: jobtitle, action: update, decision: review}
                """);
        assertThat(cli("job", "run", "import-contacts").exitCode()).isZero();
        editInput("\"VP, Sales\"", "Chief Revenue Officer");
        editInput("Head of Marketing", "VP Marketing");
    }

    @Test
    void aFieldUnderReviewIsParkedApprovalWritesItRejectionLeavesTheTargetUntouched() throws Exception {
        firstRunThenTwoTitlesChangeUnderReview();

        Cli.Result second = cli("job", "run", "import-contacts");

        assertThat(second.exitCode()).as(second.out() + second.err()).isZero();
        // the title waits for a person; seniority, which the policy lets through, is written right away
        assertThat(rows().get("1001")).containsEntry("jobtitle", "VP, Sales").containsEntry("seniority", "c-level");
        assertThat(rows().get("1002")).containsEntry("jobtitle", "Head of Marketing").containsEntry("seniority", "vp");
        Cli.Result list = cli("review", "list");
        assertThat(list.out()).contains("clean-contacts/contacts/1001").contains("clean-contacts/contacts/1002").contains("[jobtitle]");
        List<Long> ids = jdbc.queryForList("select id from reviews where status = 'pending' order by record_key", Long.class);
        assertThat(ids).hasSize(2);
        assertThat(cli("review", "show", String.valueOf(ids.get(0))).out())
                .contains("rule: policy.rules[0] (object=contacts, field=jobtitle, action=update → review)")
                .containsPattern("jobtitle\\s+VP, Sales  ->  Chief Revenue Officer");

        // an approval that began and never recorded its decision (its process stopped midway): the item says so, and does not
        // expire under it, since its change may already have been written
        jdbc.update("update reviews set approving_by = 'ana', expires_at = expires_at - interval '30 days' where id = ?", ids.get(0));
        Cli.Result interrupted = cli("review", "list");
        assertThat(interrupted.out()).containsPattern(ids.get(0) + "\\s+pending\\*\\s+import-contacts")
                .contains("* #" + ids.get(0) + ": ana began approving it and the decision is not recorded yet; `middlemile review show "
                        + ids.get(0) + "` says what to do if that approval stopped midway.");
        assertThat(cli("review", "show", String.valueOf(ids.get(0))).out()).contains("approval: ana began approving it and the decision"
                + " is not recorded yet. If no approval is running now, it stopped midway (its process ended) and its change may already"
                + " be in clean-contacts/contacts 1001: check the record there, then approve it (the write makes only what is missing)"
                + " or reject it. It does not expire meanwhile.");
        jdbc.update("update reviews set approving_by = null, expires_at = expires_at + interval '30 days' where id = ?", ids.get(0));
        assertThat(cli("review", "list").out()).doesNotContain("pending*");

        // with the kill switch on, an approval writes nothing, stays pending, and says to approve again, not to run a job
        cli("kill-switch", "on", "--reason", "incident");
        Cli.Result halted = cli("review", "approve", String.valueOf(ids.get(0)));
        assertThat(halted.exitCode()).isEqualTo(3);
        assertThat(halted.out() + halted.err()).contains("No write was made: the kill switch was turned on")
                .contains("then run again what was stopped (a job resumes where it stopped; an approval, apply or rollback is"
                        + " made whole)").doesNotContain("run the job again");
        assertThat(rows().get("1001")).containsEntry("jobtitle", "VP, Sales");
        cli("kill-switch", "off");

        Cli.Result approve = cli("review", "approve", String.valueOf(ids.get(0)), "--note", "promoted in March");
        Cli.Result reject = cli("review", "reject", String.valueOf(ids.get(1)));

        assertThat(approve.exitCode()).as(approve.out() + approve.err()).isZero();
        assertThat(reject.exitCode()).isZero();
        assertThat(rows().get("1001")).containsEntry("jobtitle", "Chief Revenue Officer");
        assertThat(rows().get("1002")).containsEntry("jobtitle", "Head of Marketing");
        assertThat(jdbc.queryForList("select status from reviews order by record_key", String.class)).containsExactly("approved", "rejected");
        assertThat(jdbc.queryForObject("select decision from journal where record_key = '1001' and action = 'update' and after ? 'jobtitle'", String.class))
                .startsWith("auto via review #" + ids.get(0));
        assertThat(cli("review", "approve", String.valueOf(ids.get(1))).err()).contains("is rejected already");
    }

    @Test
    void aRollbackWithdrawsTheReviewsItsRunParkedSoApprovingOneCannotWriteHalfAnUndoneChange() throws Exception {
        firstRunThenTwoTitlesChangeUnderReview();
        assertThat(cli("job", "run", "import-contacts").out()).contains("run 2: SUCCEEDED");
        assertThat(rows().get("1001")).containsEntry("seniority", "c-level").containsEntry("jobtitle", "VP, Sales");
        List<Long> ids = jdbc.queryForList("select id from reviews where status = 'pending' order by record_key", Long.class);
        assertThat(ids).hasSize(2);

        Cli.Result plan = cli("rollback", "2", "--plan");

        assertThat(plan.out()).contains("It would withdraw 2 pending reviews of run 2 (nothing of them is made; approving one later is"
                + " refused):").containsPattern("#" + ids.get(0) + "\\s+update\\s+clean-contacts/contacts/1001 \\[jobtitle]");
        assertThat(jdbc.queryForList("select status from reviews", String.class)).containsOnly("pending");

        Cli.Result rollback = cli("rollback", "2");

        assertThat(rollback.exitCode()).as(rollback.out() + rollback.err()).isZero();
        assertThat(rollback.out()).contains("Rolled back run 2, recorded as run 3")
                .contains("note: 2 pending reviews of run 2 withdrawn: #" + ids.get(0) + ", #" + ids.get(1));
        assertThat(rows().get("1001")).containsEntry("seniority", "vp");
        assertThat(cli("review", "list").out()).contains("Nothing is waiting for review");
        assertThat(cli("review", "list", "--all").out()).containsPattern(ids.get(0) + "\\s+withdrawn\\s+import-contacts");
        assertThat(cli("review", "show", String.valueOf(ids.get(0))).out()).contains("clean-contacts/contacts/1001, withdrawn")
                .contains("by rollback run 3: withdrawn: run 2 was rolled back by run 3 before anyone decided this item");

        Cli.Result approve = cli("review", "approve", String.valueOf(ids.get(0)));

        assertThat(approve.exitCode()).isEqualTo(1);
        assertThat(approve.err()).contains("Review item #" + ids.get(0) + " (update of clean-contacts/contacts/1001) was withdrawn at ")
                .contains("by rollback run 3: run 2, which parked it, was rolled back before anyone decided it, so approving it would"
                        + " make part of an undone change. Nothing was done now. If the change is still wanted, run job import-contacts"
                        + " again (`middlemile job run import-contacts --from-start`");
        assertThat(rows().get("1001")).containsEntry("jobtitle", "VP, Sales").containsEntry("seniority", "vp");
    }

    @Test
    void rollbackRestoresEveryTouchedFieldAndReportsFieldsChangedSinceTheRun() throws Exception {
        assertThat(cli("job", "run", "import-contacts").exitCode()).isZero();
        Map<String, Map<String, String>> beforeRun = rows();
        editInput("(415) 555-0134", "(415) 555-0199");
        editInput("Head of Marketing", "VP Marketing");
        editInput("0049 30 1234567", "0049 30 7654321");
        assertThat(cli("job", "run", "import-contacts").out()).contains("run 2: SUCCEEDED");
        assertThat(rows().get("1001")).containsEntry("phone", "+14155550199");
        // after the run, someone changes 1003's phone by hand
        editOutput("+49307654321", "+49309999999");

        Cli.Result plan = cli("rollback", "2", "--plan");
        Cli.Result rollback = cli("rollback", "2");

        assertThat(plan.out()).contains("update   clean-contacts/contacts/1001 {phone=+14155550134}");
        assertThat(rollback.exitCode()).isEqualTo(1);
        assertThat(rollback.out()).containsPattern("written\\s+2").containsPattern("conflicts\\s+1")
                .contains("clean-contacts/contacts/1003: conflict: changed by someone since the run: phone (now \"+49309999999\","
                        + " the run wrote \"+49307654321\")");
        Map<String, Map<String, String>> after = rows();
        assertThat(after.get("1001")).isEqualTo(beforeRun.get("1001"));
        assertThat(after.get("1002")).isEqualTo(beforeRun.get("1002"));
        assertThat(after.get("1003")).containsEntry("phone", "+49309999999");
        Map<String, String> untouched = new LinkedHashMap<>(after.get("1003"));
        untouched.remove("phone");
        Map<String, String> expected = new LinkedHashMap<>(beforeRun.get("1003"));
        expected.remove("phone");
        assertThat(untouched).isEqualTo(expected);
        assertThat(after.keySet()).isEqualTo(beforeRun.keySet());

        // rolling back the first run archives what it created (1001 and 1002 are back to what it wrote),
        // except the record changed by hand since
        Cli.Result undoCreates = cli("rollback", "1");
        assertThat(undoCreates.out()).containsPattern("written\\s+25").containsPattern("conflicts\\s+1")
                .contains("clean-contacts/contacts/1003: conflict: changed since the run created it, so it is not archived");
        assertThat(rows().keySet()).containsExactly("1003");
    }

    @Test
    void aRunRolledBackAlreadyIsRolledBackAgainOnlyForWhatIsLeftToUndo() throws Exception {
        assertThat(cli("job", "run", "import-contacts").exitCode()).isZero();
        editOutput("\"VP, Sales\"", "Head of Sales"); // 1001 changed by hand: the rollback leaves it alone

        Cli.Result first = cli("rollback", "1");
        assertThat(first.out()).contains("Rolled back run 1, recorded as run 2").containsPattern("written\\s+25")
                .containsPattern("conflicts\\s+1");
        assertThat(rows().keySet()).containsExactly("1001");

        // someone sets 1001 back to what the run wrote: the rollback can now undo it, and only it
        editOutput("Head of Sales", "\"VP, Sales\"");
        Cli.Result second = cli("rollback", "1");
        assertThat(second.out()).contains("Rolled back run 1, recorded as run 3").containsPattern("written\\s+1");
        assertThat(Files.readAllLines(output)).hasSize(1);

        // nothing is left: a third rollback is told so and records no run
        Cli.Result third = cli("rollback", "1");
        assertThat(third.exitCode()).isZero();
        assertThat(third.out()).contains("Run 1 was rolled back by run 2 (started ").contains(") and again by run 3, and nothing"
                + " of it is left to undo: 25 undone already by rollback run 2; 1 undone already by rollback run 3. Nothing was done;"
                + " `middlemile rollback 1 --plan` lists each record")
                .doesNotContain("Rolled back run");
        assertThat(cli("job", "run", "import-contacts").out()).contains("run 4: SUCCEEDED");
    }

    @Test
    void aRecordARollbackWroteBackIsNeverUndoneAgainThoughALaterRunGaveItTheRolledBackValue() throws Exception {
        assertThat(cli("job", "run", "import-contacts").exitCode()).isZero();
        editInput("(415) 555-0134", "(415) 555-0199");
        assertThat(cli("job", "run", "import-contacts").out()).contains("run 2: SUCCEEDED");
        assertThat(cli("rollback", "2").out()).contains("recorded as run 3").containsPattern("written\\s+1");
        assertThat(rows().get("1001")).containsEntry("phone", "+14155550134");

        // a later run writes again the value run 2 wrote: it is run 4's write now, not run 2's
        editInput("Head of Marketing", "VP Marketing");
        assertThat(cli("job", "run", "import-contacts").out()).contains("run 4: SUCCEEDED");
        assertThat(rows().get("1001")).containsEntry("phone", "+14155550199");

        Cli.Result plan = cli("rollback", "2", "--plan");
        Cli.Result again = cli("rollback", "2");

        assertThat(plan.out()).contains("clean-contacts/contacts/1001").contains("undone already by rollback run 3");
        assertThat(again.exitCode()).isZero();
        assertThat(again.out()).contains("Run 2 was rolled back by run 3 (started ").contains("nothing of it is left to undo:"
                + " 1 undone already by rollback run 3. Nothing was done").doesNotContain("Rolled back run");
        assertThat(rows().get("1001")).containsEntry("phone", "+14155550199");
    }

    @Test
    void aRunIdThatNamesNoRunIsToldAndRecordsNoRollbackRun() throws Exception {
        assertThat(cli("job", "run", "import-contacts").exitCode()).isZero();
        Map<String, Map<String, String>> written = rows();

        Cli.Result typo = cli("rollback", "12");
        Cli.Result preview = cli("rollback", "12", "--plan");

        assertThat(typo.exitCode()).isEqualTo(1);
        assertThat(typo.err()).contains("There is no run 12 in this workspace's state store; `middlemile jobs` shows each job's"
                + " last run").contains("Nothing was rolled back.");
        assertThat(typo.out()).doesNotContain("Rolled back");
        assertThat(preview.exitCode()).isEqualTo(1);
        assertThat(preview.err()).contains("There is no run 12");
        assertThat(rows()).isEqualTo(written);
        // the next run is 2: neither command recorded a rollback run of its own
        assertThat(cli("job", "run", "import-contacts").out()).contains("run 2: SUCCEEDED");
    }

    @Test
    void applyAccountsForEveryPlannedWriteItDoesNotMake() throws Exception {
        policy("""
                rules:
                  - {field: phone, decision: deny}
                """);
        Path planFile = workspace.resolve("plan.json");
        assertThat(cli("job", "run", "import-contacts", "--plan", planFile.toString()).exitCode()).isZero();
        WritePlan saved = PlanFile.read(planFile);
        long denied = saved.writes().stream().filter(w -> w.decision() == PolicyVerdict.Kind.DENY).count();
        assertThat(denied).isEqualTo(24);
        // a planned create whose record the target cannot take is named by the plan's key, not as "null"
        Path edited = workspace.resolve("edited-plan.json");
        String text = Files.readString(planFile);
        int after = text.indexOf("\"after\" : {", text.indexOf("\"key\" : \"1008\""));
        Files.writeString(edited, text.substring(0, after) + "\"after\" : { \"not_a_field\" : \"x\","
                + text.substring(after + "\"after\" : {".length()));

        Cli.Result apply = cli("apply", edited.toString());

        assertThat(apply.out()).containsPattern("written\\s+1").containsPattern("not done\\s+1")
                .contains("24 planned write(s) the policy denied when the plan was made, not made: clean-contacts/contacts/")
                .contains("\n    1008: field 'not_a_field' is not a column of contacts-clean.csv")
                .doesNotContain("null:");
    }

    @Test
    void denyRulesRefuseAndCreatesAreAllOrNothing() throws Exception {
        policy("""
                rules:
                  - {field: phone, decision: deny}
                """);

        Cli.Result run = cli("job", "run", "import-contacts");

        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).containsPattern("written\\s+2").containsPattern("rejected\\s+26")
                .contains("denied by connectors/clean-contacts.yaml policy.rules[0] (field=phone → deny)");
        assertThat(rows().keySet()).containsExactlyInAnyOrder("1008", "1018");
    }

    @Test
    void aCapHaltsTheRunCleanlyAndRaisingItResumesWithoutDuplicates() throws Exception {
        Path route = workspace.resolve("routes/import-contacts.camel.yaml");
        Files.writeString(route, Files.readString(route).replace("pageSize: 500", "pageSize: 5"));
        policy("""
                caps:
                  - {action: create, perRun: 10}
                """);

        Cli.Result halted = cli("job", "run", "import-contacts");

        assertThat(halted.exitCode()).as(halted.out() + halted.err()).isEqualTo(3);
        assertThat(halted.out()).contains("HALTED").contains("Cap reached at clean-contacts: this run already made 10 create writes")
                .contains("resumes where it stopped");
        assertThat(Files.exists(output)).isFalse();

        Path connector = workspace.resolve("connectors/clean-contacts.yaml");
        Files.writeString(connector, Files.readString(connector).replace("perRun: 10", "perRun: 100"));
        Cli.Result resumed = cli("job", "run", "import-contacts");

        assertThat(resumed.exitCode()).as(resumed.out() + resumed.err()).isZero();
        assertThat(resumed.out()).contains("run 1: SUCCEEDED").contains("resumed (attempt 2): records committed before the run stopped were not read again");
        assertThat(rows()).hasSize(26);
        assertThat(Files.readAllLines(output)).hasSize(27);
    }

    @Test
    void theKillSwitchStopsEveryWriteUntilItIsTurnedOff() throws Exception {
        assertThat(cli("kill-switch", "on", "--reason", "bad mapping in prod").out()).contains("Kill switch is ON")
                .contains("bad mapping in prod");
        // turned on again (a second operator, a retry): when, by whom and why writes stopped stay as they were
        assertThat(cli("kill-switch", "on", "--reason", "still looking").out())
                .contains("The kill switch was on already; nothing changed (your reason was not recorded")
                .contains("(bad mapping in prod)").doesNotContain("(still looking)");

        Cli.Result halted = cli("job", "run", "import-contacts");

        assertThat(halted.exitCode()).isEqualTo(3);
        assertThat(halted.out()).contains("HALTED").contains("No write was made: the kill switch was turned on")
                .contains("middlemile kill-switch off");
        assertThat(Files.exists(output)).isFalse();
        assertThat(jdbc.queryForObject("select count(*) from journal", Long.class)).isZero();
        // a plan writes nothing: it previews the fix while writes are stopped, and applying it meets the switch
        Path plan = workspace.resolve("plan.json");
        Cli.Result planned = cli("job", "run", "import-contacts", "--plan", plan.toString());
        assertThat(planned.exitCode()).as(planned.out() + planned.err()).isZero();
        assertThat(planned.out()).contains("PLANNED").containsPattern("to write\\s+26");
        Cli.Result applied = cli("apply", plan.toString());
        assertThat(applied.exitCode()).isEqualTo(3);
        assertThat(applied.out() + applied.err()).contains("the kill switch was turned on");
        assertThat(Files.exists(output)).isFalse();

        assertThat(cli("kill-switch", "off").out()).contains("Kill switch is OFF");
        assertThat(cli("job", "run", "import-contacts").exitCode()).isZero();
        assertThat(rows()).hasSize(26);
        // a plan of nothing (the target holds it all): applying it records no run of nothing
        Path nothing = workspace.resolve("nothing.json");
        assertThat(cli("job", "run", "import-contacts", "--plan", nothing.toString(), "--from-start").out())
                .containsPattern("to write\\s+0").contains("Nothing to apply");
        long runs = jdbc.queryForObject("select count(*) from job_runs", Long.class);
        Cli.Result empty = cli("apply", nothing.toString());
        assertThat(empty.exitCode()).as(empty.out() + empty.err()).isZero();
        assertThat(empty.out()).contains("holds no writes: nothing to apply, and no run was recorded.");
        assertThat(jdbc.queryForObject("select count(*) from job_runs", Long.class)).isEqualTo(runs);

        // forced by the environment with a value the switch does not know: on, and `kill-switch off` is not the way out
        Cli.Result forced = Cli.run(Map.of("MIDDLEMILE_KILL_SWITCH", "enabled"), "kill-switch", "off", "--workspace",
                workspace.toString());
        assertThat(forced.out()).contains("Kill switch is ON: the kill switch is forced on by MIDDLEMILE_KILL_SWITCH=\"enabled\"")
                .contains("once the environment variable is unset").doesNotContain("after `middlemile kill-switch off`");
    }
}
