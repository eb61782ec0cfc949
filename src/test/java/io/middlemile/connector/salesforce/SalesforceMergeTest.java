package io.middlemile.connector.salesforce;

import io.middlemile.connector.ConnectorException;
import io.middlemile.connector.Cursor;
import io.middlemile.connector.Merger;
import io.middlemile.connector.SourcePage;
import io.middlemile.connector.SourceRecord;
import io.middlemile.connector.WriteOutcome;
import io.middlemile.model.SourceRef;
import io.middlemile.sandbox.salesforce.SalesforceEmulator;
import io.middlemile.sandbox.salesforce.SalesforceEmulatorSettings;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.net.http.HttpClient;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static io.middlemile.connector.salesforce.SalesforceTestSupport.CLIENT_ID;
import static io.middlemile.connector.salesforce.SalesforceTestSupport.CLIENT_SECRET;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** SOAP merge() through the connector against the emulator. */
class SalesforceMergeTest {

    private SalesforceEmulator emulator;

    @AfterEach
    void stop() {
        if (emulator != null) {
            emulator.stop();
        }
    }

    private List<String> seedContacts(int count) {
        emulator = SalesforceTestSupport.emulator();
        SalesforceTestSupport.seedContacts(emulator, count, 0);
        return emulator.store().all("Contact").stream().map(r -> (String) r.get("Id")).toList();
    }

    private SourceRef ref(String id) {
        return new SourceRef("salesforce-test", "Contact", id);
    }

    @Test
    void mergedAwayRecordIsReadThroughQueryAllWithMergedInto() {
        List<String> ids = seedContacts(3);
        SalesforceConnector connector = SalesforceTestSupport.connector(emulator);
        assertThat(connector.capability(Merger.class)).isPresent();
        SourcePage first = connector.readChanges("Contact", Cursor.START, 100);
        emulator.clock().advance(Duration.ofSeconds(10));

        WriteOutcome outcome = connector.merge("Contact", ids.get(0), ids.get(1), ref(ids.get(1)));

        assertThat(outcome.status()).isEqualTo(WriteOutcome.Status.WRITTEN);
        assertThat(outcome.targetId()).isEqualTo(ids.get(0));
        assertThat(emulator.requestCount("POST soap merge")).isEqualTo(1);
        assertThat(emulator.store().get("Contact", ids.get(1))).containsEntry("IsDeleted", true).containsEntry("MasterRecordId", ids.get(0));
        SourcePage changes = connector.readChanges("Contact", first.next(), 100);
        Map<String, SourceRecord> byId = changes.records().stream().collect(Collectors.toMap(r -> r.ref().sourceId(), r -> r));
        assertThat(byId).containsOnlyKeys(ids.get(0), ids.get(1));
        assertThat(byId.get(ids.get(1)).fields()).containsEntry(SalesforceConnector.DELETED_FIELD, true)
                .containsEntry(SalesforceConnector.MERGED_INTO_FIELD, ids.get(0));
        assertThat(byId.get(ids.get(0)).fields()).doesNotContainKey(SalesforceConnector.MERGED_INTO_FIELD);
    }

    @Test
    void mergingADeletedOrUnknownRecordIsRejectedWithTheReason() {
        List<String> ids = seedContacts(3);
        emulator.store().delete("Contact", ids.get(2));
        SalesforceConnector connector = SalesforceTestSupport.connector(emulator);

        WriteOutcome deleted = connector.merge("Contact", ids.get(0), ids.get(2), ref(ids.get(2)));
        String unknownId = "003Dn0000009999999";
        WriteOutcome unknown = connector.merge("Contact", ids.get(0), unknownId, ref(unknownId));
        WriteOutcome notAnId = connector.merge("Contact", ids.get(0), "seed-1", ref("seed-1"));

        assertThat(deleted.status()).isEqualTo(WriteOutcome.Status.REJECTED);
        assertThat(deleted.reason()).contains("ENTITY_IS_DELETED").contains(ids.get(2));
        assertThat(unknown.status()).isEqualTo(WriteOutcome.Status.REJECTED);
        assertThat(unknown.reason()).contains("INVALID_CROSS_REFERENCE_KEY");
        assertThat(notAnId.reason()).contains("not a 15- or 18-character record Id");
        assertThat(emulator.store().get("Contact", ids.get(0))).containsEntry("IsDeleted", false);
        assertThat(emulator.store().get("Contact", ids.get(1))).containsEntry("IsDeleted", false);
    }

    @Test
    void objectsWithoutMergeAreRejectedBeforeSending() {
        emulator = SalesforceTestSupport.emulator();
        SalesforceTestSupport.seedLeads(emulator, 1);
        var config = SalesforceTestSupport.config(emulator.baseUrl());
        var objects = new java.util.LinkedHashMap<>(config.objects());
        objects.put("Opportunity", new io.middlemile.workspace.ObjectConfig("Id", "SystemModstamp", List.of("Id", "Name")));
        SalesforceConnector connector = new SalesforceConnector("salesforce-test", new io.middlemile.workspace.ConnectorConfig(
                config.id(), config.type(), config.description(), null, config.baseUrl(), config.auth(), objects, null),
                Map.of("SALESFORCE_CLIENT_ID", CLIENT_ID, "SALESFORCE_CLIENT_SECRET", CLIENT_SECRET), SalesforceTestSupport.settings(emulator));

        WriteOutcome outcome = connector.merge("Opportunity", "006Dn0000001001AAA", "006Dn0000001002AAA", null);

        assertThat(outcome.status()).isEqualTo(WriteOutcome.Status.REJECTED);
        assertThat(outcome.reason()).startsWith("Salesforce merges only Lead, Contact and Account");
        assertThat(connector.requestCount()).isZero();
    }

