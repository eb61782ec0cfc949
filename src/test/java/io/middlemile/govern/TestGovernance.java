package io.middlemile.govern;

import io.middlemile.store.ControlStore;
import io.middlemile.store.JournalStore;
import io.middlemile.store.RecordLocks;
import io.middlemile.store.ReviewStore;
import io.middlemile.store.RunStore;
import io.middlemile.testing.TestEngine;
import io.middlemile.workspace.ConnectorConfig;

import java.time.Duration;
import java.util.Map;

/** Governance over one hand-built connection, on a test engine's stores (no kill switch from the environment). */
final class TestGovernance {

    private TestGovernance() {
    }

    static Governance over(TestEngine engine, ConnectorConfig config) {
        return new Governance(Map.of(config.id(), config), engine.bean(JournalStore.class), engine.bean(ReviewStore.class),
                engine.bean(RunStore.class), engine.bean(RecordLocks.class), engine.bean(io.middlemile.store.CrosswalkStore.class),
                engine.bean(io.middlemile.store.AssignmentStore.class),
                new KillSwitch(engine.bean(ControlStore.class), Map.of()), "test", Duration.ofDays(1));
    }
}
