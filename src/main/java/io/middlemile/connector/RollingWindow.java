package io.middlemile.connector;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.Supplier;

/**
 * A {@link CallWindow} counted in this process ({@link Budgets#LOCAL}). resilience4j's limiter counts fixed cycles, so
 * a call late in one cycle and the following cycles' calls early in theirs put one call too many into a rolling
 * second: a 429 at full rate. Here the next call that would be one too many waits until the oldest answered call
 * is a full window old (40 ms of 1,000 lost per window at HubSpot's usual latency). Thread-safe.
 */
final class RollingWindow {

    /**
     * The windows of this process, one per key and limit: every job run opens its connection anew, and a window of its
     * own would see only its own calls, so five jobs on one portal put six searches into a second (ClusterBenchmark
     * outside a cluster: 100 answers 429 in 720 searches). A changed limit is a new window; the wait is each caller's.
     */
    private static final ConcurrentMap<String, RollingWindow> WINDOWS = new ConcurrentHashMap<>();

    static CallWindow of(String key, int permits, Duration window, Duration wait) {
        RollingWindow shared = WINDOWS.computeIfAbsent(key + ":" + permits + "/" + window.toMillis() + "ms",
                name -> new RollingWindow(name, permits, window));
        return new CallWindow() {
            @Override
            public <T> T call(Supplier<T> call) {
                return shared.call(call, wait);
            }
        };
    }

    /** One call's place in the window; {@link #release} it when the answer is in, whatever it was. */
    static final class Slot {
        private long answeredAt;
        private boolean answered;
    }

    private final String name;
    private final int permits;
    private final long windowNanos;
    private final List<Slot> slots = new ArrayList<>();

    RollingWindow(String name, int permits, Duration window) {
        this.name = name;
        this.permits = permits;
        this.windowNanos = window.toNanos();
    }

    /** Runs the call in a place of the window, waiting for one at most {@code wait}. */
    <T> T call(Supplier<T> call, Duration wait) {
        Slot slot = acquire(wait);
        try {
            return call.get();
        } finally {
            release(slot);
        }
    }

    /** Waits until one more call fits in the window and takes its place, at most {@code wait}. */
    synchronized Slot acquire(Duration wait) {
        long deadline = System.nanoTime() + wait.toNanos();
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
            if (now >= deadline) {
                throw new BudgetExhausted(name, wait);
            }
            try {
                // no answered call to age out: every place is a call in flight, whose release wakes us (or the deadline)
                waitNanos = Math.min(waitNanos, deadline - now);
                wait(Math.max(1, Duration.ofNanos(waitNanos).toMillis() + 1));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new BudgetExhausted(name, wait);
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
