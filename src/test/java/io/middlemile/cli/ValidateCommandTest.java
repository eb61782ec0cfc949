package io.middlemile.cli;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code middlemile validate} in-process: exit code and what the admin reads. */
class ValidateCommandTest {

    private static final Path WORKSPACES = Path.of(System.getProperty("user.dir"), "src", "test", "resources", "workspaces");

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private PrintStream originalOut;
    private PrintStream originalErr;

    @BeforeEach
    void capture() {
        originalOut = System.out;
        originalErr = System.err;
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @AfterEach
    void restore() {
        System.setOut(originalOut);
        System.setErr(originalErr);
    }

    @Test
    void theBundledWorkspaceIsValid() {
        Path root = Path.of(System.getProperty("user.dir")).toAbsolutePath().normalize();

        int exit = Main.execute("validate", "--workspace", root.toString());

        assertThat(exit).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo("Workspace " + root
                + " is valid: 12 connections, 14 mappings, 12 jobs, 2 dedupe rules, 1 assignment rule set, 1 waterfall,"
                + " 3 hygiene files, 1 outreach file." + System.lineSeparator());
        assertThat(err.toString(StandardCharsets.UTF_8)).isEmpty();
    }

    @Test
    void aWorkspacePathThatIsMissingOrAFileIsSaidAsSuch(@TempDir Path dir) throws IOException {
        Path file = Files.writeString(dir.resolve("notes.txt"), "x");

        assertThat(Main.execute("validate", "--workspace", dir.resolve("nowhere").toString())).isEqualTo(1);
        assertThat(Main.execute("validate", "--workspace", file.toString())).isEqualTo(1);

        assertThat(err.toString(StandardCharsets.UTF_8))
                .contains(dir.resolve("nowhere") + ": does not exist; pass --workspace DIR pointing at a folder with connectors/")
                .contains(file + ": is a file, not a folder; pass --workspace DIR");
    }

    @Test
    void aDedupeRuleTheEngineWouldRefuseFailsValidation(@TempDir Path workspace) throws IOException {
        io.middlemile.testing.TestWorkspaces.copyBundled(workspace);
        Path rule = workspace.resolve("dedupe/contacts.yaml");
        Files.writeString(rule, Files.readString(rule).replace("m: {different: 0.9}", "m: {diferent: 0.9}"));

        int exit = Main.execute("validate", "--workspace", workspace.toString());

        assertThat(exit).isEqualTo(1);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("has 1 problem(s)")
                .contains("dedupe/contacts.yaml: comparison on title (jaro-winkler): m or u names the level \"diferent\"");
    }

    @Test
    void outreachFilesAreCountedWhenThereAreSome(@TempDir Path workspace) throws IOException {
        io.middlemile.testing.TestWorkspaces.copyBundled(workspace);
        Files.createDirectories(workspace.resolve("outreach"));
        Files.writeString(workspace.resolve("outreach/q4.yaml"), """
                email: {connection: instantly, campaign: c1, fields: {first_name: firstName}}
                suppress: {optedOut: [emailOptOut], contactedWithinDays: 30}
                """);

        int exit = Main.execute("validate", "--workspace", workspace.toString());

        assertThat(exit).isZero();
        // the bundled workspace's outreach/outbound.yaml and this one
        assertThat(out.toString(StandardCharsets.UTF_8)).endsWith(" 3 hygiene files, 2 outreach files." + System.lineSeparator());
    }

    @Test
    void aVariableAScheduledJobNeedsIsAWarningInCiNotAFailure(@TempDir Path workspace) throws IOException {
        scheduleTheHubSpotCleanUp(workspace);

        // CI holds no production token
        int exit = Main.execute(Map.of(), "validate", "--workspace", workspace.toString());

        assertThat(exit).as(err.toString(StandardCharsets.UTF_8)).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).startsWith("Workspace " + workspace + " is valid: 12 connections,");
        List<String> lines = err.toString(StandardCharsets.UTF_8).lines().toList();
        assertThat(lines).hasSize(3);
        assertThat(lines.get(0)).isEqualTo("Warning: environment variables that scheduled jobs' connections need are not set here;"
                + " this does not fail `validate`:");
        assertThat(lines.get(1)).startsWith("  connectors/hubspot-sandbox.yaml:").contains(": auth.token: environment variable"
                + " HUBSPOT_SANDBOX_TOKEN is not set; route clean-hubspot-contacts (routes/clean-hubspot-contacts.camel.yaml:");
        assertThat(lines.get(2)).isEqualTo("`middlemile run`, and `middlemile job run` of a job that uses the connection, refuse to"
                + " start until they are set; `middlemile validate --env` on the engine's host checks them.");
    }

