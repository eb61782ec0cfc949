package io.middlemile.connector.hubspot;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * At most {@code permits} calls in any rolling window, the way HubSpot counts search requests
 * (resilience4j's limiter counts fixed cycles, so a call late in one cycle and the next cycles' calls
 * early in theirs can put one more than the limit into a rolling second: a 429 at full rate). The
 * window is the service's plus a margin for the jitter between our send and the service's count.
 * A caller waits for the oldest call in the window to age out. Thread-safe.
 */
final class RollingWindow {

    private final int permits;
    private final long windowNanos;
    private final Deque<Long> granted = new ArrayDeque<>();

    RollingWindow(int permits, Duration window) {
        this.permits = permits;
        this.windowNanos = window.toNanos();
    }

    /** Waits until a call fits in the window and counts it. */
    synchronized void acquire() {
        long now = System.nanoTime();
        while (granted.size() >= permits) {
            long free = granted.peekFirst() + windowNanos;
            if (free > now) {
                try {
                    Thread.sleep(Duration.ofNanos(free - now).toMillis() + 1);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("Interrupted while waiting for HubSpot's search rate limit", e);
                }
                now = System.nanoTime();
            } else {
                granted.pollFirst();
            }
        }
        granted.addLast(now);
    }
}
