package io.middlemile.sandbox.crustdata;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Crustdata's rate limit of one endpoint: at most {@code limit} requests in any rolling minute
 * (https://docs.crustdata.com/openapi-specs/2025-11-01/best-practices: sliding window, x-ratelimit-* headers).
 */
final class SlidingWindow {

    static final Duration WINDOW = Duration.ofMinutes(1);

    /** The verdict on one request and the headers' values. */
    record Verdict(boolean allowed, int limit, int remaining, long resetSeconds) {
    }

    private final int limit;
    private final Clock clock;
    private final Deque<Instant> calls = new ArrayDeque<>();

    SlidingWindow(int limit, Clock clock) {
        this.limit = limit;
        this.clock = clock;
    }

    synchronized Verdict take() {
        Instant now = clock.instant();
        while (!calls.isEmpty() && !calls.peekFirst().plus(WINDOW).isAfter(now)) {
            calls.pollFirst();
        }
        boolean allowed = calls.size() < limit;
        if (allowed) {
            calls.addLast(now);
        }
        long reset = calls.isEmpty() ? 0 : (long) Math.ceil(Duration.between(now, calls.peekFirst().plus(WINDOW)).toMillis() / 1000.0);
        return new Verdict(allowed, limit, Math.max(0, limit - calls.size()), reset);
    }
}