    @Test
    void withEnvAVariableAScheduledJobNeedsIsAProblemAndItsValueIsNeverShown(@TempDir Path workspace) throws IOException {
        scheduleTheHubSpotCleanUp(workspace);

        int missing = Main.execute(Map.of(), "validate", "--env", "--workspace", workspace.toString());

        assertThat(missing).isEqualTo(1);
        assertThat(out.toString(StandardCharsets.UTF_8)).isEmpty();
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("has 1 problem(s):")
                .contains(": auth.token: environment variable HUBSPOT_SANDBOX_TOKEN is not set; route clean-hubspot-contacts")
                .contains("Fix them and run `middlemile validate --env` again; nothing was started.")
                .doesNotContain("Warning");

        int set = Main.execute(Map.of("HUBSPOT_SANDBOX_TOKEN", "pat-na1-0d9f6c1e-secret"), "validate", "--env",
                "--workspace", workspace.toString());

        assertThat(set).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8) + err.toString(StandardCharsets.UTF_8)).doesNotContain("pat-na1-0d9f6c1e");
    }

    @Test
    @org.junit.jupiter.api.Timeout(120) // without the check the engine would start and serve
    void runStillRefusesToStartWithoutAVariableAScheduledJobNeeds(@TempDir Path workspace) throws IOException {
        scheduleTheHubSpotCleanUp(workspace);

        io.middlemile.testing.Cli.Result run = io.middlemile.testing.Cli.run(Map.of("MIDDLEMILE_API_TOKENS",
                "ops=92500ba5a19ed779929682f0"), "run", "--workspace", workspace.toString());

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).contains(": auth.token: environment variable HUBSPOT_SANDBOX_TOKEN is not set; route"
                + " clean-hubspot-contacts").contains("nothing was started.").doesNotContain("Warning");
        assertThat(workspace.resolve(".middlemile")).doesNotExist();
    }

    /** The bundled workspace with its HubSpot clean-up on its schedule, as in production: `run` needs the portal's token. */
    private static void scheduleTheHubSpotCleanUp(Path workspace) throws IOException {
        io.middlemile.testing.TestWorkspaces.copyBundled(workspace);
        Path route = workspace.resolve("routes/clean-hubspot-contacts.camel.yaml");
        String scheduled = Files.readString(route).replace("    autoStartup: false\n", "");
        assertThat(scheduled).isNotEqualTo(Files.readString(route));
        Files.writeString(route, scheduled);
    }

    @Test
    void aBrokenWorkspaceExitsWithOneAndListsEveryErrorWithFileAndLine(@TempDir Path workspace) throws IOException {
        // the "many mistakes" golden case: it does not depend on environment variables
        copyTree(WORKSPACES.resolve("base"), workspace);
        copyTree(WORKSPACES.resolve("broken/many-mistakes-in-many-files"), workspace);
        List<String> expected = Files.readAllLines(workspace.resolve("expected.txt"));
        Files.delete(workspace.resolve("expected.txt"));
        Path root = workspace.toAbsolutePath().normalize();

        int exit = Main.execute("validate", "--workspace", root.toString());

        assertThat(exit).isEqualTo(1);
        assertThat(out.toString(StandardCharsets.UTF_8)).isEmpty();
        List<String> lines = err.toString(StandardCharsets.UTF_8).lines().toList();
        // the same messages the golden case pins, framed for the terminal
        assertThat(expected).hasSize(8);
        assertThat(lines.get(0)).isEqualTo("Workspace " + root + " has 8 problem(s):");
        assertThat(lines.subList(1, 9)).isEqualTo(expected.stream().map(line -> "  " + line).toList());
        assertThat(lines.get(9)).isEqualTo("Fix them and run `middlemile validate` again; nothing was started.");
        assertThat(lines).hasSize(10);
    }

    private static void copyTree(Path from, Path to) throws IOException {
        List<Path> files;
        try (Stream<Path> walk = Files.walk(from)) {
            files = walk.filter(Files::isRegularFile).toList();
        }
        for (Path file : files) {
            Path target = to.resolve(from.relativize(file).toString());
            Files.createDirectories(target.getParent());
            Files.copy(file, target, StandardCopyOption.REPLACE_EXISTING);
        }
    }
}
