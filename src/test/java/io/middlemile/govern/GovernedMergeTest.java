package io.middlemile.govern;

import io.middlemile.connector.Cursor;
import io.middlemile.connector.SourcePage;
import io.middlemile.connector.SourceRecord;
import io.middlemile.connector.WriteOutcome;
import io.middlemile.connector.hubspot.HubSpotConnector;
import io.middlemile.connector.hubspot.HubSpotSettings;
import io.middlemile.sandbox.hubspot.HubSpotEmulator;
import io.middlemile.store.JobRun;
import io.middlemile.store.JournalEntry;
import io.middlemile.store.JournalStore;
import io.middlemile.store.ReviewItem;
import io.middlemile.store.ReviewStore;
import io.middlemile.store.RunStore;
import io.middlemile.testing.TestEngine;
import io.middlemile.testing.TestHubSpot;
import io.middlemile.workspace.AuthConfig;
import io.middlemile.workspace.ConnectorConfig;
import io.middlemile.workspace.ObjectConfig;
import io.middlemile.workspace.PolicyConfig;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Merges go through the governed write path: policy by confidence, journal snapshots, review, and undo by re-creation. */
class GovernedMergeTest {

    private static final String TOKEN = "pat-na1-merge-test";

    @RegisterExtension
    static final TestEngine engine = new TestEngine();

    @RegisterExtension
    final TestHubSpot hubspot = new TestHubSpot(TOKEN);

    private HubSpotEmulator emulator;
    private ConnectorConfig config;

    @BeforeEach
    void seed(@TempDir Path dir) throws IOException {
        emulator = hubspot.emulator();
        Path csv = dir.resolve("contacts.csv");
        Files.writeString(csv, "email,firstname,lastname\nann.lee@acme.com,Ann,Lee\nann@acme.com,Annie,Lee\nbo@globex.io,Bo,Diddley\n");
        emulator.seedCsv("contacts", csv);
    }

    private Governance governance(PolicyConfig policy) {
        config = new ConnectorConfig("hubspot", "hubspot", null, null, emulator.baseUrl(),
                new AuthConfig("bearer-token", "${HUBSPOT_TOKEN}", null, null, null, null, null, null, null),
                Map.of("contacts", new ObjectConfig("hs_object_id", "lastmodifieddate",
                        List.of("hs_object_id", "email", "firstname", "lastname", "lastmodifieddate"))), policy);
        return TestGovernance.over(engine, config);
    }

    private HubSpotConnector connector() {
        return new HubSpotConnector("hubspot", config, Map.of("HUBSPOT_TOKEN", TOKEN),
                HubSpotSettings.defaults(emulator.baseUrl()).withRequestsPer10s(1_000_000).withSearchPerSecond(100_000));
    }

    /** Every live contact, as the connector reads them. */
    private List<SourceRecord> live() {
        List<SourceRecord> live = new java.util.ArrayList<>();
        try (HubSpotConnector reader = connector()) {
            Cursor cursor = Cursor.START;
            SourcePage page;
            do {
                page = reader.readChanges("contacts", cursor, 100);
                page.records().stream().filter(record -> !"true".equals(String.valueOf(record.fields().get("__archived"))))
                        .forEach(live::add);
                cursor = page.next();
            } while (!page.last());
        }
        return live;
    }

    /** email → id of every live contact. */
    private Map<String, String> contacts() {
        Map<String, String> byEmail = new LinkedHashMap<>();
        live().forEach(record -> byEmail.put(String.valueOf(record.fields().get("email")), record.ref().sourceId()));
        return byEmail;
    }

    /** Ids of the live contacts named McDonald. */
    private List<String> mcDonalds() {
        return live().stream().filter(record -> "McDonald".equals(record.fields().get("lastname")))
                .map(record -> record.ref().sourceId()).toList();
    }

