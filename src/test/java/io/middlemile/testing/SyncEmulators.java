package io.middlemile.testing;

import io.middlemile.sandbox.hubspot.EmulatorSettings;
import io.middlemile.sandbox.hubspot.HubSpotEmulator;
import io.middlemile.sandbox.salesforce.SalesforceEmulator;
import io.middlemile.sandbox.salesforce.SalesforceEmulatorSettings;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A HubSpot and a Salesforce emulator for a sync test whose runs are `middlemile` children (see
 * {@link ChildProcess}) working in a {@link SyncWorkspace}. Register it as an instance field with
 * {@code @RegisterExtension}; after each test it stops both emulators and the embedded PostgreSQL the
 * child engine left in the workspace (after the test's own {@code @AfterEach}, so a test stops its
 * long-running children first).
 */
public final class SyncEmulators implements AfterEachCallback {

    /** HubSpot's burst limit for ordinary sync tests: high enough that no run waits on the rate limiter. */
    public static final int GENEROUS_BURST = 100_000;

    private final String hubspotToken;
    private final String clientId;
    private final String clientSecret;
    private Path workspace;
    private boolean children;
    private HubSpotEmulator hubspot;
    private SalesforceEmulator salesforce;

    /** The secrets the emulators accept, which {@link #environment()} hands to the children. */
    public SyncEmulators(String hubspotToken, String clientId, String clientSecret) {
        this.hubspotToken = hubspotToken;
        this.clientId = clientId;
        this.clientSecret = clientSecret;
    }

    /** Starts both emulators on free ports, with limits no test run reaches. */
    public void start(Path workspace) {
        start(workspace, GENEROUS_BURST);
    }

    /** As {@link #start(Path)}, with HubSpot's burst limit (per 10 s) set to {@code hubspotBurst}. */
    public void start(Path workspace, int hubspotBurst) {
        this.workspace = workspace;
        if (!children) {
            TestDatabase.fresh(); // in-process runs share the test JVM's PostgreSQL, each test in a database of its own
        }
        hubspot = HubSpotEmulator.start(EmulatorSettings.defaults(hubspotToken).withBurst(hubspotBurst, 10_000).withSearchPerSecond(100_000), 0);
        salesforce = SalesforceEmulator.start(SalesforceEmulatorSettings.defaults(clientId, clientSecret), 0);
    }

    public HubSpotEmulator hubspot() {
        return hubspot;
    }

    public SalesforceEmulator salesforce() {
        return salesforce;
    }

    /** Copies the bundled workspace pointed at both emulators (see {@link SyncWorkspace#prepare}). */
    public void prepare(int pageSize) {
        SyncWorkspace.prepare(workspace, hubspot.baseUrl(), salesforce.baseUrl(), pageSize);
    }

    /** The environment a child run needs: the emulators' secrets. */
    public Map<String, String> environment() {
        return SyncWorkspace.environment(hubspotToken, clientId, clientSecret);
    }

    /**
     * Runs {@code middlemile args... --workspace <workspace>} with the emulators' secrets as its environment: in this JVM
     * on the test database (the default), or, for a test that kills a run midway, in its own JVM with its own store
     * ({@link #inChildProcesses()}), its output then also in {@code log} in the workspace.
     */
    public ChildProcess.Result run(String log, String... args) throws IOException, InterruptedException {
        String[] full = Arrays.copyOf(args, args.length + 2);
        full[args.length] = "--workspace";
        full[args.length + 1] = workspace.toString();
        if (children) {
            return ChildProcess.run(workspace.resolve(log), environment(), full);
        }
        settleSalesforce();
        Cli.Result result = Cli.run(environment(), full);
        return new ChildProcess.Result(result.exitCode(), result.out() + result.err());
    }

    /**
     * Waits out the second of the Salesforce emulator's latest write, as the minutes between a CRM edit and the next sync
     * do in life: a read leaves records stamped in the second the org answers in for the next read (SystemModstamp has
     * whole seconds), so a command run in the same second as a seed or an edit would not see it yet. At most a second.
     */
    private void settleSalesforce() throws InterruptedException {
        if (salesforce == null) {
            return;
        }
        java.time.Instant latest = java.util.stream.Stream.of("Account", "Contact").flatMap(type -> salesforce.store().all(type).stream())
                .map(row -> (java.time.Instant) row.get("SystemModstamp")).filter(java.util.Objects::nonNull)
                .max(java.util.Comparator.naturalOrder()).orElse(java.time.Instant.EPOCH);
        java.time.Instant nextSecond = latest.truncatedTo(java.time.temporal.ChronoUnit.SECONDS).plusSeconds(1);
        long wait = java.time.Duration.between(java.time.Instant.now(), nextSecond).toMillis();
        if (wait > 0 && wait <= 1_000) {
            Thread.sleep(wait + 20);
        }
    }

    /** Runs every command in a JVM of its own, as a test that kills one and resumes with the next needs (the same store). */
    public SyncEmulators inChildProcesses() {
        children = true;
        return this;
    }

    /** Seeds HubSpot's contacts with these people, every {@link SeedContacts#HUBSPOT_PROPERTIES seed property} they have. */
    public void seedHubSpotContacts(SeedContacts.Contact... contacts) {
        seedHubSpotContacts(SeedContacts.HUBSPOT_PROPERTIES, contacts);
    }

    /** Seeds HubSpot's contacts with these people, only the given properties (ids 1001, 1002, ... in this order). */
    public void seedHubSpotContacts(List<String> properties, SeedContacts.Contact... contacts) {
        hubspot.seedCsv("contacts", new StringReader(SeedContacts.hubspotCsv(properties, contacts)));
    }

    /** The Id of the one Salesforce contact with this email; fails the test when there is none or more than one. */
    public String salesforceId(String email) {
        List<Map<String, Object>> found = salesforce.store().all("Contact").stream()
                .filter(c -> email.equals(c.get("Email"))).toList();
        assertThat(found).as(email).hasSize(1);
        return (String) found.get(0).get("Id");
    }

    /**
     * {@code middlemile job run JOB OPTIONS...} in its own JVM (see {@link #run}), its log named after the job; fails
     * the test, with the run's output, unless it exits 0.
     */
    public ChildProcess.Result runJob(String job, String... options) throws IOException, InterruptedException {
        String[] arguments = new String[3 + options.length];
        arguments[0] = "job";
        arguments[1] = "run";
        arguments[2] = job;
        System.arraycopy(options, 0, arguments, 3, options.length);
        ChildProcess.Result result = run(job + "-" + System.nanoTime() + ".log", arguments);
        assertThat(result.exitCode()).as(result.output()).isZero();
        return result;
    }

    @Override
    public void afterEach(ExtensionContext context) throws IOException {
        if (hubspot != null) {
            hubspot.stop();
        }
        if (salesforce != null) {
            salesforce.stop();
        }
        if (workspace != null) {
            SyncWorkspace.stopStore(workspace);
        }
    }
}
