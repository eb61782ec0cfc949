package io.middlemile.sandbox.hubspot;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The emulator's time, in milliseconds like HubSpot's timestamps. Runs with the system clock until a
 * test freezes it, so several writes can share one {@code lastmodifieddate} exactly as they do in
 * HubSpot when a bulk import touches many records in the same millisecond.
 */
public final class EmulatorClock {

    private static final long SYSTEM = Long.MIN_VALUE;
    private final AtomicLong frozen = new AtomicLong(SYSTEM);

    public long millis() {
        long value = frozen.get();
        return value == SYSTEM ? System.currentTimeMillis() : value;
    }

    public Instant now() {
        return Instant.ofEpochMilli(millis());
    }

    /** Stops time at the given instant until {@link #advance} or {@link #resume}. */
    public EmulatorClock freezeAt(Instant instant) {
        frozen.set(instant.toEpochMilli());
        return this;
    }

    public EmulatorClock advance(Duration duration) {
        frozen.updateAndGet(v -> (v == SYSTEM ? System.currentTimeMillis() : v) + duration.toMillis());
        return this;
    }

    public EmulatorClock resume() {
        frozen.set(SYSTEM);
        return this;
    }
}
