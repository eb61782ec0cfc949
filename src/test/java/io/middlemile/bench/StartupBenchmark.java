package io.middlemile.bench;

import io.middlemile.testing.TestWorkspaces;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * Start-up of the README's first command: from the command to the first record, cold and warm (issue 19's target: at
 * most 5 s warm on 2 cores). Each run is a new JVM, as `./middlemile` starts one, on a copy of the sample workspace; the
 * time is taken here, from starting the process to the line the command prints just before it reads its first record
 * ("Engine ready in ..."), and the command's own figure is printed beside it.
 * <ul>
 *   <li><b>cold</b>: the first run on a fresh workspace: no state store yet (the embedded PostgreSQL is created and the
 *       migrations run), a JVM that has loaded none of the engine's classes before;</li>
 *   <li><b>warm</b>: a run again, as the second `./middlemile demo` of a laptop finds it: the store exists (a copy of one
 *       `middlemile jobs` created, since `demo` runs once per store), the engine built, the OS's file cache and the
 *       CDS archive (when the launcher made one) warm.</li>
 * </ul>
 * Each run is the launcher {@code ./middlemile}, as a person types it (with its start-up cache, target/cds, made by the
 * first command after a build). Options: {@code -Dbench.command=demo} (or {@code job run import-contacts}),
 * {@code -Dbench.warm=3}, {@code -Dbench.jvm="-XX:TieredStopAtLevel=1"} (more JVM options of each run, through
 * MIDDLEMILE_JAVA_OPTS), {@code -Dbench.train=true} (delete the start-up cache first, so the cold run is also the one that
 * extracts the jar and trains the cache: what the first command after a build costs), {@code -Dbench.launcher=false} (run
 * {@code java -jar target/middlemile.jar} without the launcher, as before the cache), {@code -Dbench.cp=...} (run
 * {@code io.middlemile.cli.Main} on another classpath).
 *
 * <pre>java -Xmx3g -cp "target/classes:target/test-classes:$(cat target/cp.txt)" io.middlemile.bench.StartupBenchmark</pre>
 */
public final class StartupBenchmark {

    private static final String READY = "Engine ready in ";

    private StartupBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        List<String> command = List.of(System.getProperty("bench.command", "demo").trim().split("\\s+"));
        int warmRuns = Integer.getInteger("bench.warm", 3);
        String jvm = System.getProperty("bench.jvm", "").trim();
        Path jar = TestWorkspaces.BUNDLED.resolve("target/middlemile.jar");
        String classpath = System.getProperty("bench.cp");
        boolean launcher = classpath == null && Boolean.parseBoolean(System.getProperty("bench.launcher", "true"));
        boolean train = launcher && Boolean.getBoolean("bench.train");
        List<String> launch = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        if (!jvm.isEmpty()) {
            launch.addAll(List.of(jvm.split("\\s+")));
        }
        if (launcher) {
            launch = new ArrayList<>(List.of(TestWorkspaces.BUNDLED.resolve("middlemile").toString()));
            if (train && Files.exists(TestWorkspaces.BUNDLED.resolve("target/cds"))) {
                deleteTree(TestWorkspaces.BUNDLED.resolve("target/cds"));
            }
        } else if (classpath != null) {
            launch.addAll(List.of("-cp", classpath, "io.middlemile.cli.Main"));
        } else if (Files.isRegularFile(jar)) {
            launch.addAll(List.of("-jar", jar.toString()));
        } else {
            launch.addAll(List.of("-cp", TestWorkspaces.BUNDLED.resolve("target/classes") + ":"
                    + Files.readString(TestWorkspaces.BUNDLED.resolve("target/cp.txt")).trim(), "io.middlemile.cli.Main"));
        }
        System.out.printf(Locale.ROOT, "Start-up of `middlemile %s` to its first record; engine %s; JVM options [%s]; %d cores,"
                        + " load average %.2f%n", String.join(" ", command), launcher ? "./middlemile" + (train ? " (its start-up cache made by the cold run)" : "")
                        : classpath != null ? "-Dbench.cp" : Files.isRegularFile(jar) ? jar.getFileName() : "target/classes",
                jvm, Runtime.getRuntime().availableProcessors(), ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());

