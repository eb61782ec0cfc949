package io.middlemile.cli;

import io.middlemile.testing.Cli;
import io.middlemile.testing.TestWorkspaces;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * `demo` and `outreach rehearse` given a file or a wait they cannot use: refused in words before the engine starts,
 * with the emulators they had started stopped again.
 */
class RehearsalInputTest {

    @TempDir
    Path workspace;

    @Test
    void seedFilesTheEmulatorsCannotTakeStopTheRehearsalBeforeTheEngineStarts() throws Exception {
        TestWorkspaces.copyBundled(workspace);
        Path notCsv = Files.writeString(workspace.resolve("broken.csv"), "email,firstname\n\"jo@acme.com,Jo\n");
        Path export = workspace.resolve("samples/contacts.csv");

        Cli.Result demo = Cli.run("demo", "--hubspot", notCsv.toString(), "--workspace", workspace.toString());
        Cli.Result hubspotColumns = Cli.run("outreach", "rehearse", "outbound", "--contacts", export.toString(),
                "--workspace", workspace.toString());
        Cli.Result unipileColumns = Cli.run("outreach", "rehearse", "outbound", "--people", export.toString(),
                "--workspace", workspace.toString());

        assertThat(List.of(demo, hubspotColumns, unipileColumns)).allSatisfy(refused -> {
            assertThat(refused.exitCode()).isEqualTo(1);
            assertThat(refused.err()).contains("Nothing was run.").doesNotContain("this is a bug", "\tat ");
            assertThat(refused.out()).doesNotContain("Engine ready");
        });
        assertThat(demo.err()).contains("Could not seed the HubSpot emulator from " + notCsv + ": it is not valid CSV:")
                .doesNotContain("header row");
        assertThat(hubspotColumns.err()).contains("Could not seed the HubSpot emulator from " + export
                + ": Seed row 1 of contacts was rejected: Property \"Record ID\" does not exist")
                .contains("The header row must hold HubSpot property names");
        assertThat(unipileColumns.err()).contains("Could not seed the Unipile emulator from " + export
                + ": row 1 has no public_identifier. The header row must hold public_identifier, first_name, last_name, headline.");
        assertThat(workspace.resolve(".middlemile")).as("no state store was started").doesNotExist();
    }

    @Test
    void aNegativeWaitIsAUsageError() {
        TestWorkspaces.copyBundled(workspace);

        Cli.Result demo = Cli.run("demo", "--wait", "-1", "--workspace", workspace.toString());
        Cli.Result rehearse = Cli.run("outreach", "rehearse", "outbound", "--wait", "-5", "--workspace", workspace.toString());

        assertThat(demo.exitCode()).isEqualTo(2);
        assertThat(demo.err()).contains("--wait -1: give how many seconds to wait for the emulated people's answers, 0 or more.");
        assertThat(rehearse.exitCode()).isEqualTo(2);
        assertThat(rehearse.err()).contains("--wait -5:");
        assertThat(rehearse.out()).doesNotContain("Sandbox:");
    }
}