    @Test
    void threeRecordsToMergeInOneRequestAreRefusedByTheOrg() {
        List<String> ids = seedContacts(4);
        SalesforceClient client = client();

        SalesforceMergeResult result = client.merge("Contact", ids.get(0), ids.subList(1, 4));

        assertThat(result.success()).isFalse();
        assertThat(result.errors()).singleElement().satisfies(e -> assertThat(e.errorCode()).isEqualTo("LIMIT_EXCEEDED"));
        assertThat(emulator.store().count("Contact")).isEqualTo(4);
        SalesforceMergeResult two = client.merge("Contact", ids.get(0), ids.subList(1, 3));
        assertThat(two.success()).isTrue();
        assertThat(two.mergedRecordIds()).containsExactly(ids.get(1), ids.get(2));
        assertThat(emulator.store().count("Contact")).isEqualTo(2);
    }

    @Test
    void expiredSessionIsRefreshedAndTheMergeSentOnceMore() {
        List<String> ids = seedContacts(2);
        SalesforceConnector connector = SalesforceTestSupport.connector(emulator);
        connector.snapshot("Contact", List.of(ids.get(0)));
        emulator.expireSessions();

        WriteOutcome outcome = connector.merge("Contact", ids.get(0), ids.get(1), ref(ids.get(1)));

        assertThat(outcome.status()).isEqualTo(WriteOutcome.Status.WRITTEN);
        assertThat(connector.tokenRequests()).isEqualTo(2);
        assertThat(emulator.requestCount("POST soap merge")).isEqualTo(1);
    }

    @Test
    void exhaustedDailyAllocationIsQuotaExhausted() {
        emulator = SalesforceTestSupport.emulator(SalesforceEmulatorSettings.defaults(CLIENT_ID, CLIENT_SECRET).withDailyApiLimit(1000));
        SalesforceTestSupport.seedContacts(emulator, 2, 0);
        List<String> ids = emulator.store().all("Contact").stream().map(r -> (String) r.get("Id")).toList();
        emulator.setApiUsage(1000);
        SalesforceConnector connector = SalesforceTestSupport.connector(emulator);

        assertThatThrownBy(() -> connector.merge("Contact", ids.get(0), ids.get(1), ref(ids.get(1))))
                .isInstanceOfSatisfying(ConnectorException.class, e -> {
                    assertThat(e.kind()).isEqualTo(ConnectorException.Kind.QUOTA_EXHAUSTED);
                    assertThat(e.getMessage()).contains("REQUEST_LIMIT_EXCEEDED");
                });
        assertThat(emulator.store().count("Contact")).isEqualTo(2);
    }

    @Test
    void snapshotReturnsTheConfiguredFieldsByIdWhateverTheKey() {
        List<String> ids = seedContacts(3);
        emulator.store().update("Contact", ids.get(1), Map.of("FirstName", "Ann"));
        emulator.store().delete("Contact", ids.get(2));
        SalesforceConnector connector = SalesforceTestSupport.connector(emulator);
        String id15 = ids.get(0).substring(0, 15);

        Map<String, Map<String, Object>> snapshot = connector.snapshot("Contact", List.of(id15, ids.get(1), ids.get(2), "003Dn0000009999999"));

        assertThat(snapshot).containsOnlyKeys(id15, ids.get(1));
        assertThat(snapshot.get(id15)).containsEntry("Id", ids.get(0)).containsEntry("LastName", "Person0")
                .containsEntry("Email", "person0@example.com").containsEntry(SalesforceTestSupport.EXTERNAL_ID, "seed-0");
        assertThat(snapshot.get(ids.get(1))).containsEntry("FirstName", "Ann");
    }

    @Test
    void envelopeEscapesValues() {
        String xml = SalesforceSoap.mergeEnvelope("00D!a<b>&\"'", "Contact", "003&", List.of("<x>"));
        assertThat(xml).contains("<urn:sessionId>00D!a&lt;b&gt;&amp;&quot;&apos;</urn:sessionId>")
                .contains("<urn1:Id>003&amp;</urn1:Id>").contains("<urn:recordToMergeIds>&lt;x&gt;</urn:recordToMergeIds>");
        assertThat(SalesforceSoap.parse(xml)).isNotNull();
    }

    private SalesforceClient client() {
        SalesforceSettings settings = SalesforceTestSupport.settings(emulator);
        HttpClient http = HttpClient.newHttpClient();
        SalesforceAuth auth = SalesforceAuth.from("salesforce-test", SalesforceTestSupport.config(emulator.baseUrl()).auth(), emulator.baseUrl(),
                Map.of("SALESFORCE_CLIENT_ID", CLIENT_ID, "SALESFORCE_CLIENT_SECRET", CLIENT_SECRET), http);
        return new SalesforceClient("salesforce-test", settings, auth, http, new SalesforceResilience("salesforce-test", settings),
                new SalesforceErrorClassifier("salesforce-test"));
    }
}
