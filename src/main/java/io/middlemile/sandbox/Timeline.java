package io.middlemile.sandbox;

import java.time.Clock;
import java.time.Instant;
import java.util.Comparator;
import java.util.PriorityQueue;

/**
 * What the people behind an emulated service do later, on the emulator's clock: a lead replies, an invitation is
 * accepted. Actions are planned at an instant and run, in that order (ties in planning order), by {@link #runDue()}, which
 * the emulator calls under its own lock before it answers a request or delivers webhooks, so its state is always what it
 * would be at the clock's time.
 */
public final class Timeline {

    private record Planned(Instant due, long order, Runnable action) {
    }

    private final Clock clock;
    private final PriorityQueue<Planned> planned = new PriorityQueue<>(
            Comparator.comparing(Planned::due).thenComparingLong(Planned::order));
    private long order;

    public Timeline(Clock clock) {
        this.clock = clock;
    }

    public synchronized void plan(Instant due, Runnable action) {
        planned.add(new Planned(due, order++, action));
    }

    /** Runs every action due by the clock, actions they plan for no later than now included. */
    public void runDue() {
        Instant now = clock.instant();
        while (true) {
            Planned next;
            synchronized (this) {
                if (planned.isEmpty() || planned.peek().due().isAfter(now)) {
                    return;
                }
                next = planned.poll();
            }
            next.action().run();
        }
    }
}
