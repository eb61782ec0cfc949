package io.middlemile.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs the middlemile command in a separate JVM, with its own environment variables (secrets come
 * only from the environment, which a test cannot set for its own process) and its own store.
 */
public final class ChildProcess {

    /** What the run printed and how it ended. */
    public record Result(int exitCode, String output) {
    }

    private ChildProcess() {
    }

    public static Process start(Path log, Map<String, String> environment, String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx512m",
                // a child runs seconds to a minute: C1 alone and the serial collector start it sooner than full tiering
                "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC",
                "-cp", System.getProperty("java.class.path"), "io.middlemile.cli.Main"));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().remove("MIDDLEMILE_WORKSPACE");
        builder.environment().putAll(environment);
        return builder.start();
    }

    public static Result run(Path log, Map<String, String> environment, String... args) throws IOException, InterruptedException {
        return run(log, environment, 180, args);
    }

    public static Result run(Path log, Map<String, String> environment, int timeoutSeconds, String... args)
            throws IOException, InterruptedException {
        Process process = start(log, environment, args);
        if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IllegalStateException("middlemile " + String.join(" ", args) + " did not finish in " + timeoutSeconds + " s:\n"
                    + Files.readString(log));
        }
        return new Result(process.exitValue(), Files.readString(log));
    }
}
