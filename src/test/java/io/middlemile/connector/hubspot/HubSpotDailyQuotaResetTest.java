package io.middlemile.connector.hubspot;

import io.middlemile.connector.ConnectorException.Kind;
import io.middlemile.sandbox.hubspot.EmulatorSettings;
import io.middlemile.sandbox.hubspot.HubSpotEmulator;
import io.middlemile.workspace.ConnectorConfig;
import io.middlemile.workspace.WorkspaceLoader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.net.http.HttpHeaders;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * HubSpot resets the daily limit at midnight in the account's time zone
 * (https://developers.hubspot.com/docs/developer-tooling/platform/usage-guidelines), so a 429 DAILY pauses
 * the job until then: the zone comes from {@code limits.accountTimeZone} in the connector file.
 */
class HubSpotDailyQuotaResetTest {

    private static final String DAILY_429 = "{\"status\":\"error\",\"message\":\"You have reached your daily limit.\","
            + "\"errorType\":\"RATE_LIMIT\",\"correlationId\":\"c0ffee\",\"policyName\":\"DAILY\"}";

    @TempDir
    Path workspace;

    @Test
    void aDailyLimitAt2330NewYorkTimeResumesAtMidnightNewYorkTime() {
        ZoneId zone = accountZone("limits:\n  accountTimeZone: America/New_York\n");

        // 2025-01-14 23:30 in New York (EST, UTC-5) is 04:30 UTC on the 15th
        Instant resumeAt = resumeAt(zone, Instant.parse("2025-01-15T04:30:00Z"));

        assertThat(resumeAt).isEqualTo(Instant.parse("2025-01-15T05:00:00Z"));
    }

    @Test
    void theResumeTimeIsTheAccountsNextMidnightNotUtcs() {
        ZoneId zone = accountZone("limits:\n  accountTimeZone: America/New_York\n");

        // 20:00 in New York on the 14th is already the 15th in UTC: the account's day still has 4 hours to go
        Instant resumeAt = resumeAt(zone, Instant.parse("2025-01-15T01:00:00Z"));

        assertThat(resumeAt).isEqualTo(Instant.parse("2025-01-15T05:00:00Z"));
    }

    @ParameterizedTest(name = "{1} in {0} -> {2}")
    @CsvSource({
            // New York: spring forward on 2025-03-09 02:00, fall back on 2025-11-02 02:00
            "America/New_York, 2025-03-08T23:30, 2025-03-09T05:00:00Z",   // midnight before the change: still EST
            "America/New_York, 2025-03-09T23:30, 2025-03-10T04:00:00Z",   // first midnight in EDT
            "America/New_York, 2025-11-01T23:30, 2025-11-02T04:00:00Z",   // midnight before fall-back: still EDT
            "America/New_York, 2025-11-02T23:30, 2025-11-03T05:00:00Z",   // first midnight in EST
            // Santiago springs forward AT midnight (2024-09-08 00:00 -> 01:00): the day starts at 01:00 -03
            "America/Santiago, 2024-09-07T23:30, 2024-09-08T04:00:00Z",
            // Kolkata: no DST, half-hour offset
            "Asia/Kolkata,     2025-06-30T23:30, 2025-06-30T18:30:00Z",
    })
    void daylightSavingEdgesResumeAtTheAccountsLocalMidnight(String zoneId, String localTime, String expected) {
        ZoneId zone = accountZone("limits: {accountTimeZone: " + zoneId + "}\n");
        Instant at = LocalDateTime.parse(localTime).atZone(zone).toInstant();

        assertThat(resumeAt(zone, at)).isEqualTo(Instant.parse(expected));
    }

    @Test
    void withoutAnAccountTimeZoneTheConnectorAssumesUtc() {
        ZoneId zone = accountZone("");

        assertThat(zone).isEqualTo(ZoneId.of("UTC"));
        assertThat(resumeAt(zone, Instant.parse("2025-01-15T04:30:00Z"))).isEqualTo(Instant.parse("2025-01-16T00:00:00Z"));
    }

    @Test
    void anUnknownTimeZoneIsAValidationErrorNamingFileAndField() {
        HubSpotWorkspaceFiles.write(workspace, HubSpotWorkspaceFiles.PRIVATE_APP_AUTH,
                "limits:\n  accountTimeZone: America/NewYork\n");

        WorkspaceLoader.Result result = HubSpotWorkspaceFiles.load(workspace);

        assertThat(result.errors()).extracting(Object::toString).anySatisfy(error -> assertThat(error)
                .startsWith("connectors/hubspot.yaml:")
                .contains("limits.accountTimeZone: must be the HubSpot account's time zone as an IANA id such as America/New_York")
                .contains("(found \"America/NewYork\")"));
    }

    @Test
    void aFixedOffsetIsRefusedBecauseItIgnoresDaylightSavingTime() {
        HubSpotWorkspaceFiles.write(workspace, HubSpotWorkspaceFiles.PRIVATE_APP_AUTH, "limits: {accountTimeZone: \"-05:00\"}\n");

        WorkspaceLoader.Result result = HubSpotWorkspaceFiles.load(workspace);

        assertThat(result.errors()).extracting(Object::toString)
                .anyMatch(error -> error.contains("connectors/hubspot.yaml") && error.contains("limits.accountTimeZone")
                        && error.contains("no offsets like -05:00"));
    }

    /** Through the connector: a 429 DAILY from the emulator pauses until the next midnight of the configured zone. */
    @Test
    void theConnectorPausesUntilMidnightInTheConfiguredZone() {
        try (HubSpotEmulator emulator = HubSpotEmulator.start(EmulatorSettings.defaults(HubSpotTestSupport.TOKEN)
                .withDailyLimit(0), 0)) {
            // Kolkata is UTC+05:30: its midnight is never a UTC midnight
            HubSpotWorkspaceFiles.write(workspace, HubSpotWorkspaceFiles.PRIVATE_APP_AUTH, "limits: {accountTimeZone: Asia/Kolkata}\n");
            ConnectorConfig bundled = loadedConnection();
            ConnectorConfig config = new ConnectorConfig(bundled.id(), bundled.type(), bundled.description(), null,
                    emulator.baseUrl(), bundled.auth(), bundled.objects(), null, null, bundled.limits());
            HubSpotConnector connector = new HubSpotConnector("hubspot", config, Map.of("HUBSPOT_TOKEN", HubSpotTestSupport.TOKEN));
            Instant before = Instant.now();

            HubSpotCallException paused = catchPause(() -> connector.properties("contacts"));

            assertThat(paused.kind()).isEqualTo(Kind.QUOTA_EXHAUSTED);
            ZoneId kolkata = ZoneId.of("Asia/Kolkata");
            assertThat(paused.resumeAt().atZone(kolkata).toLocalTime()).isEqualTo(LocalTime.MIDNIGHT);
            assertThat(paused.resumeAt()).isAfter(before).isBeforeOrEqualTo(Instant.now().plus(Duration.ofDays(1)));
        }
    }

    private ZoneId accountZone(String extraLines) {
        HubSpotWorkspaceFiles.write(workspace, HubSpotWorkspaceFiles.PRIVATE_APP_AUTH, extraLines);
        return HubSpotSettings.from(loadedConnection()).accountZone();
    }

    private ConnectorConfig loadedConnection() {
        WorkspaceLoader.Result result = HubSpotWorkspaceFiles.load(workspace);
        assertThat(result.errors()).isEmpty();
        return result.workspace().connectors().get("hubspot");
    }

    private static Instant resumeAt(ZoneId accountZone, Instant now) {
        HubSpotErrorClassifier classifier = new HubSpotErrorClassifier("hubspot", accountZone, Clock.fixed(now, ZoneOffset.UTC));
        HubSpotCallException e = classifier.classify("POST /crm/v3/objects/contacts/batch/upsert", 429,
                HttpHeaders.of(Map.of(), (name, value) -> true), DAILY_429);
        assertThat(e.kind()).isEqualTo(Kind.QUOTA_EXHAUSTED);
        return e.resumeAt();
    }

    private static HubSpotCallException catchPause(Runnable call) {
        try {
            call.run();
        } catch (HubSpotCallException e) {
            return e;
        }
        throw new AssertionError("expected the call to stop on the daily limit");
    }
}
