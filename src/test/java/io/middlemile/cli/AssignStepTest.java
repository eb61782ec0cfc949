package io.middlemile.cli;

import io.middlemile.sandbox.hubspot.EmulatorSettings;
import io.middlemile.sandbox.hubspot.HubSpotEmulator;
import io.middlemile.testing.Cli;
import io.middlemile.testing.SyncEmulators;
import io.middlemile.testing.TestDatabase;
import io.middlemile.testing.TestWorkspaces;
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
 * {@code hub-assign:leads} in the sample job: owners from assign/leads.yaml written through the governed path, the
 * rotation and the day's workloads continued from the store across runs, each write's journal entry naming the rule,
 * and a policy that sends the owner field to review.
 */
class AssignStepTest {

    @TempDir
    Path workspace;

    @TempDir
    Path secondWorkspace;

    private Cli.Result cli(Path root, String... args) {
        String[] full = new String[args.length + 2];
        System.arraycopy(args, 0, full, 0, args.length);
        full[args.length] = "--workspace";
        full[args.length + 1] = root.toString();
        return Cli.run(full);
    }

    /** The output file as id → owner_email. */
    private static Map<String, String> owners(Path root) throws IOException {
        List<String> lines = Files.readAllLines(root.resolve("out/contacts-clean.csv"));
        List<String> header = List.of(lines.get(0).split(","));
        int owner = header.indexOf("owner_email");
        assertThat(owner).as("owner_email column in " + header).isPositive();
        Map<String, String> owners = new LinkedHashMap<>();
        for (String line : lines.subList(1, lines.size())) {
            // owner_email is the last column and holds no comma
            owners.put(line.substring(0, line.indexOf(',')), line.substring(line.lastIndexOf(',') + 1));
        }
        return owners;
    }

    private static void keepFirstRows(Path root, int rows) throws IOException {
        Path input = root.resolve("samples/contacts.csv");
        List<String> lines = Files.readAllLines(input);
        Files.write(input, lines.subList(0, rows + 1));
    }

    /** Without Sue's holiday in the sample owners, so the expected shares do not depend on the day the test runs. */
    private static Path everyoneIn(Path root) throws IOException {
        Path owners = root.resolve("assign/owners.yaml");
        String text = Files.readString(owners);
        String away = ",              # SDR\n     outOfOffice: [{from: 2026-12-21, to: 2027-01-01}]}";
        assertThat(text).contains(away);
        Files.writeString(owners, text.replace(away, "}"));
        return root;
    }

    @Test
    void theSampleJobGivesEveryLeadAnOwnerAndJournalsTheRuleThatChoseThem() throws Exception {
        everyoneIn(TestWorkspaces.copyBundled(workspace));
        JdbcTemplate jdbc = TestDatabase.jdbc(TestDatabase.fresh());

        Cli.Result run = cli(workspace, "job", "run", "import-contacts");

        assertThat(run.exitCode()).as(run.out() + run.err()).isZero();
        assertThat(run.out()).containsPattern("written\\s+26");
        Map<String, String> owners = owners(workspace);
        assertThat(owners).hasSize(26).allSatisfy((id, owner) -> assertThat(owner).endsWith("@example.com"));
        // Initech B.V. is the account Initech (samples/accounts.csv), owned by sam; Globex GmbH is Globex Corporation, emil's
        assertThat(owners).containsEntry("1004", "sam@example.com").containsEntry("1003", "emil@example.com");
        String initech = jdbc.queryForObject("select reason from journal where record_key = '1004'", String.class);
        assertThat(initech).startsWith("assign/leads.yaml gave sam: rule \"existing accounts\" fired: company name \"Initech B.V.\""
                + " matches account 001C \"Initech\", owned by sam");
        String bob = jdbc.queryForObject("select reason from journal where record_key = '1001'", String.class);
        assertThat(bob).matches("assign/leads.yaml gave (sam|sue|raj): rule \"everyone else\" fired: round robin in pool sdr;"
                + " earlier rules skipped: \"existing accounts\" \\(conditions hold, but no account matched: .*\\),"
                + " \"DACH enterprise\" \\(country US is not in \\[DE, AT, CH\\]\\), \"mid-market demo requests\" \\(employeeCount is empty\\)");
        // the rest shared by the pool's weights 3:2:1
        Map<String, Object> byOwner = new LinkedHashMap<>();
        jdbc.query("select owner, count(*) from assignments where open group by owner order by owner",
                rs -> {
                    byOwner.put(rs.getString(1), rs.getLong(2));
                });
        assertThat(byOwner).containsEntry("sam", 13L).containsEntry("sue", 8L).containsEntry("raj", 4L).containsEntry("emil", 1L);

        Cli.Result again = cli(workspace, "job", "run", "import-contacts");

        // read again, every lead keeps its owner: nothing to write, no new turn of the rotation
        assertThat(again.out()).containsPattern("written\\s+0").containsPattern("skipped\\s+26");
        assertThat(owners(workspace)).isEqualTo(owners);
        assertThat(jdbc.queryForObject("select count(*) from assignments", Long.class)).isEqualTo(26L);
    }

    @Test
    void aLeadNoRuleTakesIsWrittenWithoutAnOwnerAndTheRunSaysWhy() throws Exception {
        TestWorkspaces.copyBundled(workspace);
        JdbcTemplate jdbc = TestDatabase.jdbc(TestDatabase.fresh());
        Files.writeString(workspace.resolve("assign/leads.yaml"), """
                rules:
                  - name: Germany
                    territory: {countries: [DE]}
                    owner: dora
                """);

        Cli.Result run = cli(workspace, "job", "run", "import-contacts");

        assertThat(run.exitCode()).as(run.out() + run.err()).isZero();
        assertThat(run.out()).containsPattern("written\\s+26").contains("Written with notes (25 records;")
                .contains("samples/contacts.csv:10  no owner: assign/leads.yaml: no rule took the lead;"
                        + " rules skipped: \"Germany\" (country US is not in [DE])");
        assertThat(owners(workspace)).containsEntry("1003", "dora@example.com").containsEntry("1001", "");
        assertThat(jdbc.queryForList("select source_id from assignments", String.class)).containsExactly("1003");
    }

