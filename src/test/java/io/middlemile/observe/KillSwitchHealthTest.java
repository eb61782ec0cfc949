package io.middlemile.observe;

import io.middlemile.govern.KillSwitch;
import io.middlemile.store.ControlStore;
import org.junit.jupiter.api.Test;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.Status;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.AbstractDataSource;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The kill switch's health when the state store it lives in cannot be reached: DOWN with what happened, never thrown. */
class KillSwitchHealthTest {

    /** A store whose pool gave up waiting for a server that refuses connections, as Hikari says it. */
    private static final class Refusing extends AbstractDataSource {
        @Override
        public Connection getConnection() throws SQLException {
            throw new SQLTransientConnectionException("middlemile-store - Connection is not available, request timed out after"
                    + " 30000ms.", "08001", new SQLException("Connection to 127.0.0.1:5432 refused.", "08001"));
        }

        @Override
        public Connection getConnection(String username, String password) throws SQLException {
            return getConnection();
        }
    }

    @Test
    void aStoreOutOfReachIsDownWithTheDriversWordsAndWhatToDo() {
        KillSwitchHealth health = new KillSwitchHealth(new KillSwitch(new ControlStore(new JdbcTemplate(new Refusing())), Map.of()));

        Health down = health.health();

        assertThat(down.getStatus()).isEqualTo(Status.DOWN);
        assertThat(down.getDetails()).containsEntry("stateStore", "out of reach");
        assertThat((String) down.getDetails().get("message"))
                .startsWith("The engine could not read the kill switch from the state store (Connection to 127.0.0.1:5432 refused.).")
                .contains("No write is made while the store is out of reach", ".middlemile/pg.log", "SPRING_DATASOURCE_URL")
                .doesNotContain("request timed out");
    }

    @Test
    void aSwitchForcedOnByTheEnvironmentIsReadWithoutTheStore() {
        KillSwitchHealth health = new KillSwitchHealth(new KillSwitch(new ControlStore(new JdbcTemplate(new Refusing())),
                Map.of("MIDDLEMILE_KILL_SWITCH", "on")));

        Health up = health.health();

        assertThat(up.getStatus()).isEqualTo(Status.UP);
        assertThat(up.getDetails()).containsEntry("on", true);
    }
}
