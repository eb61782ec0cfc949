package io.middlemile.connector.salesforce;

import io.middlemile.connector.ConnectorContractTestAccess;
import io.middlemile.connector.ConnectorException;
import io.middlemile.connector.Cursor;
import io.middlemile.connector.SourcePage;
import io.middlemile.connector.SourceRecord;
import io.middlemile.connector.TargetRecord;
import io.middlemile.connector.WriteOutcome;
import io.middlemile.model.SourceRef;
import io.middlemile.sandbox.salesforce.SalesforceEmulator;
import io.middlemile.sandbox.salesforce.SalesforceEmulatorSettings;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static io.middlemile.connector.salesforce.SalesforceTestSupport.CLIENT_ID;
import static io.middlemile.connector.salesforce.SalesforceTestSupport.CLIENT_SECRET;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SalesforceConnectorTest {

    private SalesforceEmulator emulator;

    @AfterEach
    void stop() {
        if (emulator != null) {
            emulator.stop();
        }
    }

    private SalesforceEmulator start(SalesforceEmulatorSettings settings) {
        emulator = SalesforceTestSupport.emulator(settings);
        return emulator;
    }

    private SalesforceEmulator start() {
        return start(SalesforceEmulatorSettings.defaults(CLIENT_ID, CLIENT_SECRET));
    }

    @Test
    void pagesAcrossManyRecordsSharingOneSystemModstampThroughNextRecordsUrl() {
        start(SalesforceEmulatorSettings.defaults(CLIENT_ID, CLIENT_SECRET).withQueryBatchSize(7));
        SalesforceTestSupport.seedContacts(emulator, 300, 300);
        List<String> ids = ConnectorContractTestAccess.readAll(SalesforceTestSupport.connector(emulator), "Contact", Cursor.START, 100, new ArrayList<>());
        assertThat(ids).hasSize(300);
        assertThat(new HashSet<>(ids)).hasSize(300);
        assertThat(emulator.requestCount("GET query more")).isGreaterThan(0);
    }

    @Test
    void resumesFromAStoredCursorWithANewInstance() {
        start();
        SalesforceTestSupport.seedContacts(emulator, 25, 25);
        SourcePage first = SalesforceTestSupport.connector(emulator).readChanges("Contact", Cursor.START, 10);
        assertThat(first.next().value()).contains("\"ts\":\"2024-03-01T09:00:00Z\"").contains("\"id\":\"003");
        List<String> ids = new ArrayList<>(first.records().stream().map(r -> r.ref().sourceId()).toList());
        ConnectorContractTestAccess.readAll(SalesforceTestSupport.connector(emulator), "Contact", new Cursor(first.next().value()), 10, ids);
        assertThat(ids).hasSize(25).doesNotHaveDuplicates();
    }

    @Test
    void deletesAndMergesAreReadThroughQueryAll() {
        start();
        SalesforceTestSupport.seedContacts(emulator, 5, 0);
        SalesforceConnector connector = SalesforceTestSupport.connector(emulator);
        SourcePage all = connector.readChanges("Contact", Cursor.START, 100);
        List<String> ids = all.records().stream().map(r -> r.ref().sourceId()).toList();
        emulator.clock().advance(Duration.ofSeconds(10));
        emulator.store().delete("Contact", ids.get(0));
        emulator.store().merge("Contact", ids.get(2), List.of(ids.get(3), ids.get(4)));

        SourcePage changes = connector.readChanges("Contact", all.next(), 100);
        Map<String, SourceRecord> byId = changes.records().stream().collect(Collectors.toMap(r -> r.ref().sourceId(), r -> r));
        assertThat(byId).containsOnlyKeys(ids.get(0), ids.get(2), ids.get(3), ids.get(4));
        assertThat(byId.get(ids.get(0)).fields()).containsEntry(SalesforceConnector.DELETED_FIELD, true).doesNotContainKey(SalesforceConnector.MERGED_INTO_FIELD);
        assertThat(byId.get(ids.get(3)).fields()).containsEntry(SalesforceConnector.DELETED_FIELD, true)
                .containsEntry(SalesforceConnector.MERGED_INTO_FIELD, ids.get(2));
        assertThat(byId.get(ids.get(4)).fields()).containsEntry(SalesforceConnector.MERGED_INTO_FIELD, ids.get(2));
        assertThat(byId.get(ids.get(2)).fields()).doesNotContainKey(SalesforceConnector.DELETED_FIELD);
        assertThat(changes.last()).isTrue();
    }

    @Test
    void dailyLimitExceededIsQuotaExhaustedNotAFailure() {
        start(SalesforceEmulatorSettings.defaults(CLIENT_ID, CLIENT_SECRET).withDailyApiLimit(50));
        SalesforceTestSupport.seedContacts(emulator, 3, 3);
        emulator.setApiUsage(50);
        SalesforceConnector connector = SalesforceTestSupport.connector(emulator);
        assertThatThrownBy(() -> connector.readChanges("Contact", Cursor.START, 10))
                .isInstanceOfSatisfying(ConnectorException.class, e -> {
                    assertThat(e.kind()).isEqualTo(ConnectorException.Kind.QUOTA_EXHAUSTED);
                    assertThat(e.getMessage()).contains("REQUEST_LIMIT_EXCEEDED").contains("daily API request allocation");
                });
        assertThat(connector.retryCount()).isZero();
        assertThat(connector.apiUsage()).isEqualTo(new ApiUsage(50, 50));
    }

    @Test
    void stopsAtTheShareReservedForPeople() {
        start(SalesforceEmulatorSettings.defaults(CLIENT_ID, CLIENT_SECRET).withDailyApiLimit(100));
        SalesforceTestSupport.seedContacts(emulator, 3, 3);
        emulator.setApiUsage(89);
        SalesforceConnector connector = SalesforceTestSupport.connector(emulator);
        connector.readChanges("Contact", Cursor.START, 10); // the 90th request: allowed, reports api-usage=90/100
        assertThat(connector.apiUsage().remaining()).isEqualTo(10);
        assertThatThrownBy(() -> connector.readChanges("Contact", Cursor.START, 10))
                .isInstanceOfSatisfying(ConnectorException.class, e -> assertThat(e.kind()).isEqualTo(ConnectorException.Kind.QUOTA_EXHAUSTED));
        assertThat(emulator.apiUsage()).as("the refused call was never sent").isEqualTo(90);
    }

    @Test
    void expiredSessionIsRefreshedAndTheCallRetriedOnce() {
        start();
        SalesforceTestSupport.seedContacts(emulator, 4, 4);
        SalesforceConnector connector = SalesforceTestSupport.connector(emulator);
        assertThat(connector.readChanges("Contact", Cursor.START, 10).records()).hasSize(4);
        emulator.expireSessions();
        assertThat(connector.readChanges("Contact", Cursor.START, 10).records()).hasSize(4);
        assertThat(connector.tokenRequests()).isEqualTo(2);
        assertThat(emulator.tokenRequests()).isEqualTo(2);
    }

    @Test
    void serverErrorsAreRetriedAndInvalidRequestsAreNot() {
        start();
        SalesforceTestSupport.seedContacts(emulator, 2, 2);
        SalesforceConnector connector = SalesforceTestSupport.connector(emulator);
        emulator.failNext(1, 500);
        assertThat(connector.readChanges("Contact", Cursor.START, 10).records()).hasSize(2);
        assertThat(connector.retryCount()).isEqualTo(1);

        emulator.failNext(5, 503);
        assertThatThrownBy(() -> connector.readChanges("Contact", Cursor.START, 10))
                .isInstanceOfSatisfying(ConnectorException.class, e -> assertThat(e.kind()).isEqualTo(ConnectorException.Kind.RATE_LIMITED));
        emulator.failNext(0, 503);
        long retries = connector.retryCount();
        assertThatThrownBy(() -> connector.readChanges("Contact", new Cursor("{\"ts\":\"2024-03-01T09:00:00Z\",\"id\":\"003'--\"}"), 10))
                .isInstanceOf(ConnectorException.class);
        assertThat(connector.retryCount()).as("invalid input is not retried").isEqualTo(retries);
    }

    @Test
    void perRecordErrorsInsideA200RecordCollection() {
        start();
        SalesforceConnector connector = SalesforceTestSupport.connector(emulator);
        List<TargetRecord> batch = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            Map<String, Object> fields = i % 70 == 5 ? Map.of("LastName", "NoCompany" + i) : Map.of("LastName", "L" + i, "Company", "Co " + i);
            batch.add(new TargetRecord("Lead", "new-" + i, fields, new SourceRef("csv", "leads", "r" + i)));
        }
        List<WriteOutcome> outcomes = connector.upsert("Lead", batch);
        assertThat(outcomes).hasSize(200);
        List<Integer> rejected = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            if (outcomes.get(i).status() == WriteOutcome.Status.REJECTED) {
                rejected.add(i);
                assertThat(outcomes.get(i).reason()).contains("REQUIRED_FIELD_MISSING").contains("Company");
            }
        }
        assertThat(rejected).containsExactly(5, 75, 145);
        assertThat(emulator.store().count("Lead")).isEqualTo(197);
        assertThat(emulator.requestCount("POST composite/sobjects")).isEqualTo(1);
    }

    @Test
    void moreThan200RecordsAreRefusedBeforeSending() {
        start();
        // With Bulk API 2.0 ingest off, a batch is one sObject Collections call (with it on, see SalesforceBulkTest).
        SalesforceConnector connector = SalesforceTestSupport.connector(emulator, SalesforceTestSupport.settings(emulator)
                .withBulk(io.middlemile.workspace.SalesforceBulk.off()));
        List<TargetRecord> batch = new ArrayList<>();
        for (int i = 0; i < 201; i++) {
            batch.add(new TargetRecord("Lead", "n" + i, Map.of("LastName", "L", "Company", "C"), new SourceRef("csv", "leads", "r" + i)));
        }
        assertThat(connector.maxBatchSize()).isEqualTo(200);
        assertThatThrownBy(() -> connector.upsert("Lead", batch)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at most 200");
    }

    @Test
    void currentStateReturnsTheFieldsSalesforceHoldsNow() {
        start();
        SalesforceTestSupport.seedLeads(emulator, 3);
        List<String> ids = emulator.store().all("Lead").stream().map(r -> (String) r.get("Id")).toList();
        emulator.store().update("Lead", ids.get(1), Map.of("Status", "Working - Contacted"));
        emulator.store().delete("Lead", ids.get(2));
        SalesforceConnector connector = SalesforceTestSupport.connector(emulator);

        String id15 = ids.get(0).substring(0, 15);
        Map<String, Map<String, Object>> current = connector.current("Lead", List.of(id15, ids.get(1), ids.get(2), "not-an-id"));
        assertThat(current).containsOnlyKeys(id15, ids.get(1));
        assertThat(current.get(id15)).containsEntry("LastName", "Lead0").containsEntry("Company", "Acme 0");
        assertThat(current.get(ids.get(1))).containsEntry("Status", "Working - Contacted");

        SalesforceTestSupport.seedContacts(emulator, 2, 2);
        assertThat(connector.current("Contact", List.of("seed-1", "missing")).get("seed-1")).containsEntry("LastName", "Person1");
    }

    @Test
    void replayingAnUpdateBatchByIdIsIdempotent() {
        start();
        SalesforceTestSupport.seedLeads(emulator, 30);
        List<String> ids = emulator.store().all("Lead").stream().map(r -> (String) r.get("Id")).toList();
        SalesforceConnector connector = SalesforceTestSupport.connector(emulator);
        List<TargetRecord> batch = new ArrayList<>();
        for (int i = 0; i < ids.size(); i++) {
            batch.add(new TargetRecord("Lead", ids.get(i), Map.of("Title", "VP " + i), new SourceRef("csv", "leads", "r" + i)));
        }
        List<WriteOutcome> first = connector.upsert("Lead", batch);
        List<WriteOutcome> replay = connector.upsert("Lead", batch);
        assertThat(first).extracting(WriteOutcome::status).containsOnly(WriteOutcome.Status.WRITTEN);
        assertThat(replay).extracting(WriteOutcome::targetId).containsExactlyElementsOf(ids);
        assertThat(emulator.store().count("Lead")).isEqualTo(30);
        assertThat(emulator.store().get("Lead", ids.get(7))).containsEntry("Title", "VP 7");
        assertThat(emulator.requestCount("PATCH composite/sobjects")).isEqualTo(2);
    }

    @Test
    void archiveDeletesToTheRecycleBin() {
        start();
        SalesforceTestSupport.seedContacts(emulator, 3, 3);
        SalesforceConnector connector = SalesforceTestSupport.connector(emulator);
        List<WriteOutcome> outcomes = connector.archive("Contact", List.of("seed-0", "seed-2", "nope"), null);
        assertThat(outcomes).extracting(WriteOutcome::status)
                .containsExactly(WriteOutcome.Status.WRITTEN, WriteOutcome.Status.WRITTEN, WriteOutcome.Status.REJECTED);
        assertThat(emulator.store().count("Contact")).isEqualTo(1);
    }

    @Test
    void describeListsConfiguredAndDiscoveredFieldsAndCheckReportsQuota() {
        start();
        SalesforceConnector connector = SalesforceTestSupport.connector(emulator);
        assertThat(connector.describe().objects().get("Lead")).containsExactlyElementsOf(SalesforceTestSupport.LEAD_FIELDS);
        assertThat(connector.describe().capabilities())
                .containsExactly("Archiver", "ChangeSource", "CurrentState", "Lookup", "Merger", "RecordSink", "UserDirectory");
        assertThat(connector.discoverFields("Contact")).contains("MailingCity", SalesforceTestSupport.EXTERNAL_ID);
        assertThat(connector.check().healthy()).isTrue();
        assertThat(connector.check().message()).contains("daily API requests remain");
        assertThat(connector.toString()).doesNotContain(CLIENT_SECRET);
    }

    @Test
    void wrongClientSecretIsAnAuthFailureThatNamesNoSecret() {
        start();
        SalesforceConnector connector = new SalesforceConnector("salesforce-test", SalesforceTestSupport.config(emulator.baseUrl()),
                Map.of("SALESFORCE_CLIENT_ID", CLIENT_ID, "SALESFORCE_CLIENT_SECRET", "wrong-secret-123"), SalesforceTestSupport.settings(emulator));
        assertThat(connector.check().healthy()).isFalse();
        assertThat(connector.check().message()).contains("invalid_client").doesNotContain("wrong-secret-123");
    }

    @Test
    void aPasswordWrittenIntoTheBaseUrlIsNeverPrinted() {
        start();
        // validation refuses such a URL; a connector opened with one anyway must still not print the password
        String withPassword = emulator.baseUrl().replace("://", "://integration:pAssw0rdLiteral@");
        SalesforceConnector refused = new SalesforceConnector("salesforce-test", SalesforceTestSupport.config(withPassword),
                Map.of("SALESFORCE_CLIENT_ID", CLIENT_ID, "SALESFORCE_CLIENT_SECRET", "wrong-secret-123"),
                SalesforceSettings.defaults(withPassword).withRequestsPerSecond(100_000).withMaxAttempts(2));

        assertThatThrownBy(() -> refused.readChanges("Contact", Cursor.START, 10)).isInstanceOf(ConnectorException.class)
                .hasMessageContaining("the token endpoint " + emulator.baseUrl() + "/services/oauth2/token refused the client credentials")
                .hasMessageNotContaining("pAssw0rdLiteral").hasMessageNotContaining("integration");
        assertThat(refused.check().message()).doesNotContain("pAssw0rdLiteral");
        assertThat(refused.toString()).doesNotContain("pAssw0rdLiteral");

        SalesforceConnector accepted = new SalesforceConnector("salesforce-test", SalesforceTestSupport.config(withPassword),
                Map.of("SALESFORCE_CLIENT_ID", CLIENT_ID, "SALESFORCE_CLIENT_SECRET", CLIENT_SECRET),
                SalesforceSettings.defaults(withPassword).withRequestsPerSecond(100_000).withMaxAttempts(2));
        assertThat(accepted.check().message()).startsWith("Salesforce at " + emulator.baseUrl() + " accepted")
                .doesNotContain("pAssw0rdLiteral");
    }
}
