package io.middlemile.store;

import java.time.Duration;

/**
 * Work in progress on the state store (job runs, match index loads) that the engine's close waits for, a bounded
 * time, before the store closes: stopped by the close, the work ends at its next step and writes or lets go of what it
 * holds while the store is still open, instead of being cut off under it.
 */
public final class InProgress {

    private int count; // guarded by this

    public synchronized void begin() {
        count++;
    }

    public synchronized void end() {
        count--;
        notifyAll();
    }

    /** Waits until none is in progress, at most {@code patience}; returns how many still are. */
    public synchronized int awaitNone(Duration patience) {
        long deadline = System.nanoTime() + patience.toNanos();
        try {
            while (count > 0 && System.nanoTime() < deadline) {
                wait(Math.max(1, (deadline - System.nanoTime()) / 1_000_000));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return count;
    }
}
