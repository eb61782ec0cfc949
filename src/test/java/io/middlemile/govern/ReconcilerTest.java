package io.middlemile.govern;

import io.middlemile.connector.TargetRecord;
import io.middlemile.connector.hubspot.HubSpotConnector;
import io.middlemile.connector.hubspot.HubSpotSettings;
import io.middlemile.model.SourceRef;
import io.middlemile.sandbox.hubspot.HubSpotEmulator;
import io.middlemile.store.CrosswalkStore;
import io.middlemile.store.JobRun;
import io.middlemile.store.JournalEntry;
import io.middlemile.store.JournalStore;
import io.middlemile.store.RunStore;
import io.middlemile.testing.TestEngine;
import io.middlemile.testing.TestHubSpot;
import io.middlemile.workspace.AuthConfig;
import io.middlemile.workspace.ConnectorConfig;
import io.middlemile.workspace.ObjectConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A sync died between creating records and committing their page: the journal has their intents under
 * placeholder keys and no result. Reading the target back settles each: a create the crosswalk linked before
 * the crash is recorded as applied under its real id (so a rollback of that run archives it); one never
 * linked, as not applied.
 */
class ReconcilerTest {

    private static final String TOKEN = "pat-na1-reconcile-test";

    @RegisterExtension
    static final TestEngine engine = new TestEngine();

    @RegisterExtension
    final TestHubSpot hubspot = new TestHubSpot(TOKEN);

    @Test
    void aCreateLinkedBeforeTheCrashIsAppliedUnderItsRealId() {
        HubSpotEmulator emulator = hubspot.emulator();
        emulator.store().create("companies", Map.of("name", "Acme Corp", "domain", "acme.com"));
        long acme = emulator.store().idOf("companies", "domain", "acme.com");
        ConnectorConfig config = new ConnectorConfig("hubspot", "hubspot", null, null, emulator.baseUrl(),
                new AuthConfig("bearer-token", "${HUBSPOT_TOKEN}", null, null, null, null, null, null, null),
                Map.of("companies", new ObjectConfig("hs_object_id", "hs_lastmodifieddate", List.of("hs_object_id", "name", "domain"))), null);
        Governance governance = TestGovernance.over(engine, config);
        RunStore runs = engine.bean(RunStore.class);
        JournalStore journal = engine.bean(JournalStore.class);
        JobRun crashed = runs.start("sync-companies", "salesforce", "Account", "test");
        UUID linked = UUID.randomUUID();
        UUID lost = UUID.randomUUID();
        journal.intend(List.of(intent(crashed, linked, "Acme Corp"), intent(crashed, lost, "Globex")));
        engine.bean(CrosswalkStore.class).linkAll("company", Map.of(new SourceRef("hubspot", "companies", String.valueOf(acme)), linked));

        try (HubSpotConnector connector = new HubSpotConnector("hubspot", config, Map.of("HUBSPOT_TOKEN", TOKEN),
                HubSpotSettings.defaults(emulator.baseUrl()).withRequestsPer10s(1_000_000).withSearchPerSecond(100_000))) {
            new Reconciler(governance, runs.start("sync-companies", "salesforce", "Account", "test")).reconcile("hubspot", connector);
        }

        List<JournalEntry> settled = journal.ofRun(crashed.id());
        assertThat(settled).extracting(JournalEntry::recordKey, JournalEntry::result).containsExactly(
                org.assertj.core.groups.Tuple.tuple(String.valueOf(acme), JournalEntry.Result.APPLIED),
                org.assertj.core.groups.Tuple.tuple(TargetRecord.placeholder(lost), JournalEntry.Result.NOT_APPLIED));
        assertThat(new GovernedActions(governance, id -> new HubSpotConnector("hubspot", config, Map.of("HUBSPOT_TOKEN", TOKEN),
                HubSpotSettings.defaults(emulator.baseUrl()))).rollbackPlan(crashed.id()))
                .filteredOn(step -> step.action() == GovernedActions.RollbackStep.Action.ARCHIVE)
                .extracting(GovernedActions.RollbackStep::key).containsExactly(String.valueOf(acme));
    }

    private static JournalEntry intent(JobRun run, UUID canonical, String name) {
        return new JournalEntry(0, run.id(), run.job(), "hubspot", "companies", TargetRecord.placeholder(canonical), "create", null,
                Map.of("name", name), "auto", null, "test", JournalEntry.Result.INTENT, Instant.now());
    }
}
