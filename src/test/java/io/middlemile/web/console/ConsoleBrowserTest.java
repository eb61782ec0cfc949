package io.middlemile.web.console;

import io.middlemile.cli.EngineLauncherAccess;
import io.middlemile.govern.KillSwitch;
import io.middlemile.store.ControlStore;
import io.middlemile.store.JobRun;
import io.middlemile.store.JournalEntry;
import io.middlemile.store.JournalStore;
import io.middlemile.store.RecordOutcome;
import io.middlemile.store.ReviewItem;
import io.middlemile.store.ReviewStore;
import io.middlemile.store.RunStore;
import io.middlemile.testing.Chromium;
import io.middlemile.testing.Cli;
import io.middlemile.testing.ParkedReview;
import io.middlemile.testing.TestWorkspaces;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.Select;
import org.springframework.context.ConfigurableApplicationContext;

import java.io.IOException;
import java.io.Reader;
import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The console in a real browser (headless Debian Chromium), walking an operator's path on the sample workspace: sign in
 * with a token, see a run with failed records and open them, approve a parked review, roll a run back after its
 * preview, turn the kill switch and the agents' own on and off; then a read-only token sees the same pages without a single form and is
 * refused when it posts anyway, and a post without the CSRF token is refused. Every step is checked against the state
 * store and the written CSV, not only the page. One engine and one browser serve all the steps, in order; the
 * screenshots they take are the README's (docs/console, refreshed with -Dconsole.screenshots=docs/console).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ConsoleBrowserTest {

    private static final String OPERATOR = "operator-token-for-the-console";
    private static final String READER = "dashboard-token-for-the-console";
    /**
     * Where the screenshots go: target/console-screenshots, so a test run leaves the tree as it was;
     * {@code -Dconsole.screenshots=docs/console} refreshes the README's.
     */
    private static final Path SCREENSHOTS = TestWorkspaces.BUNDLED.resolve(System.getProperty("console.screenshots",
            "target/console-screenshots"));

    @TempDir
    static Path workspace;
    @TempDir
    static Path profile;

    private static ConfigurableApplicationContext engine;
    private static ChromeDriver browser;
    private static String base;

    @BeforeAll
    static void start() throws Exception {
        Chromium.ensureInstalled();
        // run 1 imports (2 rows rejected), run 2 parks a jobtitle change of record 1002 for review
        ParkedReview.prepare(workspace);
        // a dedupe run of the sample rule, saved with its clusters for the dedupe page
        Cli.Result dedupe = Cli.run("dedupe", "contacts", "--workspace", workspace.toString());
        assertThat(dedupe.exitCode()).as(dedupe.out() + dedupe.err()).isZero();
        System.setProperty("MIDDLEMILE_API_TOKENS", "ana@revops=" + OPERATOR + ",dashboard=" + READER);
        System.setProperty("MIDDLEMILE_API_READ_ONLY", "dashboard");
        System.setProperty("server.port", "0");
        engine = EngineLauncherAccess.serve(workspace);
        base = "http://localhost:" + engine.getEnvironment().getProperty("local.server.port");
        browser = Chromium.start(profile);
        Files.createDirectories(SCREENSHOTS);
    }

    @AfterAll
    static void stop() {
        try {
            if (browser != null) {
                browser.quit();
            }
        } finally {
            if (engine != null) {
                engine.close();
            }
            System.clearProperty("MIDDLEMILE_API_TOKENS");
            System.clearProperty("MIDDLEMILE_API_READ_ONLY");
            System.clearProperty("server.port");
        }
    }

    @Test
    @Order(1)
    void anOperatorSignsInSeesTheRunWithFailuresAndOpensItsRejectedRecords() throws Exception {
        browser.get(base + "/console");
        assertThat(browser.getCurrentUrl()).as("the console needs a sign-in").endsWith("/console/login");
        signIn("not-a-token-of-this-engine");
        assertThat(text(By.id("problem"))).contains("That token is not one of the engine's tokens");
        signIn(OPERATOR);
        assertThat(text(By.cssSelector(".who"))).contains("Signed in as ana@revops").doesNotContain("read-only");

        JobRun last = store(RunStore.class).latestPerJob().stream().filter(run -> run.job().equals("import-contacts")).findFirst()
                .orElseThrow();
        assertThat(last.rejected()).isEqualTo(2);
        WebElement job = browser.findElement(By.id("job-import-contacts"));
        assertThat(job.getText()).contains("Run " + last.id()).contains("succeeded").contains("on schedule");
        assertThat(browser.findElement(By.id("job-enrich-contacts")).getText()).contains("on demand").contains("never run");
        screenshot("overview");

        go(job.findElement(By.cssSelector("a[aria-label='2 rejected records of run " + last.id() + "']")));
        assertThat(browser.getCurrentUrl()).contains("/console/runs/" + last.id());
        assertThat(new Select(browser.findElement(By.id("outcome"))).getFirstSelectedOption().getText()).isEqualTo("rejected (2)");
        List<String> rows = browser.findElements(By.cssSelector("#records tbody tr")).stream().map(WebElement::getText).toList();
        List<RecordOutcome> rejected = store(RunStore.class).outcomes(last.id(), RecordOutcome.Outcome.REJECTED);
        assertThat(rows).hasSize(rejected.size());
        for (int i = 0; i < rows.size(); i++) {
            assertThat(rows.get(i)).contains(rejected.get(i).location()).contains(rejected.get(i).reason().lines().findFirst().orElseThrow());
        }
        assertThat(String.join("\n", rows)).contains("samples/contacts.csv:28").contains("expected 10 columns")
                .contains("samples/contacts.csv:29").contains("bad quoting");
        assertThat(text(By.id("counts"))).contains("Rejected\n2");
        screenshot("run-rejected");

        // filter by another outcome: the skipped records of the same run
        new Select(browser.findElement(By.id("outcome"))).selectByValue("skipped");
        go(browser.findElement(By.cssSelector("form.inline button")));
        assertThat(browser.findElements(By.cssSelector("#records tbody tr"))).hasSize((int) Math.min(RunPage.PAGE_SIZE, last.skipped()));

        // "retry failed": both rows are unreadable CSV, so nothing is retried and the page says how to fix them
        browser.get(base + "/console/runs/" + last.id());
        go(browser.findElement(By.xpath("//button[text()='Retry failed records']")));
        assertThat(text(By.id("problem"))).contains("Nothing was retried for job import-contacts: 2 records wait")
                .contains("Fix them at the source, then run the job again");
        assertThat(store(RunStore.class).pendingRetries("import-contacts")).hasSize(2);
    }

    @Test
    @Order(2)
    void anOperatorApprovesAParkedReviewAndTheWriteIsMadeUnderTheirName() throws Exception {
        ReviewItem parked = store(ReviewStore.class).list(ReviewItem.Status.PENDING).get(0);
        assertThat(parked.recordKey()).isEqualTo("1002");
        go(browser.findElement(By.linkText("Review queue " + 1)));
        WebElement card = browser.findElement(By.id("review-" + parked.id()));
        assertThat(card.findElement(By.cssSelector("tr.changed")).getText()).contains("jobtitle").contains("Head of Marketing")
                .contains("VP Marketing");
        assertThat(card.findElement(By.cssSelector("tr.changed del")).getText()).isEqualTo("Head of Marketing");
        assertThat(card.findElement(By.cssSelector("tr.changed ins")).getText()).isEqualTo("VP Marketing");
        screenshot("review-queue");

        card.findElement(By.id("approve-note-" + parked.id())).sendKeys("confirmed with the rep");
        go(card.findElement(By.cssSelector("button[aria-label='Approve review " + parked.id() + "']")));

        ReviewItem decided = store(ReviewStore.class).find(parked.id()).orElseThrow();
        assertThat(decided.status()).isEqualTo(ReviewItem.Status.APPROVED);
        assertThat(decided.decidedBy()).isEqualTo("ana@revops");
        assertThat(decided.note()).isEqualTo("confirmed with the rep");
        assertThat(row("1002")).containsEntry("jobtitle", "VP Marketing");
        assertThat(text(By.id("notice"))).contains("Review #" + parked.id() + " approved by ana@revops: 1 written");
        assertThat(text(By.id("empty"))).isEqualTo("Nothing waits for review.");
    }

    @Test
    @Order(3)
    void anOperatorRollsBackTheApprovalsRunAfterItsPreview() throws Exception {
        // the approval's notice links the run that made the write
        go(browser.findElement(By.cssSelector("#notice a")));
        long approvalRun = Long.parseLong(find(browser.getCurrentUrl(), "/console/runs/(\\d+)/journal"));
        List<JournalEntry> journaled = store(JournalStore.class).ofRun(approvalRun);
        assertThat(journaled).hasSize(1);
        assertThat(text(By.tagName("main"))).contains("update").contains("clean-contacts/contacts/1002").contains("VP Marketing");

        go(browser.findElement(By.id("preview-rollback")));
        assertThat(text(By.id("plan"))).contains("update").contains("clean-contacts/contacts/1002").contains("jobtitle=Head of Marketing");
        assertThat(row("1002")).as("a preview writes nothing").containsEntry("jobtitle", "VP Marketing");
        screenshot("rollback-preview");

        // the confirmation is required: the browser will not send the form without it
        browser.findElement(By.id("rollback")).click();
        assertThat(browser.getCurrentUrl()).endsWith("/console/runs/" + approvalRun + "/rollback");
        assertThat(row("1002")).containsEntry("jobtitle", "VP Marketing");
        browser.findElement(By.cssSelector("label[for=confirmed]")).click();
        go(browser.findElement(By.id("rollback")));

        assertThat(text(By.id("notice"))).contains("Run " + approvalRun + " rolled back by ana@revops: 1 written back");
        assertThat(row("1002")).containsEntry("jobtitle", "Head of Marketing");
        long rollbackRun = Long.parseLong(find(browser.getCurrentUrl(), "/console/runs/(\\d+)/journal"));
        assertThat(store(JournalStore.class).ofRun(rollbackRun)).singleElement()
                .satisfies(entry -> assertThat(entry.decision()).contains("via rollback of run " + approvalRun + " by ana@revops"));

        // the same rollback again (the back button, a second operator): nothing is left to undo, and nothing is recorded
        browser.get(base + "/console/runs/" + approvalRun + "/rollback");
        browser.findElement(By.cssSelector("label[for=confirmed]")).click();
        go(browser.findElement(By.id("rollback")));
        assertThat(text(By.id("notice"))).contains("Run " + approvalRun + " was rolled back by run " + rollbackRun)
                .contains("nothing of it is left to undo");
        assertThat(store(RunStore.class).history("rollback:" + approvalRun, 10)).hasSize(1);
    }

    @Test
    @Order(4)
    void anOperatorTurnsTheKillSwitchOnWithAReasonAndOffAgain() throws Exception {
        go(browser.findElement(By.partialLinkText("Kill switch")));
        assertThat(text(By.id("kill-switch-state"))).startsWith("Off");
        browser.findElement(By.id("reason")).sendKeys("bad mapping deployed");
        browser.findElement(By.id("confirmed")).click();
        go(browser.findElement(By.id("switch")));

        ControlStore.Switch on = store(ControlStore.class).get(KillSwitch.NAME).orElseThrow();
        assertThat(on.on()).isTrue();
        assertThat(on.reason()).isEqualTo("bad mapping deployed");
        assertThat(on.setBy()).isEqualTo("ana@revops");
        assertThat(text(By.cssSelector(".banner"))).contains("Kill switch is on").contains("bad mapping deployed").contains("ana@revops");
        screenshot("kill-switch");

        browser.findElement(By.id("confirmed")).click();
        go(browser.findElement(By.id("switch")));
        assertThat(store(ControlStore.class).get(KillSwitch.NAME).orElseThrow().on()).isFalse();
        assertThat(text(By.id("kill-switch-state"))).startsWith("Off");
        assertThat(browser.findElements(By.cssSelector(".banner"))).isEmpty();

        // the agents' own switch, below it, the same way
        browser.findElement(By.id("agents-reason")).sendKeys("a bot loops on phone numbers");
        browser.findElement(By.id("agents-confirmed")).click();
        go(browser.findElement(By.id("agents-switch")));
        assertThat(store(ControlStore.class).get(KillSwitch.AGENTS).orElseThrow()).extracting(ControlStore.Switch::on,
                ControlStore.Switch::reason, ControlStore.Switch::setBy).containsExactly(true, "a bot loops on phone numbers", "ana@revops");
        assertThat(text(By.id("agents-switch-state"))).startsWith("On").contains("a bot loops on phone numbers");
        assertThat(text(By.id("kill-switch-state"))).startsWith("Off");
        browser.findElement(By.id("agents-confirmed")).click();
        go(browser.findElement(By.id("agents-switch")));
        assertThat(store(ControlStore.class).get(KillSwitch.AGENTS).orElseThrow().on()).isFalse();
        assertThat(text(By.id("agents-switch-state"))).startsWith("Off");

        // on a phone
        browser.manage().window().setSize(new Dimension(390, 844));
        browser.get(base + "/console");
        screenshot("overview-phone");
        browser.manage().window().setSize(new Dimension(1280, 900));
        go(browser.findElement(By.cssSelector(".who button")));
        assertThat(browser.getCurrentUrl()).endsWith("/console/login?signed-out");
    }

    @Test
    @Order(5)
    void aReadOnlyTokenSeesEveryPageWithoutFormsAndIsRefusedWhenItPostsAnyway() throws Exception {
        browser.get(base + "/console/login");
        signIn(READER);
        assertThat(text(By.cssSelector(".who"))).contains("Signed in as dashboard (read-only)");
        long run = store(RunStore.class).latestPerJob().stream().filter(r -> r.job().equals("import-contacts")).findFirst()
                .orElseThrow().id();
        for (String page : List.of("/console", "/console/runs/" + run, "/console/reviews?status=all", "/console/runs/" + run
                + "/rollback", "/console/enrichment", "/console/connections", "/console/quality", "/console/dedupe", "/console/workspace",
                "/console/kill-switch")) {
            browser.get(base + page);
            assertThat(browser.findElements(By.cssSelector("form[method=post]"))).as(page + " offers a reader only signing out")
                    .hasSize(1).allSatisfy(form -> assertThat(form.getAttribute("action")).endsWith("/console/logout"));
        }
        assertThat(text(By.tagName("main"))).contains("Your token is read-only");

        // a reader that posts anyway, with a valid session and CSRF token: 403, and nothing changes
        Session reader = Session.signIn(READER);
        HttpResponse<String> refused = reader.post("/console/kill-switch", Map.of("on", "true", "reason", "x", "confirmed", "true"));
        assertThat(refused.statusCode()).isEqualTo(403);
        assertThat(refused.body()).contains("Your token (dashboard) is read-only");
        assertThat(store(ControlStore.class).get(KillSwitch.NAME).orElseThrow().on()).isFalse();

        // an operator's session without the CSRF token: 403, and nothing changes
        Session operator = Session.signIn(OPERATOR);
        assertThat(operator.cookie).contains("HttpOnly").containsIgnoringCase("SameSite=Strict");
        HttpResponse<String> forged = operator.postWithoutCsrf("/console/kill-switch", Map.of("on", "true", "reason", "x",
                "confirmed", "true"));
        assertThat(forged.statusCode()).isEqualTo(403);
        assertThat(forged.body()).contains("without a valid CSRF token");
        assertThat(store(ControlStore.class).get(KillSwitch.NAME).orElseThrow().on()).isFalse();
        // the same session with its token is heard
        assertThat(operator.post("/console/kill-switch", Map.of("on", "false", "confirmed", "true")).statusCode()).isEqualTo(302);
        // and the bearer-token API is as it was: the console's cookie is no credential there
        assertThat(operator.get("/api/kill-switch").statusCode()).isEqualTo(401);
    }

    @Test
    @Order(6)
    void theEnrichmentPageShowsEachWaterfallsSpendAgainstItsBudgets() throws Exception {
        // what runs of enrich/contacts.yaml recorded: FullEnrich found one of two emails today, Apollo a phone 40 days ago
        java.time.Instant now = java.time.Instant.now();
        store(io.middlemile.store.EnrichSpendStore.class).record(List.of(
                new io.middlemile.store.EnrichSpendStore.Spend(null, "enrich-contacts", "contacts", "work-email", "fullenrich", "k1",
                        List.of("email"), List.of("email"), 10, 0.29, now),
                new io.middlemile.store.EnrichSpendStore.Spend(null, "enrich-contacts", "contacts", "work-email", "fullenrich", "k2",
                        List.of("email"), List.of(), 0, 0, now),
                new io.middlemile.store.EnrichSpendStore.Spend(null, "enrich-contacts", "contacts", "mobile-phone", "apollo", "k3",
                        List.of("phone"), List.of("phone"), 8, 0.20, now)));
        // the store stamps a lookup when it is recorded
        store(org.springframework.jdbc.core.JdbcTemplate.class).update("update enrich_spend set spent_at = now() - interval '40 days'"
                + " where lookup_key = 'k3'");
        browser.get(base + "/console");
        if (!browser.findElements(By.id("token")).isEmpty()) {
            signIn(READER); // run alone; after the read-only walk the reader is signed in already
        }

        go(browser.findElement(By.linkText("Enrichment spend")));

        // the cost against perDay 50.00 and perMonth 500.00 of enrich/contacts.yaml, FullEnrich's credits against its
        // perDay 1000; Apollo's lookup is older than the month and the 30 days
        assertThat(text(By.id("today-contacts"))).startsWith("0.29 of 50.00");
        assertThat(text(By.id("month-contacts"))).startsWith("0.29 of 500.00");
        assertThat(text(By.id("provider-contacts-fullenrich"))).isEqualTo("fullenrich 2 1 10.00 0.29 10.00 of 1,000 10.00");
        assertThat(text(By.id("provider-contacts-apollo"))).isEqualTo("apollo 0 0 0.00 0.00 0.00 0.00");
        screenshot("enrichment");

        go(browser.findElement(By.linkText("Connections")));

        // the CSV export is there; HubSpot's connection has no token in this engine's environment, and says which
        assertThat(text(By.id("connection-legacy-crm-export"))).contains("csv").contains("samples/contacts.csv").contains("healthy");
        assertThat(text(By.id("connection-hubspot"))).contains("failing").contains("HUBSPOT_TOKEN");
    }

    @Test
    @Order(7)
    void theQualityDedupeAndWorkspacePagesShowWhatTheStoreAndTheFilesHoldAndARunShowsItsProgress() throws Exception {
        // three reports of hygiene/legacy-contacts.yaml, two weeks and one week ago and now: Email filled in over time
        io.middlemile.store.QualityHistory history = store(io.middlemile.store.QualityHistory.class);
        long[] ids = new long[3];
        for (int i = 0; i < 3; i++) {
            ids[i] = history.save("legacy-contacts", "legacy-crm-export/contacts", "git:abc", Map.of("records", 26, "clean", 0.25 + 0.25 * i,
                    "error", 6 - 2 * i, "warning", 40, "info", 25, "completeness:Email", 0.5 + 0.25 * i, "rule:emails", 3 - i,
                    "rule:phones", 7));
        }
        org.springframework.jdbc.core.JdbcTemplate jdbc = store(org.springframework.jdbc.core.JdbcTemplate.class);
        jdbc.update("update quality_history set measured_at = now() - interval '14 days' where id = ?", ids[0]);
        jdbc.update("update quality_history set measured_at = now() - interval '7 days' where id = ?", ids[1]);
        browser.get(base + "/console");
        if (!browser.findElements(By.id("token")).isEmpty()) {
            signIn(READER);
        }

        go(browser.findElement(By.linkText("Data quality")));
        WebElement panel = browser.findElement(By.id("hygiene-legacy-contacts"));
        assertThat(panel.findElement(By.cssSelector("svg.big polyline")).getAttribute("points").split(" ")).hasSize(3);
        assertThat(panel.findElement(By.cssSelector("svg.big")).getAttribute("aria-label"))
                .startsWith("Records without findings: from 25.0 % on").contains("to 75.0 % on").endsWith("3 measurements");
        assertThat(text(By.id("latest-legacy-contacts"))).contains("26 records, 75.0 % without findings").contains("error 2")
                .contains("warning 40");
        assertThat(text(By.id("rules-legacy-contacts"))).as("most findings first").containsSubsequence("phones 7", "emails 1");
        assertThat(browser.findElement(By.xpath("//table[@id='metrics-legacy-contacts']//tr[th='Email present']")).getText())
                .containsSubsequence("50.0 %", "100.0 %", "+50.0 points");
        assertThat(browser.findElement(By.id("hygiene-hubspot-deals")).getText()).contains("No report in this period");
        // the screenshot shows the file with reports (an anchor, since the console's policy runs no script, not even to scroll)
        browser.get(base + "/console/quality#hygiene-legacy-contacts");
        screenshot("quality");
        HttpResponse<String> qualityApi = api("/api/quality/history?hygiene=legacy-contacts&days=30");
        assertThat(qualityApi.statusCode()).isEqualTo(200);
        assertThat(qualityApi.body()).contains("\"name\":\"legacy-contacts\"").contains("\"rule:phones\":7");
        assertThat(api("/api/quality/history?hygiene=nope").body()).contains("There is no hygiene file hygiene/nope.yaml")
                .contains("legacy-contacts");

        // the dedupe run saved before the engine started: Bob and Robert McDonald are one person
        io.middlemile.store.DedupeRunStore.DedupeRun saved = store(io.middlemile.store.DedupeRunStore.class).runs("contacts", 1).get(0);
        go(browser.findElement(By.linkText("Dedupe")));
        assertThat(text(By.id("dedupe-run-" + saved.id()))).contains("dedupe/contacts.yaml").contains("38");
        go(browser.findElement(By.linkText("Run " + saved.id())));
        List<WebElement> clusters = browser.findElements(By.cssSelector("article[id^=cluster-]"));
        assertThat(clusters).hasSize(Math.min(DedupePage.PAGE_SIZE, saved.clusters()));
        WebElement mcdonald = clusters.stream().filter(c -> c.getText().contains("keep hubspot-export/contacts/51001")).findFirst()
                .orElseThrow();
        assertThat(mcdonald.getText()).contains("legacy-crm-export/contacts/1001 merges into hubspot-export/contacts/51001").contains("auto-merge")
                .contains("nickname");
        screenshot("dedupe-clusters");
        go(browser.findElement(By.partialLinkText("Pairs for review")));
        assertThat(text(By.tagName("main"))).contains("hubspot-export/contacts/51010 may be the same as legacy-crm-export/contacts/1017");
        assertThat(api("/api/dedupe/runs/" + saved.id() + "/clusters?limit=500").body())
                .contains("\"total\":" + saved.clusters()).contains("\"sourceId\":\"51001\"").contains("\"level\":\"nickname\"");

        // the workspace as on disk: valid; then a broken file appears in the checkout and the page says where
        go(browser.findElement(By.linkText("Workspace")));
        assertThat(text(By.id("validation"))).startsWith("Valid");
        assertThat(text(By.id("file-connectors/legacy-crm-export.yaml"))).endsWith("valid");
        Path broken = workspace.resolve("connectors/broken.yaml");
        Files.writeString(broken, "type: no-such-provider\ndescription: a file someone pushed half-done\n");
        try {
            browser.navigate().refresh();
            HttpResponse<String> validation = api("/api/workspace/validation");
            assertThat(validation.body()).contains("\"valid\":false").contains("\"file\":\"connectors/broken.yaml\"");
            assertThat(text(By.id("validation"))).contains("in the files on disk").contains("keeps running the version it loaded");
            assertThat(text(By.id("problems"))).contains("connectors/broken.yaml:");
            assertThat(browser.findElements(By.cssSelector("#problems tbody tr"))).as("one row per problem the API lists")
                    .hasSize(validation.body().split("\"text\":").length - 1);
            assertThat(text(By.id("file-connectors/broken.yaml"))).containsPattern("\\d+ problems?$");
            screenshot("workspace");
        } finally {
            Files.delete(broken);
        }

        // a run in progress: its bar, the page reloading itself, and the same over REST
        RunStore runs = store(RunStore.class);
        io.middlemile.observe.LiveProgress live = store(io.middlemile.observe.LiveProgress.class);
        JobRun running = runs.start("enrich-contacts", "legacy-crm-export", "contacts", "git:abc");
        live.started(running, false);
        live.page(running, 400, 380, 15, 5, 0.4);
        try {
            browser.get(base + "/console");
            assertThat(browser.findElement(By.id("progress-bar-" + running.id())).getAttribute("value")).isEqualTo("40");
            assertThat(text(By.id("progress-" + running.id()))).contains("40 % of the source read, 400 records read (380 written, 15"
                    + " skipped, 5 rejected)");
            assertThat(browser.findElements(By.cssSelector("meta[http-equiv=refresh]"))).hasSize(1);
            assertThat(api("/api/runs/" + running.id() + "/progress").body()).contains("\"running\":true").contains("\"percent\":40")
                    .contains("\"rejected\":5");
            browser.get(base + "/console/runs/" + running.id() + "?live=false");
            assertThat(browser.findElements(By.cssSelector("meta[http-equiv=refresh]"))).as("a person stopped the updates").isEmpty();
            assertThat(text(By.id("live"))).contains("does not update itself");
        } finally {
            live.finished(runs.finish(running.id(), JobRun.Status.SUCCEEDED, null));
        }
        assertThat(api("/api/runs/" + running.id() + "/progress").body()).contains("\"running\":false").contains("\"percent\":null");
    }

    /** A read-only token's GET of the REST API. */
    private static HttpResponse<String> api(String path) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(base + path)).header("Authorization", "Bearer " + READER)
                .GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    /** A console session over plain HTTP, for the requests a browser would not send. */
    private static final class Session {
        private final HttpClient http = HttpClient.newBuilder().cookieHandler(new CookieManager()).build();
        private String csrf;
        private String cookie;

        static Session signIn(String token) throws Exception {
            Session session = new Session();
            HttpResponse<String> login = session.get("/console/login");
            HttpResponse<String> signedIn = session.send(HttpRequest.newBuilder(URI.create(base + "/console/login"))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString(form(Map.of("token", token, "_csrf", csrfOf(login.body()))))));
            assertThat(signedIn.statusCode()).isEqualTo(302);
            assertThat(signedIn.headers().firstValue("Location")).hasValueSatisfying(to -> assertThat(to).endsWith("/console"));
            session.cookie = signedIn.headers().firstValue("Set-Cookie").orElse("");
            session.csrf = csrfOf(session.get("/console").body());
            return session;
        }

        HttpResponse<String> get(String path) throws Exception {
            return send(HttpRequest.newBuilder(URI.create(base + path)).GET());
        }

        HttpResponse<String> post(String path, Map<String, String> fields) throws Exception {
            Map<String, String> withToken = new LinkedHashMap<>(fields);
            withToken.put("_csrf", csrf);
            return postWithoutCsrf(path, withToken);
        }

        HttpResponse<String> postWithoutCsrf(String path, Map<String, String> fields) throws Exception {
            return send(HttpRequest.newBuilder(URI.create(base + path)).header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString(form(fields))));
        }

        private HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
            return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        }

        private static String csrfOf(String page) {
            return find(page, "name=\"_csrf\" value=\"([^\"]+)\"");
        }

        private static String form(Map<String, String> fields) {
            return String.join("&", fields.entrySet().stream().map(field -> field.getKey() + "="
                    + URLEncoder.encode(field.getValue(), StandardCharsets.UTF_8)).toList());
        }
    }

    private static void signIn(String token) {
        WebElement field = browser.findElement(By.id("token"));
        field.clear();
        field.sendKeys(token);
        go(browser.findElement(By.cssSelector("form.card button[type=submit]")));
    }

    /**
     * Clicks a link or a form's button and waits until the browser has the next page: a click returns as soon as the
     * navigation starts, and reading the page at once could read the old one.
     */
    private static void go(WebElement element) {
        element.click();
        // the page that answered the click replaced the old one; Chromium says so as a stale element or, while the old
        // document is being torn down, as "Node with given id does not belong to the document"
        new org.openqa.selenium.support.ui.WebDriverWait(browser, java.time.Duration.ofSeconds(20)).until(driver -> {
            try {
                element.isEnabled();
                return false;
            } catch (org.openqa.selenium.StaleElementReferenceException e) {
                return true;
            } catch (org.openqa.selenium.WebDriverException e) {
                if (String.valueOf(e.getMessage()).contains("does not belong to the document")) {
                    return true;
                }
                throw e;
            }
        });
    }

    private static String text(By locator) {
        return browser.findElement(locator).getText();
    }

    private static <T> T store(Class<T> type) {
        return engine.getBean(type);
    }

    /** One row of the written CSV, by its legacy id. */
    private static Map<String, String> row(String id) throws IOException {
        try (Reader in = Files.newBufferedReader(workspace.resolve("out/contacts-clean.csv"))) {
            for (CSVRecord record : CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).get().parse(in)) {
                if (record.get("legacy_id").equals(id)) {
                    return record.toMap();
                }
            }
        }
        throw new AssertionError("record " + id + " is not in out/contacts-clean.csv");
    }

    private static void screenshot(String name) throws IOException {
        Files.write(SCREENSHOTS.resolve(name + ".png"), browser.getScreenshotAs(OutputType.BYTES));
    }

    private static String find(String text, String regex) {
        Matcher m = Pattern.compile(regex).matcher(text);
        assertThat(m.find()).as(text).isTrue();
        return m.group(1);
    }
}
