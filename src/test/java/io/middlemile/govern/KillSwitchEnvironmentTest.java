package io.middlemile.govern;

import io.middlemile.store.ControlStore;
import io.middlemile.testing.TestDatabase;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** MIDDLEMILE_KILL_SWITCH and MIDDLEMILE_AGENT_KILL_SWITCH as an operator may write them. */
class KillSwitchEnvironmentTest {

    private final ControlStore controls = migrated();

    private static ControlStore migrated() {
        JdbcTemplate jdbc = TestDatabase.jdbc(TestDatabase.fresh());
        Flyway.configure().dataSource(jdbc.getDataSource()).locations("classpath:db/migration").load().migrate();
        return new ControlStore(jdbc);
    }

    private KillSwitch with(String variable, String value) {
        return new KillSwitch(controls, Map.of(variable, value));
    }

    @Test
    void onWordsStopWritesAndOffWordsLeaveItToTheStore() {
        for (String on : new String[] {"on", "ON", "true", "1", "yes", " on "}) {
            assertThat(with("MIDDLEMILE_KILL_SWITCH", on).engaged()).as(on).hasValueSatisfying(reason -> assertThat(reason)
                    .startsWith("the kill switch is forced on by MIDDLEMILE_KILL_SWITCH=" + on + " in this process's environment"));
        }
        for (String off : new String[] {"off", "false", "0", "no", ""}) {
            assertThat(with("MIDDLEMILE_KILL_SWITCH", off).engaged()).as(off).isEmpty();
        }
        assertThat(new KillSwitch(controls, Map.of()).engaged()).isEmpty();
    }

    @Test
    void aValueItDoesNotKnowStopsWritesAndSaysSo() {
        assertThat(with("MIDDLEMILE_KILL_SWITCH", "enabled").engaged()).hasValue("the kill switch is forced on by"
                + " MIDDLEMILE_KILL_SWITCH=\"enabled\" in this process's environment, a value it does not know, read as on to be safe"
                + " (on, true, 1 or yes turn it on; off, false, 0, no or unset leave it to `middlemile kill-switch`)");
        assertThat(with("MIDDLEMILE_AGENT_KILL_SWITCH", "stop").agentsEngaged()).hasValueSatisfying(reason -> assertThat(reason)
                .startsWith("the agents' kill switch is forced on by MIDDLEMILE_AGENT_KILL_SWITCH=\"stop\""));
        assertThat(with("MIDDLEMILE_AGENT_KILL_SWITCH", "stop").engaged()).as("the agents' variable leaves jobs writing").isEmpty();
        assertThat(with("MIDDLEMILE_KILL_SWITCH", "enabled").forcedByEnvironment(false)).isTrue();
        assertThat(with("MIDDLEMILE_KILL_SWITCH", "off").forcedByEnvironment(false)).isFalse();
        assertThat(with("MIDDLEMILE_AGENT_KILL_SWITCH", "stop").forcedByEnvironment(false)).isFalse();
        assertThat(with("MIDDLEMILE_AGENT_KILL_SWITCH", "stop").forcedByEnvironment(true)).isTrue();
    }
}
