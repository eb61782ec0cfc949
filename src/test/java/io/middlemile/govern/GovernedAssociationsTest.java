package io.middlemile.govern;

import io.middlemile.connector.TargetRecord;
import io.middlemile.connector.WriteOutcome;
import io.middlemile.connector.hubspot.HubSpotConnector;
import io.middlemile.connector.hubspot.HubSpotSettings;
import io.middlemile.model.SourceRef;
import io.middlemile.sandbox.hubspot.HubSpotEmulator;
import io.middlemile.store.JobRun;
import io.middlemile.store.JournalEntry;
import io.middlemile.store.JournalStore;
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

import java.io.StringReader;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Associations through the governed write path: the before-image holds them, an unchanged list is
 * skipped, and rollback restores the previous set through the same exact-set writer.
 */
class GovernedAssociationsTest {

    private static final String TOKEN = "pat-na1-assoc-test";

    @RegisterExtension
    static final TestEngine engine = new TestEngine();

    @RegisterExtension
    final TestHubSpot hubspot = new TestHubSpot(TOKEN);

    private HubSpotEmulator emulator;
    private ConnectorConfig config;

    @BeforeEach
    void seed() {
        emulator = hubspot.emulator();
        emulator.seedCsv("companies", new StringReader("name\nAcme\nGlobex\n")); // ids 1001, 1002
        emulator.seedCsv("contacts", new StringReader("email,firstname,associations.companies\nann@acme.com,Ann,1001\n")); // id 1003
        Map<String, ObjectConfig> objects = new LinkedHashMap<>();
        objects.put("contacts", new ObjectConfig("hs_object_id", "lastmodifieddate",
                List.of("hs_object_id", "email", "firstname", "lastmodifieddate"), List.of("companies")));
        objects.put("companies", new ObjectConfig("hs_object_id", "hs_lastmodifieddate", List.of("hs_object_id", "name")));
        config = new ConnectorConfig("hubspot", "hubspot", null, null, emulator.baseUrl(),
                new AuthConfig("bearer-token", "${HUBSPOT_TOKEN}", null, null, null, null, null, null, null), objects, PolicyConfig.allowAll());
    }

    private Governance governance() {
        return TestGovernance.over(engine, config);
    }

    private HubSpotConnector connector() {
        return new HubSpotConnector("hubspot", config, Map.of("HUBSPOT_TOKEN", TOKEN),
                HubSpotSettings.defaults(emulator.baseUrl()).withRequestsPer10s(1_000_000).withSearchPerSecond(100_000));
    }

    private List<Long> companiesOfAnn() {
        return emulator.associations().associated("contacts", 1003, "companies");
    }

    private static TargetRecord ann(List<String> companies) {
        return new TargetRecord("contacts", "1003", Map.of("hs_object_id", "1003", "associations.companies", companies),
                new SourceRef("crm", "people", "ann"));
    }

    @Test
    void anAssociationChangeIsJournaledSkippedWhenUnchangedAndRolledBack() {
        Governance governance = governance();
        assertThat(companiesOfAnn()).containsExactly(1001L);

        JobRun unchanged = engine.bean(RunStore.class).start("sync:assoc-same", "hubspot", "contacts", "test");
        GovernedWrites same = governance.open(unchanged, name -> connector(), GovernedWrites.Mode.EXECUTE, false);
        List<WriteOutcome> skipped = same.write("hubspot", "contacts", List.of(ann(List.of("1001"))));
        same.complete();
        assertThat(skipped).singleElement().satisfies(o -> {
            assertThat(o.status()).isEqualTo(WriteOutcome.Status.SKIPPED);
            assertThat(o.reason()).startsWith("unchanged");
        });
        assertThat(emulator.requestCount("POST associations/batch/associate/default")).isZero();

        JobRun run = engine.bean(RunStore.class).start("sync:assoc", "hubspot", "contacts", "test");
        GovernedWrites writes = governance.open(run, name -> connector(), GovernedWrites.Mode.EXECUTE, false);
        List<WriteOutcome> written = writes.write("hubspot", "contacts", List.of(ann(List.of("1002"))));
        writes.complete();

        assertThat(written).singleElement().satisfies(o -> assertThat(o.status()).isEqualTo(WriteOutcome.Status.WRITTEN));
        assertThat(companiesOfAnn()).containsExactly(1002L);
        JournalEntry entry = engine.bean(JournalStore.class).ofRun(run.id()).get(0);
        assertThat(entry.before().get("associations.companies").toString()).isEqualTo("[1001]");
        assertThat(entry.after().get("associations.companies").toString()).isEqualTo("[1002]");

        assertThat(new GovernedActions(governance, name -> connector()).rollbackPlan(run.id())).singleElement()
                .satisfies(step -> assertThat(step.action()).isEqualTo(GovernedActions.RollbackStep.Action.UPDATE));
        ActionReport undone = new GovernedActions(governance, name -> connector()).rollback(run.id());

        assertThat(undone.written()).isEqualTo(1);
        assertThat(companiesOfAnn()).containsExactly(1001L);
    }
}
