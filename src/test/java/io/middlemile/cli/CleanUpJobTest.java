package io.middlemile.cli;

import io.middlemile.camel.HubReadConsumer;
import io.middlemile.govern.ActionReport;
import io.middlemile.govern.GovernedActions;
import io.middlemile.govern.PlanFile;
import io.middlemile.govern.PolicyVerdict;
import io.middlemile.govern.WritePlan;
import io.middlemile.sandbox.hubspot.CrmStore;
import io.middlemile.store.JobRun;
import io.middlemile.store.JournalEntry;
import io.middlemile.store.JournalStore;
import io.middlemile.store.RecordOutcome;
import io.middlemile.store.ReviewItem;
import io.middlemile.store.ReviewStore;
import io.middlemile.store.RunStore;
import io.middlemile.testing.SeedContacts;
import io.middlemile.testing.SyncEmulators;
import io.middlemile.testing.SyncWorkspace;
import io.middlemile.testing.TestDatabase;
import io.middlemile.testing.TestHubSpot;
import io.middlemile.testing.TestWorkspaces;
import org.apache.camel.CamelContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.context.ConfigurableApplicationContext;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The clean-up job (hub-read → hub-clean → hub-write on one CRM object) on the sample HubSpot portal: the plan
 * writes nothing, the run writes exactly the fixes (the policy parks country rewrites), its own writes read back
 * as no change, and a rollback puts every value back. Then beside a two-way HubSpot–Salesforce sync: the sync reads
 * the cleaned contacts as changed, finds nothing new to carry, and nothing bounces back. Each scenario runs its jobs in one in-process engine.
 */
class CleanUpJobTest {

    private static final String JOB = "clean-hubspot-contacts";
    private static final String TOKEN = "hubspot-clean-up-token";

    @TempDir
    Path workspace;

    @RegisterExtension
    final TestHubSpot hubspot = new TestHubSpot(TOKEN);

    @RegisterExtension
    final SyncEmulators sync = new SyncEmulators("pat-na1-clean-up-sync", "clean-client", "clean-secret");

    private static HubReadConsumer started(ConfigurableApplicationContext engine, String job) throws Exception {
        CamelContext camel = engine.getBean(CamelContext.class);
        camel.getRouteController().startRoute(job);
        return (HubReadConsumer) camel.getRoute(job).getConsumer();
    }

    /** The bundled workspace with its sample portal: the emulator seeded from samples/hubspot/*.csv. */
    private Map<String, Object> samplePortal() {
        TestWorkspaces.copyBundled(workspace);
        for (String object : List.of("companies", "contacts", "deals")) {
            hubspot.emulator().seedCsv(object, workspace.resolve("samples/hubspot/" + object + ".csv"));
        }
        TestDatabase.fresh();
        return Map.of("middlemile.sandbox.base-url.hubspot-sandbox", hubspot.emulator().baseUrl(),
                "middlemile.sandbox.env.HUBSPOT_SANDBOX_TOKEN", TOKEN);
    }

    private ConfigurableApplicationContext engine(Map<String, Object> properties, Path planFile) {
        return EngineLauncher.start(workspace, true, false, true, planFile, null, properties);
    }

