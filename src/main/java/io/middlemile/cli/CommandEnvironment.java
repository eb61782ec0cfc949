package io.middlemile.cli;

import java.util.Map;
import java.util.function.Supplier;

/**
 * The environment variables a command reads (secrets, MIDDLEMILE_WORKSPACE): the process's own, or those a caller
 * that runs the command inside its own JVM hands to {@link Main#execute(Map, String...)}, as a test or an embedding
 * tool does instead of starting a process. The engine a command starts gets them too ({@link EngineLauncher}).
 */
final class CommandEnvironment {

    private static volatile Map<String, String> given;

    private CommandEnvironment() {
    }

    static Map<String, String> variables() {
        Map<String, String> variables = given;
        return variables != null ? variables : System.getenv();
    }

    /** The variables given instead of the process's, or null when the process's own apply. */
    static Map<String, String> given() {
        return given;
    }

    /** Runs {@code command} with {@code variables} as the environment; one such command at a time. */
    static synchronized <T> T with(Map<String, String> variables, Supplier<T> command) {
        given = Map.copyOf(variables);
        try {
            return command.get();
        } finally {
            given = null;
        }
    }
}
