package io.middlemile.connector.fullenrich;

import io.middlemile.connector.EnrichRequest;
import io.middlemile.workspace.AuthConfig;
import io.middlemile.workspace.ConnectorConfig;
import io.middlemile.workspace.EnrichmentSettings;
import io.middlemile.workspace.ObjectConfig;

import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Connection files, connectors and lookups for the FullEnrich tests. */
public final class FullEnrichFixtures {

    public static final String API_KEY = "fe-test-key-0123456789";

    private FullEnrichFixtures() {
    }

    public static ConnectorConfig config(String baseUrl, List<String> peopleFields, String webhookUrl) {
        return new ConnectorConfig("fullenrich", "fullenrich", null, null, baseUrl,
                new AuthConfig("bearer-token", "${FULLENRICH_API_KEY}", null, null, null, null, null, null, null),
                Map.of("people", new ObjectConfig(null, null, peopleFields)), null, null, null,
                new EnrichmentSettings(null, null, null, webhookUrl, null));
    }

    /** A connector with short time-outs and few attempts, so failure tests stay fast. */
    public static FullEnrichConnector connector(String baseUrl, Duration timeout, int maxAttempts) {
        FullEnrichSettings settings = new FullEnrichSettings(baseUrl, API_KEY, 60, timeout, Duration.ofSeconds(30), null,
                maxAttempts, Clock.systemUTC());
        return new FullEnrichConnector(config(baseUrl, List.of("email", "mobilePhone"), null), settings, HttpClient.newHttpClient());
    }

    public static EnrichRequest byName(String key, String first, String last, String domain, String... wanted) {
        return new EnrichRequest(key, Map.of("firstName", first, "lastName", last, "companyDomain", domain), Set.of(wanted));
    }

    public static EnrichRequest byLinkedin(String key, String url, String... wanted) {
        return new EnrichRequest(key, Map.of("linkedinUrl", url), Set.of(wanted));
    }
}
