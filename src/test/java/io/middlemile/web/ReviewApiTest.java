package io.middlemile.web;

import io.middlemile.cli.EngineLauncherAccess;
import io.middlemile.testing.Cli;
import io.middlemile.testing.ParkedReview;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.context.ConfigurableApplicationContext;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** The review queue's REST API: token required, and approving writes through the same path as the CLI. */
class ReviewApiTest {

    @TempDir
    Path workspace;

    private final HttpClient http = HttpClient.newHttpClient();

    @AfterEach
    void clearProperties() {
        System.clearProperty("MIDDLEMILE_API_TOKENS");
        System.clearProperty("server.port");
    }

    @Test
    void listsAndApprovesParkedWritesOnlyWithTheApiToken() throws Exception {
        ParkedReview.prepare(workspace);
        String ws = workspace.toString();
        // meeting the same change again does not park it twice
        assertThat(Cli.run("job", "run", "import-contacts", "--workspace", ws).exitCode()).isZero();

        System.setProperty("MIDDLEMILE_API_TOKENS", "ana@revops=test-token-for-the-api,someone-else=another-token-for-the-api");
        System.setProperty("server.port", "0");
        try (ConfigurableApplicationContext engine = EngineLauncherAccess.serve(workspace)) {
            String base = "http://localhost:" + engine.getEnvironment().getProperty("local.server.port") + "/api/reviews";

            HttpResponse<String> anonymous = http.send(HttpRequest.newBuilder(URI.create(base)).build(), HttpResponse.BodyHandlers.ofString());
            HttpResponse<String> list = http.send(authorized(base).build(), HttpResponse.BodyHandlers.ofString());

            assertThat(anonymous.statusCode()).isEqualTo(401);
            assertThat(anonymous.body()).contains("MIDDLEMILE_API_TOKEN");
            assertThat(list.statusCode()).isEqualTo(200);
            assertThat(list.body()).contains("\"recordKey\":\"1002\"").contains("\"status\":\"pending\"");
            assertThat(list.body().split("\"recordKey\"")).hasSize(2);
            String id = list.body().replaceAll("(?s)^\\[\\{\"id\":(\\d+),.*$", "$1");

            HttpResponse<String> approve = http.send(authorized(base + "/" + id + "/approve")
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"by\":\"ana@revops\",\"note\":\"confirmed with the rep\"}")).build(),
                    HttpResponse.BodyHandlers.ofString());

            assertThat(approve.statusCode()).as(approve.body() + " id=" + id).isEqualTo(200);
            assertThat(approve.body()).contains("\"written\":1");

            // the journal and the review record the token's name: a body cannot decide in someone else's name
            HttpResponse<String> decided = http.send(authorized(base + "?status=all").build(), HttpResponse.BodyHandlers.ofString());
            assertThat(decided.body()).contains("\"decidedBy\":\"ana@revops\"");
            HttpResponse<String> impersonating = http.send(HttpRequest.newBuilder(URI.create(base + "/" + id + "/reject"))
                            .header("Authorization", "Bearer another-token-for-the-api").header("Content-Type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofString("{\"by\":\"ana@revops\"}")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(impersonating.statusCode()).isEqualTo(400);
            assertThat(impersonating.body()).contains("this token is someone-else's");
        }
        assertThat(Files.readString(workspace.resolve("out/contacts-clean.csv"))).contains(",VP Marketing,");
    }

    private static HttpRequest.Builder authorized(String url) {
        return HttpRequest.newBuilder(URI.create(url)).header("Authorization", "Bearer test-token-for-the-api");
    }
}
