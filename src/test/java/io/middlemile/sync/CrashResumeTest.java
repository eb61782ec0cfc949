package io.middlemile.sync;

import io.middlemile.testing.ChildProcess;
import io.middlemile.testing.ContactCsv;
import io.middlemile.testing.SyncWorkspace;
import io.middlemile.testing.TestWorkspaces;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * Stops a job in the middle of its run twice, in separate JVMs, and runs it again: the output must hold every input
 * record exactly once.
 * <ol>
 *   <li>`middlemile run` gets SIGTERM (Ctrl-C, a service manager): the engine stops between two pages, the run ends
 *       paused, nothing is logged as an error, and the embedded PostgreSQL stops after the engine, not under it.</li>
 *   <li>`middlemile job run` gets SIGTERM: it says it was interrupted, the run ends paused, and no failure or trace is
 *       printed for what the engine's closing broke under it.</li>
 *   <li>`middlemile job run` gets SIGKILL: nothing gets to clean up.</li>
 *   <li>`middlemile job run` continues the run from its last committed page and publishes the output.</li>
 * </ol>
 */
class CrashResumeTest {

    private static final int ROWS = 100_000;

    @TempDir
    Path workspace;

    private final List<Process> processes = new ArrayList<>();

    @AfterEach
    void stopEverything() throws IOException {
        processes.forEach(Process::destroyForcibly);
        // the killed runs' embedded PostgreSQL outlives them
        SyncWorkspace.stopStore(workspace);
    }

    @Test
    void jobStoppedAndKilledMidRunResumesWithoutLosingOrDuplicatingRecords() throws Exception {
        TestWorkspaces.copyBundled(workspace);
        ContactCsv.write(workspace.resolve("samples/contacts.csv"), ROWS);
        Path route = workspace.resolve("routes/import-contacts.camel.yaml");
        Files.writeString(route, Files.readString(route).replace("pageSize: 500", "pageSize: 1000"));
        Path partial = workspace.resolve("out/contacts-clean.csv.partial");
        Path output = workspace.resolve("out/contacts-clean.csv");

        // the engine runs import-contacts as soon as it starts
        Process engine = start("engine.log", Map.of("SERVER_PORT", "0", "MIDDLEMILE_API_TOKENS", "ops=crash-resume-test-token-0123456789"),
                "run", "--workspace", workspace.toString());
        awaitOutput(engine, "engine.log", partial, 3_000_000);
        engine.destroy();
        assertThat(engine.waitFor(60, TimeUnit.SECONDS)).as("the engine stops on SIGTERM:\n" + log("engine.log")).isTrue();
        String engineLog = log("engine.log");
        assertThat(engineLog).contains("Job import-contacts run 1 paused", "the engine is shutting down")
                .doesNotContain(" ERROR ", "marked as broken", "ended failed", "Timeout occurred during graceful shutdown");
        assertThat(workspace.resolve(".middlemile/pg/postmaster.pid")).as("the embedded PostgreSQL stopped with the engine").doesNotExist();
        long paused = Files.size(partial);

        Process stopped = start("stopped-run.log", Map.of(), "job", "run", "import-contacts", "--workspace", workspace.toString());
        awaitOutput(stopped, "stopped-run.log", partial, paused + 2_000_000);
        stopped.destroy();
        assertThat(stopped.waitFor(60, TimeUnit.SECONDS)).as("job run stops on SIGTERM:\n" + log("stopped-run.log")).isTrue();
        // the summary the command prints after its run races the JVM's exit; the run's own end is held by the engine's close
        assertThat(log("stopped-run.log")).contains("Resuming run 1", "Interrupted (Ctrl-C or SIGTERM) before the command finished",
                        "Run 1 of job import-contacts ended paused")
                .doesNotContain("unexpected error", "Exception", "marked as broken");
        long stoppedAt = Files.size(partial);

        Process killed = start("killed-run.log", Map.of(), "job", "run", "import-contacts", "--workspace", workspace.toString());
        awaitOutput(killed, "killed-run.log", partial, stoppedAt + 2_000_000);
        killed.destroyForcibly().waitFor();
        assertThat(log("killed-run.log")).contains("Resuming run 1");
        assertThat(Files.exists(output)).as("killed before the run could publish its output").isFalse();

        Process last = start("last-run.log", Map.of(), "job", "run", "import-contacts", "--workspace", workspace.toString());
        assertThat(last.waitFor(180, TimeUnit.SECONDS)).as("last run finished").isTrue();
        String lastLog = log("last-run.log");
        assertThat(last.exitValue()).as(lastLog).isZero();
        assertThat(lastLog).contains("resumed (attempt 4)");
        assertThat(lastLog).containsPattern("read\\s+100,000");

        try (Stream<String> lines = Files.lines(output, StandardCharsets.UTF_8)) {
            List<String> all = lines.toList();
            assertThat(all.get(0)).startsWith("legacy_id,");
            assertThat(all).hasSize(ROWS + 1);
            for (int id = 1; id <= ROWS; id++) {
                String line = all.get(id);
                if (!line.startsWith(id + ",")) {
                    fail("line " + (id + 1) + " should hold record " + id + " but holds: " + line);
                }
            }
        }
        assertThat(Files.exists(partial)).isFalse();
    }

    /** Waits until the run has written {@code bytes} of its output, failing if it ended or stalled first. */
    private void awaitOutput(Process process, String logName, Path partial, long bytes) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (!(Files.exists(partial) && Files.size(partial) > bytes)) {
            if (!process.isAlive() || System.nanoTime() > deadline) {
                fail("the run ended or stalled before it could be stopped mid-run:\n" + log(logName));
            }
            Thread.sleep(20);
        }
    }

    private Process start(String logName, Map<String, String> environment, String... args) throws IOException {
        Process process = ChildProcess.start(workspace.resolve(logName), environment, args);
        processes.add(process);
        return process;
    }

    private String log(String name) throws IOException {
        return Files.readString(workspace.resolve(name));
    }
}
