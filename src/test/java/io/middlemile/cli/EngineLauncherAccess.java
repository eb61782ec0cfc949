package io.middlemile.cli;

import org.springframework.context.ConfigurableApplicationContext;

import java.nio.file.Path;

/** Lets tests outside the cli package start the engine in `run` mode. */
public final class EngineLauncherAccess {
    private EngineLauncherAccess() {
    }

    public static ConfigurableApplicationContext serve(Path workspace) {
        return EngineLauncher.start(workspace, false, false, true);
    }
}
