package io.middlemile.cli;

import picocli.CommandLine.Option;

import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/** {@code --since 30d}: how far back a report looks, for the reports that keep a history (quality, enrich). */
final class SinceOption {

    @Option(names = "--since", defaultValue = "30d", paramLabel = "DAYSd",
            description = "how far back, in days, e.g. 90d (default ${DEFAULT-VALUE})")
    String since;

    /** When the period starts; empty, after saying what to write, when the value is not a number of days. */
    Optional<Instant> start(PrintStream err) {
        if (!since.matches("\\d{1,5}d")) {
            err.printf("--since %s: write a number of days, e.g. 30d%n", since);
            return Optional.empty();
        }
        return Optional.of(Instant.now().minus(Duration.ofDays(Long.parseLong(since.substring(0, since.length() - 1)))));
    }

    @Override
    public String toString() {
        return since;
    }
}
