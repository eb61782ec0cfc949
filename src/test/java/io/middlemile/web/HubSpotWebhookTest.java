package io.middlemile.web;

import io.middlemile.sandbox.hubspot.WebhookSender;
import io.middlemile.testing.ChildProcess;
import io.middlemile.testing.SyncEmulators;
import io.middlemile.testing.SyncWorkspace;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.ConnectException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * HubSpot webhook deliveries to `middlemile run` (its own JVM, with the secrets in its environment):
 * a delivery signed like HubSpot signs it is recorded and starts the sync job reading that object, so
 * the new contact reaches Salesforce without waiting for the schedule; a forged, stale or other-account
 * delivery gets 401 and records nothing; a redelivered eventId is recorded once; an on-demand job
 * (autoStartup: false) is never started by a provider.
 */
class HubSpotWebhookTest {

    private static final String TOKEN = "pat-na1-webhook-test-token";
    private static final String APP_SECRET = "webhook-test-app-client-secret";

    @TempDir
    Path workspace;

    @RegisterExtension
    final SyncEmulators emulators = new SyncEmulators(TOKEN, "hook-client", "hook-secret");

    private Process engine;
    private final HttpClient http = HttpClient.newHttpClient();

    /** Runs before the emulators and the store stop (see {@link SyncEmulators}). */
    @AfterEach
    void stopEngine() throws Exception {
        if (engine != null) {
            engine.destroy();
            if (!engine.waitFor(30, TimeUnit.SECONDS)) {
                engine.destroyForcibly();
            }
        }
    }

    @Test
    void aSignedDeliveryTriggersTheJobAndForgedStaleOrRepeatedOnesDoNot() throws Exception {
        emulators.start(workspace);
        emulators.prepare(100);
        Path connector = workspace.resolve("connectors/hubspot.yaml");
        Files.writeString(connector, Files.readString(connector).replace("  token: ${HUBSPOT_TOKEN}\n",
                "  token: ${HUBSPOT_TOKEN}\n  clientSecret: ${HUBSPOT_APP_SECRET}\n  portalId: 62515\n"));
        // the contacts job is started but its schedule never fires during the test, so only a webhook runs it;
        // the companies job stays on demand (autoStartup: false), so nothing may run it
        SyncWorkspace.scheduled(workspace, SyncWorkspace.JOB, "delay: 900000, initialDelay: 3600000");
        int port;
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        Map<String, String> environment = new HashMap<>(emulators.environment());
        environment.put("HUBSPOT_APP_SECRET", APP_SECRET);
        environment.put("SERVER_PORT", Integer.toString(port));
        Path log = workspace.resolve("engine.log");
        engine = ChildProcess.start(log, environment, "run", "--workspace", workspace.toString());
        // a query with escapes HubSpot decodes before signing (: and /): the signature must still match
        URI endpoint = URI.create("http://localhost:" + port + "/webhooks/hubspot/hubspot?from=https%3A%2F%2Fapp.hubspot.com%2F");
        awaitServer(endpoint, log);

        emulators.hubspot().store().create("contacts", Map.of("email", "bob.mcdonald@acme.com", "firstname", "Bob", "lastname", "McDonald"));
        String delivery = """
                [{"eventId":4711,"subscriptionId":25,"portalId":62515,"appId":1160452,"occurredAt":%d,
                  "subscriptionType":"contact.creation","attemptNumber":0,"objectId":1001,"changeSource":"CRM_UI"}]"""
                .formatted(System.currentTimeMillis());

        HttpResponse<String> forged = post(new WebhookSender("not-the-app-secret"), endpoint, delivery, System.currentTimeMillis());
        HttpResponse<String> stale = post(new WebhookSender(APP_SECRET), endpoint, delivery,
                System.currentTimeMillis() - TimeUnit.MINUTES.toMillis(6));
        HttpResponse<String> altered = postAltered(endpoint, delivery);
        // signed with the app's secret, but from another account that installed the same app
        HttpResponse<String> otherAccount = post(new WebhookSender(APP_SECRET), endpoint,
                delivery.replace("\"portalId\":62515", "\"portalId\":99999"), System.currentTimeMillis());
        HttpResponse<String> noSuchConnection = post(new WebhookSender(APP_SECRET),
                URI.create("http://localhost:" + port + "/webhooks/hubspot/no-such-portal"), delivery, System.currentTimeMillis());

        assertThat(forged.statusCode()).isEqualTo(401);
        assertThat(stale.statusCode()).isEqualTo(401);
        assertThat(altered.statusCode()).isEqualTo(401);
        assertThat(otherAccount.statusCode()).isEqualTo(401);
        assertThat(noSuchConnection.statusCode()).isEqualTo(401);
        assertThat(noSuchConnection.body()).isEqualTo(forged.body()).isEqualTo(otherAccount.body());
        assertThat(emulators.salesforce().store().all("Contact")).isEmpty();

        // a company event: the only job reading companies runs on demand, so nothing runs
        emulators.hubspot().store().create("companies", Map.of("name", "Acme Corp", "domain", "acme.com"));
        HttpResponse<String> company = post(new WebhookSender(APP_SECRET), endpoint, delivery.replace("4711", "4712")
                .replace("contact.creation", "company.creation"), System.currentTimeMillis());
        assertThat(company.statusCode()).as(company.body()).isEqualTo(200);
        assertThat(company.body()).contains("\"new\":1").contains("\"triggered\":[]");

        HttpResponse<String> signed = post(new WebhookSender(APP_SECRET), endpoint, delivery, System.currentTimeMillis());

        // new: 1 shows the refused deliveries of the same eventId recorded nothing
        assertThat(signed.statusCode()).as(signed.body()).isEqualTo(200);
        assertThat(signed.body()).contains("\"new\":1").contains("\"triggered\":[\"" + SyncWorkspace.JOB + "\"]");
        awaitContactInSalesforce("bob.mcdonald@acme.com", log);

        HttpResponse<String> redelivered = post(new WebhookSender(APP_SECRET), endpoint,
                delivery.replace("\"attemptNumber\":0", "\"attemptNumber\":1"), System.currentTimeMillis());
        assertThat(redelivered.statusCode()).isEqualTo(200);
        assertThat(redelivered.body()).contains("\"received\":1").contains("\"new\":0").contains("\"triggered\":[]");

        assertThat(emulators.salesforce().store().all("Account")).isEmpty();
        String logged = Files.readString(log);
        assertThat(logged).contains("Refused a HubSpot webhook delivery to connection hubspot")
                .contains("signature does not match").contains("older than 5 minutes are refused")
                .contains("events of HubSpot account(s) [99999], but auth.portalId is 62515")
                .contains("connection no-such-portal").contains("its route is not started")
                .doesNotContain("contact.creation").doesNotContain(APP_SECRET);
    }

