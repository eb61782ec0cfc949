package io.middlemile.govern;

import io.middlemile.store.ControlStore;
import io.middlemile.store.JournalStore;
import io.middlemile.store.RecordLocks;
import io.middlemile.store.ReviewStore;
import io.middlemile.store.RunStore;
import io.middlemile.workspace.ConnectorConfig;
import org.springframework.context.ConfigurableApplicationContext;

import java.time.Duration;
import java.util.Map;

/** Governance over one hand-built connection, on a test engine's stores (no kill switch from the environment). */
final class TestGovernance {

    private TestGovernance() {
    }

    static Governance over(ConfigurableApplicationContext engine, ConnectorConfig config) {
        return new Governance(Map.of(config.id(), config), engine.getBean(JournalStore.class), engine.getBean(ReviewStore.class),
                engine.getBean(RunStore.class), engine.getBean(RecordLocks.class),
                new KillSwitch(engine.getBean(ControlStore.class), Map.of()), "test", Duration.ofDays(1));
    }
}
