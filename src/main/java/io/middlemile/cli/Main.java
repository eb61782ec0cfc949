package io.middlemile.cli;

import java.util.Map;

import io.middlemile.connector.ConnectorException;
import io.middlemile.govern.RunOutcome;
import io.middlemile.govern.RunStoppedException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * The {@code middlemile} command. Exit codes: 0 success, 1 failure (invalid workspace, failed run),
 * 2 usage error, 3 run paused or halted (a provider quota ran out, the kill switch or a cap; it resumes
 * on the next run), 4 job busy. Job runs and the other write-path commands (apply, review, rollback)
 * end the same way on the same failure ({@link io.middlemile.govern.RunOutcome}).
 */
@Command(name = "middlemile", mixinStandardHelpOptions = true, versionProvider = VersionCommand.Provider.class,
        description = "CRM integration hub: connectors, mappings, dedupe and a governed write path, configured in files.",
        subcommands = {DemoCommand.class, ValidateCommand.class, RunCommand.class, JobCommand.class, JobsCommand.class, DedupeCommand.class, AssignCommand.class, QualityCommand.class, EnrichCommand.class, ApplyCommand.class,
                ReviewCommand.class, RollbackCommand.class, KillSwitchCommand.class, ClusterCommand.class, McpCommand.class, SandboxCommand.class,
                OutreachCommand.class,
                VersionCommand.class,
                CommandLine.HelpCommand.class})
public class Main {

    public static void main(String[] args) {
        System.exit(execute(args));
    }

    /**
     * Runs the command line with {@code environment} instead of the process's environment variables (secrets,
     * MIDDLEMILE_WORKSPACE), in this JVM, and returns its exit code: for tests and tools that run commands in-process.
     */
    public static int execute(Map<String, String> environment, String... args) {
        return CommandEnvironment.with(environment, () -> execute(args));
    }

    /** Runs the command line and returns its exit code (used by tests and benchmarks in-process). */
    public static int execute(String... args) {
        try (OutOfMemory.Watch memory = OutOfMemory.watch(args, System.err)) {
            return commandLine(args).execute(args);
        } catch (OutOfMemoryError e) {
            // an Error passes picocli's handler below; by now the frames that held the command's data have unwound
            return OutOfMemory.explain(e, args, System.err);
        }
    }

    /**
     * Gives every command and subcommand {@code -h}/{@code --help}: `middlemile quality --help` or `job run --help` is
     * what a new user types first, and without the option it was refused as unknown or as a missing NAME (exit 2).
     * Added here rather than on each class so that a command added later cannot miss it.
     */
    private static void withHelp(CommandLine commandLine) {
        CommandSpec spec = commandLine.getCommandSpec();
        boolean hasHelp = spec.options().stream().anyMatch(OptionSpec::usageHelp);
        if (!hasHelp && !(commandLine.getCommand() instanceof CommandLine.HelpCommand)) {
            spec.addOption(OptionSpec.builder("-h", "--help").usageHelp(true)
                    .description("Show this help message and exit.").build());
        }
        commandLine.getSubcommands().values().forEach(Main::withHelp);
    }

    /**
     * picocli's own handling of a usage error (message, suggestions, the command's usage, exit 2), with its message's
     * doubled word mended (picocli 4.7 says "Value for option option '--seed' ... should be in KEY=VALUE format") and
     * Java's type names in plain words.
     */
    private static int usageError(CommandLine.ParameterException failure, String[] args) {
        CommandLine command = failure.getCommandLine();
        java.io.PrintWriter err = command.getErr();
        err.println(String.valueOf(failure.getMessage()).replace("option option '", "option '")
                // picocli names Java's types: "'abc' is not a long"
                .replaceAll("' is not an? (long|int|integer)$", "' is not a whole number")
                // ... and "cannot convert '2026-13-01' to class java.time.LocalDate (java.time.format.DateTimeParseException:
                // Text '2026-13-01' could not be parsed: Invalid value for MonthOfYear (valid values 1 - 12): 13)"
                .replaceAll("cannot convert '(.*)' to class java\\.time\\.LocalDate \\(.*\\)$",
                        "'$1' is not a date: write YYYY-MM-DD, e.g. 2026-12-06"));
        if (!CommandLine.UnmatchedArgumentException.printSuggestions(failure, err)) {
            command.usage(err, command.getColorScheme());
        }
        return command.getCommandSpec().exitCodeOnInvalidInput();
    }