    private HttpResponse<String> post(WebhookSender sender, URI endpoint, String body, long timestamp) throws Exception {
        String time = Long.toString(timestamp);
        return http.send(HttpRequest.newBuilder(endpoint).header("Content-Type", "application/json")
                .header("X-HubSpot-Signature-v3", sender.sign("POST", endpoint.toString(), body, time))
                .header("X-HubSpot-Request-Timestamp", time)
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Signed correctly, then the body is changed on the way (another object id). */
    private HttpResponse<String> postAltered(URI endpoint, String body) throws Exception {
        String time = Long.toString(System.currentTimeMillis());
        String signature = new WebhookSender(APP_SECRET).sign("POST", endpoint.toString(), body, time);
        return http.send(HttpRequest.newBuilder(endpoint).header("Content-Type", "application/json")
                .header("X-HubSpot-Signature-v3", signature).header("X-HubSpot-Request-Timestamp", time)
                .POST(HttpRequest.BodyPublishers.ofString(body.replace("1001", "1002"))).build(), HttpResponse.BodyHandlers.ofString());
    }

    private void awaitServer(URI endpoint, Path log) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (System.nanoTime() < deadline) {
            if (!engine.isAlive()) {
                fail("middlemile run ended before serving:\n" + Files.readString(log));
            }
            try {
                // an unsigned probe: 503 while the engine starts, then 401
                if (http.send(HttpRequest.newBuilder(endpoint).POST(HttpRequest.BodyPublishers.noBody()).build(),
                        HttpResponse.BodyHandlers.discarding()).statusCode() == 401) {
                    return;
                }
            } catch (ConnectException e) {
                // not listening yet
            }
            Thread.sleep(250);
        }
        fail("middlemile run did not serve " + endpoint + " within 120 s:\n" + Files.readString(log));
    }

    private void awaitContactInSalesforce(String email, Path log) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            List<Map<String, Object>> contacts = emulators.salesforce().store().all("Contact");
            if (contacts.stream().anyMatch(contact -> email.equals(contact.get("Email")))) {
                return;
            }
            Thread.sleep(200);
        }
        fail("the webhook-triggered run did not sync " + email + " to Salesforce within 60 s:\n" + Files.readString(log));
    }
}
