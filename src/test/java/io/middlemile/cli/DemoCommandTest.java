package io.middlemile.cli;

import io.middlemile.sandbox.hubspot.CrmStore;
import io.middlemile.store.MatchIndexStore;
import io.middlemile.testing.TestDatabase;
import io.middlemile.testing.TestWorkspaces;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.JdbcTemplate;
import picocli.CommandLine;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The README's first command, end to end and in-process: `middlemile demo` on the sample workspace against the emulators
 * it starts. Each stage is checked where it leaves its mark (the emulators as the loop left them, and the state store the
 * console reads), not only in the printed summary. One test: it runs the whole loop once, which takes a while.
 */
class DemoCommandTest {

    private static final String CAMPAIGN = "0199a1c2-5b7e-7d3a-9f10-3c5e8d2b4a61";

    @TempDir
    Path workspace;

    @Test
    void theWholeMiddleMileRunsAgainstEmulatorsAndStaysInTheWorkspaceStore() {
        TestWorkspaces.copyBundled(workspace);
        String database = TestDatabase.fresh();
        List<Map<String, String>> hubspotContacts = new ArrayList<>();
        List<Set<String>> enrolled = new ArrayList<>();
        int[] invitations = {0};
        int[] notes = {0};
        DemoCommand demo = new DemoCommand();
        demo.afterLoop = emulators -> {
            CrmStore crm = emulators.hubspot().store();
            // the emulator numbers records 1001, 1002, ... in the order they are made
            for (long id = 1001; hubspotContacts.size() < crm.count("contacts"); id++) {
                Map<String, String> contact = crm.get("contacts", id);
                if (contact != null) {
                    hubspotContacts.add(contact);
                }
            }
            notes[0] = crm.count("notes");
            enrolled.add(emulators.instantly().leadsOf(CAMPAIGN));
            invitations[0] = emulators.unipile().usage().values().stream().flatMap(days -> days.values().stream())
                    .mapToInt(usage -> usage.invitations()).sum();
        };
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        PrintStream originalOut = System.out;
        int exit;
        try {
            System.setOut(new PrintStream(printed, true, StandardCharsets.UTF_8));
            exit = new CommandLine(demo).execute("--workspace", workspace.toString());
        } finally {
            System.setOut(originalOut);
        }
        String out = printed.toString(StandardCharsets.UTF_8);

        assertThat(exit).as(out).isZero();
        assertThat(out).containsPattern("1 standardize +28 rows of legacy-crm-export/contacts \\(samples/contacts.csv\\) read, 26 standardized,"
                        + " 2 unreadable")
                .contains("2 match ").contains("3 enrich ").contains("4 assign ").contains("5 write ").contains("6 outreach ")
                .contains("7 replies ").contains("./middlemile run");
        JdbcTemplate jdbc = TestDatabase.jdbc(database);
        Map<String, Object> imported = jdbc.queryForMap("select * from job_runs where job = 'import-to-hubspot'");
        assertThat(imported).containsEntry("status", "succeeded").containsEntry("read_count", 28L);

        // 2 match: Liz O'Brien is in HubSpot under her work address, in the legacy export under her gmail one; the dedupe
        // rules linked the two, so the import updated her contact instead of creating a second one
        assertThat(hubspotContacts.stream().filter(c -> "O'Brien".equals(c.get("lastname")))).hasSize(1)
                .allSatisfy(liz -> assertThat(liz.get("hs_object_id")).isEqualTo("1015"));
        assertThat(jdbc.queryForList("select b.source_id from crosswalk a join crosswalk b on a.canonical_id = b.canonical_id"
                + " where a.connection = 'legacy-crm-export' and a.source_id = '1002' and b.connection = 'hubspot'", String.class))
                .containsExactly("1015");
        assertThat(hubspotContacts.stream().filter(c -> "bob.mcdonald@acme.com".equals(c.get("email")))).hasSize(1);
        // the match was saved as the rule's match index (outreach's "already enrolled under another record" reads it),
        // with the HubSpot contacts it was matched against; the sync kept it current with what it wrote
        long[] hubspotIndexed = {0};
        new MatchIndexStore(jdbc.getDataSource(), jdbc).forEach("contacts", false,
                record -> hubspotIndexed[0] += record.ref().connection().equals("hubspot") ? 1 : 0);
        assertThat(hubspotIndexed[0]).isGreaterThanOrEqualTo(16L);
        assertThat(out).doesNotContain("match index of dedupe rule contacts is not built");
        // ... and as a dedupe run with its clusters, which the console's dedupe page lists
        Map<String, Object> dedupeRun = jdbc.queryForMap("select id, rule, clusters from dedupe_runs");
        assertThat(dedupeRun).containsEntry("rule", "contacts");
        assertThat(out).contains("pairs to review (dedupe run " + dedupeRun.get("id") + ": " + dedupeRun.get("clusters") + " clusters to merge,");
        assertThat(jdbc.queryForObject("select count(*) from dedupe_run_items where run_id = ? and kind = 'cluster'", Long.class,
                dedupeRun.get("id"))).isEqualTo(((Number) dedupeRun.get("clusters")).longValue()).isPositive();

        // 1 standardize and 3 enrich: a new contact carries standardized values, and the mobile phone FullEnrich found
        Map<String, String> jim = hubspotContacts.stream().filter(c -> "jim@dundermifflin.com".equals(c.get("email"))).findFirst()
                .orElseThrow();
        assertThat(jim).containsEntry("phone", "+15705550100").containsEntry("country", "US").containsEntry("firstname", "Jim");
        assertThat(hubspotContacts).anyMatch(c -> c.get("mobilephone") != null && !c.get("mobilephone").isBlank());
        assertThat(jdbc.queryForObject("select count(*) from enrich_spend where run_id = ?", Long.class, imported.get("id")))
                .isPositive();

        // 4 assign and 5 write: every lead written has an owner, each write is journaled with its assignment as the reason
        assertThat(jdbc.queryForObject("select count(*) from assignments where run_id = ?", Long.class, imported.get("id")))
                .isEqualTo(26L);
        assertThat(jdbc.queryForObject("select count(*) from journal j join journal_results r on r.entry_id = j.id"
                        + " where j.run_id = ? and j.connection = 'hubspot' and j.action = 'create' and r.result = 'applied'",
                Long.class, imported.get("id"))).isEqualTo(hubspotContacts.size() - 16L);
        assertThat(hubspotContacts).hasSizeGreaterThan(16 + 20);

        // 6 outreach: the sends are in Instantly and Unipile, and in the ledger
        assertThat(enrolled.get(0)).contains("jim@dundermifflin.com", "ana.ruiz@globex.com").doesNotContain("jane.doe@acme.com");
        assertThat(invitations[0]).isPositive();
        assertThat(jdbc.queryForObject("select count(*) from outreach_sends where status = 'sent' and channel = 'email'", Long.class))
                .isEqualTo((long) enrolled.get(0).size());

        // 7 replies: the emulated people's answers came back through the webhooks and are notes on the contacts
        long writtenBack = jdbc.queryForObject("select coalesce(sum(written_count), 0) from job_runs"
                + " where job in ('instantly-replies', 'linkedin-replies')", Long.class);
        assertThat(writtenBack).as(out).isPositive();
        assertThat(notes[0]).isPositive();
        assertThat(jdbc.queryForObject("select count(*) from webhook_events", Long.class)).isPositive();

        // a second demo on the same store stops before its loop, says why and how to start again, and does not first
        // tell where emulators listen that it is about to stop
        ByteArrayOutputStream again = new ByteArrayOutputStream();
        ByteArrayOutputStream againErr = new ByteArrayOutputStream();
        PrintStream originalErr = System.err;
        int second;
        try {
            System.setOut(new PrintStream(again, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(againErr, true, StandardCharsets.UTF_8));
            second = new CommandLine(new DemoCommand()).execute("--workspace", workspace.toString());
        } finally {
            System.setOut(originalOut);
            System.setErr(originalErr);
        }
        assertThat(second).isEqualTo(1);
        assertThat(againErr.toString(StandardCharsets.UTF_8)).contains("The sample loop already ran on this state store (job"
                + " import-to-hubspot, run " + imported.get("id") + ")").contains("then run `./middlemile demo` again");
        assertThat(again.toString(StandardCharsets.UTF_8)).doesNotContain("Sandbox:").doesNotContain("Engine ready");
        assertThat(jdbc.queryForObject("select count(*) from job_runs where job = 'import-to-hubspot'", Long.class)).isEqualTo(1L);
    }
}
