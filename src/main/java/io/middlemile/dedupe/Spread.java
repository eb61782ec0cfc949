package io.middlemile.dedupe;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntConsumer;

/**
 * Work of one loop split between the calling thread and helper threads, every waiting thread parked. Loading a run
 * used parallel streams, and on Java 17 a thread outside the fork-join pool that waits for its stream's last part
 * keeps polling the pool's queues (ForkJoinPool.helpComplete): at a million contacts a fifth of the storing thread's
 * samples were that polling, CPU the reading and mapping threads needed on two cores.
 */
final class Spread {

    /** Items a thread takes at a time in {@link #forEach}: a thread slowed by the others still gets its share. */
    private static final int GRAIN = 256;

    private static final ExecutorService HELPERS = Executors.newCachedThreadPool(task -> {
        Thread thread = new Thread(task, "dedupe-helper");
        thread.setDaemon(true);
        return thread;
    });

    private Spread() {
    }

    /** {@code body} for 0 to {@code n - 1}, the calling thread and one helper per further core taking runs of items. */
    static void forEach(int n, IntConsumer body) {
        run(n, GRAIN, body);
    }

    /** As {@link #forEach}, one item at a time: for a few tasks of different lengths. */
    static void forEachTask(int n, IntConsumer body) {
        run(n, 1, (from, to) -> body.accept(from));
    }

    /** As {@link #forEach}, each run of items a thread takes handed over whole: items {@code from} to {@code to - 1}. */
    static void forEachRun(int n, Run body) {
        run(n, GRAIN, body);
    }

    @FunctionalInterface
    interface Run {
        void accept(int from, int to);
    }

    private static void run(int n, int grain, IntConsumer body) {
        run(n, grain, (from, to) -> {
            for (int i = from; i < to; i++) {
                body.accept(i);
            }
        });
    }

    private static void run(int n, int grain, Run body) {
        int parts = (int) Math.max(1, Math.min(Runtime.getRuntime().availableProcessors(), ((long) n + grain - 1) / grain));
        AtomicInteger next = new AtomicInteger();
        Runnable part = () -> {
            for (int from; (from = next.getAndAdd(grain)) < n; ) {
                body.accept(from, Math.min(n, from + grain));
            }
        };
        List<Future<?>> helped = new ArrayList<>(parts - 1);
        for (int p = 1; p < parts; p++) {
            helped.add(HELPERS.submit(part));
        }
        Throwable failed = null;
        try {
            part.run();
        } catch (RuntimeException | Error e) {
            failed = e;
            next.set(n); // the helpers stop at their next run
        }
        // every part ends before this returns, also after a failure, so nothing writes into the caller's arrays later
        for (Future<?> helper : helped) {
            Throwable t = await(helper);
            failed = failed == null ? t : failed;
        }
        rethrow(failed);
    }

    /** {@code task} on a helper thread, for the caller to {@link #join} when it needs the result. */
    static <T> Future<T> ahead(java.util.concurrent.Callable<T> task) {
        return HELPERS.submit(task);
    }

    /** The result of {@code task}, or what it threw, thrown here; waits however long it takes. */
    static <T> T join(Future<T> task) {
        rethrow(await(task));
        try {
            return task.get(); // done by now: neither exception below can happen
        } catch (InterruptedException | ExecutionException e) {
            throw new IllegalStateException(e);
        }
    }

    /** What {@code task} threw, or null; waits however long it takes. */
    static Throwable await(Future<?> task) {
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    task.get();
                    return null;
                } catch (InterruptedException e) {
                    interrupted = true; // the part still runs: wait for it, then pass the interrupt on
                } catch (ExecutionException e) {
                    return e.getCause();
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    static void rethrow(Throwable failed) {
        if (failed instanceof RuntimeException e) {
            throw e;
        }
        if (failed instanceof Error e) {
            throw e;
        }
        if (failed != null) {
            throw new IllegalStateException(failed);
        }
    }
}