    @Test
    void aLaterRunContinuesTheStoredRotationAndTheDaysWorkloads() throws Exception {
        // one run over every lead
        TestWorkspaces.copyBundled(workspace);
        TestDatabase.fresh();
        assertThat(cli(workspace, "job", "run", "import-contacts").exitCode()).isZero();
        Map<String, String> inOneRun = owners(workspace);

        // the same leads in two runs: the second continues the rotation where the first left it
        TestWorkspaces.copyBundled(secondWorkspace);
        JdbcTemplate jdbc = TestDatabase.jdbc(TestDatabase.fresh());
        String full = Files.readString(secondWorkspace.resolve("samples/contacts.csv"));
        keepFirstRows(secondWorkspace, 10);
        assertThat(cli(secondWorkspace, "job", "run", "import-contacts").exitCode()).isZero();
        Files.writeString(secondWorkspace.resolve("samples/contacts.csv"), full);
        assertThat(cli(secondWorkspace, "job", "run", "import-contacts").exitCode()).isZero();

        assertThat(owners(secondWorkspace)).isEqualTo(inOneRun);
        assertThat(jdbc.queryForList("select distinct run_id from assignments order by run_id", Long.class)).containsExactly(1L, 2L);
    }

    @Test
    void leadsPerDayBindsAcrossRuns() throws Exception {
        everyoneIn(TestWorkspaces.copyBundled(workspace));
        JdbcTemplate jdbc = TestDatabase.jdbc(TestDatabase.fresh());
        Path rules = workspace.resolve("assign/leads.yaml");
        Files.writeString(rules, Files.readString(rules)
                .replace("{owner: sam, weight: 3, capacity: {openLeads: 40, leadsPerDay: 15}}", "{owner: sam, weight: 3, capacity: {leadsPerDay: 6}}")
                .replace("{owner: sue, weight: 2, capacity: {openLeads: 40, leadsPerDay: 15}}", "{owner: sue, weight: 2, capacity: {leadsPerDay: 4}}")
                .replace("{owner: raj, weight: 1, capacity: {leadsPerDay: 5}}", "{owner: raj, weight: 1, capacity: {leadsPerDay: 2}}"));
        String full = Files.readString(workspace.resolve("samples/contacts.csv"));
        keepFirstRows(workspace, 10);
        assertThat(cli(workspace, "job", "run", "import-contacts").exitCode()).isZero();
        Files.writeString(workspace.resolve("samples/contacts.csv"), full);

        Cli.Result second = cli(workspace, "job", "run", "import-contacts");

        assertThat(second.exitCode()).as(second.out() + second.err()).isZero();
        Map<String, Long> today = new LinkedHashMap<>();
        jdbc.query("select owner, count(*) from assignments where day = current_date group by owner",
                rs -> {
                    today.put(rs.getString(1), rs.getLong(2));
                });
        // sam holds 1 lead by account besides his pool leads; the pool is full at 6 + 4 + 2 and the rest fall back to emil
        assertThat(today).containsEntry("sam", 6L).containsEntry("sue", 4L).containsEntry("raj", 2L).containsEntry("emil", 14L);
        assertThat(jdbc.queryForList("select reason from journal where run_id = 2 and reason like '%(its fallback emil)%'", String.class))
                .isNotEmpty().allSatisfy(reason -> assertThat(reason).contains("sam is at capacity (6 of 6 leads today)")
                        .contains("sue is at capacity (4 of 4 leads today)").contains("raj is at capacity (2 of 2 leads today)"));
    }

    @Test
    void aPolicyThatReviewsTheOwnerFieldParksEachOwnerWriteWithItsRule() throws Exception {
        TestWorkspaces.copyBundled(workspace);
        JdbcTemplate jdbc = TestDatabase.jdbc(TestDatabase.fresh());
        // the leads were imported before assignment was switched on
        Path route = workspace.resolve("routes/import-contacts.camel.yaml");
        String withAssign = Files.readString(route);
        Files.writeString(route, withAssign.replace("        - to: hub-assign:leads?accounts=samples/accounts.csv\n", ""));
        assertThat(cli(workspace, "job", "run", "import-contacts").exitCode()).isZero();
        assertThat(owners(workspace)).hasSize(26).allSatisfy((id, owner) -> assertThat(owner).isEmpty());
        Files.writeString(route, withAssign);
        Path connector = workspace.resolve("connectors/clean-contacts.yaml");
        Files.writeString(connector, Files.readString(connector) + """
                policy:
                  rules:
                    - {field: owner_email, decision: review}
                """);

        Cli.Result run = cli(workspace, "job", "run", "import-contacts");

        assertThat(run.exitCode()).as(run.out() + run.err()).isZero();
        assertThat(owners(workspace)).allSatisfy((id, owner) -> assertThat(owner).isEmpty());
        List<Long> parked = jdbc.queryForList("select id from reviews where status = 'pending' and record_key = '1004'", Long.class);
        assertThat(parked).hasSize(1);
        assertThat(jdbc.queryForObject("select count(*) from reviews where status = 'pending'", Long.class)).isEqualTo(26L);
        Cli.Result show = cli(workspace, "review", "show", String.valueOf(parked.get(0)));
        assertThat(show.out()).contains("rule: policy.rules[0] (field=owner_email → review)")
                .contains("why:  assign/leads.yaml gave sam: rule \"existing accounts\" fired: company name \"Initech B.V.\"")
                .containsPattern("owner_email\\s+\\(empty\\)  ->  sam@example.com");

        Cli.Result approve = cli(workspace, "review", "approve", String.valueOf(parked.get(0)));

        assertThat(approve.exitCode()).as(approve.out() + approve.err()).isZero();
        assertThat(owners(workspace)).containsEntry("1004", "sam@example.com").containsEntry("1001", "");
        Map<String, Object> journaled = jdbc.queryForMap("select decision, reason from journal where record_key = '1004'"
                + " and after ? 'owner_email'");
        assertThat((String) journaled.get("decision")).startsWith("auto via review #" + parked.get(0));
        assertThat((String) journaled.get("reason")).startsWith("assign/leads.yaml gave sam: rule \"existing accounts\" fired");
    }

