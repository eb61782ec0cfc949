package io.middlemile.connector.instantly;

import io.middlemile.connector.Connector;
import io.middlemile.connector.ConnectorDescription;
import io.middlemile.connector.ConnectorException;
import io.middlemile.connector.HealthCheck;
import io.middlemile.workspace.ConnectorConfig;
import io.middlemile.workspace.SecretRefs;

import java.net.http.HttpClient;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One Instantly connection. This slice offers the {@link InstantlyClient} and a health check; enrolling leads as
 * governed {@code SEND} actions (with suppression) comes with the outreach step and is not a capability yet.
 */
public final class InstantlyConnector implements Connector {

    private final String connectionId;
    private final ConnectorConfig config;
    private final InstantlySettings settings;
    private final InstantlyClient client;

    public InstantlyConnector(ConnectorConfig config, Map<String, String> environment, InstantlySettings settings) {
        this.connectionId = config.id();
        this.config = config;
        this.settings = settings;
        String reference = config.auth() == null ? null : config.auth().token();
        String key = SecretRefs.resolve(reference, environment).orElseThrow(() -> new IllegalArgumentException(
                "Instantly connection '" + connectionId + "': the API key is not set. Export the variable named in auth.token of"
                        + " connectors/" + connectionId + ".yaml (" + SecretRefs.variable(reference).orElse("e.g. INSTANTLY_API_KEY")
                        + ") with an Instantly API v2 key."));
        this.client = new InstantlyClient(connectionId, settings, key,
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build());
    }

    public InstantlyClient client() {
        return client;
    }

    @Override
    public ConnectorDescription describe() {
        Map<String, List<String>> fields = new LinkedHashMap<>();
        if (config.objects() != null) {
            config.objects().forEach((name, object) -> fields.put(name, object == null || object.fields() == null
                    ? List.of() : List.copyOf(object.fields())));
        }
        return ConnectorDescription.of(this, connectionId, InstantlyProvider.TYPE, fields);
    }

    @Override
    public HealthCheck check() {
        try {
            client.listCampaigns(1, null);
            return HealthCheck.ok("Instantly at " + settings.baseUrl() + " accepted the API key of connection '" + connectionId + "'.");
        } catch (ConnectorException e) {
            return HealthCheck.failed(e.getMessage());
        } catch (RuntimeException e) {
            return HealthCheck.failed("Could not check Instantly connection '" + connectionId + "' at " + settings.baseUrl() + ": "
                    + e.getClass().getSimpleName() + ". Check baseUrl in its connector file.");
        }
    }

    @Override
    public String toString() {
        return "InstantlyConnector[" + connectionId + "]";
    }
}
