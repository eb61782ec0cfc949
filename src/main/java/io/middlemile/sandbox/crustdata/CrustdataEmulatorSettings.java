package io.middlemile.sandbox.crustdata;

import io.middlemile.sandbox.enrichment.EnrichmentWorld;

import java.time.Clock;
import java.time.Duration;
import java.util.Objects;

/**
 * How a {@link CrustdataEmulator} behaves.
 *
 * @param apiKey            the bearer key it accepts
 * @param world             the people and companies it finds (a person only with the columns the world's crustdata
 *                          column lists, a company only when knownBy names crustdata)
 * @param startingCredits   the account's credit balance at start
 * @param requestsPerMinute the sliding-window budget of each enrich and batch endpoint (Crustdata's default 15; a
 *                          benchmark scales it)
 * @param batchDelay        how long a batch job takes: pending for the first half, processing for the second, then
 *                          completed
 * @param clock             the time rate windows and batch jobs are measured with
 */
public record CrustdataEmulatorSettings(String apiKey, EnrichmentWorld world, double startingCredits, int requestsPerMinute,
                                        Duration batchDelay, Clock clock) {

    public static final int DEFAULT_REQUESTS_PER_MINUTE = 15;

    public CrustdataEmulatorSettings {
        Objects.requireNonNull(apiKey, "apiKey");
        Objects.requireNonNull(world, "world");
        Objects.requireNonNull(batchDelay, "batchDelay");
        Objects.requireNonNull(clock, "clock");
        if (requestsPerMinute < 1) {
            throw new IllegalArgumentException("requestsPerMinute must be positive, got " + requestsPerMinute);
        }
    }

    /** The bundled world, 1,000 credits, Crustdata's 15 requests a minute, batches done in 2 s. */
    public static CrustdataEmulatorSettings defaults(String apiKey) {
        return new CrustdataEmulatorSettings(apiKey, EnrichmentWorld.bundled(), 1_000, DEFAULT_REQUESTS_PER_MINUTE,
                Duration.ofSeconds(2), Clock.systemUTC());
    }

    public CrustdataEmulatorSettings withWorld(EnrichmentWorld newWorld) {
        return new CrustdataEmulatorSettings(apiKey, newWorld, startingCredits, requestsPerMinute, batchDelay, clock);
    }

    public CrustdataEmulatorSettings withCredits(double credits) {
        return new CrustdataEmulatorSettings(apiKey, world, credits, requestsPerMinute, batchDelay, clock);
    }

    public CrustdataEmulatorSettings withRequestsPerMinute(int perMinute) {
        return new CrustdataEmulatorSettings(apiKey, world, startingCredits, perMinute, batchDelay, clock);
    }

    public CrustdataEmulatorSettings withBatchDelay(Duration delay) {
        return new CrustdataEmulatorSettings(apiKey, world, startingCredits, requestsPerMinute, delay, clock);
    }

    public CrustdataEmulatorSettings withClock(Clock newClock) {
        return new CrustdataEmulatorSettings(apiKey, world, startingCredits, requestsPerMinute, batchDelay, newClock);
    }
}
