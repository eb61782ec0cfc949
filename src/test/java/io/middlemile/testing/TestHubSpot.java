package io.middlemile.testing;

import io.middlemile.sandbox.hubspot.EmulatorSettings;
import io.middlemile.sandbox.hubspot.HubSpotEmulator;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A JUnit 5 extension that starts an empty HubSpot emulator before each test (before the test's own
 * {@code @BeforeEach}, which may seed it) and stops it after (after the test's own {@code @AfterEach}).
 * Its limits are {@link SyncEmulators#GENEROUS_BURST generous}: no call waits on a rate limit. Register it as
 * an instance field with {@code @RegisterExtension}; with {@link TestEngine} for tests that also need the engine.
 */
public final class TestHubSpot implements BeforeEachCallback, AfterEachCallback {

    private final String token;
    private HubSpotEmulator emulator;

    /** An emulator accepting {@code token} as a private app's bearer token. */
    public TestHubSpot(String token) {
        this.token = token;
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        emulator = HubSpotEmulator.start(EmulatorSettings.defaults(token).withBurst(SyncEmulators.GENEROUS_BURST, 10_000)
                .withSearchPerSecond(100_000), 0);
    }

    @Override
    public void afterEach(ExtensionContext context) {
        if (emulator != null) {
            emulator.stop();
            emulator = null;
        }
    }

    /** The current test's emulator. */
    public HubSpotEmulator emulator() {
        if (emulator == null) {
            throw new IllegalStateException("the emulator runs during a test only; register TestHubSpot as an instance @RegisterExtension field");
        }
        return emulator;
    }
}