    /** The store, the owners in the target and sue's leads after the sample job's first run, everyone in office. */
    private record FirstRun(JdbcTemplate jdbc, Map<String, String> owners, List<String> sues) {
    }

    private FirstRun firstRunGivesSueEightLeads() throws Exception {
        everyoneIn(TestWorkspaces.copyBundled(workspace));
        JdbcTemplate jdbc = TestDatabase.jdbc(TestDatabase.fresh());
        assertThat(cli(workspace, "job", "run", "import-contacts").exitCode()).isZero();
        Map<String, String> before = owners(workspace);
        List<String> sues = before.entrySet().stream().filter(e -> e.getValue().equals("sue@example.com")).map(Map.Entry::getKey).toList();
        assertThat(sues).hasSize(8);
        return new FirstRun(jdbc, before, sues);
    }

    @Test
    void aDepartedOwnersLeadsMoveByTheSameRulesAndARollbackGivesThemBack() throws Exception {
        FirstRun first = firstRunGivesSueEightLeads();
        JdbcTemplate jdbc = first.jdbc();
        Map<String, String> before = first.owners();
        List<String> sues = first.sues();

        // a plan first: it shows the moves and changes nothing, neither the file nor the stored assignments
        Cli.Result plan = cli(workspace, "assign", "reassign", "leads", "--from", "sue", "--plan",
                workspace.resolve("reassign.json").toString());
        assertThat(plan.exitCode()).as(plan.out() + plan.err()).isZero();
        assertThat(plan.out()).contains("Moving 8 open leads of assign/leads.yaml from sue (left), through job import-contacts")
                .containsPattern("to write\\s+8");
        assertThat(owners(workspace)).isEqualTo(before);
        assertThat(jdbc.queryForObject("select count(*) from assignments where owner = 'sue' and open", Long.class)).isEqualTo(8L);
        assertThat(plan.out()).contains("Make these moves with: middlemile assign reassign leads --from sue --job import-contacts")
                .contains("`middlemile apply " + workspace.resolve("reassign.json") + "` refuses this plan");

        // applying it would write the new owners but leave the leads with sue in the store, and the next run would give them
        // back: apply refuses it before writing anything and says to run the reassign itself
        long runsBefore = jdbc.queryForObject("select count(*) from job_runs", Long.class);
        long journalBefore = jdbc.queryForObject("select count(*) from journal", Long.class);
        Cli.Result apply = cli(workspace, "apply", workspace.resolve("reassign.json").toString());
        assertThat(apply.exitCode()).as(apply.out() + apply.err()).isEqualTo(1);
        assertThat(apply.err()).contains("is the plan of `middlemile assign reassign leads --from sue`")
                .contains("Nothing was applied. Make the moves with: middlemile assign reassign leads --from sue --job import-contacts");
        assertThat(owners(workspace)).isEqualTo(before);
        assertThat(jdbc.queryForObject("select count(*) from job_runs", Long.class)).isEqualTo(runsBefore);
        assertThat(jdbc.queryForObject("select count(*) from journal", Long.class)).isEqualTo(journalBefore);

        Cli.Result move = cli(workspace, "assign", "reassign", "leads", "--from", "sue");

        assertThat(move.exitCode()).as(move.out() + move.err()).isZero();
        assertThat(move.out()).containsPattern("leads\\s+8").containsPattern("written\\s+8").contains("New owners:");
        long moveRun = jdbc.queryForObject("select max(id) from job_runs where kind = 'reassign'", Long.class);
        Map<String, String> after = owners(workspace);
        // only sue's leads changed hands, by the pool's rules with sue unavailable (raj and sam until their day is full, then emil)
        sues.forEach(id -> assertThat(after.get(id)).isIn("sam@example.com", "raj@example.com", "emil@example.com"));
        before.forEach((id, owner) -> {
            if (!sues.contains(id)) {
                assertThat(after.get(id)).as(id).isEqualTo(owner);
            }
        });
        assertThat(jdbc.queryForList("select reason from journal where run_id = ?", String.class, moveRun)).hasSize(8)
                .allSatisfy(reason -> assertThat(reason).startsWith("assign/leads.yaml moved from sue (left) to ")
                        .contains("sue has left (assign reassign)"));
        assertThat(jdbc.queryForList("select source_id from assignments where owner = 'sue' and not open and closed_by_run = ?",
                String.class, moveRun)).containsExactlyInAnyOrderElementsOf(sues);
        assertThat(move.out()).contains("middlemile rollback " + moveRun);

        // the next regular run finds the new owners kept: nothing moves back
        assertThat(cli(workspace, "job", "run", "import-contacts").out()).containsPattern("written\\s+0");
        assertThat(cli(workspace, "assign", "reassign", "leads", "--from", "sue").out())
                .contains("sue holds no open leads of assign/leads.yaml, so there is nothing to move");

        Cli.Result rollback = cli(workspace, "rollback", String.valueOf(moveRun));

        assertThat(rollback.exitCode()).as(rollback.out() + rollback.err()).isZero();
        assertThat(rollback.out()).contains("owner assignments of run " + moveRun + ": 8 undone, 8 given back to the owner they were moved from");
        assertThat(owners(workspace)).isEqualTo(before);
        assertThat(jdbc.queryForObject("select count(*) from assignments where owner = 'sue' and open", Long.class)).isEqualTo(8L);
        assertThat(jdbc.queryForObject("select count(*) from assignments where run_id = ? and open", Long.class, moveRun)).isZero();
        // and the regular run after the rollback keeps sue's leads with sue, as the file now says
        assertThat(cli(workspace, "job", "run", "import-contacts").out()).containsPattern("written\\s+0");
        assertThat(owners(workspace)).isEqualTo(before);
    }