    @Test
    @SuppressWarnings("unchecked")
    void aMergeIsJournaledWithSnapshotsAndRollbackReCreatesTheMergedRecord() {
        Governance governance = governance(PolicyConfig.allowAll());
        Map<String, String> before = contacts();
        String primary = before.get("ann.lee@acme.com");
        String duplicate = before.get("ann@acme.com");
        JobRun run = engine.bean(RunStore.class).start("dedupe:contacts", "hubspot", "contacts", "test");
        GovernedWrites writes = governance.open(run, name -> connector(), GovernedWrites.Mode.EXECUTE, false);

        List<WriteOutcome> merged = writes.merge("hubspot", "contacts", primary, List.of(duplicate), 0.995);

        assertThat(merged).singleElement().satisfies(outcome -> assertThat(outcome.status()).isEqualTo(WriteOutcome.Status.WRITTEN));
        assertThat(contacts()).doesNotContainKey("ann@acme.com").containsKey("ann.lee@acme.com");
        JournalEntry entry = engine.bean(JournalStore.class).ofRun(run.id()).get(0);
        assertThat(entry.action()).isEqualTo("merge");
        assertThat(entry.result()).isEqualTo(JournalEntry.Result.APPLIED);
        assertThat((Map<String, Object>) entry.before().get("record")).containsEntry("email", "ann@acme.com").containsEntry("firstname", "Annie");
        assertThat((Map<String, Object>) entry.before().get("primary")).containsEntry("firstname", "Ann");

        GovernedActions actions = new GovernedActions(governance, name -> connector());
        assertThat(actions.rollbackPlan(run.id())).singleElement().satisfies(step -> {
            assertThat(step.action()).isEqualTo(GovernedActions.RollbackStep.Action.RECREATE);
            assertThat(step.restore()).containsEntry("email", "ann@acme.com").containsEntry("firstname", "Annie")
                    .doesNotContainKey("hs_object_id");
            assertThat(step.problem()).contains("gets a new id");
        });
        // HubSpot keeps the merged-away address on the survivor: no new contact can take it until a person removes it there
        ActionReport refused = actions.rollback(run.id());
        assertThat(refused.written()).isZero();
        assertThat(String.join("\n", refused.refused())).contains("Contact already exists. Existing ID: " + primary);
        assertThat(contacts()).doesNotContainKey("ann@acme.com");

        assertThat(emulator.store().removeAdditionalEmail(Long.parseLong(primary), "ann@acme.com")).isTrue();
        ActionReport undone = actions.rollback(run.id());

        assertThat(undone.written()).isEqualTo(1);
        assertThat(undone.notes()).singleElement().asString().contains("re-created as a new record");
        Map<String, String> after = contacts();
        assertThat(after).containsKeys("ann@acme.com", "ann.lee@acme.com", "bo@globex.io");
        assertThat(after.get("ann@acme.com")).isNotEqualTo(duplicate);
    }

    @Test
    void rollbackReCreatesAMergedAwayContactWithoutAnEmailAsANewRecordAndNamesIt(@TempDir Path dir) throws IOException {
        Path csv = dir.resolve("more.csv");
        Files.writeString(csv, "email,firstname,lastname\n,Bob,McDonald\nbob@acme.com,Bob,McDonald\n");
        emulator.seedCsv("contacts", csv);
        Governance governance = governance(PolicyConfig.allowAll());
        String primary = contacts().get("bob@acme.com");
        String duplicate = mcDonalds().stream().filter(id -> !id.equals(primary)).findFirst().orElseThrow();
        JobRun run = engine.bean(RunStore.class).start("dedupe:contacts", "hubspot", "contacts", "test");
        GovernedWrites writes = governance.open(run, name -> connector(), GovernedWrites.Mode.EXECUTE, false);
        assertThat(writes.merge("hubspot", "contacts", primary, List.of(duplicate), 0.995)).singleElement()
                .satisfies(outcome -> assertThat(outcome.status()).isEqualTo(WriteOutcome.Status.WRITTEN));

        ActionReport undone = new GovernedActions(governance, name -> connector()).rollback(run.id());

        // created, not upserted by a made-up key sent as the email (which HubSpot refused as an invalid address)
        assertThat(undone.refused()).isEmpty();
        assertThat(undone.complete()).isTrue();
        assertThat(undone.written()).isEqualTo(1);
        List<String> bobs = mcDonalds();
        assertThat(bobs).hasSize(2).contains(primary).doesNotContain(duplicate);
        String recreated = bobs.stream().filter(id -> !id.equals(primary)).findFirst().orElseThrow();
        assertThat(undone.notes()).singleElement().asString().contains("re-created as a new record")
                .contains("its new id: " + recreated);
        assertThat(contacts().keySet()).noneMatch(email -> email.contains("recreated"));
    }

