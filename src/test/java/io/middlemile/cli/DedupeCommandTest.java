package io.middlemile.cli;

import io.middlemile.testing.Cli;
import io.middlemile.testing.DamagedStore;
import io.middlemile.testing.TestDatabase;
import io.middlemile.testing.TestWorkspaces;
import io.middlemile.dedupe.ClusterPlan;
import io.middlemile.dedupe.PlanJson;
import io.middlemile.dedupe.MergePlan;
import io.middlemile.govern.GovernedActions;
import io.middlemile.store.DedupeRunStore;
import io.middlemile.store.MatchIndexStore;
import org.apache.camel.CamelContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/** `middlemile dedupe`: the sample rule matches the legacy export against the HubSpot export. */
class DedupeCommandTest {

    @TempDir
    Path workspace;

    /* Found before the run, not after it: at a million records the run would have taken half a minute first. */
    @Test
    void anExportPathThatCannotBeWrittenIsRefusedBeforeAnythingIsRead() throws Exception {
        TestWorkspaces.copyBundled(workspace);
        Path folder = Files.createDirectories(workspace.resolve("out"));
        Path underAFile = workspace.resolve("samples/contacts.csv/plan.json");

        Cli.Result intoAFolder = Cli.run("dedupe", "contacts", "--export", folder.toString(), "--workspace", workspace.toString());
        Cli.Result planUnderAFile = Cli.run("dedupe", "contacts", "--plan", underAFile.toString(), "--workspace", workspace.toString());

        assertThat(intoAFolder.exitCode()).isEqualTo(1);
        assertThat(intoAFolder.err()).isEqualTo("--export " + folder + " cannot be written: " + folder + " is a folder; give the"
                + " name of a file in it. Give another path. Nothing was read or matched.\n");
        assertThat(planUnderAFile.exitCode()).isEqualTo(1);
        assertThat(planUnderAFile.err()).startsWith("--plan " + underAFile + " cannot be written: a file, not a folder, is at "
                + workspace.resolve("samples/contacts.csv")).doesNotContain("this is a bug");
        assertThat(workspace.resolve(".middlemile")).as("no store started, nothing read").doesNotExist();
    }

