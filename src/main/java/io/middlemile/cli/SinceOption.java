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

    /** The longest period a report looks back over, as the API's {@code days} (ten years). */
    static final int MAX_DAYS = 3_660;

    /**
     * When the period starts; empty, after saying what to write, when the value is not a number of days from 1 to
     * {@link #MAX_DAYS} ({@code 0d} answered "no lookups in the last 0d" as if that were a finding).
     */
    Optional<Instant> start(PrintStream err) {
        int days = since.matches("\\d{1,5}d") ? Integer.parseInt(since.substring(0, since.length() - 1)) : 0;
        if (days < 1 || days > MAX_DAYS) {
            err.printf("--since %s: write a number of days from 1 to %d, e.g. 30d%n", since, MAX_DAYS);
            return Optional.empty();
        }
        return Optional.of(Instant.now().minus(Duration.ofDays(days)));
    }

    @Override
    public String toString() {
        return since;
    }
}
