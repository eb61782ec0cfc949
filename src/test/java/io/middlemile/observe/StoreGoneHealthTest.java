package io.middlemile.observe;

import com.zaxxer.hikari.HikariDataSource;
import io.middlemile.cli.EngineLauncherAccess;
import io.middlemile.testing.TestDatabase;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.context.ConfigurableApplicationContext;

import javax.sql.DataSource;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code /actuator/health} of a `middlemile run` whose state store is out of reach: DOWN with HTTP 503 and, for each
 * contributor that reads the store, a detail naming it and what to do, as load balancers and monitors expect; not a 500
 * (the kill switch's contributor threw the store's failure out of the endpoint).
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
    void aStoreOutOfReachIsDownWith503AndSaysWhatToDo() throws Exception {
        TestDatabase.fresh();
        // the smallest workspace an engine serves: one CSV connection (its check reads no store and calls no provider), no job
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
        System.setProperty("MIDDLEMILE_API_TOKENS", "dashboard=" + READER);
        System.setProperty("server.port", "0");
        try (ConfigurableApplicationContext engine = EngineLauncherAccess.serve(workspace)) {
            String health = "http://localhost:" + engine.getEnvironment().getProperty("local.server.port") + "/actuator/health";
            HttpResponse<String> up = get(health);
            assertThat(up.statusCode()).as(up.body()).isEqualTo(200);
            assertThat(up.body()).startsWith("{\"status\":\"UP\"");

            // every connection the engine asks of its pool now fails at once, as a store that went away does once the
            // pool's wait for it is over (30 s, too long for a test)
            engine.getBean(DataSource.class).unwrap(HikariDataSource.class).close();

            HttpResponse<String> down = get(health);
            assertThat(down.statusCode()).as(down.body()).isEqualTo(503);
            assertThat(down.body()).startsWith("{\"status\":\"DOWN\"")
                    // Spring's own contributor for the store
                    .contains("\"db\":{\"status\":\"DOWN\"")
                    .contains("\"killSwitch\":{\"status\":\"DOWN\",\"details\":{\"stateStore\":\"out of reach\"")
                    .contains("could not read the kill switch from the state store", "has been closed",
                            "No write is made while the store is out of reach", ".middlemile/pg.log", "SPRING_DATASOURCE_URL");
            HttpResponse<String> component = get(health + "/killSwitch");
            assertThat(component.statusCode()).as(component.body()).isEqualTo(503);
            assertThat(component.body()).startsWith("{\"status\":\"DOWN\"");
        }
    }

    private HttpResponse<String> get(String url) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url)).header("Authorization", "Bearer " + READER).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
