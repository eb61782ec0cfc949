package io.middlemile.cli;

import io.middlemile.testing.TestWorkspaces;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The launcher's start-up cache ({@code ./middlemile}: the jar extracted once per build, the CDS archive written by the
 * first engine command) and its fallbacks, with a stand-in {@code java} that records how it was called: bash only, no JVM.
 */
class LauncherCacheTest {

    /** Extracts as Spring Boot's tool does; writes the archive only when FAKE_ARCHIVE is set; fails to extract with FAKE_NO_EXTRACT. */
    private static final String FAKE_JAVA = """
            #!/usr/bin/env bash
            echo "$*" >> "$(dirname "$0")/../calls.log"
            for arg in "$@"; do
              case "$arg" in
                -Djarmode=tools) [ -n "${FAKE_NO_EXTRACT:-}" ] && exit 1
                                 dest="${@: -1}"; mkdir -p "$dest/lib"; echo jar > "$dest/middlemile.jar"; exit 0 ;;
                -XX:ArchiveClassesAtExit=*) [ -n "${FAKE_ARCHIVE:-}" ] && echo archive > "${arg#*=}" ;;
              esac
            done
            echo "engine ran"
            """;

    @Test
    void aJvmThatCannotWriteTheArchiveRunsTheExtractedJarAndSaysSoOnce(@TempDir Path home) throws Exception {
        install(home);

        Run first = launch(home, Map.of(), "jobs");
        assertThat(first.exit()).isZero();
        assertThat(first.stdout()).isEqualTo("engine ran\n");
        assertThat(first.stderr().lines().filter(line -> line.contains("could not make the start-up cache"))).hasSize(1);
        assertThat(lastCall(home)).contains("-XX:ArchiveClassesAtExit=").endsWith("-jar " + home + "/target/cds/middlemile.jar jobs");

        Run second = launch(home, Map.of(), "jobs");
        assertThat(second.stderr()).as("tried once per build, then quiet").isEmpty();
        assertThat(lastCall(home)).doesNotContain("ArchiveClassesAtExit").doesNotContain("SharedArchiveFile")
                .endsWith("-jar " + home + "/target/cds/middlemile.jar jobs");
    }

    @Test
    void theFirstEngineCommandWritesTheArchiveAndLaterCommandsUseIt(@TempDir Path home) throws Exception {
        install(home);

        Run version = launch(home, Map.of("FAKE_ARCHIVE", "1"), "version");
        assertThat(version.stderr()).isEmpty();
        assertThat(lastCall(home)).as("a command that starts no engine does not train").doesNotContain("ArchiveClassesAtExit");
        for (String storeOnly : List.of("dedupe", "quality", "enrich", "cluster", "validate")) {
            Run run = launch(home, Map.of("FAKE_ARCHIVE", "1"), storeOnly, "x");
            assertThat(run.exit()).isZero();
            assertThat(lastCall(home)).as(storeOnly + " starts the state store alone: an archive of its classes would miss the"
                    + " engine's").doesNotContain("ArchiveClassesAtExit");
        }
        assertThat(home.resolve("target/cds/middlemile.jsa")).doesNotExist();

        Run training = launch(home, Map.of("FAKE_ARCHIVE", "1"), "demo");
        assertThat(training.exit()).isZero();
        assertThat(training.stderr()).contains("making the start-up cache");
        assertThat(home.resolve("target/cds/middlemile.jsa")).exists();
        assertThat(Files.list(home.resolve("target/cds")).map(Path::getFileName).map(Path::toString))
                .as("no half-written archive left").noneMatch(name -> name.startsWith("middlemile.jsa."));

        Run warm = launch(home, Map.of(), "demo");
        assertThat(warm.stderr()).isEmpty();
        assertThat(lastCall(home)).contains("-XX:SharedArchiveFile=" + home + "/target/cds/middlemile.jsa");

        // a new build is extracted again and trains again
        Files.setLastModifiedTime(home.resolve("target/middlemile.jar"),
                java.nio.file.attribute.FileTime.fromMillis(System.currentTimeMillis() + 5_000));
        launch(home, Map.of(), "demo");
        assertThat(lastCall(home)).contains("-XX:ArchiveClassesAtExit=");
    }

