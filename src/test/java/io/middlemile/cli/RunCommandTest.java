package io.middlemile.cli;

import io.middlemile.testing.Cli;
import io.middlemile.testing.TestWorkspaces;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class RunCommandTest {

    @Test
    void aShortApiTokenStopsRunWithOneParagraphNamingTheEntryAndNoTrace(@TempDir Path workspace) throws Exception {
        TestWorkspaces.copyBundled(workspace);

        Cli.Result run = Cli.run(Map.of("MIDDLEMILE_API_TOKENS", "ops=92500ba5a19ed779929682f0,night=short"),
                "run", "--workspace", workspace.toString());

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).contains("MIDDLEMILE_API_TOKENS entry 2 (night): the token is shorter than 16 characters")
                .contains("Nothing was started.")
                .doesNotContain("92500ba5a19ed779929682f0")
                .doesNotContain("\tat ");
        assertThat(workspace.resolve(".middlemile")).doesNotExist();
    }

    @Test
    @org.junit.jupiter.api.Timeout(120) // without the check the engine would start and serve
    void aClusterSwitchThatIsNeitherTrueNorFalseStopsRunWithTheValuesItTakes(@TempDir Path workspace) throws Exception {
        TestWorkspaces.copyBundled(workspace);

        Cli.Result run = Cli.run(Map.of("MIDDLEMILE_API_TOKENS", "ops=92500ba5a19ed779929682f0", "MIDDLEMILE_CLUSTER_ENABLED", "yes"),
                "run", "--workspace", workspace.toString());

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).contains("MIDDLEMILE_CLUSTER_ENABLED is \"yes\"; set it to true (this engine joins the cluster"
                + " on the shared PostgreSQL) or false, or unset it. Nothing was started.").doesNotContain("\tat ", "EL1008E");
    }

    @Test
    void theClusterSwitchGivenAsASystemPropertyIsCheckedTheSameWay(@TempDir Path workspace) throws Exception {
        TestWorkspaces.copyBundled(workspace);
        System.setProperty("middlemile.cluster.enabled", "yes");
        try {
            Cli.Result run = Cli.run(Map.of("MIDDLEMILE_API_TOKENS", "ops=92500ba5a19ed779929682f0"), "run", "--workspace",
                    workspace.toString());

            assertThat(run.exitCode()).isEqualTo(1);
            assertThat(run.err()).contains("-Dmiddlemile.cluster.enabled is \"yes\"; set it to true").doesNotContain("\tat ");
        } finally {
            System.clearProperty("middlemile.cluster.enabled");
        }
    }
}
