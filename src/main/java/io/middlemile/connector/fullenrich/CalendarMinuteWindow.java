package io.middlemile.connector.fullenrich;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * FullEnrich's own way of counting: at most {@code limit} calls per calendar minute (12:00:00 to 12:00:59), polls
 * included, and no rate-limit headers to learn the count from. A Resilience4j limiter refreshes a minute after it
 * was created, so its windows straddle FullEnrich's and could let up to twice the budget into one of them; this
 * window counts the way the server does. After a 429 it stays closed until the wait FullEnrich asked for is over.
 */
final class CalendarMinuteWindow {

    /** Sleeps for a duration; replaced in tests that use a fixed clock. */
    interface Sleeper {
        void sleep(Duration duration) throws InterruptedException;
    }

    private final int limit;
    private final Clock clock;
    private final Sleeper sleeper;
    private Instant minute = Instant.EPOCH;
    private int used;
    private Instant closedUntil = Instant.EPOCH;

    CalendarMinuteWindow(int limit, Clock clock, Sleeper sleeper) {
        this.limit = limit;
        this.clock = clock;
        this.sleeper = sleeper;
    }

    /** Takes one call of the current minute, waiting for the next minute (or the end of a 429's wait) when none is left. */
    void acquire() throws InterruptedException {
        while (true) {
            Duration wait;
            synchronized (this) {
                Instant now = clock.instant();
                Instant current = now.truncatedTo(ChronoUnit.MINUTES);
                if (!current.equals(minute)) {
                    minute = current;
                    used = 0;
                }
                if (now.isBefore(closedUntil)) {
                    wait = Duration.between(now, closedUntil);
                } else if (used < limit) {
                    used++;
                    return;
                } else {
                    wait = Duration.between(now, current.plus(1, ChronoUnit.MINUTES));
                }
            }
            sleeper.sleep(wait.isZero() || wait.isNegative() ? Duration.ofMillis(1) : wait);
        }
    }

    /** FullEnrich answered 429: no call for {@code wait}. */
    synchronized void closeFor(Duration wait) {
        Instant until = clock.instant().plus(wait);
        if (until.isAfter(closedUntil)) {
            closedUntil = until;
        }
    }

    /** The time left until the next calendar minute, FullEnrich's reset. */
    Duration untilNextMinute() {
        Instant now = clock.instant();
        return Duration.between(now, now.truncatedTo(ChronoUnit.MINUTES).plus(1, ChronoUnit.MINUTES));
    }
}
