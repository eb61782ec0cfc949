package io.middlemile.cli;

import io.middlemile.connector.Providers;
import io.middlemile.mapping.Transforms;
import io.middlemile.workspace.WorkspaceLoader;
import org.springframework.context.ConfigurableApplicationContext;

import java.nio.file.Path;
import java.util.Map;

/** Lets tests outside the cli package start the engine in `run` mode. */
public final class EngineLauncherAccess {
    private EngineLauncherAccess() {
    }

    public static ConfigurableApplicationContext serve(Path workspace) {
        return EngineLauncher.start(workspace, false, false, true);
    }

    /** As {@link #serve(Path)}, with more engine properties (a rehearsal's, {@link Emulated#properties()}). */
    public static ConfigurableApplicationContext serve(Path workspace, Map<String, Object> extra) {
        return EngineLauncher.start(workspace, false, false, true, null, null, extra);
    }

    /** The emulators `job run JOB --sandbox` starts, and the engine properties that point the connections at them. */
    public record Emulated(AutoCloseable emulators, Map<String, Object> properties) implements AutoCloseable {
        @Override
        public void close() throws Exception {
            emulators.close();
        }
    }

    public static Emulated rehearse(Path workspace, String job) {
        WorkspaceLoader.Result loaded = new WorkspaceLoader(Map.of(), Transforms.CATALOG, Providers.CATALOG).forJob(null).load(workspace);
        Rehearsal rehearsal = Rehearsal.start(loaded.workspace(), loaded.workspace().route(job).orElseThrow());
        return new Emulated(rehearsal, rehearsal.properties());
    }
}