    @Test
    void planThenRunWritesExactlyTheFixesParksCountriesReadsItsOwnWritesBackAsNoChangeAndRollsBack() throws Exception {
        Map<String, Object> properties = samplePortal();
        CrmStore portal = hubspot.emulator().store();
        long bob = portal.idOf("contacts", "email", "bob.mcdonald@acme.com");
        long raj = portal.idOf("contacts", "email", "raj.kumar@globex.io");
        long sue = portal.idOf("contacts", "email", "sue.kim@acme.com");
        Path planFile = workspace.resolve("clean-plan.json");

        try (ConfigurableApplicationContext engine = engine(properties, planFile)) {
            JobRun planned = started(engine, JOB).runJob();
            assertThat(planned.status()).isEqualTo(JobRun.Status.PLANNED);
        }
        WritePlan plan = PlanFile.read(planFile);
        // 8 contacts need a fix: their phone, name and country changes; countries go to review by the sample policy
        assertThat(plan.writes()).hasSize(14);
        assertThat(plan.writes()).filteredOn(w -> w.decision() == PolicyVerdict.Kind.REVIEW)
                .allSatisfy(w -> assertThat(w.after()).containsOnlyKeys("country")).hasSize(6);
        assertThat(plan.writes()).filteredOn(w -> w.key().equals(Long.toString(raj)))
                .extracting(w -> w.after()).contains(Map.of("phone", "+49301234567", "lastname", "Kumar"));
        assertThat(plan.writes()).noneMatch(w -> w.key().equals(Long.toString(sue)));
        assertThat(portal.get("contacts", bob)).containsEntry("phone", "(415) 555-0134"); // the plan wrote nothing

        try (ConfigurableApplicationContext engine = engine(properties, null)) {
            HubReadConsumer clean = started(engine, JOB);
            JobRun run = clean.runJob();

            assertThat(run.status()).isEqualTo(JobRun.Status.SUCCEEDED);
            assertThat(run.read()).isEqualTo(11);
            assertThat(run.written()).isEqualTo(8);
            assertThat(portal.get("contacts", bob)).containsEntry("phone", "+14155550134").containsEntry("country", "United States");
            assertThat(portal.get("contacts", raj)).containsEntry("phone", "+49301234567").containsEntry("lastname", "Kumar");
            assertThat(portal.get("contacts", sue)).containsEntry("phone", "+14155550111");
            List<ReviewItem> parked = engine.getBean(ReviewStore.class).list(ReviewItem.Status.PENDING);
            assertThat(parked).hasSize(6).allSatisfy(item -> assertThat(item.after()).containsOnlyKeys("country"))
                    .allSatisfy(item -> assertThat(item.reason()).contains("countries: country"));
            // the journal holds each write with its before-image, and the run's outcome names the rule that fixed it
            List<JournalEntry> journal = engine.getBean(JournalStore.class).ofRun(run.id());
            assertThat(journal).anySatisfy(entry -> {
                assertThat(entry.recordKey()).isEqualTo(Long.toString(raj));
                assertThat(entry.before()).containsEntry("phone", "+49 30 1234567").containsEntry("lastname", "KUMAR");
                // the record's whole fix: its country part waits for review beside it
                assertThat(entry.reason()).isEqualTo("hygiene/hubspot-contacts.yaml: phones: phone \"+49 30 1234567\" → \"+49301234567\";"
                        + " countries: country \"Germany\" → \"DE\"; last-names: lastname \"KUMAR\" → \"Kumar\"");
            });
            assertThat(engine.getBean(RunStore.class).outcomes(run.id(), RecordOutcome.Outcome.WRITTEN))
                    .anySatisfy(outcome -> assertThat(outcome.reason()).contains("phones: phone \"(415) 555-0134\" → \"+14155550134\""));

            // a person approves Bob's country; the next run makes that one write and nothing else
            ReviewItem bobsCountry = parked.stream().filter(item -> item.recordKey().equals(Long.toString(bob))).findFirst().orElseThrow();
            engine.getBean(GovernedActions.class).approve(bobsCountry.id(), "ana@revops", "ISO codes, yes");
            assertThat(portal.get("contacts", bob)).containsEntry("country", "US");

            JobRun again = clean.runJob();

            assertThat(again.status()).isEqualTo(JobRun.Status.SUCCEEDED);
            assertThat(again.written()).as("its own writes read back as no change").isZero();
            assertThat(engine.getBean(ReviewStore.class).list(ReviewItem.Status.PENDING)).hasSize(5); // none parked twice

            ActionReport rolledBack = engine.getBean(GovernedActions.class).rollback(run.id());

            assertThat(portal.get("contacts", bob)).containsEntry("phone", "(415) 555-0134");
            assertThat(portal.get("contacts", raj)).containsEntry("phone", "+49 30 1234567").containsEntry("lastname", "KUMAR");
            assertThat(portal.get("contacts", sue)).containsEntry("phone", "+14155550111");
            // the countries still waiting were parked again by the second run, which still wants them: they are its items now,
            // so rolling back the first run leaves them, and rolling back the second withdraws them
            ReviewStore reviews = engine.getBean(ReviewStore.class);
            assertThat(reviews.list(ReviewItem.Status.PENDING)).hasSize(5).allSatisfy(item -> assertThat(item.runId()).isEqualTo(again.id()));
            assertThat(rolledBack.notes()).noneMatch(note -> note.contains("withdrawn"));
            rolledBack = engine.getBean(GovernedActions.class).rollback(again.id());
            assertThat(reviews.list(ReviewItem.Status.PENDING)).isEmpty();
            assertThat(reviews.list(ReviewItem.Status.WITHDRAWN)).hasSize(5);
            assertThat(rolledBack.notes()).anyMatch(note -> note.startsWith("5 pending reviews of run " + again.id() + " withdrawn: #"));
            assertThat(reviews.find(bobsCountry.id()).orElseThrow().status()).as("decided before: left as it is")
                    .isEqualTo(ReviewItem.Status.APPROVED);
            ReviewItem rajsCountry = parked.stream().filter(item -> item.recordKey().equals(Long.toString(raj))).findFirst().orElseThrow();
            assertThatThrownBy(() -> engine.getBean(GovernedActions.class).approve(rajsCountry.id(), "ana@revops", null))
                    .hasMessageContaining("was withdrawn").hasMessageContaining("by rollback run " + rolledBack.runId())
                    .hasMessageContaining("`middlemile job run " + JOB + " --from-start`");
            assertThat(portal.get("contacts", raj)).containsEntry("country", "Germany");
        }
    }

