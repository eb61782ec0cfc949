package io.middlemile.connector.fullenrich;

import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** FullEnrich counts calls per calendar minute; the connector counts the same way. */
class CalendarMinuteWindowTest {

    private Instant now = Instant.parse("2026-01-05T12:00:50Z");
    private final List<Duration> slept = new ArrayList<>();

    private final Clock clock = new Clock() {
        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    };

    private final CalendarMinuteWindow window = new CalendarMinuteWindow(3, clock, duration -> {
        slept.add(duration);
        now = now.plus(duration);
    });

    @Test
    void theBudgetOfAMinuteIsSpentThenTheNextCallWaitsForTheNextCalendarMinute() throws InterruptedException {
        window.acquire();
        window.acquire();
        window.acquire();
        assertThat(slept).isEmpty();

        window.acquire();

        assertThat(slept).containsExactly(Duration.ofSeconds(10));
        assertThat(now).isEqualTo(Instant.parse("2026-01-05T12:01:00Z"));
    }

    @Test
    void afterA429NoCallIsMadeUntilTheAskedWaitIsOver() throws InterruptedException {
        window.closeFor(Duration.ofSeconds(2));

        window.acquire();

        assertThat(slept).containsExactly(Duration.ofSeconds(2));
        assertThat(window.untilNextMinute()).isEqualTo(Duration.ofSeconds(8));
    }
}
