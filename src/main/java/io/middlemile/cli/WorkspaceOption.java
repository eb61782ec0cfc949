package io.middlemile.cli;

import picocli.CommandLine.Option;

import java.nio.file.Path;

/** The {@code --workspace DIR} option shared by every command. */
public class WorkspaceOption {

    @Option(names = {"-w", "--workspace"}, paramLabel = "DIR",
            description = "workspace folder with connectors/, mappings/, routes/, dedupe/ (default: $MIDDLEMILE_WORKSPACE or the current folder)")
    Path workspace;

    Path resolve() {
        if (workspace != null) {
            return workspace.toAbsolutePath().normalize();
        }
        String fromEnvironment = CommandEnvironment.variables().get("MIDDLEMILE_WORKSPACE");
        return Path.of(fromEnvironment != null && !fromEnvironment.isBlank() ? fromEnvironment : ".").toAbsolutePath().normalize();
    }
}
