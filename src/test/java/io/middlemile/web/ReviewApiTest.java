package io.middlemile.web;

import io.middlemile.cli.EngineLauncherAccess;
import io.middlemile.store.JobLock;
import io.middlemile.store.ReviewItem;
import io.middlemile.store.ReviewStore;
import io.middlemile.store.RunStore;
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
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The review queue's REST API: token required, and approving writes through the same path as the CLI; a missing item is
 * 404, a decided one 409, and decisions (or rollbacks) made at the same moment are made one after the other, never a 500.
 */
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
        // two more titles change: parked as well, for the approvals made at once below
        Path input = workspace.resolve("samples/contacts.csv");
        Files.writeString(input, Files.readString(input).replace("Software Engineer II", "Staff Engineer")
                .replace("Account Executive", "Key Account Lead"));
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
            assertThat(list.body().split("\"recordKey\"")).hasSize(4);
            assertThat(list.body().split("\"recordKey\":\"1002\"")).hasSize(2);
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

            // a missing item is 404 as its GET is, an item decided already 409, and neither changes anything
            Map<String, String> refused = Map.of(
                    "/999999/approve", "404 There is no review item #999999",
                    "/999999/reject", "404 There is no review item #999999",
                    "/" + id + "/approve", "409 Review item #" + id + " is approved already (decided at ",
                    "/" + id + "/reject", "409 Review item #" + id + " is approved already (decided at ");
            for (Map.Entry<String, String> request : refused.entrySet()) {
                HttpResponse<String> answer = decide(base + request.getKey());
                assertThat(answer.statusCode() + " " + answer.body()).as(request.getKey())
                        .startsWith(request.getValue().substring(0, 4) + "{\"error\":\"" + request.getValue().substring(4));
            }

            // approvals at once (a double click on 1003, and 1006 by another operator): one lock per job's items, so each
            // waits for the one before; 1003 is written once and its second click told who decided it, 1006 is decided too
            ReviewStore reviews = engine.getBean(ReviewStore.class);
            RunStore runs = engine.getBean(RunStore.class);
            long staff = pending(reviews, "1003");
            long account = pending(reviews, "1006");
            ExecutorService clicks = Executors.newFixedThreadPool(3);
            List<Future<HttpResponse<String>>> answers;
            try (JobLock busy = runs.tryLock("review:import-contacts").orElseThrow()) {
                answers = List.of(clicks.submit(() -> decide(base + "/" + staff + "/approve")),
                        clicks.submit(() -> decide(base + "/" + staff + "/approve")),
                        clicks.submit(() -> decide(base + "/" + account + "/approve")));
                Thread.sleep(500);
                assertThat(answers).as("each waits for the lock").noneMatch(Future::isDone);
            }
            List<HttpResponse<String>> twice = List.of(answers.get(0).get(30, TimeUnit.SECONDS),
                    answers.get(1).get(30, TimeUnit.SECONDS));
            assertThat(twice).extracting(HttpResponse::statusCode).containsExactlyInAnyOrder(200, 409);
            assertThat(twice).filteredOn(answer -> answer.statusCode() == 409).singleElement()
                    .satisfies(answer -> assertThat(answer.body()).contains("nothing was done now")
                            .containsPattern("Review item #" + staff + " is approved already \\(decided at \\S+Z by ana@revops\\)"));
            HttpResponse<String> other = answers.get(2).get(30, TimeUnit.SECONDS);
            assertThat(other.statusCode()).as(other.body()).isEqualTo(200);
            assertThat(other.body()).contains("\"written\":1");
            assertThat(runs.history("review:import-contacts", 10)).as("one run per approval, none for the second click").hasSize(3);

            // the same for two rollbacks of one run at once: the second finds nothing left to undo (409) and records no run
            java.util.regex.Matcher run = java.util.regex.Pattern.compile("\"runId\":(\\d+)").matcher(other.body());
            assertThat(run.find()).as(other.body()).isTrue();
            long approval = Long.parseLong(run.group(1));
            List<Future<HttpResponse<String>>> rollbacks;
            try (JobLock busy = runs.tryLock("rollback:" + approval).orElseThrow()) {
                String rollback = base.replace("/api/reviews", "/api/runs/" + approval + "/rollback?plan=false");
                rollbacks = List.of(clicks.submit(() -> decide(rollback)), clicks.submit(() -> decide(rollback)));
                Thread.sleep(300);
            }
            List<HttpResponse<String>> undone = List.of(rollbacks.get(0).get(30, TimeUnit.SECONDS),
                    rollbacks.get(1).get(30, TimeUnit.SECONDS));
            assertThat(undone).extracting(HttpResponse::statusCode).containsExactlyInAnyOrder(200, 409);
            assertThat(undone).filteredOn(answer -> answer.statusCode() == 409).singleElement()
                    .satisfies(answer -> assertThat(answer.body()).contains("Run " + approval + " was rolled back by run ")
                            .contains("nothing of it is left to undo"));
            assertThat(runs.history("rollback:" + approval, 10)).as("no rollback run of nothing").hasSize(1);
            clicks.shutdown();
        }
        String written = Files.readString(workspace.resolve("out/contacts-clean.csv"));
        assertThat(written).contains(",VP Marketing,").contains(",Staff Engineer,").contains(",Account Executive,")
                .as("the approval of 1006 rolled back").doesNotContain("Key Account Lead");
    }

    private HttpResponse<String> decide(String url) throws Exception {
        return http.send(authorized(url).POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static long pending(ReviewStore reviews, String key) {
        return reviews.list(ReviewItem.Status.PENDING).stream().filter(item -> item.recordKey().equals(key)).findFirst().orElseThrow().id();
    }

    private static HttpRequest.Builder authorized(String url) {
        return HttpRequest.newBuilder(URI.create(url)).header("Authorization", "Bearer test-token-for-the-api");
    }
}
