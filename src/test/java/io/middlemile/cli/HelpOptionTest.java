package io.middlemile.cli;

import io.middlemile.testing.Cli;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class HelpOptionTest {

    @Test
    void everyCommandAndSubcommandPrintsItsHelpOnDashDashHelpAndExitsZero() {
        List<List<String>> paths = new ArrayList<>();
        collect(new CommandLine(new Main()), new ArrayList<>(), paths);
        assertThat(paths).as("the command tree as declared").hasSizeGreaterThan(20)
                .contains(List.of("quality", "report"), List.of("job", "run"), List.of("dedupe", "explain"));

        for (List<String> path : paths) {
            for (String flag : List.of("--help", "-h")) {
                List<String> args = new ArrayList<>(path);
                args.add(flag);
                Cli.Result result = Cli.run(args.toArray(String[]::new));
                assertThat(result.exitCode()).as("middlemile %s: %s", args, result.err()).isZero();
                assertThat(result.out()).as("middlemile %s", args)
                        .startsWith("Usage: middlemile " + String.join(" ", path))
                        .contains("-h, --help");
                assertThat(result.err()).as("middlemile %s", args).isEmpty();
            }
        }
    }

    @Test
    void helpComesBeforeAMissingRequiredArgument() {
        // job run requires NAME; asking for help is not a usage error
        Cli.Result result = Cli.run("job", "run", "--help");

        assertThat(result.exitCode()).isZero();
        assertThat(result.out()).contains("NAME").doesNotContain("Missing required");
    }

    @Test
    void aNumberThatIsNotOneIsSaidInPlainWords() {
        Cli.Result result = Cli.run("review", "approve", "abc");

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).startsWith("Invalid value for positional parameter at index 0 (ID): 'abc' is not a whole number")
                .contains("Usage: middlemile review approve");
    }

    @Test
    void aDateThatIsNotOneIsSaidWithHowToWriteIt() {
        Cli.Result result = Cli.run("assign", "simulate", "leads", "--csv", "leads.csv", "--on", "2026-13-01");

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).startsWith("Invalid value for option '--on': '2026-13-01' is not a date: write YYYY-MM-DD,"
                + " e.g. 2026-12-06").doesNotContain("java.time");
    }

    private static void collect(CommandLine command, List<String> path, List<List<String>> paths) {
        command.getSubcommands().forEach((name, sub) -> {
            if (sub.getCommand() instanceof CommandLine.HelpCommand) {
                return;
            }
            List<String> subPath = new ArrayList<>(path);
            subPath.add(name);
            paths.add(subPath);
            collect(sub, subPath, paths);
        });
    }
}