    @Test
    void aJarThatCannotBeExtractedRunsAsItIsWithOneLine(@TempDir Path home) throws Exception {
        install(home);

        Run run = launch(home, Map.of("FAKE_NO_EXTRACT", "1"), "jobs");
        assertThat(run.exit()).isZero();
        assertThat(run.stdout()).isEqualTo("engine ran\n");
        assertThat(run.stderr().lines()).hasSize(1).first().asString().contains("could not extract");
        assertThat(lastCall(home)).endsWith("-jar " + home + "/target/middlemile.jar jobs");
        assertThat(home.resolve("target")).isDirectoryNotContaining(path -> path.getFileName().toString().startsWith("cds"));
    }

    @Test
    void dedupeRunsWithTheBatchTuningAndHugePagesWhereTheKernelOffersThem(@TempDir Path home) throws Exception {
        install(home);
        Path thp = Path.of("/sys/kernel/mm/transparent_hugepage/enabled");
        boolean offered = Files.isReadable(thp) && !Files.readString(thp).contains("[never]");

        launch(home, Map.of(), "dedupe", "contacts");
        String dedupe = lastCall(home);
        assertThat(dedupe).contains("-XX:+UseParallelGC", "-XX:InitialRAMPercentage=25", "-XX:FreqInlineSize=60",
                "-XX:InlineSmallCode=600", "-XX:CompileThresholdScaling=3", "-XX:GCTimeLimit=90", "-XX:GCHeapFreeLimit=10");
        assertThat(dedupe.contains("-XX:+UseTransparentHugePages")).as("huge pages asked for exactly where " + thp
                + " offers them").isEqualTo(offered);

        launch(home, Map.of("MIDDLEMILE_JAVA_OPTS", "-XX:+UseG1GC"), "dedupe", "contacts");
        assertThat(lastCall(home)).as("a collector the user names wins").doesNotContain("-XX:+UseParallelGC")
                .contains("-XX:+UseG1GC");

        launch(home, Map.of("MIDDLEMILE_JAVA_OPTS", "-Xmx2g -XX:+PrintGCDetails"), "dedupe", "contacts");
        assertThat(lastCall(home)).as("an option that only mentions GC names no collector").contains("-XX:+UseParallelGC")
                .contains("-Xmx2g -XX:+PrintGCDetails");

        launch(home, Map.of(), "jobs");
        assertThat(lastCall(home)).as("the engine's commands keep the JVM's defaults").doesNotContain("UseParallelGC")
                .doesNotContain("UseTransparentHugePages").doesNotContain("FreqInlineSize").doesNotContain("CompileThresholdScaling");
    }

    private record Run(int exit, String stdout, String stderr) {
    }

    /** The launcher next to a built jar (no sources, so it never builds) and the stand-in java on the PATH. */
    private static void install(Path home) throws IOException {
        Files.copy(TestWorkspaces.BUNDLED.resolve("middlemile"), home.resolve("middlemile"));
        Files.createDirectories(home.resolve("target"));
        Files.writeString(home.resolve("target/middlemile.jar"), "jar");
        Path java = Files.createDirectories(home.resolve("bin")).resolve("java");
        Files.writeString(java, FAKE_JAVA);
        Files.setPosixFilePermissions(java, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    private static Run launch(Path home, Map<String, String> environment, String... command) throws Exception {
        List<String> process = new java.util.ArrayList<>(List.of("bash", home.resolve("middlemile").toString()));
        process.addAll(List.of(command));
        ProcessBuilder builder = new ProcessBuilder(process).directory(home.toFile())
                .redirectOutput(home.resolve("out.txt").toFile()).redirectError(home.resolve("err.txt").toFile());
        builder.environment().put("PATH", home.resolve("bin") + ":" + System.getenv("PATH"));
        builder.environment().remove("MIDDLEMILE_JAVA_OPTS");
        builder.environment().remove("MIDDLEMILE_NO_CDS");
        builder.environment().putAll(environment);
        int exit = builder.start().waitFor();
        return new Run(exit, Files.readString(home.resolve("out.txt"), StandardCharsets.UTF_8),
                Files.readString(home.resolve("err.txt"), StandardCharsets.UTF_8));
    }

    private static String lastCall(Path home) throws IOException {
        List<String> calls = Files.readAllLines(home.resolve("calls.log"));
        return calls.get(calls.size() - 1).trim();
    }
}
