package io.middlemile.cli;

import io.middlemile.camel.HubReadConsumer;
import io.middlemile.connector.Providers;
import io.middlemile.enrich.EnrichmentRuns;
import io.middlemile.mapping.Transforms;
import io.middlemile.store.JobRun;
import io.middlemile.store.RetryQueue;
import io.middlemile.store.RunStore;
import io.middlemile.testing.TestDatabase;
import io.middlemile.testing.TestHubSpot;
import io.middlemile.testing.TestWorkspaces;
import io.middlemile.workspace.WorkspaceLoader;
import org.apache.camel.CamelContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A provider that answers after the run that asked: the run writes its records without the values and leaves them
 * pending; the job's next run collects the answer (never submitting again) and reads those records again at once,
 * writing the values from the cache. One engine for both runs, so the emulators keep the submissions they took.
 */
class LateEnrichmentAnswersTest {

    @TempDir
    Path workspace;

    @RegisterExtension
    final TestHubSpot hubspot = new TestHubSpot("hubspot-test-token");

    /** The bundled workspace with a waterfall that does not wait: FullEnrich always answers later. */
    private void workspaceThatDoesNotWait() throws Exception {
        TestWorkspaces.copyBundled(workspace);
        Path waterfall = workspace.resolve("enrich/contacts.yaml");
        Files.writeString(waterfall, Files.readString(waterfall).replaceAll("waitSeconds: \\d+", "waitSeconds: 0"));
    }

    /** The emulated providers of the sample waterfall, as `job run --sandbox` starts them. */
    private Rehearsal providers() {
        WorkspaceLoader.Result loaded = new WorkspaceLoader(Map.of(), Transforms.CATALOG, Providers.CATALOG).forJob(null).load(workspace);
        return Rehearsal.start(loaded.workspace(), loaded.workspace().route("enrich-contacts").orElseThrow());
    }

    private static HubReadConsumer started(ConfigurableApplicationContext engine, String job) throws Exception {
        CamelContext camel = engine.getBean(CamelContext.class);
        camel.getRouteController().startRoute(job);
        return (HubReadConsumer) camel.getRoute(job).getConsumer();
    }

    @Test
    void theRunThatCollectsALateAnswerWritesTheRecordsAnEarlierRunWroteWithoutIt() throws Exception {
        workspaceThatDoesNotWait();
        String database = TestDatabase.fresh();
        Path written = workspace.resolve("out/contacts-enriched.csv");

        try (Rehearsal rehearsal = providers();
             ConfigurableApplicationContext engine = EngineLauncher.start(workspace, true, false, true, null, "enrich-contacts",
                     rehearsal.properties())) {
            HubReadConsumer consumer = started(engine, "enrich-contacts");

            JobRun first = consumer.runJob();

            assertThat(first.status()).isEqualTo(JobRun.Status.SUCCEEDED);
            assertThat(engine.getBean(EnrichmentRuns.class).tallies(first.id()).get("contacts").pending()).isPositive();
            // Liz O'Brien's mobile phone is FullEnrich's: not there yet
            assertThat(Files.readAllLines(written)).anyMatch(line -> line.startsWith("1002,") && !line.contains("+15705550301"));
            JdbcTemplate jdbc = TestDatabase.jdbc(database);
            long submissions = jdbc.queryForObject("select count(*) from enrich_tickets where connection = 'fullenrich'", Long.class);

            Thread.sleep(1_500); // the emulator answers a second after the submission
            JobRun second = consumer.runJob();

            assertThat(second.status()).isEqualTo(JobRun.Status.SUCCEEDED);
            // the answer was collected, not bought again, and the records read again at once by a retry run
            assertThat(jdbc.queryForObject("select count(*) from enrich_tickets where connection = 'fullenrich'", Long.class))
                    .isEqualTo(submissions);
            assertThat(jdbc.queryForObject("select count(*) from enrich_tickets where connection = 'fullenrich' and status = 'pending'",
                    Long.class)).isZero();
            List<JobRun> runs = engine.getBean(RunStore.class).history("enrich-contacts", 10);
            // the second run read the file again (a CSV is read in full every time): nothing was left to read again
            assertThat(runs).hasSize(2);
            // only the file's two unparseable rows still wait (for a fix in the file)
            assertThat(engine.getBean(RunStore.class).pendingRetries("enrich-contacts")).allMatch(RetryQueue.Entry::unreadable).hasSize(2);
            assertThat(Files.readAllLines(written)).anyMatch(line -> line.startsWith("1002,") && line.contains(",+15705550301,")
                    && line.contains("fullenrich 20"));
        }
    }

    @Test
    void aSourceReadByItsChangesHasTheRecordsReadAgainAtOnceWhenTheirLateAnswersAreCollected() throws Exception {
        workspaceThatDoesNotWait();
        Files.writeString(workspace.resolve("routes/enrich-hubspot.camel.yaml"), """
                - route:
                    id: enrich-hubspot
                    autoStartup: false
                    from:
                      uri: hub-read:hubspot/contacts
                      steps:
                        - to: hub-map:hubspot-contacts?direction=in
                        - to: hub-enrich:contacts
                        - to: hub-map:enriched-contacts?direction=out
                        - to: hub-write:enriched-contacts/contacts
                """);
        // Liz first: a read by changes may take the last record changed again, and she must not be that one
        Path contacts = workspace.resolve("hubspot-contacts.csv");
        Files.writeString(contacts, "firstname,lastname,company,website,country\n"
                + "Liz,O'Brien,Northwind Traders Ltd,northwind.co.uk,GB\nNo,Body,Nowhere Inc,nowhere.example,US\n");
        hubspot.emulator().seedCsv("contacts", contacts);
        TestDatabase.fresh();
        Path written = workspace.resolve("out/contacts-enriched.csv");

        try (Rehearsal rehearsal = providers()) {
            Map<String, Object> properties = new java.util.HashMap<>(rehearsal.properties());
            properties.put("middlemile.sandbox.base-url.hubspot", hubspot.emulator().baseUrl());
            properties.put("middlemile.sandbox.env.HUBSPOT_TOKEN", "hubspot-test-token");
            try (ConfigurableApplicationContext engine = EngineLauncher.start(workspace, true, false, true, null, "enrich-hubspot",
                    properties)) {
                HubReadConsumer consumer = started(engine, "enrich-hubspot");
                JobRun first = consumer.runJob();
                assertThat(first.status()).isEqualTo(JobRun.Status.SUCCEEDED);
                assertThat(Files.readString(written)).doesNotContain("+15705550301");

                Thread.sleep(1_500); // the emulator answers a second after the submission
                JobRun second = consumer.runJob();

                // nothing changed in HubSpot: the run read (almost) nothing, collected FullEnrich's answer, and Liz was
                // read again by id at once, her mobile phone written from the cache
                assertThat(second.status()).isEqualTo(JobRun.Status.SUCCEEDED);
                List<JobRun> runs = engine.getBean(RunStore.class).history("enrich-hubspot", 10);
                assertThat(runs).hasSize(3);
                assertThat(runs.get(0).read()).isEqualTo(1);
                assertThat(runs.get(0).written()).isEqualTo(1);
                assertThat(Files.readString(written)).contains("+15705550301");
                assertThat(engine.getBean(RunStore.class).pendingRetries("enrich-hubspot")).isEmpty();
            }
        }
    }
}
