package io.middlemile.sandbox.fullenrich;

import io.middlemile.sandbox.enrichment.EnrichmentWorld;

import java.time.Clock;
import java.time.Duration;
import java.util.Objects;

/**
 * How a {@link FullEnrichEmulator} behaves.
 *
 * @param apiKey               the one API key it accepts (and signs webhook deliveries with)
 * @param world                who it finds, and what: a person's {@code fullenrich} column of the world
 * @param startingCredits      the workspace's credit balance at start
 * @param requestsPerMinute    calls a calendar minute, all endpoints (FullEnrich: 60); a benchmark scales it
 * @param asyncDelay           how long after submission an enrichment is finished (FullEnrich: 30 to 90 s a contact)
 * @param clock                now, for the minute window, the async delay and the 3-month duplicate window
 * @param webhookRetryInterval the wait between attempts of a webhook delivery answered non-2xx (FullEnrich: 1 minute)
 * @param webhookRetries       how many times a refused delivery is retried (FullEnrich: 5)
 */
public record FullEnrichEmulatorSettings(String apiKey, EnrichmentWorld world, double startingCredits, int requestsPerMinute,
                                         Duration asyncDelay, Clock clock, Duration webhookRetryInterval, int webhookRetries) {

    public static final int REQUESTS_PER_MINUTE = 60;

    public FullEnrichEmulatorSettings {
        Objects.requireNonNull(apiKey, "apiKey");
        Objects.requireNonNull(world, "world");
        Objects.requireNonNull(asyncDelay, "asyncDelay");
        Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(webhookRetryInterval, "webhookRetryInterval");
        if (requestsPerMinute < 1 || webhookRetries < 0 || startingCredits < 0) {
            throw new IllegalArgumentException("FullEnrich emulator settings need a positive request budget and non-negative"
                    + " credits and retries");
        }
    }

    /** The bundled world, 10,000 credits, FullEnrich's limits, results after 2 s (a sandbox need not wait 30 s). */
    public static FullEnrichEmulatorSettings defaults(String apiKey) {
        return new FullEnrichEmulatorSettings(apiKey, EnrichmentWorld.bundled(), 10_000, REQUESTS_PER_MINUTE, Duration.ofSeconds(2),
                Clock.systemUTC(), Duration.ofMinutes(1), 5);
    }

    public FullEnrichEmulatorSettings withWorld(EnrichmentWorld newWorld) {
        return new FullEnrichEmulatorSettings(apiKey, newWorld, startingCredits, requestsPerMinute, asyncDelay, clock,
                webhookRetryInterval, webhookRetries);
    }

    public FullEnrichEmulatorSettings withCredits(double credits) {
        return new FullEnrichEmulatorSettings(apiKey, world, credits, requestsPerMinute, asyncDelay, clock, webhookRetryInterval,
                webhookRetries);
    }

    public FullEnrichEmulatorSettings withRequestsPerMinute(int perMinute) {
        return new FullEnrichEmulatorSettings(apiKey, world, startingCredits, perMinute, asyncDelay, clock, webhookRetryInterval,
                webhookRetries);
    }

    public FullEnrichEmulatorSettings withAsyncDelay(Duration delay) {
        return new FullEnrichEmulatorSettings(apiKey, world, startingCredits, requestsPerMinute, delay, clock, webhookRetryInterval,
                webhookRetries);
    }

    public FullEnrichEmulatorSettings withClock(Clock newClock) {
        return new FullEnrichEmulatorSettings(apiKey, world, startingCredits, requestsPerMinute, asyncDelay, newClock,
                webhookRetryInterval, webhookRetries);
    }

    public FullEnrichEmulatorSettings withWebhookRetries(int retries, Duration interval) {
        return new FullEnrichEmulatorSettings(apiKey, world, startingCredits, requestsPerMinute, asyncDelay, clock, interval, retries);
    }

    @Override
    public String toString() {
        return "FullEnrichEmulatorSettings[apiKey ***, " + startingCredits + " credits, " + requestsPerMinute + "/min, delay "
                + asyncDelay + "]";
    }
}