    @Test
    void aTwoWaySyncBesideTheCleanUpNeitherBouncesItsFixesNorWritesThemAgain() throws Exception {
        sync.start(workspace);
        SyncWorkspace.prepare(workspace, sync.hubspot().baseUrl(), sync.salesforce().baseUrl(), 100);
        // the clean-up on the synced portal itself: same rules as the sample, on connection hubspot
        Files.writeString(workspace.resolve("hygiene/synced-contacts.yaml"), """
                source: hubspot/contacts
                rules:
                  - {name: phones, conformance: {field: phone, standardizer: phone, countryField: country}}
                  - {name: countries, conformance: {field: country, standardizer: country}}
                """);
        Files.writeString(workspace.resolve("routes/clean-synced.camel.yaml"), """
                - route:
                    id: clean-synced
                    autoStartup: false
                    from:
                      uri: hub-read:hubspot/contacts
                      steps:
                        - to: hub-clean:synced-contacts
                        - to: hub-write:hubspot/contacts
                """);
        SeedContacts.Contact national = new SeedContacts.Contact("bob.mcdonald@acme.com", "Bob", "McDonald", "(415) 555-0134", "VP Sales",
                "United States");
        sync.seedHubSpotContacts(national, SeedContacts.RAJ);
        TestDatabase.fresh();
        Map<String, Object> properties = new HashMap<>();
        sync.environment().forEach((variable, value) -> properties.put("middlemile.sandbox.env." + variable, value));
        long bob = sync.hubspot().store().idOf("contacts", "email", "bob.mcdonald@acme.com");

        try (ConfigurableApplicationContext engine = engine(properties, null)) {
            HubReadConsumer toSalesforce = started(engine, SyncWorkspace.JOB);
            HubReadConsumer toHubSpot = started(engine, SyncWorkspace.BACK);
            HubReadConsumer clean = started(engine, "clean-synced");
            assertThat(toSalesforce.runJob().written()).isEqualTo(2);
            toHubSpot.runJob();
            String bobInSalesforce = sync.salesforceId("bob.mcdonald@acme.com");

            JobRun cleaned = clean.runJob();
            assertThat(cleaned.written()).isEqualTo(2); // Bob's phone and country, Raj's country
            assertThat(sync.hubspot().store().get("contacts", bob)).containsEntry("phone", "+14155550134").containsEntry("country", "US");

            // two rounds of the sync both ways, and the clean-up again: the fix stays, and nothing is written twice
            long journaled = journalSize(engine);
            List<JobRun> runs = new java.util.ArrayList<>();
            for (int round = 0; round < 2; round++) {
                runs.add(toSalesforce.runJob());
                runs.add(toHubSpot.runJob());
                runs.add(clean.runJob());
            }
            assertThat(runs).allSatisfy(run -> assertThat(run.status()).isEqualTo(JobRun.Status.SUCCEEDED))
                    .allSatisfy(run -> assertThat(run.written()).as(run.job()).isZero());
            // the sync read the cleaned contacts as changed, found their canonical values unchanged, and wrote nothing
            assertThat(runs.get(0).read()).isEqualTo(2);
            assertThat(sync.hubspot().store().get("contacts", bob)).containsEntry("phone", "+14155550134").containsEntry("country", "US");
            assertThat(sync.salesforce().store().get("Contact", bobInSalesforce)).containsEntry("Phone", "+14155550134");
            assertThat(journalSize(engine)).as("no write bounced between the jobs").isEqualTo(journaled);
        }
    }

    private static long journalSize(ConfigurableApplicationContext engine) {
        return engine.getBean(org.springframework.jdbc.core.JdbcTemplate.class).queryForObject("SELECT count(*) FROM journal", Long.class);
    }
}
