package io.middlemile.cli;

import io.middlemile.connector.apollo.ApolloProvider;
import io.middlemile.connector.crustdata.CrustdataProvider;
import io.middlemile.connector.fullenrich.FullEnrichProvider;
import io.middlemile.sandbox.apollo.ApolloEmulator;
import io.middlemile.sandbox.apollo.ApolloEmulatorSettings;
import io.middlemile.sandbox.crustdata.CrustdataEmulator;
import io.middlemile.sandbox.crustdata.CrustdataEmulatorSettings;
import io.middlemile.sandbox.enrichment.EnrichmentWorld;
import io.middlemile.sandbox.fullenrich.FullEnrichEmulator;
import io.middlemile.sandbox.fullenrich.FullEnrichEmulatorSettings;

import java.time.Duration;
import java.util.Map;

/**
 * The enrichment emulators as the CLI starts them, for `middlemile sandbox TYPE` and `job run --sandbox`
 * ({@link Rehearsal}): one line per emulated provider type.
 */
final class EnrichmentEmulators {

    /** A started emulator: where its API answers and how to stop it. */
    record Started(String baseUrl, Runnable stop) {
    }

    /** Starts one emulator. */
    @FunctionalInterface
    interface Starter {
        /**
         * @param key        the API key it accepts
         * @param port       0 for any free port
         * @param asyncDelay how long asynchronous work takes (a rehearsal wants a second), or null for the emulator's default
         */
        Started start(String key, EnrichmentWorld world, int port, Duration asyncDelay);
    }

    static final Map<String, Starter> BY_TYPE = Map.of(
            CrustdataProvider.TYPE, (key, world, port, delay) -> {
                CrustdataEmulatorSettings settings = CrustdataEmulatorSettings.defaults(key).withWorld(world);
                CrustdataEmulator emulator = CrustdataEmulator.start(delay == null ? settings : settings.withBatchDelay(delay), port);
                return new Started(emulator.baseUrl(), emulator::stop);
            },
            FullEnrichProvider.TYPE, (key, world, port, delay) -> {
                FullEnrichEmulatorSettings settings = FullEnrichEmulatorSettings.defaults(key).withWorld(world);
                FullEnrichEmulator emulator = FullEnrichEmulator.start(delay == null ? settings : settings.withAsyncDelay(delay), port);
                return new Started(emulator.apiUrl(), emulator::shutdown);
            },
            ApolloProvider.TYPE, (key, world, port, delay) -> {
                ApolloEmulatorSettings settings = ApolloEmulatorSettings.defaults(key, world);
                ApolloEmulator emulator = ApolloEmulator.start(delay == null ? settings : settings.withPhoneDelay(delay), port);
                return new Started(emulator.apiBaseUrl(), emulator::stop);
            });

    private EnrichmentEmulators() {
    }
}
