package io.middlemile.connector;

import io.middlemile.connector.instantly.InstantlyConnector;
import io.middlemile.connector.instantly.InstantlySettings;
import io.middlemile.connector.unipile.UnipileConnector;
import io.middlemile.connector.unipile.UnipileSettings;
import io.middlemile.workspace.AuthConfig;
import io.middlemile.workspace.ConnectorConfig;
import io.middlemile.workspace.PolicyConfig;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every job run opens its connections anew; they share the process's one HTTP client ({@link VendorHttp}) instead of
 * each starting a client of its own, whose selector thread and sockets lived on until a garbage collection found it.
 */
class VendorHttpTest {

    @Test
    void connectionsOpenedRunAfterRunStartNoHttpClientOfTheirOwn() {
        VendorHttp.client(); // the shared one exists before counting
        Set<String> before = selectorThreads();

        for (int run = 0; run < 10; run++) {
            ConnectorConfig unipile = new ConnectorConfig("unipile", "unipile", null, null, "http://127.0.0.1:9",
                    new AuthConfig("api-key", null, "${UNIPILE_API_KEY}", null, null, null, null, null, null), Map.of(), PolicyConfig.allowAll());
            new UnipileConnector(unipile, Map.of("UNIPILE_API_KEY", "k"), UnipileSettings.defaults("http://127.0.0.1:9"));
            ConnectorConfig instantly = new ConnectorConfig("instantly", "instantly", null, null, "http://127.0.0.1:9",
                    new AuthConfig("bearer-token", "${INSTANTLY_API_KEY}", null, null, null, null, null, null, null), Map.of(), PolicyConfig.allowAll());
            new InstantlyConnector(instantly, Map.of("INSTANTLY_API_KEY", "k"), InstantlySettings.from(instantly));
        }

        // by name, not by count: other tests' clients in this JVM may end meanwhile, but a new client is a new N
        Set<String> started = selectorThreads();
        started.removeAll(before);
        assertThat(started).as("HTTP clients' selector threads started while opening 20 connections").isEmpty();
    }

    /** Each JDK HTTP client runs one selector thread, named HttpClient-N-SelectorManager, for as long as it lives. */
    private static Set<String> selectorThreads() {
        return Thread.getAllStackTraces().keySet().stream().filter(Thread::isAlive).map(Thread::getName)
                .filter(name -> name.matches("HttpClient-\\d+-SelectorManager")).collect(Collectors.toSet());
    }
}
