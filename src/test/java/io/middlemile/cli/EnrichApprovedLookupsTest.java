package io.middlemile.cli;

import io.middlemile.camel.HubReadConsumer;
import io.middlemile.connector.Providers;
import io.middlemile.enrich.EnrichmentRuns;
import io.middlemile.enrich.Tally;
import io.middlemile.govern.GovernedActions;
import io.middlemile.mapping.Transforms;
import io.middlemile.store.JobRun;
import io.middlemile.store.ReviewItem;
import io.middlemile.store.ReviewStore;
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
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A lookup the provider's policy holds back for review, for a job that reads HubSpot by its changes: the job's first run
 * after the approval makes it, although HubSpot does not hand that contact over again (nobody changed it), and writes what
 * it found by reading the contact again by id; a lookup rejected in review is dropped and the run says so. One engine for
 * every run, so the emulators keep what they were asked.
 */
class EnrichApprovedLookupsTest {

    @TempDir
    Path workspace;

    @RegisterExtension
    final TestHubSpot hubspot = new TestHubSpot("hubspot-test-token");

    @Test
    void anApprovedLookupIsMadeByTheNextRunAndWrittenThoughTheIncrementalSourceDoesNotReadItsContactAgain() throws Exception {
        TestWorkspaces.copyBundled(workspace);
        // every Crustdata lookup waits for a person; Apollo, which knows the same titles, is not paid here at all
        Files.writeString(workspace.resolve("connectors/crustdata.yaml"), "policy:\n  default: auto\n  rules:\n"
                + "    - {object: people, action: spend, decision: review}\n", StandardOpenOption.APPEND);
        Files.writeString(workspace.resolve("connectors/apollo.yaml"), "policy:\n  default: auto\n  rules:\n"
                + "    - {object: people, action: spend, decision: deny}\n", StandardOpenOption.APPEND);
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
        // Robert and Rajesh lack a title, which Crustdata finds by their business emails; No Body last: a read by changes
        // may take the last contact changed again, and it must be neither of them
        Path contacts = workspace.resolve("hubspot-contacts.csv");
        Files.writeString(contacts, "email,firstname,lastname,company,website,country\n"
                + "bob.mcdonald@acme.com,Robert,McDonald,Acme Inc.,acme.com,US\n"
                + "raj.kumar@globex.io,Rajesh,Kumar,Globex GmbH,globex.io,DE\n"
                + ",No,Body,Nowhere Inc,nowhere.example,US\n");
        hubspot.emulator().seedCsv("contacts", contacts);
        String database = TestDatabase.fresh();
        JdbcTemplate jdbc = TestDatabase.jdbc(database);
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
                assertThat(Files.readString(written)).doesNotContain("VP, Sales");
                ReviewItem robert = parkedFor(engine, "email:bob.mcdonald@acme.com");
                ReviewItem rajesh = parkedFor(engine, "email:raj.kumar@globex.io");
                GovernedActions reviews = engine.getBean(GovernedActions.class);
                reviews.approve(robert.id(), "ops", null);
                reviews.reject(rajesh.id(), "ops", null);

                JobRun second = consumer.runJob();

                // nobody changed Robert in HubSpot: the run made his approved lookup all the same, and Robert was read again
                // by id at once (a retry run), his title written from the cache
                assertThat(second.status()).isEqualTo(JobRun.Status.SUCCEEDED);
                List<JobRun> runs = engine.getBean(RunStore.class).history("enrich-hubspot", 10);
                assertThat(runs).hasSize(3);
                assertThat(runs.get(0).read()).isEqualTo(1);
                assertThat(runs.get(0).written()).isEqualTo(1);
                assertThat(Files.readAllLines(written)).anyMatch(line -> line.contains("bob.mcdonald@acme.com")
                        && line.contains("\"VP, Sales\""));
                assertThat(jdbc.queryForList("select rule from journal where action = 'spend' and connection = 'crustdata'"
                        + " and run_id = ?", String.class, second.id())).containsExactly("approved in review #" + robert.id() + " by ops");
                Tally.Counts crustdata = engine.getBean(EnrichmentRuns.class).tallies(second.id()).get("contacts").of("crustdata");
                assertThat(crustdata.madeAfterReview).containsExactly(robert.id());
                // Rajesh's was rejected: dropped, and the run says so; nothing waits any more
                assertThat(crustdata.rejectedInReview).containsExactly(rajesh.id());
                assertThat(crustdata.waitingForReview).isEmpty();
                assertThat(jdbc.queryForObject("select count(*) from enrich_held", Long.class)).isZero();

                JobRun third = consumer.runJob();

                // made once: the next run spends nothing more at Crustdata and reads no one again
                assertThat(third.status()).isEqualTo(JobRun.Status.SUCCEEDED);
                assertThat(jdbc.queryForObject("select count(*) from journal where action = 'spend' and connection = 'crustdata'"
                        + " and run_id > ?", Long.class, second.id())).isZero();
                assertThat(engine.getBean(RunStore.class).history("enrich-hubspot", 10)).hasSize(4);
            }
        }
    }

    private static ReviewItem parkedFor(ConfigurableApplicationContext engine, String lookupKey) {
        return engine.getBean(ReviewStore.class).list(ReviewItem.Status.PENDING).stream()
                .filter(item -> item.connection().equals("crustdata") && item.recordKey().equals(lookupKey))
                .findFirst().orElseThrow(() -> new AssertionError("no lookup held back for " + lookupKey + " in "
                        + engine.getBean(ReviewStore.class).list(null)));
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
}
