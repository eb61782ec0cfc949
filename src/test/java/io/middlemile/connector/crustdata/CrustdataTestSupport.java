package io.middlemile.connector.crustdata;

import io.middlemile.connector.EnrichRequest;
import io.middlemile.workspace.AuthConfig;
import io.middlemile.workspace.ConnectorConfig;
import io.middlemile.workspace.ObjectConfig;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Connector wiring for the Crustdata tests. */
final class CrustdataTestSupport {

    static final String KEY = "cd-test-key-0000";
    static final Map<String, String> ENV = Map.of("CRUSTDATA_API_KEY", KEY);

    private CrustdataTestSupport() {
    }

    static ConnectorConfig config(String baseUrl) {
        return new ConnectorConfig("crustdata-test", "crustdata", "test account", null, baseUrl,
                new AuthConfig("bearer-token", "${CRUSTDATA_API_KEY}", null, null, null, null, null, null, null),
                Map.of("people", new ObjectConfig(null, null, List.of("email", "mobilePhone", "title", "seniority")),
                        "companies", new ObjectConfig(null, null, List.of("employeeCount", "industry", "annualRevenue", "country"))),
                null);
    }

    /** Generous pacing, short time-outs and few attempts, so tests that are not about limits run fast. */
    static CrustdataSettings fast(String baseUrl) {
        return CrustdataSettings.defaults(baseUrl).withRequestsPerMinute(60_000).withMaxAttempts(3)
                .withRequestTimeout(Duration.ofMillis(800)).withPollInterval(Duration.ofSeconds(1));
    }

    static CrustdataConnector connector(String baseUrl) {
        return connector(baseUrl, fast(baseUrl));
    }

    static CrustdataConnector connector(String baseUrl, CrustdataSettings settings) {
        return new CrustdataConnector("crustdata-test", config(baseUrl), ENV, settings, Clock.systemUTC());
    }

    static EnrichRequest person(String key, String linkedinUrl, String email, String... wanted) {
        Map<String, String> inputs = new java.util.LinkedHashMap<>();
        if (linkedinUrl != null) {
            inputs.put("linkedinUrl", linkedinUrl);
        }
        if (email != null) {
            inputs.put("email", email);
        }
        return new EnrichRequest(key, inputs, Set.of(wanted));
    }

    static EnrichRequest company(String key, String domain, String... wanted) {
        return new EnrichRequest(key, Map.of("domain", domain), Set.of(wanted));
    }
}
