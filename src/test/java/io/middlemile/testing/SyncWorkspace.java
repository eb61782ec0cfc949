package io.middlemile.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * The bundled workspace pointed at a HubSpot and a Salesforce emulator, for sync tests and the sync
 * benchmark; its two-way sync jobs are in routes/hubspot-salesforce-sync.camel.yaml.
 */
public final class SyncWorkspace {

    public static final String JOB = "sync-contacts-to-salesforce";
    public static final String BACK = "sync-contacts-to-hubspot";

    private SyncWorkspace() {
    }

    public static void prepare(Path workspace, String hubspotUrl, String salesforceUrl, int pageSize) {
        try {
            TestWorkspaces.copyBundled(workspace);
            replace(workspace.resolve("connectors/hubspot.yaml"), "https://api.hubapi.com", hubspotUrl);
            replace(workspace.resolve("connectors/salesforce.yaml"), "https://example.my.salesforce.com", salesforceUrl);
            // the bundled two-way sync jobs, with the page size asked for
            Path routes = workspace.resolve("routes/hubspot-salesforce-sync.camel.yaml");
            Files.writeString(routes, Files.readString(routes).replaceAll("pageSize: \\d+", "pageSize: " + pageSize));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Makes {@code job} of the sync routes start under {@code middlemile run} (the bundled workspace runs it on demand,
     * {@code autoStartup: false}) with {@code schedule} instead of its {@code delay: 900000}, e.g. {@code "delay: 5000"}.
     */
    public static void scheduled(Path workspace, String job, String schedule) {
        try {
            Path routes = workspace.resolve("routes/hubspot-salesforce-sync.camel.yaml");
            String sync = Files.readString(routes);
            int start = sync.indexOf("id: " + job);
            Files.writeString(routes, sync.substring(0, start) + sync.substring(start)
                    .replaceFirst(" *autoStartup: false\n", "")
                    .replaceFirst("delay: 900000}", schedule + "}"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The environment a sync run needs: the secrets, which come only from the environment. */
    public static Map<String, String> environment(String hubspotToken, String clientId, String clientSecret) {
        return Map.of("HUBSPOT_TOKEN", hubspotToken, "SALESFORCE_CLIENT_ID", clientId, "SALESFORCE_CLIENT_SECRET", clientSecret);
    }

    /** Stops the embedded PostgreSQL a child engine left running in the workspace, if any. */
    public static void stopStore(Path workspace) throws IOException {
        Path pid = workspace.resolve(".middlemile/pg/postmaster.pid");
        if (Files.exists(pid)) {
            ProcessHandle.of(Long.parseLong(Files.readAllLines(pid).get(0).trim())).ifPresent(ProcessHandle::destroy);
        }
    }

    private static void replace(Path file, String from, String to) throws IOException {
        Files.writeString(file, Files.readString(file).replace(from, to));
    }
}