    @Test
    void matchesTheSampleExportsAndExportsOneRowPerRecord() throws Exception {
        TestWorkspaces.copyBundled(workspace);
        String database = TestDatabase.fresh(); // the run saves its match index and itself in the store
        Path export = workspace.resolve("out/clusters.csv");
        // the HubSpot clean-up on its schedule, as in production, and no HUBSPOT_SANDBOX_TOKEN here: a dedupe of CSV exports
        // needs no secret of another job's connection
        Path cleanUp = workspace.resolve("routes/clean-hubspot-contacts.camel.yaml");
        Files.writeString(cleanUp, Files.readString(cleanUp).replace("    autoStartup: false\n", ""));

        Cli.Result result = Cli.run(Map.of(), "dedupe", "contacts", "--export", export.toString(), "--workspace", workspace.toString());

        assertThat(result.exitCode()).as(result.out() + result.err()).isZero();
        assertThat(result.out()).contains("Dedupe contacts: 38 records from [legacy-contacts, hubspot-export-contacts]")
                .contains("(2 rejected while reading or mapping)")
                .contains("firstName (first-name) nickname")
                .containsPattern("time +read and standardize \\d+\\.\\d s, blocks \\d+\\.\\d s, pairs and weights \\d+\\.\\d s,"
                        + " clusters \\d+\\.\\d s, plan \\d+\\.\\d s, store and saves \\d+\\.\\d s")
                .containsPattern("cpu +\\d+\\.\\d s in this process, \\d+\\.\\d of its \\d+ cores on average");
        List<String> lines = Files.readAllLines(export);
        assertThat(lines.get(0)).isEqualTo("cluster_id,source,record_id,role,score");
        assertThat(lines).hasSize(39);
        assertThat(workspace.resolve("out/clusters.csv.partial")).as("written aside, then put in place").doesNotExist();
        Map<String, String[]> byRecord = lines.stream().skip(1).map(line -> line.split(","))
                .collect(Collectors.toMap(cells -> cells[1] + "/" + cells[2], cells -> cells));
        // Bob/Robert McDonald and Raj/Rajesh Kumar are the same people in both systems; HubSpot's record survives
        assertThat(byRecord.get("hubspot-export/51001")[3]).isEqualTo("master");
        assertThat(byRecord.get("legacy-crm-export/1001")[0]).isEqualTo(byRecord.get("hubspot-export/51001")[0]);
        assertThat(byRecord.get("legacy-crm-export/1001")[3]).isEqualTo("duplicate");
        assertThat(byRecord.get("legacy-crm-export/1003")[0]).isEqualTo(byRecord.get("hubspot-export/51003")[0]);
        // Robert California has no twin; Toby's two records are too different to merge without a person
        assertThat(byRecord.get("hubspot-export/51009")[3]).isEqualTo("master");
        assertThat(byRecord.get("legacy-crm-export/1017")[0]).isNotEqualTo(byRecord.get("hubspot-export/51010")[0]);
        assertThat(result.out()).contains("review legacy-crm-export/contacts/1017 ~ hubspot-export/contacts/51010");
        // the plan file, written from the texts the store was sent, is the plan as written whole
        Path planFile = workspace.resolve(".middlemile/dedupe/contacts-plan.json");
        MergePlan plan = PlanJson.plan(Files.readString(planFile));
        assertThat(Files.readString(planFile)).isEqualTo(PlanJson.write(plan))
                .contains("\"master\":\"hubspot-export/contacts/51001\"");
        assertThat(plan.merges()).isNotEmpty();
        assertThat(plan.reviews()).isNotEmpty();

        // the run is saved for the console and GET /api/dedupe/runs: its clusters with their explained pairs
        JdbcTemplate store = TestDatabase.jdbc(database);
        Map<String, Object> run = store.queryForMap("select id, rule, records, clusters, reviews from dedupe_runs");
        assertThat(run).containsEntry("rule", "contacts").containsEntry("records", 38L);
        assertThat(result.out()).contains("Run " + run.get("id") + " of contacts saved with its clusters and pairs");
        DedupeRunStore runs = new DedupeRunStore(store, new TransactionTemplate(new DataSourceTransactionManager(store.getDataSource())));
        long runId = ((Number) run.get("id")).longValue();
        List<ClusterPlan> clusters = runs.items(runId, DedupeRunStore.CLUSTER, 0, 1000).stream().map(PlanJson::cluster).toList();
        assertThat(clusters).hasSize(((Number) run.get("clusters")).intValue());
        ClusterPlan mcdonald = clusters.stream().filter(c -> c.master().toString().equals("hubspot-export/contacts/51001")).findFirst()
                .orElseThrow();
        assertThat(mcdonald.duplicates()).singleElement().satisfies(pair -> {
            assertThat(pair.right().toString()).isEqualTo("legacy-crm-export/contacts/1001");
            assertThat(pair.explanation()).extracting(c -> c.comparison() + " " + c.level()).contains("firstName (first-name) nickname");
        });
        assertThat(runs.items(runId, DedupeRunStore.REVIEW, 0, 1000).stream()
                .map(PlanJson::pair).map(pair -> pair.left() + " ~ " + pair.right()))
                .contains("legacy-crm-export/contacts/1017 ~ hubspot-export/contacts/51010");
    }

