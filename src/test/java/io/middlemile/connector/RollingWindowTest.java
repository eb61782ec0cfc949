package io.middlemile.connector;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The search window holds a call's place from its send until a full window after its answer. */
class RollingWindowTest {

    private static final Duration LONG = Duration.ofSeconds(30);

    @Test
    void aCallOverTheLimitWaitsAWindowAfterTheOldestAnswer() {
        RollingWindow window = new RollingWindow("test", 2, Duration.ofMillis(300));
        window.release(window.acquire(LONG));
        long firstAnswered = System.nanoTime();
        window.release(window.acquire(LONG));

        window.acquire(LONG);

        // a lower bound only: however slow the machine, the third call cannot start earlier than this
        assertThat(System.nanoTime() - firstAnswered).isGreaterThanOrEqualTo(Duration.ofMillis(300).toNanos());
    }

    @Test
    void callsInFlightHoldTheirPlacesUntilAnswered() throws Exception {
        RollingWindow window = new RollingWindow("test", 1, Duration.ofMillis(1));
        RollingWindow.Slot inFlight = window.acquire(LONG);

        CompletableFuture<RollingWindow.Slot> next = CompletableFuture.supplyAsync(() -> window.acquire(LONG));
        Thread.sleep(200);
        assertThat(next).isNotDone();

        window.release(inFlight);
        assertThat(next.get(30, TimeUnit.SECONDS)).isNotNull();
    }

    @Test
    void aCallThatFindsNoPlaceWithinItsWaitIsRefused() {
        RollingWindow window = new RollingWindow("hubspot-search-portal", 1, Duration.ofSeconds(10));
        window.acquire(LONG);

        assertThatThrownBy(() -> window.acquire(Duration.ofMillis(50))).isInstanceOf(BudgetExhausted.class)
                .hasMessageContaining("hubspot-search-portal");
    }

    @Test
    void jobsOpeningTheSameConnectionAnewShareOneWindow() {
        CallWindow first = RollingWindow.of("hubspot-search-shared-test", 1, Duration.ofSeconds(10), LONG);
        CallWindow second = RollingWindow.of("hubspot-search-shared-test", 1, Duration.ofSeconds(10), Duration.ofMillis(50));
        first.call(() -> "answered");

        assertThatThrownBy(() -> second.call(() -> "too many")).isInstanceOf(BudgetExhausted.class);
    }
}
