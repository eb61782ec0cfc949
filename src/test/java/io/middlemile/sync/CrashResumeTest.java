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
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * Kills a job with SIGKILL in the middle of a run (a separate JVM, so nothing gets to clean up) and
 * runs it again: the output must hold every input record exactly once.
 */
class CrashResumeTest {

    private static final int ROWS = 400_000;

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
    void jobKilledMidRunResumesWithoutLosingOrDuplicatingRecords() throws Exception {
        TestWorkspaces.copyBundled(workspace);
        ContactCsv.write(workspace.resolve("samples/contacts.csv"), ROWS);
        Path route = workspace.resolve("routes/import-contacts.camel.yaml");
        Files.writeString(route, Files.readString(route).replace("pageSize: 500", "pageSize: 1000"));
        Path partial = workspace.resolve("out/contacts-clean.csv.partial");
        Path output = workspace.resolve("out/contacts-clean.csv");

        Process first = start("first-run.log");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (!(Files.exists(partial) && Files.size(partial) > 4_000_000)) {
            if (!first.isAlive() || System.nanoTime() > deadline) {
                fail("the first run ended or stalled before it could be killed mid-run:\n" + log("first-run.log"));
            }
            Thread.sleep(20);
        }
        first.destroyForcibly().waitFor();
        assertThat(Files.exists(output)).as("killed before the run could publish its output").isFalse();

        Process second = start("second-run.log");
        assertThat(second.waitFor(180, TimeUnit.SECONDS)).as("second run finished").isTrue();
        String secondLog = log("second-run.log");
        assertThat(second.exitValue()).as(secondLog).isZero();
        assertThat(secondLog).contains("resumed after an interruption (attempt 2)");
        assertThat(secondLog).containsPattern("read\\s+400,000");

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

    private Process start(String logName) throws IOException {
        Process process = ChildProcess.start(workspace.resolve(logName), java.util.Map.of(),
                "job", "run", "import-contacts", "--workspace", workspace.toString());
        processes.add(process);
        return process;
    }

    private String log(String name) throws IOException {
        return Files.readString(workspace.resolve(name));
    }
}
