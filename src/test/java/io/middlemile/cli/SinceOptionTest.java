package io.middlemile.cli;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code --since} of the reports: a number of days from 1 to ten years, or a refusal that says what to write. */
class SinceOptionTest {

    private static String refusal(String since) {
        SinceOption option = new SinceOption();
        option.since = since;
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        assertThat(option.start(new PrintStream(err, true, StandardCharsets.UTF_8))).as(since).isEmpty();
        return err.toString(StandardCharsets.UTF_8).strip();
    }

    @Test
    void aPeriodOfDaysStartsThatManyDaysAgo() {
        SinceOption option = new SinceOption();
        option.since = "30d";
        Instant start = option.start(System.err).orElseThrow();
        assertThat(Duration.between(start, Instant.now())).isBetween(Duration.ofDays(30), Duration.ofDays(30).plusMinutes(1));
    }

    @Test
    void noDaysTooManyOrNotDaysAreRefused() {
        assertThat(refusal("0d")).isEqualTo("--since 0d: write a number of days from 1 to 3660, e.g. 30d");
        assertThat(refusal("3661d")).isEqualTo("--since 3661d: write a number of days from 1 to 3660, e.g. 30d");
        assertThat(refusal("2w")).startsWith("--since 2w: write a number of days");
    }
}
