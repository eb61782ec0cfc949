package io.middlemile.cluster;

import io.middlemile.sandbox.hubspot.EmulatorSettings;
import io.middlemile.sandbox.hubspot.HubSpotEmulator;
import io.middlemile.sandbox.salesforce.SalesforceEmulator;
import io.middlemile.sandbox.salesforce.SalesforceEmulatorSettings;
import io.middlemile.store.ClusterNode;
import io.middlemile.store.NodeStore;
import io.middlemile.testing.ChildProcess;
import io.middlemile.testing.SyncWorkspace;
import io.middlemile.testing.TestDatabase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.JdbcTemplate;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * Real engines as a cluster: `middlemile` child JVMs with {@code MIDDLEMILE_CLUSTER_ENABLED=true} on one PostgreSQL
 * (the test JVM's embedded one, started once), against a HubSpot and a Salesforce emulator started once.
 * <ol>
 *   <li>Two `middlemile run` nodes share the HubSpot → Salesforce contacts sync, scheduled every 5 s: its schedule
 *       fires on one node at a time (no node ever finds the job busy), the node running it is killed with SIGKILL
 *       mid-run, and the other resumes the run from its checkpoint: every contact arrives in Salesforce exactly once.</li>
 *   <li>Two engines run two jobs on the same HubSpot connection at once: the emulator, whose search limit is the
 *       connection's, never answers 429, because both spend one budget kept in PostgreSQL.</li>
 * </ol>
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ClusterTest {

    private static final String TOKEN = "pat-na1-cluster-token";
    private static final String CLIENT_ID = "cluster-client";
    private static final String CLIENT_SECRET = "cluster-secret";
    private static final int CONTACTS = 3_000;
    private static final int COMPANIES = 1_000;
    /** HubSpot's search limit in the emulator and in the connector file: one search a second for the whole account. */
    private static final int SEARCH_PER_SECOND = 1;
    private static final String BUSY = "already running in another engine process";

    @TempDir
    static Path workspace;

    private HubSpotEmulator hubspot;
    private SalesforceEmulator salesforce;
    private String database;
    private JdbcTemplate jdbc;
    private final List<Process> children = new ArrayList<>();

    @BeforeAll
    void startDatabaseEmulatorsAndWorkspace() throws IOException {
        database = TestDatabase.fresh();
        jdbc = TestDatabase.jdbc(database);
        hubspot = HubSpotEmulator.start(EmulatorSettings.defaults(TOKEN).withBurst(40, 10_000).withSearchPerSecond(SEARCH_PER_SECOND), 0);
        salesforce = SalesforceEmulator.start(SalesforceEmulatorSettings.defaults(CLIENT_ID, CLIENT_SECRET), 0);
        SyncWorkspace.prepare(workspace, hubspot.baseUrl(), salesforce.baseUrl(), 200);
        Path connector = workspace.resolve("connectors/hubspot.yaml");
        Files.writeString(connector, Files.readString(connector) + "limits:\n  requestsPer10s: 40\n  searchPerSecond: " + SEARCH_PER_SECOND + "\n");
        // the contacts sync runs on its schedule, every 5 s; the other jobs stay on demand, and the CSV sample job is not needed
        SyncWorkspace.scheduled(workspace, SyncWorkspace.JOB, "delay: 5000");
        Files.delete(workspace.resolve("routes/import-contacts.camel.yaml"));

        StringBuilder contacts = new StringBuilder("email,firstname,lastname\n");
        for (int i = 0; i < CONTACTS; i++) {
            contacts.append("person").append(i).append("@example.com,Person,Number").append(i).append('\n');
        }
        hubspot.seedCsv("contacts", new java.io.StringReader(contacts.toString()));
        StringBuilder companies = new StringBuilder("name,domain\n");
        for (int i = 0; i < COMPANIES; i++) {
            companies.append("Company ").append(i).append(",company").append(i).append(".example.com\n");
        }
        hubspot.seedCsv("companies", new java.io.StringReader(companies.toString()));
    }

    @AfterAll
    void stopEverything() throws InterruptedException {
        for (Process child : children) {
            child.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        }
        hubspot.stop();
        salesforce.stop();
    }

    @Test
    @Order(1)
    void aScheduleRunsOnOneNodeAtATimeAndAnotherNodeResumesTheRunOfANodeKilledMidRun() throws Exception {
        Process first = node("node-1.log");
        Process second = node("node-2.log");

        awaitThat(() -> salesforce.store().all("Contact").size() >= 700, "700 contacts in Salesforce before the kill", first, second);
        String host = jdbc.queryForObject("select host from job_runs where job = ? and status = 'running'", String.class, SyncWorkspace.JOB);
        Process holder = host.endsWith("pid " + first.pid()) ? first : second;
        Process survivor = holder == first ? second : first;
        assertThat(host).as("the run's node").endsWith("pid " + holder.pid());
        long killedRun = jdbc.queryForObject("select id from job_runs where job = ? and status = 'running'", Long.class, SyncWorkspace.JOB);

        holder.destroyForcibly().waitFor();
        long killedAt = System.nanoTime();
        assertThat(salesforce.store().all("Contact").size()).as("killed mid-run").isLessThan(CONTACTS);

        awaitThat(() -> jdbc.queryForObject("select attempts from job_runs where id = ?", Integer.class, killedRun) >= 2,
                "the other node to resume the killed node's run", survivor);
        // a figure for the README, not a limit: fail-over takes Quartz's failure detection, about three check-ins
        System.out.printf("ClusterTest: run %d resumed on the other node %.1f s after its node was killed (check-ins every 1 s)%n",
                killedRun, (System.nanoTime() - killedAt) / 1e9);

        awaitThat(() -> "succeeded".equals(jdbc.queryForObject("select status from job_runs where id = ?", String.class, killedRun)),
                "the killed node's run to finish on the other node", survivor);
        Map<String, Object> resumed = jdbc.queryForMap("select host, attempts from job_runs where id = ?", killedRun);
        assertThat((String) resumed.get("host")).endsWith("pid " + survivor.pid());
        assertThat((Integer) resumed.get("attempts")).isGreaterThanOrEqualTo(2);
        assertThat(log(survivor == first ? "node-1.log" : "node-2.log")).contains("Resuming run " + killedRun);

        List<Map<String, Object>> contacts = salesforce.store().all("Contact");
        Set<Object> emails = new HashSet<>();
        contacts.forEach(contact -> emails.add(contact.get("Email")));
        assertThat(contacts).hasSize(CONTACTS);
        assertThat(emails).hasSize(CONTACTS);

        // one node at a time: with a schedule per process, the second node's poll would have found the job's lock taken
        assertThat(log("node-1.log")).doesNotContain(BUSY);
        assertThat(log("node-2.log")).doesNotContain(BUSY);

        // the registry: the survivor beats, the killed node falls silent
        NodeStore nodes = new NodeStore(jdbc);
        awaitThat(() -> nodes.nodes(Duration.ofHours(1)).stream().anyMatch(node -> node.pid() == holder.pid()
                && NodeHealth.of(node) == NodeHealth.SILENT), "the killed node to fall silent", survivor);
        ClusterNode alive = nodes.nodes(Duration.ofHours(1)).stream().filter(node -> node.pid() == survivor.pid()).findFirst().orElseThrow();
        assertThat(NodeHealth.of(alive)).isEqualTo(NodeHealth.RUNNING);
        ChildProcess.Result status = ChildProcess.run(workspace.resolve("status.log"), environment(), 120, "cluster", "status",
                "--workspace", workspace.toString());
        assertThat(status.exitCode()).as(status.output()).isZero();
        assertThat(status.output().lines().filter(line -> line.startsWith(alive.id() + " "))).as(status.output())
                .singleElement().asString().contains("running");
        assertThat(status.output()).contains(alive.host() + "-" + holder.pid()).contains("silent")
                .contains(alive.host() + "-" + holder.pid() + " has not beaten for").contains("1 node running.");

        survivor.destroy();
        assertThat(survivor.waitFor(60, TimeUnit.SECONDS)).as("the survivor stops on SIGTERM").isTrue();
        assertThat(nodes.nodes(Duration.ofHours(1)).stream().filter(node -> node.pid() == survivor.pid()).findFirst().orElseThrow().stoppedAt())
                .as("a node that stops cleanly says so").isNotNull();
        assertThat(hubspot.rateLimitedCount()).as("429s from HubSpot by policy: " + hubspot.rateLimitedByPolicy()).isZero();
    }

    @Test
    @Order(2)
    void twoEnginesOnOneConnectionSpendOneBudget() throws Exception {
        long before = hubspot.rateLimitedCount();
        // both read HubSpot at once: 15 pages of contacts again from the start, and 5 pages of companies
        Process contacts = child("contacts-again.log", "job", "run", SyncWorkspace.JOB, "--from-start", "--workspace", workspace.toString());
        Process companies = child("companies.log", "job", "run", "sync-companies-to-salesforce", "--workspace", workspace.toString());

        assertThat(contacts.waitFor(300, TimeUnit.SECONDS)).as(log("contacts-again.log")).isTrue();
        assertThat(companies.waitFor(300, TimeUnit.SECONDS)).as(log("companies.log")).isTrue();
        assertThat(contacts.exitValue()).as(log("contacts-again.log")).isZero();
        assertThat(companies.exitValue()).as(log("companies.log")).isZero();
        assertThat(salesforce.store().all("Account")).hasSize(COMPANIES);
        assertThat(salesforce.store().all("Contact")).hasSize(CONTACTS);
        assertThat(hubspot.rateLimitedCount() - before).as("429s from HubSpot while two engines searched at once, by policy: "
                + hubspot.rateLimitedByPolicy()).isZero();
    }

    private Process node(String log) throws IOException {
        return child(log, "run", "--workspace", workspace.toString());
    }

    private Process child(String log, String... args) throws IOException {
        Process child = ChildProcess.start(workspace.resolve(log), environment(), args);
        children.add(child);
        return child;
    }

    /** A cluster engine's environment: the emulators' secrets, the shared database, and quick heartbeats and check-ins. */
    private Map<String, String> environment() {
        Map<String, String> environment = new HashMap<>(SyncWorkspace.environment(TOKEN, CLIENT_ID, CLIENT_SECRET));
        environment.put("SPRING_DATASOURCE_URL", TestDatabase.url(database));
        environment.put("MIDDLEMILE_CLUSTER_ENABLED", "true");
        environment.put("MIDDLEMILE_CLUSTER_HEARTBEAT_SECONDS", "1");
        environment.put("MIDDLEMILE_CLUSTER_CHECKIN_SECONDS", "1");
        environment.put("SERVER_PORT", "0");
        return environment;
    }

    private String log(String name) {
        try {
            return Files.readString(workspace.resolve(name));
        } catch (IOException e) {
            return "(no log " + name + ")";
        }
    }

    /** Waits up to three minutes for the condition, failing early with the logs when a node it needs has died. */
    private void awaitThat(BooleanSupplier condition, String what, Process... needed) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
        while (!condition.getAsBoolean()) {
            for (Process process : needed) {
                if (!process.isAlive()) {
                    fail("a node ended while waiting for " + what + ":\n" + log("node-1.log") + "\n----\n" + log("node-2.log"));
                }
            }
            if (System.nanoTime() > deadline) {
                fail("gave up waiting for " + what + ":\n" + log("node-1.log") + "\n----\n" + log("node-2.log"));
            }
            Thread.sleep(100);
        }
    }
}
