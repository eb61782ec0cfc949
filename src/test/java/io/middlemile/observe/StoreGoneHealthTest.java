package io.middlemile.observe;

import io.middlemile.cli.EngineLauncherAccess;
import io.middlemile.testing.TestDatabase;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code /actuator/health} of a `middlemile run`: UP from its start, while its job has not run yet; and when its state
 * store is out of reach, DOWN with HTTP 503 and, for each contributor that reads the store, a detail naming it and what to
 * do, as load balancers and monitors expect; not a 500 (the kill switch's contributor threw the store's failure out of the
 * endpoint).
 */
class StoreGoneHealthTest {

    private static final String READER = "dashboard-token-for-the-health";

    @TempDir
    Path workspace;

    private final HttpClient http = HttpClient.newHttpClient();

    @AfterEach
    void clearProperties() {
        System.clearProperty("MIDDLEMILE_API_TOKENS");
        System.clearProperty("server.port");
    }

    @Test
    void upFromTheStartAndAStoreOutOfReachIsDownWith503AndSaysWhatToDo() throws Exception {
        String database = TestDatabase.fresh();
        // the smallest workspace an engine serves: one CSV connection (its check reads no store and calls no provider), and a
        // job whose first run is an hour away, as an hourly job's is after a restart
        Files.createDirectories(workspace.resolve("connectors"));
        Files.createDirectories(workspace.resolve("routes"));
        Files.writeString(workspace.resolve("connectors/clean-contacts.yaml"), """
                type: csv
                csv:
                  file: out/contacts-clean.csv
                objects:
                  contacts:
                    id: email
                    fields: [email, firstname]
                """);
        Files.writeString(workspace.resolve("routes/rewrite-contacts.camel.yaml"), """
                - route:
                    id: rewrite-contacts
                    from:
                      uri: hub-read:clean-contacts/contacts
                      parameters: {initialDelay: 3600000, delay: 3600000}
                      steps:
                        - to: hub-write:clean-contacts/contacts
                """);
        System.setProperty("MIDDLEMILE_API_TOKENS", "dashboard=" + READER);
        System.setProperty("server.port", "0");
        JdbcTemplate admin = TestDatabase.jdbc("postgres");
        try (ConfigurableApplicationContext engine = EngineLauncherAccess.serve(workspace)) {
            String health = "http://localhost:" + engine.getEnvironment().getProperty("local.server.port") + "/actuator/health";
            // Camel's readiness check of the job's consumer said DOWN until its first poll: 503 after every restart
            HttpResponse<String> up = get(health);
            assertThat(up.statusCode()).as(up.body()).isEqualTo(200);
            assertThat(up.body()).startsWith("{\"status\":\"UP\"").contains("\"camelHealth\":{\"status\":\"UP\"")
                    .contains("\"camelReadinessState\":{\"status\":\"UP\"");

            // the store refuses every connection, and the ones the engine held are cut, as with a PostgreSQL gone
            try {
                admin.execute("alter database " + database + " allow_connections false");
                admin.queryForList("select pg_terminate_backend(pid) from pg_stat_activity where datname = ?", database);

                HttpResponse<String> down = get(health);
                assertThat(down.statusCode()).as(down.body()).isEqualTo(503);
                assertThat(down.body()).startsWith("{\"status\":\"DOWN\"")
                        // Spring Boot's own contributor for the store
                        .contains("\"db\":{\"status\":\"DOWN\"")
                        .contains("\"killSwitch\":{\"status\":\"DOWN\",\"details\":{\"stateStore\":\"out of reach\"")
                        .contains("could not read the kill switch from the state store", "is not currently accepting connections",
                                "No write is made while the store is out of reach", ".middlemile/pg.log", "SPRING_DATASOURCE_URL");
                HttpResponse<String> component = get(health + "/killSwitch");
                assertThat(component.statusCode()).as(component.body()).isEqualTo(503);
                assertThat(component.body()).startsWith("{\"status\":\"DOWN\"");
            } finally {
                admin.execute("alter database " + database + " allow_connections true");
            }
        }
    }

    private HttpResponse<String> get(String url) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url)).header("Authorization", "Bearer " + READER).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