    /** A person gives a lead to another owner in the target file, as a rep would edit the export by hand. */
    private static void ownerChangedInTarget(Path root, String id, String owner) throws IOException {
        Path file = root.resolve("out/contacts-clean.csv");
        List<String> lines = new java.util.ArrayList<>(Files.readAllLines(file));
        boolean found = false;
        for (int i = 1; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.startsWith(id + ",")) {
                lines.set(i, line.substring(0, line.lastIndexOf(',') + 1) + owner); // owner_email is the last column
                found = true;
            }
        }
        assertThat(found).as(id + " in " + file).isTrue();
        Files.write(file, lines);
    }

    @Test
    void anOwnerAPersonChangedInTheTargetSurvivesTheNextRunAndAReassign() throws Exception {
        FirstRun first = firstRunGivesSueEightLeads();
        JdbcTemplate jdbc = first.jdbc();
        List<String> sues = first.sues();
        String beforeTheRun = sues.get(0);
        String beforeTheReassign = sues.get(1);
        // a rep gives one of sue's leads to raj in the target; the export (the job's source) knows nothing of owners
        ownerChangedInTarget(workspace, beforeTheRun, "raj@example.com");

        Cli.Result next = cli(workspace, "job", "run", "import-contacts");

        assertThat(next.exitCode()).as(next.out() + next.err()).isZero();
        assertThat(owners(workspace)).containsEntry(beforeTheRun, "raj@example.com");
        assertThat(next.out()).contains("a person changed owner_email of record " + beforeTheRun + " in clean-contacts to raj@example.com"
                + " since Middlemile wrote sue@example.com there, so it is kept");
        // the store agrees: the lead is raj's now, sue's assignment closed by that run
        assertThat(storedOwners(jdbc)).containsEntry(beforeTheRun, "raj");
        assertThat(jdbc.queryForObject("select rule from assignments where open and source_id = ?", String.class, beforeTheRun))
                .isEqualTo("changed in target");

        // another of sue's leads goes to raj in the target just before sue leaves: the reassign's own write finds it
        ownerChangedInTarget(workspace, beforeTheReassign, "raj@example.com");
        Cli.Result move = cli(workspace, "assign", "reassign", "leads", "--from", "sue");

        assertThat(move.exitCode()).as(move.out() + move.err()).isZero();
        assertThat(move.out()).contains("Moving 7 open leads of assign/leads.yaml from sue (left)")
                .contains("(changed in target)           1   a person gave them to another owner in the target since, who keeps"
                        + " them: " + beforeTheReassign + " (raj)");
        Map<String, String> after = owners(workspace);
        assertThat(after).containsEntry(beforeTheRun, "raj@example.com").containsEntry(beforeTheReassign, "raj@example.com");
        assertThat(after.values()).doesNotContain("sue@example.com");
        assertThat(storedOwners(jdbc)).containsEntry(beforeTheRun, "raj").containsEntry(beforeTheReassign, "raj")
                .doesNotContainValue("sue");

        // and the next run writes nothing over either
        Cli.Result again = cli(workspace, "job", "run", "import-contacts");
        assertThat(again.out()).containsPattern("written\\s+0");
        assertThat(owners(workspace)).isEqualTo(after);
    }

    @Test
    void anOwnersNewEmailInTheOwnerListIsWrittenOverTheOldOneTheHubWroteNotTakenForAPersonsChange() throws Exception {
        FirstRun first = firstRunGivesSueEightLeads();
        // sue's address changes in assign/owners.yaml: the target still holds the old one, which the hub wrote itself
        Path owners = workspace.resolve("assign/owners.yaml");
        Files.writeString(owners, Files.readString(owners).replace("email: sue@example.com", "email: sue.park@example.com"));

        Cli.Result next = cli(workspace, "job", "run", "import-contacts");

        assertThat(next.exitCode()).as(next.out() + next.err()).isZero();
        assertThat(next.out()).doesNotContain("a person changed owner_email");
        Map<String, String> after = owners(workspace);
        first.sues().forEach(lead -> assertThat(after).containsEntry(lead, "sue.park@example.com"));
        assertThat(after.values()).doesNotContain("sue@example.com");
        // still sue's leads, by the rules that gave them, not an owner named by her old address
        assertThat(storedOwners(first.jdbc())).containsAllEntriesOf(
                first.sues().stream().collect(java.util.stream.Collectors.toMap(lead -> lead, lead -> "sue")));
        assertThat(first.jdbc().queryForObject("select count(*) from assignments where open and rule = 'changed in target'",
                Long.class)).isZero();
    }

    /** Open assignments per owner, from the store. */
    private static Map<String, Long> openByOwner(JdbcTemplate jdbc) {
        return pairs(jdbc, "select owner, count(*) from assignments where open group by owner", Long.class);
    }

    /** The first column to the second of each row of {@code sql}, sorted by the first. */
    private static <V> Map<String, V> pairs(JdbcTemplate jdbc, String sql, Class<V> type) {
        Map<String, V> pairs = new java.util.TreeMap<>();
        jdbc.query(sql, rs -> {
            pairs.put(rs.getString(1), rs.getObject(2, type));
        });
        return pairs;
    }

    @Test
    void aReassignHaltedByTheKillSwitchKeepsTheDepartedOwnersLeadsAndTheRetryMovesThem() throws Exception {
        everyoneIn(TestWorkspaces.copyBundled(workspace));
        JdbcTemplate jdbc = TestDatabase.jdbc(TestDatabase.fresh());
        assertThat(cli(workspace, "job", "run", "import-contacts").exitCode()).isZero();
        Map<String, String> before = owners(workspace);
        Map<String, Long> openBefore = openByOwner(jdbc);
        long rowsBefore = jdbc.queryForObject("select count(*) from assignments", Long.class);
        String rotationBefore = jdbc.queryForObject("select state::text from assign_rotation where rule_set = 'leads'", String.class);
        assertThat(cli(workspace, "kill-switch", "on", "--reason", "incident").exitCode()).isZero();

        Cli.Result halted = cli(workspace, "assign", "reassign", "leads", "--from", "sue");

        assertThat(halted.exitCode()).as(halted.out() + halted.err()).isEqualTo(3);
        assertThat(halted.out()).contains("HALTED").containsPattern("written\\s+0").doesNotContain("New owners:")
                .contains("No owner changed: sue keeps the 8 leads this run did not write. Run `middlemile assign reassign leads"
                        + " --from sue` again once the cause is fixed.");
        assertThat(halted.err()).contains("No write was made: the kill switch was turned on");
        assertThat(owners(workspace)).isEqualTo(before);
        // the store is as it was: sue's assignments open, none recorded for the halted run, the rotation where it stood
        assertThat(openByOwner(jdbc)).isEqualTo(openBefore).containsEntry("sue", 8L);
        assertThat(jdbc.queryForObject("select count(*) from assignments", Long.class)).isEqualTo(rowsBefore);
        assertThat(jdbc.queryForObject("select count(*) from assignments where closed_by_run is not null", Long.class)).isZero();
        assertThat(jdbc.queryForObject("select state::text from assign_rotation where rule_set = 'leads'", String.class))
                .isEqualTo(rotationBefore);

        assertThat(cli(workspace, "kill-switch", "off").exitCode()).isZero();
        Cli.Result again = cli(workspace, "assign", "reassign", "leads", "--from", "sue");

        assertThat(again.exitCode()).as(again.out() + again.err()).isZero();
        // sam and raj take what their leadsPerDay leaves them today (13 of 15, 4 of 5), the rest falls back to emil
        assertThat(again.out()).contains("Moving 8 open leads").containsPattern("written\\s+8")
                .containsPattern("New owners:\\s+emil\\s+5\\s+raj\\s+1\\s+sam\\s+2\\s");
        assertThat(owners(workspace).values()).doesNotContain("sue@example.com");
        assertThat(jdbc.queryForObject("select count(*) from assignments where owner = 'sue' and open", Long.class)).isZero();
    }

    @Test
    void aReassignToAFileHaltedMidwayMovesNoLeadSinceTheFileTakesNothingOfAStoppedReassign() throws Exception {
        everyoneIn(TestWorkspaces.copyBundled(workspace));
        JdbcTemplate jdbc = TestDatabase.jdbc(TestDatabase.fresh());
        assertThat(cli(workspace, "job", "run", "import-contacts").exitCode()).isZero();
        Map<String, String> before = owners(workspace);
        Map<String, Long> openBefore = openByOwner(jdbc);
        Path route = workspace.resolve("routes/import-contacts.camel.yaml");
        Files.writeString(route, Files.readString(route).replace("pageSize: 500", "pageSize: 3"));
        Path connector = workspace.resolve("connectors/clean-contacts.yaml");
        String unlimited = Files.readString(connector);
        // the first page of 3 is committed, the second would be over the cap: the run halts between them
        Files.writeString(connector, unlimited + """
                policy:
                  caps:
                    - {action: update, perRun: 4}
                """);

        Cli.Result halted = cli(workspace, "assign", "reassign", "leads", "--from", "sue");

        assertThat(halted.exitCode()).as(halted.out() + halted.err()).isEqualTo(3);
        assertThat(halted.err()).contains("Cap reached at clean-contacts");
        long haltedRun = jdbc.queryForObject("select max(id) from job_runs where kind = 'reassign'", Long.class);
        // a CSV target is published when its run ends, and a stopped reassign is not resumed: the file still says sue
        assertThat(owners(workspace)).isEqualTo(before);
        assertThat(halted.out()).containsPattern("leads\\s+3").doesNotContain("New owners:")
                .contains("clean-contacts/contacts is a file, which takes a run's writes only when the run ends, and a reassign that"
                        + " stopped is not resumed: nothing of run " + haltedRun + " reached it, so no lead moved.")
                .contains("No owner changed: sue keeps the 8 leads this run did not write.");
        // and so does the store, the first page's moves included
        assertThat(openByOwner(jdbc)).isEqualTo(openBefore);
        assertThat(jdbc.queryForObject("select count(*) from assignments where run_id = ? or closed_by_run = ?", Long.class, haltedRun,
                haltedRun)).isZero();

        Files.writeString(connector, unlimited);
        Cli.Result again = cli(workspace, "assign", "reassign", "leads", "--from", "sue");

        assertThat(again.exitCode()).as(again.out() + again.err()).isZero();
        assertThat(again.out()).contains("Moving 8 open leads").containsPattern("written\\s+8")
                .containsPattern("New owners:\\s+emil\\s+5\\s+raj\\s+1\\s+sam\\s+2\\s");
        assertThat(owners(workspace).values()).doesNotContain("sue@example.com");
        assertThat(jdbc.queryForObject("select count(*) from assignments where owner = 'sue' and open", Long.class)).isZero();
    }

    @Test
    void aRunHaltedMidwayKeepsTheCommittedPagesAssignmentsAndItsResumeGivesTheRestAsAnUnhaltedRunWould() throws Exception {
        everyoneIn(TestWorkspaces.copyBundled(workspace));
        TestDatabase.fresh();
        assertThat(cli(workspace, "job", "run", "import-contacts").exitCode()).isZero();
        Map<String, String> unhalted = owners(workspace);

        everyoneIn(TestWorkspaces.copyBundled(secondWorkspace));
        JdbcTemplate jdbc = TestDatabase.jdbc(TestDatabase.fresh());
        Path route = secondWorkspace.resolve("routes/import-contacts.camel.yaml");
        Files.writeString(route, Files.readString(route).replace("pageSize: 500", "pageSize: 10"));
        Path connector = secondWorkspace.resolve("connectors/clean-contacts.yaml");
        String unlimited = Files.readString(connector);
        Files.writeString(connector, unlimited + """
                policy:
                  caps:
                    - {action: create, perRun: 15}
                """);

        Cli.Result halted = cli(secondWorkspace, "job", "run", "import-contacts");

        assertThat(halted.exitCode()).as(halted.out() + halted.err()).isEqualTo(3);
        // the first page (10 leads) was committed with its owners; the second, halted at its write, keeps none
        assertThat(jdbc.queryForObject("select count(*) from assignments", Long.class)).isEqualTo(10L);

        Files.writeString(connector, unlimited);
        Cli.Result resumed = cli(secondWorkspace, "job", "run", "import-contacts");

        assertThat(resumed.exitCode()).as(resumed.out() + resumed.err()).isZero();
        assertThat(owners(secondWorkspace)).isEqualTo(unhalted);
        assertThat(jdbc.queryForObject("select count(*) from assignments", Long.class)).isEqualTo(26L);
    }

    @Test
    void aHaltedRunRecordsNoAssignmentsAndItsResumeGivesTheSameOwners() throws Exception {
        everyoneIn(TestWorkspaces.copyBundled(workspace));
        TestDatabase.fresh();
        assertThat(cli(workspace, "job", "run", "import-contacts").exitCode()).isZero();
        Map<String, String> unhalted = owners(workspace);

        everyoneIn(TestWorkspaces.copyBundled(secondWorkspace));
        JdbcTemplate jdbc = TestDatabase.jdbc(TestDatabase.fresh());
        assertThat(cli(secondWorkspace, "kill-switch", "on", "--reason", "incident").exitCode()).isZero();

        Cli.Result halted = cli(secondWorkspace, "job", "run", "import-contacts");

        assertThat(halted.exitCode()).as(halted.out() + halted.err()).isEqualTo(3);
        assertThat(jdbc.queryForObject("select count(*) from assignments", Long.class)).as("nothing written, nothing assigned").isZero();
        assertThat(jdbc.queryForList("select state::text from assign_rotation where rule_set = 'leads'", String.class))
                .allSatisfy(state -> assertThat(state).isEqualTo("{}"));

        assertThat(cli(secondWorkspace, "kill-switch", "off").exitCode()).isZero();
        Cli.Result resumed = cli(secondWorkspace, "job", "run", "import-contacts");

        assertThat(resumed.exitCode()).as(resumed.out() + resumed.err()).isZero();
        assertThat(owners(secondWorkspace)).isEqualTo(unhalted);
        assertThat(jdbc.queryForObject("select count(*) from assignments", Long.class)).isEqualTo(26L);
    }

    @Test
    void assignmentsARollbackUndidNoLongerCountAgainstTheDaysCapacity() throws Exception {
        everyoneIn(TestWorkspaces.copyBundled(workspace));
        JdbcTemplate jdbc = TestDatabase.jdbc(TestDatabase.fresh());
        assertThat(cli(workspace, "job", "run", "import-contacts").exitCode()).isZero();
        Cli.Result first = cli(workspace, "assign", "reassign", "leads", "--from", "sue");
        assertThat(first.out()).containsPattern("New owners:\\s+emil\\s+5\\s+raj\\s+1\\s+sam\\s+2\\s");
        long firstMove = jdbc.queryForObject("select max(id) from job_runs where kind = 'reassign'", Long.class);
        Cli.Result rollback = cli(workspace, "rollback", String.valueOf(firstMove));
        assertThat(rollback.out()).contains("8 undone, 8 given back");

        Cli.Result second = cli(workspace, "assign", "reassign", "leads", "--from", "sue");

        // sam and raj have their room of the day back: the same move as the first
        assertThat(second.exitCode()).as(second.out() + second.err()).isZero();
        assertThat(second.out()).containsPattern("New owners:\\s+emil\\s+5\\s+raj\\s+1\\s+sam\\s+2\\s");
        long secondMove = jdbc.queryForObject("select max(id) from job_runs where kind = 'reassign'", Long.class);
        assertThat(jdbc.queryForList("select reason from journal where run_id = ? and reason like '%(its fallback emil)%'", String.class,
                secondMove)).isNotEmpty().allSatisfy(reason -> assertThat(reason).contains("sam is at capacity (15 of 15 leads today)")
                .contains("raj is at capacity (5 of 5 leads today)"));
    }

    /** Makes the state store refuse the commit of every page of the runs that follow, as a full disk would. */
    private static void commitsFail(JdbcTemplate jdbc, String when) {
        jdbc.execute("create or replace function refuse_commit() returns trigger language plpgsql as $$ begin"
                + " if " + when + " then raise exception 'could not extend file: No space left on device (test)'; end if;"
                + " return new; end $$");
        jdbc.execute("create trigger refuse_commit before update on job_runs for each row execute function refuse_commit()");
    }

    private static void commitsSucceed(JdbcTemplate jdbc) {
        jdbc.execute("drop trigger refuse_commit on job_runs");
    }

    /** Lead id → owner, from the store's open assignments. */
    private static Map<String, String> storedOwners(JdbcTemplate jdbc) {
        return pairs(jdbc, "select source_id, owner from assignments where open", String.class);
    }

    @Test
    void aRunWhoseFileCannotBePutInPlaceTakesItsOwnersBackAndRunAgainGivesTheSameOwners() throws Exception {
        everyoneIn(TestWorkspaces.copyBundled(workspace));
        JdbcTemplate unhaltedStore = TestDatabase.jdbc(TestDatabase.fresh());
        assertThat(cli(workspace, "job", "run", "import-contacts").exitCode()).isZero();
        Map<String, String> unhalted = storedOwners(unhaltedStore);

        everyoneIn(TestWorkspaces.copyBundled(secondWorkspace));
        JdbcTemplate jdbc = TestDatabase.jdbc(TestDatabase.fresh());
        Path route = secondWorkspace.resolve("routes/import-contacts.camel.yaml");
        Files.writeString(route, Files.readString(route).replace("pageSize: 500", "pageSize: 10"));
        // without an id the file is written whole (nothing of the file in place is read), so the run gets to its end
        Path connector = secondWorkspace.resolve("connectors/clean-contacts.yaml");
        String keyed = Files.readString(connector);
        assertThat(keyed).contains("    id: legacy_id\n");
        Files.writeString(connector, keyed.replace("    id: legacy_id\n", ""));
        // and there a folder is in the way of its file: every page is committed, the file is never put in place
        Path inTheWay = Files.createDirectories(secondWorkspace.resolve("out/contacts-clean.csv"));
        Files.writeString(inTheWay.resolve("keep.txt"), "not a CSV");

        Cli.Result failed = cli(secondWorkspace, "job", "run", "import-contacts");

        assertThat(failed.exitCode()).as(failed.out() + failed.err()).isEqualTo(1);
        assertThat(jdbc.queryForObject("select count(*) from assignments", Long.class)).isZero();
        assertThat(jdbc.queryForObject("select state::text from assign_rotation where rule_set = 'leads'", String.class)).isEqualTo("{}");
        assertThat(failed.out()).contains("could not be moved to").contains("Owners taken back: assign/leads.yaml took back the"
                + " owners it gave 26 leads in run 1, whose writes did not complete (the file target takes a run's writes only when the"
                + " run ends, and this run ended without that), so the store no longer holds them or counts them against anyone's"
                + " leads: running it again assigns them as this run would have.");
        // nor does the journal say the file took the writes of the pages committed: a failed run is not resumed
        assertThat(failed.out()).contains("Nothing this run wrote reached clean-contacts/contacts (26 writes)");
        assertThat(jdbc.queryForList("select (select r.result from journal_results r where r.entry_id = j.id"
                + " order by r.recorded_at desc limit 1) from journal j where j.run_id = 1", String.class))
                .hasSize(26).containsOnly("not-applied");

        Files.delete(inTheWay.resolve("keep.txt"));
        Files.delete(inTheWay);
        Cli.Result again = cli(secondWorkspace, "job", "run", "import-contacts");

        assertThat(again.exitCode()).as(again.out() + again.err()).isZero();
        assertThat(inTheWay).isRegularFile();
        assertThat(storedOwners(jdbc)).isEqualTo(unhalted).hasSize(26);
    }

    @Test
    void aReassignWhosePageCannotBeCommittedLeavesTheLeadsWithTheDepartedOwnerAndRunAgainMovesThem() throws Exception {
        everyoneIn(TestWorkspaces.copyBundled(workspace));
        JdbcTemplate jdbc = TestDatabase.jdbc(TestDatabase.fresh());
        assertThat(cli(workspace, "job", "run", "import-contacts").exitCode()).isZero();
        Map<String, String> before = owners(workspace);
        Map<String, Long> openBefore = openByOwner(jdbc);
        String rotationBefore = jdbc.queryForObject("select state::text from assign_rotation where rule_set = 'leads'", String.class);
        // the reassign's one page is written, then the store cannot commit it
        commitsFail(jdbc, "new.kind = 'reassign' and new.pages > old.pages");

        Cli.Result failed = cli(workspace, "assign", "reassign", "leads", "--from", "sue");

        assertThat(failed.exitCode()).as(failed.out() + failed.err()).isEqualTo(1);
        assertThat(owners(workspace)).isEqualTo(before);
        assertThat(openByOwner(jdbc)).isEqualTo(openBefore).containsEntry("sue", 8L);
        assertThat(jdbc.queryForObject("select count(*) from assignments where run_id = 2 or closed_by_run = 2", Long.class)).isZero();
        assertThat(jdbc.queryForObject("select state::text from assign_rotation where rule_set = 'leads'", String.class))
                .isEqualTo(rotationBefore);
        assertThat(failed.out()).doesNotContain("New owners:").contains("No owner changed: sue keeps the 8 leads this run did not"
                + " write. Run `middlemile assign reassign leads --from sue` again once the cause is fixed.");
        assertThat(failed.err()).contains("No space left on device").contains("Owners taken back: assign/leads.yaml took back the"
                + " owners it gave 8 leads in run 2, whose writes did not complete").contains("and 8 leads are with the owner they were"
                + " moving from again: running it again assigns them as this run would have.");

        commitsSucceed(jdbc);
        Cli.Result again = cli(workspace, "assign", "reassign", "leads", "--from", "sue");

        assertThat(again.exitCode()).as(again.out() + again.err()).isZero();
        assertThat(again.out()).contains("Moving 8 open leads").containsPattern("written\\s+8")
                .containsPattern("New owners:\\s+emil\\s+5\\s+raj\\s+1\\s+sam\\s+2\\s");
        assertThat(owners(workspace).values()).doesNotContain("sue@example.com");
    }

    @Test
    void aPageWrittenToTheCrmButNotCommittedTakesBackItsOwnersOnlyAndRunAgainGivesTheSameOwners() throws Exception {
        everyoneIn(TestWorkspaces.copyBundled(workspace));
        JdbcTemplate unhaltedStore = TestDatabase.jdbc(TestDatabase.fresh());
        assertThat(cli(workspace, "job", "run", "import-contacts").exitCode()).isZero();
        Map<String, String> unhalted = storedOwners(unhaltedStore);

        String token = "assign-take-back-token";
        HubSpotEmulator hubspot = HubSpotEmulator.start(EmulatorSettings.defaults(token)
                .withBurst(SyncEmulators.GENEROUS_BURST, 10_000).withSearchPerSecond(100_000), 0);
        try {
            System.setProperty("middlemile.sandbox.base-url.hubspot", hubspot.baseUrl());
            Map<String, String> environment = Map.of("HUBSPOT_TOKEN", token);
            everyoneIn(TestWorkspaces.copyBundled(secondWorkspace));
            JdbcTemplate jdbc = TestDatabase.jdbc(TestDatabase.fresh());
            assertThat(cli(secondWorkspace, "jobs").exitCode()).as("the store's tables made").isZero();
            // a CRM takes each write as it is made: no file waits for the run's end
            Files.writeString(secondWorkspace.resolve("routes/assign-to-hubspot.camel.yaml"), """
                    - route:
                        id: assign-to-hubspot
                        from:
                          uri: hub-read:legacy-crm-export/contacts
                          parameters:
                            pageSize: 10
                          steps:
                            - to: hub-map:legacy-contacts?direction=in
                            - to: hub-assign:leads?accounts=samples/accounts.csv
                            - to: hub-sync:hubspot/contacts?mapping=hubspot-contacts&matchOn=email&deletes=ignore
                    """);
            // the first page is committed; the second is written to HubSpot, then the store cannot commit it
            commitsFail(jdbc, "new.pages = 2 and old.pages = 1");

            Cli.Result failed = Cli.run(environment, "job", "run", "assign-to-hubspot", "--workspace", secondWorkspace.toString());

            assertThat(failed.exitCode()).as(failed.out() + failed.err()).isEqualTo(1);
            // the committed page keeps its owners, as an unstopped run gave them; the page after it keeps none
            Map<String, String> kept = storedOwners(jdbc);
            assertThat(kept).hasSize(10);
            assertThat(unhalted).containsAllEntriesOf(kept);
            assertThat(failed.out()).as(failed.err()).contains("No space left on device").contains("Owners taken back: assign/leads.yaml"
                    + " took back the owners it gave 10 leads in run 1, whose writes did not complete (the pages they were on were not"
                    + " committed)");

            commitsSucceed(jdbc);
            Cli.Result again = Cli.run(environment, "job", "run", "assign-to-hubspot", "--workspace", secondWorkspace.toString());

            // the rotation went back to where the first page left it: the rest get the owners an unstopped run gives them
            assertThat(again.exitCode()).as(again.out() + again.err()).isZero();
            assertThat(storedOwners(jdbc)).isEqualTo(unhalted);
        } finally {
            System.clearProperty("middlemile.sandbox.base-url.hubspot");
            hubspot.stop();
        }
    }

    @Test
    void anAppliedPlanRecordsItsOwnersSoTheNextRunKeepsThem() throws Exception {
        everyoneIn(TestWorkspaces.copyBundled(workspace));
        JdbcTemplate jdbc = TestDatabase.jdbc(TestDatabase.fresh());
        Path plan = workspace.resolve("plan.json");
        Cli.Result planned = cli(workspace, "job", "run", "import-contacts", "--plan", plan.toString());
        assertThat(planned.exitCode()).as(planned.out() + planned.err()).isZero();
        assertThat(jdbc.queryForObject("select count(*) from assignments", Long.class)).as("a plan keeps nothing").isZero();

        Cli.Result applied = cli(workspace, "apply", plan.toString());

        assertThat(applied.exitCode()).as(applied.out() + applied.err()).isZero();
        long applyRun = jdbc.queryForObject("select max(id) from job_runs where kind = 'apply'", Long.class);
        assertThat(applied.out()).contains("owner assignments: 26 of the plan's 26 recorded for run " + applyRun);
        Map<String, String> owners = owners(workspace);
        assertThat(owners).hasSize(26).allSatisfy((id, owner) -> assertThat(owner).endsWith("@example.com"));
        assertThat(jdbc.queryForObject("select count(*) from assignments where open and run_id = ?", Long.class, applyRun)).isEqualTo(26L);
        // the decision travels with the plan into the journal, as a run would journal it
        assertThat(jdbc.queryForObject("select reason from journal where run_id = ? and record_key = '1004'", String.class, applyRun))
                .startsWith("assign/leads.yaml gave sam: rule \"existing accounts\" fired");

        Cli.Result next = cli(workspace, "job", "run", "import-contacts");

        // read again, each lead keeps the owner the apply recorded: nothing to write, no new turn of the rotation
        assertThat(next.out()).containsPattern("written\\s+0").containsPattern("skipped\\s+26");
        assertThat(owners(workspace)).isEqualTo(owners);
        assertThat(jdbc.queryForObject("select count(*) from assignments", Long.class)).isEqualTo(26L);
    }
}
