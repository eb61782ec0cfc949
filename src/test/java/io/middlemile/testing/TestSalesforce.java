package io.middlemile.testing;

import io.middlemile.sandbox.salesforce.SalesforceEmulator;
import io.middlemile.sandbox.salesforce.SalesforceEmulatorSettings;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.util.Map;

/**
 * A JUnit 5 extension that starts an empty Salesforce emulator before each test (before the test's own
 * {@code @BeforeEach}, which may seed it) and stops it after (after the test's own {@code @AfterEach}).
 * Its daily API allocation is {@link #GENEROUS_DAILY_API_LIMIT generous}: no test spends it. Register it as
 * an instance field with {@code @RegisterExtension}; with {@link TestEngine} for tests that also need the engine.
 * The counterpart of {@link TestHubSpot}.
 */
public final class TestSalesforce implements BeforeEachCallback, AfterEachCallback {

    /** Daily API requests the emulated org allows: far above what a test makes, so none fails on the quota. */
    public static final long GENEROUS_DAILY_API_LIMIT = 10_000_000;

    private final String clientId;
    private final String clientSecret;
    private SalesforceEmulator emulator;

    /** An org whose token endpoint accepts this connected app (client credentials flow). */
    public TestSalesforce(String clientId, String clientSecret) {
        this.clientId = clientId;
        this.clientSecret = clientSecret;
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        emulator = SalesforceEmulator.start(SalesforceEmulatorSettings.defaults(clientId, clientSecret)
                .withDailyApiLimit(GENEROUS_DAILY_API_LIMIT), 0);
    }

    @Override
    public void afterEach(ExtensionContext context) {
        if (emulator != null) {
            emulator.stop();
            emulator = null;
        }
    }

    /** The current test's emulator. */
    public SalesforceEmulator emulator() {
        if (emulator == null) {
            throw new IllegalStateException("the emulator runs during a test only; register TestSalesforce as an instance @RegisterExtension field");
        }
        return emulator;
    }

    /**
     * The environment a connection with {@code clientId: ${SALESFORCE_CLIENT_ID}} and
     * {@code clientSecret: ${SALESFORCE_CLIENT_SECRET}} resolves against to reach this org.
     */
    public Map<String, String> environment() {
        return Map.of("SALESFORCE_CLIENT_ID", clientId, "SALESFORCE_CLIENT_SECRET", clientSecret);
    }
}