    /*
     * A read from the start brings HubSpot's recycle bin too, for syncs. A deleted record chosen as master failed its merge,
     * and its live duplicate was merged with nothing; the match index offered it as a person already known.
     */
    @Test
    void recordsInTheRecycleBinAreNeitherMatchedNorIndexedAndTheCountSaysHowManyWereLeftOut() throws Exception {
        TestWorkspaces.copyBundled(workspace);
        TestDatabase.fresh();
        io.middlemile.sandbox.hubspot.HubSpotEmulator hubspot = io.middlemile.sandbox.hubspot.HubSpotEmulator.start(
                io.middlemile.sandbox.hubspot.EmulatorSettings.defaults("sandbox-test-token")
                        .withBurst(io.middlemile.testing.SyncEmulators.GENEROUS_BURST, 10_000).withSearchPerSecond(100_000), 0);
        try {
            hubspot.seedCsv("companies", workspace.resolve("samples/hubspot/companies.csv")); // the contacts' companies
            hubspot.seedCsv("contacts", workspace.resolve("samples/hubspot/contacts.csv"));
            long peter = hubspot.store().idOf("contacts", "email", "peter.gibbons@initech.com");
            hubspot.store().archive("contacts", peter);
            // the same person, created again after the old record went to the recycle bin
            hubspot.seedCsv("contacts", new java.io.StringReader("email,firstname,lastname,phone,jobtitle\n"
                    + "peter.gibbons@initech.com,Pete,Gibbons,+15125550199,Software Engineer\n"));
            Path connection = workspace.resolve("connectors/hubspot-sandbox.yaml");
            Files.writeString(connection, Files.readString(connection).replace("http://localhost:8089", hubspot.baseUrl()));
            Files.writeString(workspace.resolve("mappings/portal-contacts.yaml"), """
                    connector: hubspot-sandbox
                    object: contacts
                    entity: person
                    countryField: country
                    fields:
                      - {canonical: email, source: email, transform: [email]}
                      - {canonical: firstName, source: firstname, transform: [first-name]}
                      - {canonical: lastName, source: lastname, transform: [last-name]}
                      - {canonical: phone, source: phone, transform: [phone]}
                    """);
            Files.writeString(workspace.resolve("dedupe/portal-contacts.yaml"), """
                    entity: person
                    sources: [portal-contacts]
                    blocking: [[email], [phone]]
                    comparisons:
                      - {field: email, method: email}
                      - {field: firstName, method: first-name}
                      - {field: lastName, method: last-name}
                      - {field: phone, method: phone}
                    thresholds: {autoMerge: 0.9, review: 0.8}
                    prior: 0.01
                    """);
            Path export = workspace.resolve("out/clusters.csv");

            Cli.Result result = Cli.run(Map.of("HUBSPOT_SANDBOX_TOKEN", "sandbox-test-token"), "dedupe", "portal-contacts",
                    "--export", export.toString(), "--workspace", workspace.toString());

            assertThat(result.exitCode()).as(result.out() + result.err()).isZero();
            // the sample portal's 11 contacts and Pete, less Peter in the recycle bin
            assertThat(result.out()).contains("Dedupe portal-contacts: 11 records from [portal-contacts]")
                    .contains("(0 rejected while reading or mapping; 1 deleted or archived at the source left out)")
                    .containsPattern("auto-merge band +0 clusters to merge")
                    .contains("Match index of portal-contacts saved: 11 records");
            assertThat(Files.readAllLines(export)).hasSize(12).noneMatch(line -> line.contains(",hubspot-sandbox," + peter + ","));
        } finally {
            hubspot.stop();
        }
    }

    @Test
    void aPlanStartsTheStateStoreAloneMigratedWithTheStoresARunSavesTo() {
        TestWorkspaces.copyBundled(workspace);
        String database = TestDatabase.fresh();

        try (ConfigurableApplicationContext store = EngineLauncher.storeOnly(workspace, MatchIndexStore.class, DedupeRunStore.class)) {
            assertThat(store.getBeansOfType(MatchIndexStore.class)).hasSize(1);
            assertThat(store.getBeansOfType(DedupeRunStore.class)).hasSize(1);
            // nothing of the engine: no Camel, no connectors, no write path, no store the command did not name
            assertThat(store.getBeansOfType(CamelContext.class)).isEmpty();
            assertThat(store.getBeansOfType(GovernedActions.class)).isEmpty();
            assertThat(store.getBeansOfType(io.middlemile.store.NodeStore.class)).isEmpty();
        }
        // migrated by the same Flyway as the engine's: the next engine finds the schema current
        assertThat(TestDatabase.jdbc(database).queryForObject("select count(*) from flyway_schema_history where not success",
                Integer.class)).isZero();
        assertThat(TestDatabase.jdbc(database).queryForObject("select max(version::int) from flyway_schema_history",
                Integer.class)).isEqualTo(latestMigration());
    }

