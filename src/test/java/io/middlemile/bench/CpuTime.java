package io.middlemile.bench;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Predicate;

/**
 * CPU used so far by this JVM, its JIT compiler, and the PostgreSQL processes (Linux /proc; 0 elsewhere), in ms. On a
 * shared 2-core machine a run's wall time varies by a quarter between identical runs; what it cost in CPU much less.
 */
record CpuTime(double jvmMs, double jitMs, double postgresMs) {

    static final CpuTime ZERO = new CpuTime(0, 0, 0);

    static CpuTime now() {
        double jvm = ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime() / 1e6;
        // the compiler threads' CPU, not the CompilationMXBean's time: that is elapsed, and a busy machine inflates it
        double jit = ticks(Path.of("/proc/self/task"), name -> name.startsWith("C1 CompilerThre") || name.startsWith("C2 CompilerThre"));
        double postgres = ticks(Path.of("/proc"), name -> name.equals("postgres"));
        return new CpuTime(jvm, jit, postgres);
    }

    /**
     * The CPU in ms of the processes (or threads) under {@code proc} whose name matches, with their ended children's (a
     * backend that closed is counted in its server's); 0 where /proc is not (not Linux).
     */
    private static double ticks(Path proc, Predicate<String> named) {
        double ms = 0;
        try (var entries = Files.list(proc)) {
            for (Path entry : entries.filter(p -> p.getFileName().toString().chars().allMatch(Character::isDigit)).toList()) {
                try {
                    String stat = Files.readString(entry.resolve("stat"));
                    if (named.test(stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')')))) {
                        // https://man7.org/linux/man-pages/man5/proc_pid_stat.5.html: utime, stime, cutime, cstime
                        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                        for (int field = 11; field <= 14; field++) {
                            ms += Long.parseLong(fields[field]) * 10.0; // clock ticks of 10 ms
                        }
                    }
                } catch (java.io.IOException | RuntimeException gone) {
                    // it ended meanwhile
                }
            }
        } catch (java.io.IOException noProc) {
            // not Linux
        }
        return ms;
    }

    CpuTime minus(CpuTime before) {
        return new CpuTime(jvmMs - before.jvmMs, jitMs - before.jitMs, postgresMs - before.postgresMs);
    }

    CpuTime plus(CpuTime other) {
        return new CpuTime(jvmMs + other.jvmMs, jitMs + other.jitMs, postgresMs + other.postgresMs);
    }

    /**
     * The most CPU time seen by sampling every 200 ms until {@link #close}: the state store's server stops with the
     * command that started it, and its CPU with it, so the figure is its last sample.
     */
    static final class Sampler implements AutoCloseable {
        private final CpuTime start = now();
        private volatile double postgresPeak = start.postgresMs;
        private volatile boolean running = true;
        private final Thread thread = new Thread(() -> {
            while (running) {
                // the most seen: once the command stops the server, its processes and their CPU are gone
                postgresPeak = Math.max(postgresPeak, now().postgresMs);
                try {
                    Thread.sleep(200);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "cpu-sampler");

        Sampler() {
            thread.setDaemon(true);
            thread.start();
        }

        /** CPU since the sampler started: this JVM's now, the state store's at its last sample. */
        CpuTime used() {
            CpuTime now = now();
            return new CpuTime(now.jvmMs, now.jitMs, Math.max(now.postgresMs, postgresPeak)).minus(start);
        }

        @Override
        public void close() {
            running = false;
            thread.interrupt();
        }
    }
}
