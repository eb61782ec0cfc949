package io.middlemile.cli;

import io.middlemile.testing.TestDatabase;
import io.middlemile.testing.TestWorkspaces;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.web.server.PortInUseException;
import org.springframework.context.ApplicationContextException;

import java.net.BindException;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** What a failed engine start tells the operator, from the failure Spring hands back. */
class EngineStartExplanationTest {

    /* As Spring Boot's Tomcat start fails on a taken port: the context's exception, Boot's, then the JDK's bare words. */
    @Test
    void aTakenPortIsNamedWithTheWayToAnother() {
        RuntimeException failure = new ApplicationContextException("Failed to start bean 'webServerStartStop'",
                new PortInUseException(8080, new BindException("Address already in use")));

        assertThat(EngineLauncher.explain(failure, null, null))
                .startsWith("The engine could not start: port 8080 is already in use")
                .contains("another `middlemile run`", "'sport = :8080'", "SERVER_PORT=8081 ./middlemile run")
                .doesNotContain("BindException");
    }

    /*
     * The engine's start with a port setting that is not a number (SERVER_PORT=abc): the root cause is only
     * 'For input string: "abc"'; Spring's analysis names the setting and where it came from, and is what the command says.
     */
    @Test
    void aSettingThatDoesNotReadAsItsTypeIsNamedWithWhereItCameFrom(@TempDir Path workspace) throws Exception {
        TestWorkspaces.copyBundled(workspace);
        TestDatabase.fresh();

        EngineStartException failure = catchThrowableOfType(EngineStartException.class, () -> EngineLauncher.start(workspace,
                false, false, true, null, null, Map.of("server.port", "abc")).close());

        assertThat(failure.getMessage()).isEqualTo("The engine could not start: Invalid value 'abc' for configuration"
                + " property 'server.port' (originating from '\"server.port\" from property source \"defaultProperties\"')."
                + " Validation failed for the following reason:\nFailed to convert to type java.lang.Integer\n"
                + "Review the value of the property with the provided reason.");
    }

    /* The driver's real refusal, as Hikari hands it up through Spring when no PostgreSQL listens at the URL. */
    @Test
    void anExternalStoreThatDoesNotAnswerIsNamedWithTheDriversWords() {
        java.sql.SQLException refused = catchThrowableOfType(java.sql.SQLException.class,
                () -> java.sql.DriverManager.getConnection("jdbc:postgresql://127.0.0.1:1/middlemile"));
        RuntimeException failure = new ApplicationContextException("Error creating bean 'flyway'", refused);

        assertThat(EngineLauncher.explain(failure, null, "jdbc:postgresql://127.0.0.1:1/middlemile"))
                .startsWith("The engine could not reach its state store at jdbc:postgresql://127.0.0.1:1/middlemile"
                        + " (SPRING_DATASOURCE_URL): Connection to 127.0.0.1:1 refused.")
                .contains("SPRING_DATASOURCE_USERNAME and SPRING_DATASOURCE_PASSWORD");
        assertThat(EngineLauncher.explain(new IllegalArgumentException("'url' must start with \"jdbc\""), null, "db.internal"))
                .isEqualTo("The engine could not start: SPRING_DATASOURCE_URL is not a JDBC URL; write it as"
                        + " jdbc:postgresql://HOST:5432/DATABASE.");
    }

    @Test
    void aPortAboveTheRangeSaysTheRange() {
        RuntimeException failure = new ApplicationContextException("Failed to start bean 'webServerStartStop'",
                new IllegalStateException("startFailed", new IllegalArgumentException("port out of range:70000")));

        assertThat(EngineLauncher.explain(failure, null, null)).isEqualTo("The engine could not start: port out of range:70000;"
                + " server.port (SERVER_PORT) takes 1 to 65535, 8080 by default.");
    }

    @Test
    void anythingElseIsToldByItsRootCauseWithTheWayToTheDetails() {
        RuntimeException failure = new ApplicationContextException("Failed to start bean 'x'",
                new IllegalStateException("the disk is full"));

        assertThat(EngineLauncher.explain(failure, null, null)).isEqualTo("The engine could not start: the disk is full\n"
                + "(IllegalStateException; run with MIDDLEMILE_JAVA_OPTS=-Dlogging.level.root=INFO for details)");
    }
}
