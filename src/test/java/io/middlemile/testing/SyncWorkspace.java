package io.middlemile.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * The bundled workspace pointed at a HubSpot and a Salesforce emulator, with the HubSpot →
 * Salesforce contact sync route, for sync tests and the sync benchmark.
 */
public final class SyncWorkspace {

    public static final String JOB = "sync-contacts-to-salesforce";

    private SyncWorkspace() {
    }

    public static void prepare(Path workspace, String hubspotUrl, String salesforceUrl, int pageSize) {
        try {
            TestWorkspaces.copyBundled(workspace);
            replace(workspace.resolve("connectors/hubspot.yaml"), "https://api.hubapi.com", hubspotUrl);
            replace(workspace.resolve("connectors/salesforce.yaml"), "https://example.my.salesforce.com", salesforceUrl);
            Files.writeString(workspace.resolve("routes/sync-contacts.camel.yaml"), """
                    - route:
                        id: %s
                        from:
                          uri: hub-read:hubspot/contacts
                          parameters: {pageSize: %d}
                          steps:
                            - to: hub-map:hubspot-contacts?direction=in
                            - to: hub-sync:salesforce/Contact?mapping=salesforce-contacts&matchOn=email
                    """.formatted(JOB, pageSize));
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