        Path root = Files.createTempDirectory("middlemile-startup-");
        try {
            Path cold = TestWorkspaces.copyBundled(root.resolve("cold"));
            report(train ? "cold+cache" : "cold", run(launch, launcher ? jvm : null, command, cold), cold);

            Path prepared = TestWorkspaces.copyBundled(root.resolve("prepared"));
            Timing preparing = run(launch, launcher ? jvm : null, List.of("jobs"), prepared);
            if (preparing.exitCode() != 0) {
                throw new IllegalStateException("`middlemile jobs` could not create the state store (exit " + preparing.exitCode() + ")");
            }
            List<Long> warm = new ArrayList<>();
            for (int i = 1; i <= warmRuns; i++) {
                Path workspace = root.resolve("warm-" + i);
                copyKeepingPermissions(prepared, workspace);
                Timing timing = run(launch, launcher ? jvm : null, command, workspace);
                report("warm " + i, timing, workspace);
                warm.add(timing.toFirstRecordMillis());
            }
            warm.sort(Comparator.naturalOrder());
            System.out.printf(Locale.ROOT, "warm median: %.1f s (target: at most 5 s on 2 cores); load average now %.2f%n",
                    warm.get(warm.size() / 2) / 1000.0, ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        } finally {
            deleteTree(root);
        }
    }

    /** One run: wall time to the ready line (-1 when it never came), the command's own figure, and the whole run. */
    private record Timing(long toFirstRecordMillis, String reported, long totalMillis, int exitCode) {
    }

    private static void report(String label, Timing timing, Path workspace) throws IOException {
        if (timing.exitCode() != 0) {
            System.out.printf("%s: the command failed; its stderr ends:%n", label);
            List<String> lines = Files.readAllLines(workspace.resolve("stderr.log"));
            lines.subList(Math.max(0, lines.size() - 10), lines.size()).forEach(line -> System.out.println("  " + line));
        }
        System.out.printf(Locale.ROOT, "%-7s to first record %5.1f s (the command says %s); whole command %5.1f s, exit %d%n", label,
                timing.toFirstRecordMillis() / 1000.0, timing.reported(), timing.totalMillis() / 1000.0, timing.exitCode());
    }

    /** @param launcherJvm the JVM options for the launcher (MIDDLEMILE_JAVA_OPTS), or null when {@code launch} is java itself */
    private static Timing run(List<String> launch, String launcherJvm, List<String> command, Path workspace) throws IOException, InterruptedException {
        List<String> process = new ArrayList<>(launch);
        process.addAll(command);
        process.addAll(List.of("--workspace", workspace.toString()));
        ProcessBuilder builder = new ProcessBuilder(process).directory(workspace.toFile()).redirectError(workspace.resolve("stderr.log").toFile());
        if (launcherJvm != null) {
            builder.environment().put("MIDDLEMILE_JAVA_OPTS", launcherJvm);
        }
        long start = System.nanoTime();
        Process child = builder.start();
        long ready = -1;
        String reported = "nothing";
        try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line = out.readLine(); line != null; line = out.readLine()) {
                int at = line.indexOf(READY);
                if (at >= 0 && ready < 0) {
                    ready = (System.nanoTime() - start) / 1_000_000;
                    reported = line.substring(at + READY.length(), line.indexOf(" s", at + READY.length()) + 2);
                }
            }
        }
        int exit = child.waitFor();
        return new Timing(ready, reported, (System.nanoTime() - start) / 1_000_000, exit);
    }

    /** A copy of the workspace with its state store; PostgreSQL refuses a data folder others may read (0700 only). */
    private static void copyKeepingPermissions(Path from, Path to) throws IOException {
        try (Stream<Path> walk = Files.walk(from)) {
            for (Path source : walk.toList()) {
                Path destination = to.resolve(from.relativize(source).toString());
                if (Files.isDirectory(source)) {
                    Files.createDirectories(destination);
                    Files.setPosixFilePermissions(destination, Files.getPosixFilePermissions(source));
                } else {
                    Files.copy(source, destination, StandardCopyOption.COPY_ATTRIBUTES);
                }
            }
        }
    }

    private static void deleteTree(Path root) throws IOException {
        try (Stream<Path> walk = Files.walk(root)) {
            walk.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        }
    }
}
