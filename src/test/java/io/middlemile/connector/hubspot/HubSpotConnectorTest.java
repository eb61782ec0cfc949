package io.middlemile.connector.hubspot;

import io.middlemile.connector.ConnectorException;
import io.middlemile.connector.ConnectorException.Kind;
import io.middlemile.connector.Cursor;
import io.middlemile.connector.SourcePage;
import io.middlemile.connector.SourceRecord;
import io.middlemile.connector.TargetRecord;
import io.middlemile.connector.WriteOutcome;
import io.middlemile.model.SourceRef;
import io.middlemile.sandbox.hubspot.EmulatorSettings;
import io.middlemile.sandbox.hubspot.HubSpotEmulator;
import io.middlemile.sandbox.hubspot.PropertyDefinition;
import io.middlemile.workspace.ConnectorConfig;
import io.middlemile.workspace.ObjectConfig;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;

import static io.middlemile.connector.ConnectorContractTestAccess.readAll;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** HubSpot-specific behaviour of the connector against the emulator. */
class HubSpotConnectorTest {

    @Test
    void reanchorsInsteadOfPagingIntoTheSearchResultCap() throws Exception {
        try (HubSpotEmulator emulator = HubSpotEmulator.start(EmulatorSettings.defaults(HubSpotTestSupport.TOKEN)
                .withBurst(100_000, 10_000).withSearchPerSecond(100_000).withSearchResultCap(100), 0)) {
            HubSpotTestSupport.seed(emulator, 450, 150);
            // A client that pages one query with `after` hits the cap, as on HubSpot past 10,000.
            HttpResponse<String> capped = post(emulator, "/crm/v3/objects/contacts/search", "{\"limit\":50,\"after\":\"100\"}");
            assertThat(capped.statusCode()).isEqualTo(400);
            List<String> ids = readAll(HubSpotTestSupport.connector(emulator), "contacts", Cursor.START, 120, new ArrayList<>());
            assertThat(ids).hasSize(450);
            assertThat(new HashSet<>(ids)).hasSize(450);
        }
    }

