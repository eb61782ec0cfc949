package io.middlemile.sandbox.salesforce;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The org's time. Salesforce datetimes carry whole seconds (the API prints {@code .000}), so many
 * writes of one bulk operation share a SystemModstamp; a test can freeze time to make that happen
 * on purpose.
 */
public final class OrgClock {

    private final AtomicReference<Instant> frozen = new AtomicReference<>();

    /** Now, truncated to the second like SystemModstamp. */
    public Instant now() {
        Instant value = frozen.get();
        return (value == null ? Instant.now() : value).truncatedTo(ChronoUnit.SECONDS);
    }

    public OrgClock freezeAt(Instant instant) {
        frozen.set(instant);
        return this;
    }

    public OrgClock advance(Duration duration) {
        frozen.updateAndGet(v -> (v == null ? Instant.now() : v).plus(duration));
        return this;
    }

    public OrgClock resume() {
        frozen.set(null);
        return this;
    }
}