    @Test
    void theRulesFileSaysHowManyRunsTheStoreKeeps() throws Exception {
        TestWorkspaces.copyBundled(workspace);
        String database = TestDatabase.fresh();
        Path rule = workspace.resolve("dedupe/contacts.yaml");
        Files.writeString(rule, Files.readString(rule) + "keepRuns: 2\n");

        for (int run = 1; run <= 3; run++) {
            Cli.Result result = Cli.run("dedupe", "contacts", "--workspace", workspace.toString());
            assertThat(result.exitCode()).as(result.err()).isZero();
        }

        JdbcTemplate store = TestDatabase.jdbc(database);
        assertThat(store.queryForList("select id from dedupe_runs where rule = 'contacts' order by id", Long.class))
                .containsExactly(2L, 3L);
        assertThat(store.queryForObject("select count(distinct run_id) from dedupe_run_items", Long.class)).isEqualTo(2L);
    }

    @Test
    void applyingMergesStartsTheWholeEngineForTheWritePath() {
        TestWorkspaces.copyBundled(workspace);
        TestDatabase.fresh();

        Cli.Result result = Cli.run("dedupe", "contacts", "--apply", "--workspace", workspace.toString());

        assertThat(result.exitCode()).as(result.out() + result.err()).isZero();
        // the sample's two sources are CSV exports of two systems: the write path says which pairs no CRM can merge
        assertThat(result.out()).contains("Merges of dedupe contacts")
                .contains("matched pairs live in different connections and cannot be merged by a CRM");
    }

    private static int latestMigration() {
        try (var names = Files.list(Path.of("src/main/resources/db/migration"))) {
            return names.map(file -> file.getFileName().toString()).filter(name -> name.startsWith("V"))
                    .mapToInt(name -> Integer.parseInt(name.substring(1, name.indexOf("__")))).max().orElseThrow();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void aStateStoreThatWillNotStartIsToldInTheServersWordsAlone() {
        TestWorkspaces.copyBundled(workspace);
        Path data = DamagedStore.make(workspace.resolve(".middlemile/pg"));
        String testStore = System.getProperty("middlemile.embedded-db.dir");
        System.clearProperty("middlemile.embedded-db.dir"); // the workspace's own store, as a user's command has it
        try {
            Cli.Result result = Cli.run("dedupe", "contacts", "--workspace", workspace.toString());

            assertThat(result.exitCode()).isEqualTo(1);
            assertThat(result.err()).contains("would not start. It said:\n  " + DamagedStore.SERVER_SAYS)
                    .contains("Its whole log: ").contains("pg.log")
                    .doesNotContain("Connection refused")
                    .as("no trace of the failed context before the explanation")
                    .doesNotContain("Exception encountered during context initialization");
            assertThat(data.resolve("postmaster.pid")).as("no server left running").doesNotExist();
        } finally {
            if (testStore != null) {
                System.setProperty("middlemile.embedded-db.dir", testStore);
            }
        }
    }

    @Test
    void anUnknownRuleNamesTheRulesThereAre() {
        TestWorkspaces.copyBundled(workspace);

        Cli.Result result = Cli.run("dedupe", "contact", "--workspace", workspace.toString());

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.err()).contains("There is no dedupe rule \"contact\"").contains("[accounts, contacts]");
    }
}