    @Test
    void readsPastTheReal10000ResultCap() {
        try (HubSpotEmulator emulator = HubSpotTestSupport.emulator()) {
            HubSpotTestSupport.seed(emulator, 10_500, 300);
            long started = System.nanoTime();
            List<String> ids = readAll(HubSpotTestSupport.connector(emulator), "contacts", Cursor.START, 1_000, new ArrayList<>());
            assertThat(ids).hasSize(10_500);
            assertThat(new HashSet<>(ids)).hasSize(10_500);
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(20));
        }
    }

    @Test
    void waitsOutSecondlyRateLimitsAndCountsTheRetries() {
        try (HubSpotEmulator emulator = HubSpotEmulator.start(EmulatorSettings.defaults(HubSpotTestSupport.TOKEN)
                .withBurst(4, 300).withSearchPerSecond(100_000), 0)) {
            HubSpotConnector connector = HubSpotTestSupport.connector(emulator);
            List<WriteOutcome> outcomes = new ArrayList<>();
            for (int i = 0; i < 12; i++) {
                outcomes.addAll(connector.upsert("contacts", List.of(contact("rl" + i + "@example.com", "R" + i))));
            }
            assertThat(outcomes).extracting(WriteOutcome::status).containsOnly(WriteOutcome.Status.WRITTEN);
            assertThat(connector.retryCount()).isGreaterThan(0);
            assertThat(emulator.store().count("contacts")).isEqualTo(12);
        }
    }

    @Test
    void dailyQuotaExhaustedPausesInsteadOfRetrying() {
        try (HubSpotEmulator emulator = HubSpotEmulator.start(EmulatorSettings.defaults(HubSpotTestSupport.TOKEN)
                .withBurst(100_000, 10_000).withDailyLimit(2), 0)) {
            HubSpotConnector connector = HubSpotTestSupport.connector(emulator);
            connector.upsert("contacts", List.of(contact("a@example.com", "A")));
            connector.upsert("contacts", List.of(contact("b@example.com", "B")));
            assertThatThrownBy(() -> connector.upsert("contacts", List.of(contact("c@example.com", "C"))))
                    .isInstanceOfSatisfying(HubSpotCallException.class, e -> {
                        assertThat(e.kind()).isEqualTo(Kind.QUOTA_EXHAUSTED);
                        assertThat(e.resumeAt()).isNotNull();
                        assertThat(e.getMessage()).contains("daily").doesNotContain(HubSpotTestSupport.TOKEN);
                    });
            assertThat(connector.retryCount()).isZero();
        }
    }

    @Test
    void perRecordErrorsComeBackPerRecord() {
        try (HubSpotEmulator emulator = HubSpotTestSupport.emulator()) {
            HubSpotConnector connector = HubSpotTestSupport.connector(emulator);
            List<TargetRecord> batch = List.of(contact("ok1@example.com", "A"),
                    new TargetRecord("contacts", "bad-email", Map.of("email", "not-an-email"), ref("2")),
                    contact("ok2@example.com", "B"),
                    new TargetRecord("contacts", "x@example.com", Map.of("email", "x@example.com", "no_such_prop", "1"), ref("4")));
            List<WriteOutcome> outcomes = connector.upsert("contacts", batch);
            assertThat(outcomes).extracting(WriteOutcome::status).containsExactly(WriteOutcome.Status.WRITTEN,
                    WriteOutcome.Status.REJECTED, WriteOutcome.Status.WRITTEN, WriteOutcome.Status.REJECTED);
            assertThat(outcomes.get(1).reason()).contains("INVALID_EMAIL");
            assertThat(outcomes.get(3).reason()).contains("PROPERTY_DOESNT_EXIST");
            assertThat(emulator.store().count("contacts")).isEqualTo(2);
        }
    }

    @Test
    void updatesByIdReportMissingRecordsPerRecord() {
        try (HubSpotEmulator emulator = HubSpotTestSupport.emulator()) {
            emulator.store().create("contacts", Map.of("email", "known@example.com"));
            HubSpotConnector connector = HubSpotTestSupport.connector(emulator);
            String existing = connector.readChanges("contacts", Cursor.START, 10).records().get(0).ref().sourceId();
            List<WriteOutcome> outcomes = connector.upsert("contacts", List.of(
                    new TargetRecord("contacts", existing, Map.of("hs_object_id", existing, "firstname", "Known"), ref("1")),
                    new TargetRecord("contacts", "999999", Map.of("hs_object_id", "999999", "firstname", "Ghost"), ref("2"))));
            assertThat(outcomes).extracting(WriteOutcome::status).containsExactly(WriteOutcome.Status.WRITTEN, WriteOutcome.Status.REJECTED);
            assertThat(outcomes.get(1).reason()).contains("OBJECT_NOT_FOUND");
        }
    }

    @Test
    void archivedAndMergedRecordsAreSeen() {
        try (HubSpotEmulator emulator = HubSpotTestSupport.emulator()) {
            HubSpotTestSupport.seed(emulator, 5, 0);
            HubSpotConnector connector = HubSpotTestSupport.connector(emulator);
            Cursor cursor = Cursor.START;
            List<SourceRecord> initial = new ArrayList<>();
            SourcePage page;
            do {
                page = connector.readChanges("contacts", cursor, 100);
                initial.addAll(page.records());
                cursor = page.next();
            } while (!page.last());
            assertThat(initial).hasSize(5);
            String primary = initial.get(0).ref().sourceId();
            String mergedAway = initial.get(1).ref().sourceId();
            String archived = initial.get(2).ref().sourceId();

            emulator.clock().advance(Duration.ofSeconds(1));
            assertThat(connector.merge("contacts", primary, mergedAway).targetId()).isEqualTo(primary);
            assertThat(connector.archive("contacts", List.of(archived))).hasSize(1);

            List<SourceRecord> changes = new ArrayList<>();
            Cursor next = cursor;
            do {
                page = HubSpotTestSupport.connector(emulator).readChanges("contacts", next, 100);
                changes.addAll(page.records());
                next = page.next();
            } while (!page.last());
            assertThat(changes).extracting(r -> r.ref().sourceId()).containsExactlyInAnyOrder(primary, archived);
            SourceRecord survivor = changes.stream().filter(r -> r.ref().sourceId().equals(primary)).findFirst().orElseThrow();
            assertThat(survivor.fields().get(HubSpotConnector.MERGED_IDS_FIELD)).isEqualTo(List.of(mergedAway));
            SourceRecord bin = changes.stream().filter(r -> r.ref().sourceId().equals(archived)).findFirst().orElseThrow();
            assertThat(bin.fields().get(HubSpotConnector.ARCHIVED_FIELD)).isEqualTo(true);

            // The next run neither repeats the archived record nor the merge.
            SourcePage again = HubSpotTestSupport.connector(emulator).readChanges("contacts", next, 100);
            while (!again.last()) {
                assertThat(again.records()).isEmpty();
                again = HubSpotTestSupport.connector(emulator).readChanges("contacts", again.next(), 100);
            }
            assertThat(again.records()).isEmpty();
        }
    }

    @Test
    void describeListsEveryCapabilityTheConnectorImplements() throws ClassNotFoundException {
        try (HubSpotEmulator emulator = HubSpotTestSupport.emulator()) {
            HubSpotConnector connector = HubSpotTestSupport.connector(emulator);
            List<String> capabilities = connector.describe().capabilities();

            assertThat(capabilities).containsExactly("Archiver", "ChangeSource", "CurrentState", "Lookup", "Merger", "RecordSink", "UserDirectory");
            // each name is a capability a route can really look up on this connector
            for (String name : capabilities) {
                assertThat(connector.capability(Class.forName("io.middlemile.connector." + name))).as(name).isPresent();
            }
            assertThat(connector.describe().type()).isEqualTo("hubspot");
        }
    }

    @Test
    void describeDiscoversCustomProperties() {
        try (HubSpotEmulator emulator = HubSpotTestSupport.emulator()) {
            emulator.store().createProperty("contacts", PropertyDefinition.custom("loyalty_tier", "Loyalty tier", "string"));
            HubSpotConnector connector = HubSpotTestSupport.connector(emulator);
            assertThat(connector.describe().objects().get("contacts")).contains("loyalty_tier", "email", "lastmodifieddate");
            assertThat(connector.properties("contacts")).anySatisfy(p -> {
                assertThat(p.name()).isEqualTo("loyalty_tier");
                assertThat(p.hubspotDefined()).isFalse();
            });
        }
    }

    @Test
    void badTokenIsAnAuthFailureThatNamesNoSecret() {
        try (HubSpotEmulator emulator = HubSpotTestSupport.emulator()) {
            HubSpotConnector connector = new HubSpotConnector("hubspot-test", HubSpotTestSupport.config(emulator.baseUrl()),
                    Map.of("HUBSPOT_TOKEN", "pat-na1-wrong-secret"), HubSpotTestSupport.fastSettings(emulator));
            assertThat(connector.check().healthy()).isFalse();
            assertThat(connector.check().message()).contains("401").doesNotContain("pat-na1-wrong-secret");
            assertThatThrownBy(() -> connector.readChanges("contacts", Cursor.START, 10))
                    .isInstanceOfSatisfying(ConnectorException.class, e -> assertThat(e.kind()).isEqualTo(Kind.AUTH));
            assertThat(connector.toString()).doesNotContain("pat-na1-wrong-secret");
            assertThatThrownBy(() -> new HubSpotConnector("hubspot-test", HubSpotTestSupport.config(emulator.baseUrl()), Map.of()))
                    .hasMessageContaining("HUBSPOT_TOKEN");
        }
    }

    private static TargetRecord contact(String email, String firstname) {
        return new TargetRecord("contacts", email, Map.of("email", email, "firstname", firstname), ref(email));
    }

    private static SourceRef ref(String id) {
        return new SourceRef("legacy", "contacts", id);
    }

    @Test
    void findsByANonUniquePropertyThroughSearchBecauseBatchReadTakesOnlyUniqueOnes() throws Exception {
        try (HubSpotEmulator emulator = HubSpotTestSupport.emulator()) {
            emulator.store().create("companies", Map.of("name", "Acme Corp", "domain", "acme.com"));
            emulator.store().create("companies", Map.of("name", "Acme Corporation", "domain", "acme.com"));
            emulator.store().create("companies", Map.of("name", "Globex", "domain", "globex.io"));
            long oldestAcme = emulator.store().idOf("companies", "domain", "acme.com");

            HttpResponse<String> refused = post(emulator, "/crm/v3/objects/companies/batch/read",
                    "{\"idProperty\":\"domain\",\"inputs\":[{\"id\":\"acme.com\"}],\"properties\":[\"domain\"]}");
            ConnectorConfig config = new ConnectorConfig("hubspot-test", "hubspot", null, null, emulator.baseUrl(),
                    HubSpotTestSupport.config(emulator.baseUrl()).auth(), Map.of("companies", new ObjectConfig("hs_object_id",
                    "hs_lastmodifieddate", List.of("hs_object_id", "name", "domain", "hs_lastmodifieddate"))), null);
            Map<String, String> found = new HubSpotConnector("hubspot-test", config, Map.of("HUBSPOT_TOKEN", HubSpotTestSupport.TOKEN),
                    HubSpotTestSupport.fastSettings(emulator)).find("companies", "domain", List.of("ACME.com", "globex.io", "initech.com"));

            assertThat(refused.statusCode()).isEqualTo(400);
            assertThat(refused.body()).contains("unique values");
            assertThat(found).containsOnlyKeys("ACME.com", "globex.io").containsEntry("ACME.com", String.valueOf(oldestAcme));
        }
    }

    private static HttpResponse<String> post(HubSpotEmulator emulator, String path, String body) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(emulator.baseUrl() + path))
                .header("Authorization", "Bearer " + HubSpotTestSupport.TOKEN).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
