package io.middlemile.govern;

import io.middlemile.connector.WriteOutcome;
import io.middlemile.connector.salesforce.SalesforceConnector;
import io.middlemile.connector.salesforce.SalesforceSettings;
import io.middlemile.sandbox.salesforce.SalesforceEmulator;
import io.middlemile.store.JobRun;
import io.middlemile.store.JournalEntry;
import io.middlemile.store.JournalStore;
import io.middlemile.store.RunStore;
import io.middlemile.testing.TestEngine;
import io.middlemile.testing.TestSalesforce;
import io.middlemile.workspace.AuthConfig;
import io.middlemile.workspace.ConnectorConfig;
import io.middlemile.workspace.ObjectConfig;
import io.middlemile.workspace.PolicyConfig;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** A Salesforce merge through the governed write path: snapshots of both records in the journal, then SOAP merge(). */
class GovernedSalesforceMergeTest {

    @RegisterExtension
    static final TestEngine engine = new TestEngine();

    @RegisterExtension
    final TestSalesforce salesforce = new TestSalesforce("3MVG9governedMergeKey", "governed-merge-secret-0001");

    private SalesforceEmulator emulator;
    private ConnectorConfig config;

    @BeforeEach
    void seed() {
        emulator = salesforce.emulator();
        emulator.store().create("Contact", Map.of("FirstName", "Ann", "LastName", "Lee", "Email", "ann.lee@acme.com"));
        emulator.store().create("Contact", Map.of("FirstName", "Annie", "LastName", "Lee", "Email", "ann@acme.com"));
        config = new ConnectorConfig("salesforce", "salesforce", null, null, emulator.baseUrl(),
                new AuthConfig("oauth2-client-credentials", null, null, "${SALESFORCE_CLIENT_ID}", "${SALESFORCE_CLIENT_SECRET}",
                        null, null, null, null),
                Map.of("Contact", new ObjectConfig("Id", "SystemModstamp", List.of("Id", "FirstName", "LastName", "Email", "SystemModstamp"))),
                PolicyConfig.allowAll());
    }

    private SalesforceConnector connector() {
        return new SalesforceConnector("salesforce", config, salesforce.environment(), SalesforceSettings.defaults(emulator.baseUrl()).withRequestsPerSecond(100_000));
    }

    @Test
    @SuppressWarnings("unchecked")
    void aSalesforceMergeIsJournaledWithSnapshotsOfBothRecords() {
        Governance governance = TestGovernance.over(engine, config);
        List<Map<String, Object>> contacts = emulator.store().all("Contact");
        String primary = (String) contacts.get(0).get("Id");
        String duplicate = (String) contacts.get(1).get("Id");
        JobRun run = engine.bean(RunStore.class).start("dedupe:salesforce-contacts", "salesforce", "Contact", "test");
        GovernedWrites writes = governance.open(run, name -> connector(), GovernedWrites.Mode.EXECUTE, false);

        List<WriteOutcome> merged = writes.merge("salesforce", "Contact", primary, List.of(duplicate), 0.995);

        assertThat(merged).singleElement().satisfies(outcome -> {
            assertThat(outcome.status()).isEqualTo(WriteOutcome.Status.WRITTEN);
            assertThat(outcome.targetId()).isEqualTo(primary);
        });
        assertThat(emulator.store().get("Contact", duplicate)).containsEntry("IsDeleted", true).containsEntry("MasterRecordId", primary);
        assertThat(emulator.requestCount("POST soap merge")).isEqualTo(1);
        JournalEntry entry = engine.bean(JournalStore.class).ofRun(run.id()).get(0);
        assertThat(entry.action()).isEqualTo("merge");
        assertThat(entry.result()).isEqualTo(JournalEntry.Result.APPLIED);
        assertThat(entry.recordKey()).isEqualTo(duplicate);
        assertThat((Map<String, Object>) entry.before().get("record")).containsEntry("Email", "ann@acme.com").containsEntry("FirstName", "Annie")
                .containsEntry("Id", duplicate);
        assertThat((Map<String, Object>) entry.before().get("primary")).containsEntry("FirstName", "Ann").containsEntry("Id", primary);
        assertThat(entry.after()).containsEntry("mergedInto", primary);
    }
}