    /**
     * What a provider's failure means for a command that is not a job run: nothing of it resumes, so running it again is
     * the whole advice (a job run's failures say more, {@link RunOutcome}).
     */
    static String stoppedBy(ConnectorException failure) {
        String again = switch (failure.kind()) {
            case QUOTA_EXHAUSTED -> failure.resumeAt() == null
                    ? " The provider's quota is spent and it did not say until when; run the command again later."
                    : " The provider's quota is spent until " + failure.resumeAt() + "; run the command again after then.";
            case RATE_LIMITED, RETRIABLE -> " It still failed after the connection's retries; run the command"
                    + " again in a few minutes.";
            default -> "";
        };
        return failure.getMessage() + again;
    }

    /**
     * What a command that lost its state store while it ran says, or null when {@code failure} is not that: the store's
     * server went away under it (stopped, killed, out of reach) and did not come back in time. Not a bug, and nothing
     * the command had not yet committed was done: an operator must know that a `kill-switch on` did not turn it on.
     */
    static String lostStore(Throwable failure, String command) {
        java.sql.SQLException lost = null;
        for (Throwable cause = failure; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            // 08: the connection refused or broken; 57P: the server shutting down or restarting under the session. The
            // deepest is the driver's, which names the server ("Connection to localhost:35943 refused."); the pool's above
            // it only says it waited
            if (cause instanceof java.sql.SQLException sql && sql.getSQLState() != null
                    && (sql.getSQLState().startsWith("08") || sql.getSQLState().startsWith("57P"))) {
                lost = sql;
            }
        }
        return lost == null ? null : command + " stopped: it lost its state store (" + lost.getMessage() + ")\nThe command"
                + " did not finish: what it had not yet saved was not done. Run it again. If the store is still out of reach,"
                + " see the embedded PostgreSQL's log (the workspace's .middlemile/pg.log), or check the PostgreSQL of"
                + " SPRING_DATASOURCE_URL.";
    }

    private static CommandLine commandLine(String[] args) {
        CommandLine main = new CommandLine(new Main());
        withHelp(main);
        return main
                .setCaseInsensitiveEnumValuesAllowed(true)
                .setParameterExceptionHandler(Main::usageError)
                .setExecutionExceptionHandler((failure, commandLine, parseResult) -> {
                    // thrown on another thread (the engine starting, a save) and handed over wrapped
                    OutOfMemoryError outOfMemory = OutOfMemory.cause(failure);
                    String lostStore = lostStore(failure, commandLine.getCommandSpec().qualifiedName());
                    if (failure instanceof EngineStartException) {
                        commandLine.getErr().println(failure.getMessage());
                    } else if (failure instanceof RunStoppedException stopped) {
                        // a quota, a halt or a provider failure: the message says what to do, no trace needed
                        commandLine.getErr().println(stopped.getMessage());
                        return stopped.outcome().resumable() ? 3 : 1;
                    } else if (failure instanceof io.middlemile.govern.LockHeldException busy) {
                        // another approval, rollback or apply of the same job held it: nothing was done, try again
                        commandLine.getErr().println(busy.getMessage());
                        return 4;
                    } else if (outOfMemory != null) {
                        return OutOfMemory.explain(outOfMemory, args, System.err);
                    } else if (RunOutcome.classified(failure) instanceof ConnectorException provider) {
                        // a connection without its secret, a provider refusing or not answering, met outside a job run
                        // (a report, a dedupe reading a CRM): the operator's to fix, and the message says how
                        commandLine.getErr().println(commandLine.getCommandSpec().qualifiedName() + " stopped: "
                                + stoppedBy(provider));
                        return 1;
                    } else if (io.middlemile.store.ProcessExit.underway()) {
                        // Ctrl-C or SIGTERM closed the engine under the command, which then failed on it: that was said
                        // (InterruptedStop); the failure is its consequence, not a bug
                        return 130;
                    } else if (lostStore != null) {
                        commandLine.getErr().println(lostStore);
                        return 1;
                    } else {
                        commandLine.getErr().println("Middlemile stopped on an unexpected error; this is a bug, please report it"
                                + " with the trace below.");
                        failure.printStackTrace(commandLine.getErr());
                    }
                    return 1;
                });
    }
}
