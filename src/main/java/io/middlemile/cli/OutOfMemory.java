package io.middlemile.cli;

import javax.management.Notification;
import javax.management.NotificationEmitter;
import javax.management.NotificationListener;
import javax.management.openmbean.CompositeData;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryNotificationInfo;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A command whose work does not fit in the JVM's heap, said for the person running it: which limit it hit, and the
 * option that raises it. A million contacts' dedupe runs in a 2 GB heap (the JVM's default on an 8 GB machine, a
 * quarter of its memory), in 1.5 GB a third slower, and not in 1 GB: there it collected back to back for four minutes
 * and then ended in a bare {@code java.lang.OutOfMemoryError} trace.
 */
final class OutOfMemory {

    private static final long MB = 1024 * 1024;
    private static final long GB = 1024 * MB;
    /** Long-lived data past this share of its space after a collection: the run is about to crawl or fail. */
    static final double WARN_AT = 0.9;

    private OutOfMemory() {
    }

    /** Prints what ran out and what to do instead of the error's trace; returns the exit code (1, a failed command). */
    static int explain(OutOfMemoryError error, String[] args, PrintStream err) {
        String arguments = String.join(" ", args);
        long physical = physicalMemory();
        err.println("Middlemile ran out of memory (" + error.getMessage() + ") during `middlemile " + arguments + "`: "
                + heapNow(physical) + " could not hold what the command was working on. What it had committed before is kept, as"
                + " after any failure" + (args.length > 0 && args[0].equals("dedupe") ? "; a dedupe run saves nothing until"
                + " its end, so the previous plan, export and match index stay in use" : "") + ". "
                + advice(arguments, Runtime.getRuntime().maxMemory(), physical));
        return 1;
    }

    /** The out-of-memory error {@code failure} is or was caused by, or null. */
    static OutOfMemoryError cause(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof OutOfMemoryError e) {
                return e;
            }
        }
        return null;
    }

    /**
     * What to run instead: the command again with twice the heap and at least 4 GB (whole gigabytes), within three
     * quarters of the machine's memory; a machine too small for that is said to be.
     *
     * @param arguments the command's arguments, as typed after {@code middlemile}
     * @param physical the machine's memory in bytes, 0 when unknown
     */
    static String advice(String arguments, long maxHeap, long physical) {
        // a heap that ran out held a large batch, and twice a small heap may run out again: at least 4 GB
        long wanted = Math.max(4, (2 * maxHeap + GB - 1) / GB);
        long room = physical > 0 ? physical * 3 / 4 / GB : Long.MAX_VALUE;
        String example = arguments.startsWith("dedupe ") ? " (a million contacts' dedupe runs in 2 GB)" : "";
        if (wanted > room && room * GB <= maxHeap) {
            return "This machine's memory (" + gigabytes(physical) + ") leaves no larger heap to give it: run it on a machine"
                    + " with more memory, or with fewer records at a time (one source per dedupe rule, or a narrower export)"
                    + example + ".";
        }
        long give = Math.min(wanted, room);
        return "Run it again with a larger heap: MIDDLEMILE_JAVA_OPTS=-Xmx" + give + "g ./middlemile " + arguments + example + ".";
    }

    /**
     * Warns once, while it is open, when the long-lived part of the heap is still nearly full after a collection: the
     * run is about to slow to back-to-back collections and then fail, and stopping it (Ctrl-C) to rerun it with more
     * heap saves the minutes in between. Uses the JVM's collection-usage threshold on its old generation; where the
     * collector has none, it watches nothing.
     */
    static Watch watch(String[] args, PrintStream err) {
        MemoryPoolMXBean old = ManagementFactory.getMemoryPoolMXBeans().stream()
                .filter(pool -> pool.getType() == MemoryType.HEAP && pool.isCollectionUsageThresholdSupported())
                .filter(pool -> pool.getName().contains("Old") || pool.getName().contains("Tenured"))
                .filter(pool -> pool.getUsage().getMax() > 0)
                .findFirst().orElse(null);
        if (old == null || !(ManagementFactory.getMemoryMXBean() instanceof NotificationEmitter emitter)) {
            return () -> { };
        }
        long max = old.getUsage().getMax();
        Warning warning = new Warning(old.getName(), String.join(" ", args), max, err);
        NotificationListener listener = (Notification notification, Object handback) -> {
            if (MemoryNotificationInfo.MEMORY_COLLECTION_THRESHOLD_EXCEEDED.equals(notification.getType())) {
                MemoryNotificationInfo info = MemoryNotificationInfo.from((CompositeData) notification.getUserData());
                warning.exceeded(info.getPoolName(), info.getUsage().getUsed());
            }
        };
        emitter.addNotificationListener(listener, null, null);
        old.setCollectionUsageThreshold((long) (max * WARN_AT));
        return () -> {
            old.setCollectionUsageThreshold(0); // 0 turns the threshold off
            try {
                emitter.removeNotificationListener(listener);
            } catch (javax.management.ListenerNotFoundException gone) {
                // removed already: nothing left to stop
            }
        };
    }

    /** A watch that ends when closed. */
    interface Watch extends AutoCloseable {
        @Override
        void close();
    }

    /** Says once that the watched space was still nearly full after a collection. */
    static final class Warning {
        private final String pool;
        private final String arguments;
        private final long space;
        private final PrintStream err;
        private final AtomicBoolean said = new AtomicBoolean();

        Warning(String pool, String arguments, long space, PrintStream err) {
            this.pool = pool;
            this.arguments = arguments;
            this.space = space;
            this.err = err;
        }

        /** A collection left {@code used} bytes in {@code pool} past its threshold (another pool's is not ours). */
        void exceeded(String pool, long used) {
            if (this.pool.equals(pool) && said.compareAndSet(false, true)) {
                err.println(String.format(Locale.ROOT, "Memory is running short: after a collection, long-lived data still"
                                + " fills %,d of its %,d MB (%d %%). If `middlemile %s` slows to a crawl or stops with 'out of"
                                + " memory', stop it (Ctrl-C; it keeps what it committed). ", used / MB, space / MB,
                        Math.round(100.0 * used / space), arguments)
                        + advice(arguments, Runtime.getRuntime().maxMemory(), physicalMemory()));
            }
        }
    }

    private static String heapNow(long physical) {
        return "the JVM's heap, at most " + String.format(Locale.ROOT, "%,d MB", Runtime.getRuntime().maxMemory() / MB)
                + (physical > 0 ? " (this machine has " + gigabytes(physical) + "; without -Xmx the JVM takes a quarter of it)" : "");
    }

    private static String gigabytes(long bytes) {
        return String.format(Locale.ROOT, "%.1f GB", bytes / (double) GB);
    }

    private static long physicalMemory() {
        return ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os
                ? os.getTotalMemorySize() : 0;
    }
}