    @Test
    void aDedupePlanMergesDuplicatesInsideTheCrmThroughTheWritePath(@TempDir Path dir) throws Exception {
        Path csv = dir.resolve("more.csv");
        Files.writeString(csv, "email,firstname,lastname\nbob.mcdonald@acme.com,Robert,McDonald\nbob.mcdonlad@acme.com,Bob,McDonald\n"
                + "carla@initech.com,Carla,Ruiz\n");
        Governance governance = governance(PolicyConfig.allowAll());
        // the emulator refuses a second contact with the same email, like HubSpot; a mistyped copy is what real portals hold
        emulator.seedCsv("contacts", csv);
        io.middlemile.workspace.MappingConfig mapping = new com.fasterxml.jackson.databind.ObjectMapper(
                new com.fasterxml.jackson.dataformat.yaml.YAMLFactory()).readValue("""
                connector: hubspot
                object: contacts
                entity: person
                fields:
                  - {canonical: email, source: email, transform: [email]}
                  - {canonical: firstName, source: firstname, transform: [first-name]}
                  - {canonical: lastName, source: lastname, transform: [last-name]}
                """, io.middlemile.workspace.MappingConfig.class).withId("hubspot-contacts");
        io.middlemile.workspace.DedupeConfig rules = new com.fasterxml.jackson.databind.ObjectMapper(
                new com.fasterxml.jackson.dataformat.yaml.YAMLFactory()).readValue("""
                entity: person
                sources: [hubspot-contacts]
                blocking: [[lastName]]
                comparisons:
                  - {field: email, method: email}
                  - {field: firstName, method: first-name}
                  - {field: lastName, method: last-name}
                thresholds: {autoMerge: 0.95, review: 0.5}
                """, io.middlemile.workspace.DedupeConfig.class).withId("contacts");
        io.middlemile.dedupe.DedupeResult result;
        try (HubSpotConnector reader = connector()) {
            io.middlemile.sync.MappedSource source = new io.middlemile.sync.MappedSource(reader, "contacts",
                    new io.middlemile.mapping.Mapper(mapping, config.object("contacts")));
            result = new io.middlemile.dedupe.DedupeEngine(io.middlemile.dedupe.DedupeRules.from(rules))
                    .run(source.unmapped(), source::map, null);
        }
        io.middlemile.dedupe.MergeRequests requests = io.middlemile.dedupe.MergeRequests.from(result.plan());
        assertThat(requests.links()).isEmpty();
        assertThat(requests.merges()).isNotEmpty();

        ActionReport report = new GovernedActions(governance, name -> connector()).merge("dedupe:contacts", requests.merges());

        long merged = requests.merges().stream().filter(r -> !r.reviewOnly()).count();
        assertThat(report.written()).isEqualTo(merged);
        Map<String, String> left = contacts();
        assertThat(left).containsKey("carla@initech.com");
        assertThat(left.keySet().stream().filter(email -> email.startsWith("bob.mcdon")).count())
                .as(result.plan().merges() + " / " + result.plan().reviews()).isEqualTo(1);
        assertThat(left).containsKey("bo@globex.io");
        assertThat(engine.bean(ReviewStore.class).list(ReviewItem.Status.PENDING).stream().filter(item -> item.action().equals("merge")).count())
                .isGreaterThanOrEqualTo(requests.merges().stream().filter(GovernedActions.MergeRequest::reviewOnly).count());
    }

    @Test
    void aLowConfidenceMergeWaitsForReviewAndApprovalMergesIt() {
        Governance governance = governance(new PolicyConfig("auto", List.of(new PolicyConfig.Rule(null, null, "merge", null, null, 0.98, "review")),
                List.of()));
        Map<String, String> before = contacts();
        JobRun run = engine.bean(RunStore.class).start("dedupe:contacts", "hubspot", "contacts", "test");
        GovernedWrites writes = governance.open(run, name -> connector(), GovernedWrites.Mode.EXECUTE, false);

        List<WriteOutcome> parked = writes.merge("hubspot", "contacts", before.get("ann.lee@acme.com"), List.of(before.get("ann@acme.com")), 0.9);

        assertThat(parked).singleElement().satisfies(outcome -> {
            assertThat(outcome.status()).isEqualTo(WriteOutcome.Status.SKIPPED);
            assertThat(outcome.reason()).contains("waiting for review").contains("confidenceBelow=0.98");
        });
        assertThat(contacts()).containsKey("ann@acme.com");
        long review = engine.bean(ReviewStore.class).list(ReviewItem.Status.PENDING).stream()
                .filter(item -> item.action().equals("merge") && item.recordKey().equals(before.get("ann@acme.com"))).findFirst()
                .orElseThrow().id();

        ActionReport approved = new GovernedActions(governance, name -> connector()).approve(review, "ana", "same person");

        assertThat(approved.written()).isEqualTo(1);
        assertThat(contacts()).doesNotContainKey("ann@acme.com");
    }
}
