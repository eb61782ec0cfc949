package io.middlemile.sandbox.apollo;

import io.middlemile.sandbox.enrichment.EnrichmentWorld;

import java.time.Clock;
import java.time.Duration;

/**
 * How an emulated Apollo team behaves. Defaults follow the bulk endpoints' limits in the api_usage_stats example of
 * Apollo's OpenAPI (20 per minute, 100 per hour, 6,000 per day, per endpoint); a benchmark scales them.
 *
 * @param apiKey            the x-api-key it accepts
 * @param world             who it finds
 * @param startingCredits   the credit balance at start
 * @param requestsPerMinute per endpoint, fixed minute windows
 * @param requestsPerHour   per endpoint, fixed hour windows
 * @param requestsPerDay    per endpoint, fixed UTC days
 * @param phoneDelay        how long after a phone reveal its result is ready (and delivered to the webhook)
 * @param clock             the emulator's time (windows, result readiness)
 */
public record ApolloEmulatorSettings(String apiKey, EnrichmentWorld world, double startingCredits, int requestsPerMinute,
                                     int requestsPerHour, int requestsPerDay, Duration phoneDelay, Clock clock) {

    public static ApolloEmulatorSettings defaults(String apiKey, EnrichmentWorld world) {
        return new ApolloEmulatorSettings(apiKey, world, 10_000, 20, 100, 6_000, Duration.ofSeconds(2), Clock.systemUTC());
    }

    public ApolloEmulatorSettings withCredits(double value) {
        return new ApolloEmulatorSettings(apiKey, world, value, requestsPerMinute, requestsPerHour, requestsPerDay, phoneDelay, clock);
    }

    public ApolloEmulatorSettings withLimits(int perMinute, int perHour, int perDay) {
        return new ApolloEmulatorSettings(apiKey, world, startingCredits, perMinute, perHour, perDay, phoneDelay, clock);
    }

    public ApolloEmulatorSettings withPhoneDelay(Duration value) {
        return new ApolloEmulatorSettings(apiKey, world, startingCredits, requestsPerMinute, requestsPerHour, requestsPerDay, value, clock);
    }

    public ApolloEmulatorSettings withClock(Clock value) {
        return new ApolloEmulatorSettings(apiKey, world, startingCredits, requestsPerMinute, requestsPerHour, requestsPerDay, phoneDelay, value);
    }

    @Override
    public String toString() {
        return "ApolloEmulatorSettings[api key ***, " + requestsPerMinute + "/min, " + startingCredits + " credits]";
    }
}
