package io.middlemile.cli;

import org.junit.jupiter.api.Test;
import org.springframework.jdbc.CannotGetJdbcConnectionException;

import java.sql.SQLTransientConnectionException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** What a command says when its state store goes away while it runs: not a bug, and what it did not do. */
class StoreLostTest {

    /*
     * As a `kill-switch on` failed when the server it had joined was stopped under it (E8): the driver's refusal, under the
     * pool's timeout, under Spring's. It printed "this is a bug" and a trace, and the switch was off.
     */
    @Test
    void aStoreThatStoppedAnsweringIsSaidWithTheDriversWordsAndThatTheCommandDidNotFinish() {
        java.sql.SQLException refused = catchThrowableOfType(java.sql.SQLException.class,
                () -> java.sql.DriverManager.getConnection("jdbc:postgresql://127.0.0.1:1/postgres"));
        RuntimeException failure = new CannotGetJdbcConnectionException("Failed to obtain JDBC Connection",
                new SQLTransientConnectionException("middlemile-store - Connection is not available, request timed out after"
                        + " 30000ms.", refused.getSQLState(), refused));

        assertThat(Main.lostStore(failure, "middlemile kill-switch"))
                .startsWith("middlemile kill-switch stopped: it lost its state store (Connection to 127.0.0.1:1 refused.")
                .contains("The command did not finish: what it had not yet saved was not done. Run it again.",
                        ".middlemile/pg.log")
                .doesNotContain("request timed out");
        assertThat(Main.lostStore(new IllegalStateException("something else"), "middlemile kill-switch")).isNull();
    }
}
