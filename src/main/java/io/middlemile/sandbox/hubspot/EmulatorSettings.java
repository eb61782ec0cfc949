package io.middlemile.sandbox.hubspot;

import java.time.Duration;
import java.util.Set;

/**
 * How an emulated HubSpot account behaves. Defaults are a Free/Starter private app: 100 requests
 * per rolling 10 s, 250,000 a day, search at 5 per second and capped at 10,000 results per query.
 *
 * @param tokens          bearer tokens the account accepts
 * @param burstMax        requests per rolling window
 * @param windowMillis    the rolling window (10,000 in HubSpot; smaller in tests)
 * @param dailyLimit      requests per day before 429 DAILY
 * @param searchPerSecond search requests per second before 429 SECONDLY
 * @param searchResultCap results one search query can page through
 * @param latency         artificial delay before each answer
 * @param oauthClientId   OAuth app credentials accepted by /oauth/v1/token (null: endpoint disabled)
 * @param oauthClientSecret the app's client secret (also signs webhooks)
 * @param oauthRefreshToken the refresh token the app was granted
 */
public record EmulatorSettings(Set<String> tokens, int burstMax, long windowMillis, long dailyLimit, int searchPerSecond,
                               int searchResultCap, Duration latency, String oauthClientId, String oauthClientSecret,
                               String oauthRefreshToken) {

    public static EmulatorSettings defaults(String token) {
        return new EmulatorSettings(Set.of(token), 100, 10_000, 250_000, 5, 10_000, Duration.ZERO, null, null, null);
    }

    public EmulatorSettings withBurst(int max, long window) {
        return new EmulatorSettings(tokens, max, window, dailyLimit, searchPerSecond, searchResultCap, latency, oauthClientId, oauthClientSecret, oauthRefreshToken);
    }

    public EmulatorSettings withDailyLimit(long value) {
        return new EmulatorSettings(tokens, burstMax, windowMillis, value, searchPerSecond, searchResultCap, latency, oauthClientId, oauthClientSecret, oauthRefreshToken);
    }

    public EmulatorSettings withSearchPerSecond(int value) {
        return new EmulatorSettings(tokens, burstMax, windowMillis, dailyLimit, value, searchResultCap, latency, oauthClientId, oauthClientSecret, oauthRefreshToken);
    }

    public EmulatorSettings withSearchResultCap(int value) {
        return new EmulatorSettings(tokens, burstMax, windowMillis, dailyLimit, searchPerSecond, value, latency, oauthClientId, oauthClientSecret, oauthRefreshToken);
    }

    public EmulatorSettings withLatency(Duration value) {
        return new EmulatorSettings(tokens, burstMax, windowMillis, dailyLimit, searchPerSecond, searchResultCap, value, oauthClientId, oauthClientSecret, oauthRefreshToken);
    }

    public EmulatorSettings withOAuthApp(String clientId, String clientSecret, String refreshToken) {
        return new EmulatorSettings(tokens, burstMax, windowMillis, dailyLimit, searchPerSecond, searchResultCap, latency, clientId, clientSecret, refreshToken);
    }
}
