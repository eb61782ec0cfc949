package io.middlemile.connector.hubspot;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * At most {@code permits} calls in any rolling window, the way HubSpot counts search requests.
 * resilience4j's limiter counts fixed cycles, so a call late in one cycle and the following cycles'
 * calls early in theirs put one call too many into a rolling second: a 429 at full rate.
 *
 * <p>HubSpot counts a call at some moment between our send and our receipt of its answer, and we
 * cannot know which. So a call occupies the window from its send until a full window after its
 * answer came back: the next call that would be one too many waits until then. That is exact
 * whatever the network and scheduling delays, and costs only one call's duration per window
 * (40 ms of 1,000 at HubSpot's usual latency). Thread-safe.
 */
final class RollingWindow {

    /** One call's place in the window; {@link #release} it when the answer is in, whatever it was. */
    static final class Slot {
        private long answeredAt;
        private boolean answered;
    }

    private final int permits;
    private final long windowNanos;
    private final List<Slot> slots = new ArrayList<>();

    RollingWindow(int permits, Duration window) {
        this.permits = permits;
        this.windowNanos = window.toNanos();
    }

    /** Waits until one more call fits in the window and takes its place. */
    synchronized Slot acquire() {
        while (true) {
            long now = System.nanoTime();
            slots.removeIf(slot -> slot.answered && now - slot.answeredAt >= windowNanos);
            if (slots.size() < permits) {
                Slot slot = new Slot();
                slots.add(slot);
                return slot;
            }
            long waitNanos = Long.MAX_VALUE;
            for (Slot slot : slots) {
                if (slot.answered) {
                    waitNanos = Math.min(waitNanos, slot.answeredAt + windowNanos - now);
                }
            }
            try {
                // no answered call to age out: every place is a call in flight, whose release wakes us
                wait(waitNanos == Long.MAX_VALUE ? 0 : Math.max(1, Duration.ofNanos(waitNanos).toMillis() + 1));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("Interrupted while waiting for HubSpot's search rate limit", e);
            }
        }
    }

    /** The call's answer (or failure) is in: from now on its place frees a window later. */
    synchronized void release(Slot slot) {
        slot.answeredAt = System.nanoTime();
        slot.answered = true;
        notifyAll();
    }
}
